/**
 * Server 8.1 path calls on a list or map: `[0xfe, ctx, flags]` selects, `[0xfe, ctx, flags | 4,
 * expression]` modifies. Context steps may fan out: `CTX_EXP` (0x04) with `true` takes every child,
 * with an expression the children it is true for; `CTX_AND | CTX_EXP` (0x204) filters what the
 * previous step took; `CTX_MAP_KEYS_IN` (0x2a) takes the items under a list of keys; the other
 * steps (index, rank, key, value) take one child of each element. Filters and the modify
 * expression read the element through loop variables (key, value, index). A select returns the
 * matching tree (flags 0), the values (1), the map keys (2) or keys and values (3) of what the last
 * step took; a modify replaces each with the expression's value (remove_result removes it). As
 * CE 8.1.2.0 answers them.
 * @module
 */
import { ResultCode } from "../../src/wire/result_code.ts";
import { step } from "./context.ts";
import { CdtError, type CdtValue, compareCdt, decodeCdt, encodeCdt } from "./value.ts";

/** The op code of a path call (`AS_CDT_OP_CONTEXT_SELECT`). */
export const CDT_CONTEXT_SELECT = 0xfe;
const CTX_EXP = 0x04;
const CTX_AND_EXP = 0x204;
const CTX_MAP_KEYS_IN = 0x2a;
const APPLY = 4;
const NO_FAIL = 0x10;

/** What the loop variables read for one element. */
export interface Loop {
  /** The map key (undefined in a list). */
  key: CdtValue | undefined;
  /** The element. */
  value: CdtValue;
  /** Its list index (undefined in a map: an index loop variable there is UNKNOWN). */
  index: number | undefined;
}

/** The expression side a path call needs: filters and the modify expression, with loop variables. */
export interface PathEval {
  /** A filter on one element: true, false, or undefined for UNKNOWN / not a boolean. */
  filter(e: CdtValue, loop: Loop): boolean | undefined;
  /** The modify expression on one element: its value, "remove" for remove_result, undefined for UNKNOWN. */
  value(e: CdtValue, loop: Loop): CdtValue | "remove" | undefined;
}

/** One selected element: where it sits and what the loop variables read. */
interface Sel extends Loop {
  /** Its position in its list or map. */
  slot: number;
  /** The list or map holding it (undefined for the bin itself). */
  container: CdtValue | undefined;
  /** The selection it was taken from. */
  parent: Sel | undefined;
}

const bad = (msg: string): CdtError => new CdtError(ResultCode.PARAMETER_ERROR, msg);

/** Whether a decoded CDT payload is a path call. */
export function isPathCall(payload: CdtValue): boolean {
  const first = payload.k === "list" ? payload.items[0] : undefined;
  return first?.k === "int" && first.v === BigInt(CDT_CONTEXT_SELECT);
}

function childrenOf(s: Sel): Sel[] {
  const v = s.value;
  if (v.k === "list") {
    return v.items.map((value, index) => ({
      key: undefined,
      value,
      index,
      slot: index,
      container: v,
      parent: s,
    }));
  }
  if (v.k === "map") {
    return v.entries.map(([key, value], slot) => ({
      key,
      value,
      index: undefined,
      slot,
      container: v,
      parent: s,
    }));
  }
  return [];
}

function pick(s: Sel, child: CdtValue): Sel | undefined {
  const v = s.value;
  if (v.k === "list") {
    const index = v.items.indexOf(child);
    return index < 0
      ? undefined
      : { key: undefined, value: child, index, slot: index, container: v, parent: s };
  }
  if (v.k === "map") {
    const slot = v.entries.findIndex((e) => e[1] === child);
    if (slot < 0) return undefined;
    return { key: v.entries[slot][0], value: child, index: undefined, slot, container: v, parent: s };
  }
  return undefined;
}

// A filter that cannot judge an element (UNKNOWN, another type) is false under noFail, else the
// whole call fails with `code` (PARAMETER_ERROR for a select, SERVER_ERROR for a modify).
function judge(env: PathEval, e: CdtValue, s: Sel, noFail: boolean, code: number): boolean {
  const r = env.filter(e, s);
  if (r !== undefined) return r;
  if (noFail) return false;
  throw new CdtError(code, "a path filter could not judge an element");
}

// Whether a step that needs a list (or a map) applies to `s`: a scalar or an empty container is
// skipped, a non-empty container of the other kind is PARAMETER_ERROR, noFail or not (CE 8.1.2.0).
function applies(s: Sel, kind: "list" | "map"): boolean {
  const v = s.value;
  if (v.k === kind) return true;
  if (v.k === "list" ? v.items.length === 0 : v.k === "map" ? v.entries.length === 0 : true) return false;
  throw bad(`path step needs a ${kind}`);
}

// Map keys asked of the last step on a non-empty list: BIN_TYPE_ERROR (12), before the step's own
// checks; under noFail that list is skipped (CE 8.1.2.0).
function keysOfList(s: Sel, noFail: boolean): boolean {
  if (s.value.k !== "list" || s.value.items.length === 0) return false;
  if (noFail) return true;
  throw new CdtError(ResultCode.BIN_TYPE_ERROR, "map keys asked of a list");
}

// Walks the context from the bin, one set of selections per step.
// `levels` receives what each step selected (an and-filter narrows the level before it): the
// matching tree keeps every element any step selected, as CE 8.1.2.0 does. `keys`: the call
// returns map keys; `modify`: the walk is a modify's.
function walk(
  top: CdtValue,
  ctx: CdtValue[],
  noFail: boolean,
  env: PathEval,
  keys = false,
  levels: Sel[][] = [],
  modify = false,
  visit?: (s: Sel) => void,
): Sel[] {
  let sels: Sel[] = [{
    key: undefined,
    value: top,
    index: undefined,
    slot: 0,
    container: undefined,
    parent: undefined,
  }];
  // The last step that selects (trailing and-filters only narrow it): where map keys are checked.
  let lastSelecting = 0;
  for (let i = 0; i + 1 < ctx.length; i += 2) {
    const t = ctx[i];
    if (!(t.k === "int" && t.v === BigInt(CTX_AND_EXP))) lastSelecting = i;
  }
  // A filter that cannot judge answers PARAMETER_ERROR in a modify too (CE 8.1.2.0 once answered
  // SERVER_ERROR there, fuzz seed 3 case 771: not modelled).
  const fail = modify ? ResultCode.PARAMETER_ERROR : ResultCode.PARAMETER_ERROR;
  for (let i = 0; i + 1 < ctx.length; i += 2) {
    const t = ctx[i];
    if (t.k !== "int") throw bad("context type");
    const type = Number(t.v);
    const arg = ctx[i + 1];
    const keysLast = keys && i === lastSelecting;
    const lastStep = i + 2 >= ctx.length;
    // A modify handles each element as the last step selects it, so its errors come in the
    // server's order (an element's modify before a later element's filter).
    const next: Sel[] = [];
    const take = (x: Sel): void => {
      next.push(x);
      if (lastStep && visit !== undefined) visit(x);
    };
    if (type === CTX_AND_EXP) {
      for (const s of sels) if (judge(env, arg, s, noFail, fail)) take(s);
    } else if (type === CTX_EXP) {
      const all = arg.k === "bool" && arg.v;
      for (const s of sels) {
        if (keysLast && keysOfList(s, noFail)) continue;
        const kids = childrenOf(s);
        for (const c of kids) if (all || judge(env, arg, c, noFail, fail)) take(c);
      }
    } else if (type === CTX_MAP_KEYS_IN) {
      if (arg.k !== "list") throw bad("map keys-in takes a list");
      for (const s of sels) {
        if (keysLast && keysOfList(s, noFail)) continue;
        if (!applies(s, "map")) {
          continue;
        }
        for (const c of childrenOf(s)) {
          if (arg.items.some((k) => compareCdt(k, c.key!) === 0)) take(c);
        }
      }
    } else {
      for (const s of sels) {
        if (keysLast && keysOfList(s, noFail)) continue;
        if (!applies(s, (type & 0x30) === 0x10 ? "list" : "map")) {
          continue;
        }
        let child: CdtValue | undefined;
        try {
          child = step(s.value, type, arg);
        } catch (e) {
          if (e instanceof CdtError && e.code === ResultCode.OP_NOT_APPLICABLE) continue;
          throw e;
        }
        const p = child === undefined ? undefined : pick(s, child);
        if (p !== undefined) take(p);
      }
    }
    sels = next;
    if (type === CTX_AND_EXP && levels.length > 0) levels[levels.length - 1] = next;
    else levels.push(next);
  }
  return sels;
}

interface TreeNode {
  value: CdtValue;
  kids: Map<number, TreeNode> | "all";
}

// The bin pruned to what the steps selected: every element some step selected, with the paths
// to them; the last step's elements whole, earlier ones holding only what later steps selected.
function matchingTree(top: CdtValue, levels: Sel[][]): CdtValue | undefined {
  const root: TreeNode = { value: top, kids: new Map() };
  const last = levels.length - 1;
  let any = false;
  for (const [depth, sels] of levels.entries()) {
    for (const s of sels) {
      any = true;
      const chain: Sel[] = [];
      for (let at: Sel | undefined = s; at?.parent !== undefined; at = at.parent) chain.unshift(at);
      if (chain.length === 0) return top;
      let node = root;
      for (const [n, c] of chain.entries()) {
        if (node.kids === "all") break;
        let kid = node.kids.get(c.slot);
        if (kid === undefined) node.kids.set(c.slot, kid = { value: c.value, kids: new Map() });
        if (n === chain.length - 1 && depth === last) kid.kids = "all";
        node = kid;
      }
    }
  }
  const build = (n: TreeNode): CdtValue => {
    if (n.kids === "all") return n.value;
    const slots = [...n.kids.keys()].sort((a, b) => a - b);
    const v = n.value;
    if (v.k === "list") {
      return {
        k: "list",
        items: slots.map((i) => build((n.kids as Map<number, TreeNode>).get(i)!)),
        flags: v.flags,
      };
    }
    if (v.k === "map") {
      return {
        k: "map",
        entries: slots.map((i) => [v.entries[i][0], build((n.kids as Map<number, TreeNode>).get(i)!)]),
        flags: v.flags,
      };
    }
    return v;
  };
  return any ? build(root) : undefined;
}

/**
 * Runs a path call on `top` (a copy is changed for a modify): the op's result and the new value.
 * @example
 * ```ts
 * import { decodeCdt } from "./value.ts";
 * declare const bin: Uint8Array, payload: Uint8Array, env: PathEval;
 * const { result } = runPath(decodeCdt(bin), decodeCdt(payload), false, env);
 * ```
 */
export function runPath(
  top: CdtValue | undefined,
  payload: CdtValue,
  modify: boolean,
  env: PathEval,
): { result: CdtValue | undefined; value: CdtValue | undefined } {
  if (payload.k !== "list") throw bad("a path call is a list");
  const [, ctx, flagsV, mod] = payload.items;
  if (ctx?.k !== "list" || ctx.items.length === 0 || ctx.items.length % 2 !== 0) throw bad("path context");
  if (flagsV?.k !== "int") throw bad("path flags");
  const flags = Number(flagsV.v);
  const apply = (flags & APPLY) !== 0;
  if (apply !== (mod !== undefined) || apply !== modify) throw bad("path apply flag and expression disagree");
  if (top === undefined) return { result: undefined, value: undefined };
  if (top.k !== "list" && top.k !== "map") {
    throw new CdtError(ResultCode.BIN_TYPE_ERROR, "a path needs a list or map");
  }
  const noFail = (flags & NO_FAIL) !== 0;
  if (!modify) {
    const what = flags & 3;
    const levels: Sel[][] = [];
    const sels = walk(top, ctx.items, noFail, env, what >= 2, levels);
    if (what === 0) return { result: matchingTree(top, levels) ?? emptyLike(top), value: top };
    const items: CdtValue[] = [];
    for (const s of sels) {
      if (what === 1) {
        items.push(s.value);
        continue;
      }
      // Keys of a list element: BIN_TYPE_ERROR, or skipped under noFail.
      if (s.key === undefined) {
        if (noFail) continue;
        throw new CdtError(ResultCode.BIN_TYPE_ERROR, "map keys of list elements");
      }
      if (what === 2) items.push(s.key);
      else items.push(s.key, s.value);
    }
    return { result: { k: "list", items, flags: 0 }, value: top };
  }
  const copy = decodeCdt(encodeCdt(top));
  const removals: Sel[] = [];
  const replacements: [Sel, CdtValue][] = [];
  walk(copy, ctx.items, noFail, env, false, [], true, (s) => {
    const v = env.value(mod!, s);
    if (v === undefined) {
      // CE 8.1.2.0 answers SERVER_ERROR (1) for a modify expression it cannot evaluate.
      if (noFail) return;
      throw new CdtError(ResultCode.SERVER_ERROR, "a path modify expression could not evaluate");
    }
    if (v === "remove") removals.push(s);
    else replacements.push([s, v]);
  });
  for (const [s, v] of replacements) {
    if (s.container?.k === "list") s.container.items[s.slot] = v;
    else if (s.container?.k === "map") s.container.entries[s.slot][1] = v;
  }
  // Later slots first, so earlier ones stay valid.
  removals.sort((a, b) => b.slot - a.slot);
  for (const s of removals) {
    if (s.container?.k === "list") s.container.items.splice(s.slot, 1);
    else if (s.container?.k === "map") s.container.entries.splice(s.slot, 1);
  }
  return { result: undefined, value: copy };
}

function emptyLike(v: CdtValue): CdtValue {
  return v.k === "map" ? { k: "map", entries: [], flags: v.flags } : { k: "list", items: [], flags: 0 };
}
