/**
 * Evaluates filter expressions and expression ops against one record. An expression is msgpack:
 * a scalar or map is itself, `[126, list]` a literal list, any other array `[op, ...args]` a call
 * (comparisons, and/or/not, arithmetic, record metadata, bins, cond, let/var, and CDT calls). A
 * bin that is missing or of another type makes its branch "unknown": a filter that is unknown is
 * false, an expression op that is unknown fails unless asked not to.
 * @module
 */
import * as C from "../../src/wire/cdt_codes.ts";
import { ResultCode } from "../../src/wire/result_code.ts";
import { parseCall, runCall } from "../cdt/context.ts";
import { isPathCall, type Loop, type PathEval, runPath } from "../cdt/path.ts";

const EXP_IN_LIST = 9;
const EXP_REMOVE_RESULT = 100;
const EXP_MAP_KEYS_IN = 101;
const EXP_MAP_VALUES_IN = 102;
const EXP_LOOPVAR = 122;
/** What remove_result() yields: a marker only a path modify understands. */
const REMOVE: CdtValue = { k: "wild" };
import { binValue, str } from "../cdt/particle.ts";
import {
  bool,
  BYTES_GEOJSON,
  CdtError,
  type CdtValue,
  compareCdt,
  decodeCdt,
  encodeCdt,
  int,
  NIL,
} from "../cdt/value.ts";
import type { StoredBin } from "../store.ts";
import { arithmetic } from "./math.ts";
import { binCall } from "./modules.ts";
import { geoCompareText } from "../geo.ts";
import { buildType, T_BOOL } from "./build.ts";
import { compareExp } from "./compare.ts";
import { posixRegex } from "./regex.ts";
import { recordStoredSize } from "./record_size.ts";

/** What an expression can see of a record. */
export interface ExpRecord {
  /** Current bins (the working copy during a write). */
  bins: Map<string, StoredBin>;
  /** Digest. */
  digest: Uint8Array;
  /** Set name ("" for none). */
  set: string;
  /** Stored key field (particle type byte + key), when the key was sent. */
  key?: Uint8Array;
  /** Void time in server seconds; 0 never expires. */
  voidTime: number;
  /** Last update, ms since the Unix epoch. */
  lastUpdateMs: number;
  /** Now, ms since the Unix epoch. */
  nowMs: number;
  /** Now, server seconds. */
  now: number;
  /**
   * Stored size of the record as the transaction found it (16 for one it is creating): what
   * `record_size()` reports even after earlier ops of the same transaction changed the bins.
   * @default computed from the bins
   */
  storedSize?: number;
}

/** The "unknown" result of a branch that read a missing bin or a bin of another type. */
export const UNKNOWN: unique symbol = Symbol("unknown");
/** An evaluated expression. */
export type ExpValue = CdtValue | typeof UNKNOWN;

const dec = new TextDecoder();
const bad = (msg: string): CdtError => new CdtError(ResultCode.PARAMETER_ERROR, msg);

/** A msgpack str read as raw UTF-8 (bin and variable names carry no particle type byte). */
export function rawText(v: CdtValue | undefined): string {
  if (v?.k !== "bytes" || v.raw === undefined) throw bad("expected a name");
  const c = v.raw[0];
  const header = c >= 0xa0 && c <= 0xbf ? 1 : c === 0xd9 || c === 0xc4 ? 2 : c === 0xda || c === 0xc5 ? 3 : 5;
  return dec.decode(v.raw.subarray(header));
}

/** The particle types an expression bin/value type accepts. */
const EXP_PARTICLES: Record<number, number[]> = {
  [C.EXP_TYPE_BOOL]: [17],
  [C.EXP_TYPE_INT]: [1],
  [C.EXP_TYPE_STRING]: [3],
  [C.EXP_TYPE_LIST]: [20],
  [C.EXP_TYPE_MAP]: [19],
  [C.EXP_TYPE_BLOB]: [4, 7, 8, 9, 10, 11, 12],
  [C.EXP_TYPE_FLOAT]: [2],
  [C.EXP_TYPE_GEO]: [23],
  [C.EXP_TYPE_HLL]: [18],
};

/** The expression type (EXP_TYPE_*) of a value. */
function expTypeOf(v: CdtValue): number {
  switch (v.k) {
    case "nil":
      return C.EXP_TYPE_NIL;
    case "bool":
      return C.EXP_TYPE_BOOL;
    case "int":
      return C.EXP_TYPE_INT;
    case "float":
      return C.EXP_TYPE_FLOAT;
    case "list":
      return C.EXP_TYPE_LIST;
    case "map":
      return C.EXP_TYPE_MAP;
    case "bytes":
      return v.t === 3
        ? C.EXP_TYPE_STRING
        : v.t === 4
        ? C.EXP_TYPE_BLOB
        : v.t === BYTES_GEOJSON
        ? C.EXP_TYPE_GEO
        : v.t === 18
        ? C.EXP_TYPE_HLL
        : -1;
    default:
      return -1;
  }
}

function asInteger(v: ExpValue): bigint {
  if (v === UNKNOWN || v.k !== "int") throw bad("expected an integer");
  return v.v;
}

/** An evaluator bound to one record. */
class Evaluator {
  #r: ExpRecord;
  #vars: Map<string, ExpValue>[] = [];
  /** Loop variables of the path elements being judged, innermost last. */
  readonly loops: Loop[] = [];
  #depth = 0;

  constructor(r: ExpRecord) {
    this.#r = r;
  }

  eval(e: CdtValue): ExpValue {
    if (e.k !== "list") return e;
    if (++this.#depth > 64) throw bad("expression nested too deep");
    try {
      return this.#call(e.items);
    } finally {
      this.#depth--;
    }
  }

  #bool(e: CdtValue): boolean | typeof UNKNOWN {
    const v = this.eval(e);
    if (v === UNKNOWN) return UNKNOWN;
    if (v.k !== "bool") throw bad("expected a boolean expression");
    return v.v;
  }

  #known(args: CdtValue[]): CdtValue[] | typeof UNKNOWN {
    const out: CdtValue[] = [];
    for (const a of args) {
      const v = this.eval(a);
      if (v === UNKNOWN) return UNKNOWN;
      out.push(v);
    }
    return out;
  }

  #call(items: CdtValue[]): ExpValue {
    if (items.length === 0 || items[0].k !== "int") throw bad("expression call without an op code");
    const code = Number(items[0].v);
    const args = items.slice(1);
    const r = this.#r;
    switch (code) {
      case 0: // unknown()
        return UNKNOWN;
      case C.EXP_EQ:
      case C.EXP_NE:
      case C.EXP_GT:
      case C.EXP_GE:
      case C.EXP_LT:
      case C.EXP_LE: {
        const v = this.#known(args);
        if (v === UNKNOWN) return UNKNOWN;
        return compareExp(code, v[0], v[1]) ?? UNKNOWN;
      }
      case C.EXP_REGEX: {
        const flags = Number(asInteger(args[0] ?? NIL));
        const source = rawText(args[1]);
        const v = this.eval(args[2] ?? NIL);
        if (v === UNKNOWN) return UNKNOWN;
        if (v.k !== "bytes" || v.t !== 3) return UNKNOWN;
        return bool(posixRegex(source, flags).test(dec.decode(v.v)));
      }
      case C.EXP_GEO: {
        const v = this.#known(args);
        if (v === UNKNOWN) return UNKNOWN;
        const [a, b] = v;
        if (a?.k !== "bytes" || a.t !== BYTES_GEOJSON || b?.k !== "bytes" || b.t !== BYTES_GEOJSON) {
          throw bad("geo compare needs two GeoJSON values");
        }
        const hit = geoCompareText(dec.decode(a.v), dec.decode(b.v));
        if (hit === undefined) throw bad("geo compare of an unsupported GeoJSON shape");
        return bool(hit);
      }
      case C.EXP_AND:
      case C.EXP_OR: {
        // false wins an and, true wins an or; otherwise an unknown operand makes it unknown.
        const decisive = code === C.EXP_OR;
        let unknown = false;
        for (const a of args) {
          const b = this.#bool(a);
          if (b === UNKNOWN) unknown = true;
          else if (b === decisive) return bool(decisive);
        }
        return unknown ? UNKNOWN : bool(!decisive);
      }
      case C.EXP_NOT: {
        const b = this.#bool(args[0] ?? NIL);
        return b === UNKNOWN ? UNKNOWN : bool(!b);
      }
      case C.EXP_EXCLUSIVE: {
        let n = 0;
        for (const a of args) {
          const b = this.#bool(a);
          if (b === UNKNOWN) return UNKNOWN;
          if (b) n++;
        }
        return bool(n === 1);
      }
      case C.EXP_DIGEST_MODULO: {
        const m = asInteger(this.eval(args[0] ?? NIL));
        if (m <= 0n) throw bad("digest modulo needs a positive integer");
        const d = r.digest;
        const v = new DataView(d.buffer, d.byteOffset + 16, 4).getUint32(0, true);
        return int(BigInt(v) % m);
      }
      case C.EXP_DEVICE_SIZE:
        // A storage-engine memory namespace has no device: 0, as the server answers.
        return int(0);
      case C.EXP_MEMORY_SIZE:
      case C.EXP_RECORD_SIZE:
        return int(r.storedSize ?? recordStoredSize(r));
      case C.EXP_LAST_UPDATE:
        return int(BigInt(r.lastUpdateMs) * 1_000_000n);
      case C.EXP_SINCE_UPDATE:
        return int(Math.max(0, r.nowMs - r.lastUpdateMs));
      case C.EXP_VOID_TIME:
        return int(r.voidTime === 0 ? -1n : (BigInt(r.voidTime) + 1262304000n) * 1_000_000_000n);
      case C.EXP_TTL:
        return int(r.voidTime === 0 ? -1 : Math.max(0, r.voidTime - r.now));
      case C.EXP_SET_NAME:
        return str(r.set);
      case C.EXP_KEY_EXISTS:
        return bool(r.key !== undefined);
      case C.EXP_IS_TOMBSTONE:
        return bool(false);
      case C.EXP_KEY: {
        if (r.key === undefined || r.key.length === 0) return UNKNOWN;
        const v = binValue({ type: r.key[0], data: r.key.subarray(1) });
        return this.#typed(v, r.key[0], Number(asInteger(args[0] ?? NIL)));
      }
      case C.EXP_BIN: {
        const type = Number(asInteger(args[0] ?? NIL));
        const bin = r.bins.get(rawText(args[1]));
        if (bin === undefined) return UNKNOWN;
        return this.#typed(binValue(bin), bin.type, type);
      }
      case C.EXP_BIN_TYPE:
        return int(r.bins.get(rawText(args[0]))?.type ?? 0);
      case C.EXP_COND: {
        if (args.length % 2 !== 1) throw bad("cond needs condition/action pairs and a default");
        for (let i = 0; i + 1 < args.length; i += 2) {
          const b = this.#bool(args[i]);
          if (b === UNKNOWN) return UNKNOWN;
          if (b) return this.eval(args[i + 1]);
        }
        return this.eval(args[args.length - 1]);
      }
      case C.EXP_LET: {
        if (args.length % 2 !== 1) throw bad("let needs name/value pairs and a scope");
        const scope = new Map<string, ExpValue>();
        this.#vars.push(scope);
        try {
          for (let i = 0; i + 1 < args.length; i += 2) scope.set(rawText(args[i]), this.eval(args[i + 1]));
          return this.eval(args[args.length - 1]);
        } finally {
          this.#vars.pop();
        }
      }
      case C.EXP_VAR: {
        const name = rawText(args[0]);
        for (let i = this.#vars.length - 1; i >= 0; i--) {
          const v = this.#vars[i].get(name);
          if (v !== undefined) return v;
        }
        throw bad(`undefined variable ${name}`);
      }
      case C.EXP_QUOTED:
        if (args[0]?.k !== "list") throw bad("quoted value must be a list");
        return args[0];
      case EXP_LOOPVAR: {
        // [122, type, var]: the current path element's key (0), value (1) or index (2).
        const loop = this.loops[this.loops.length - 1];
        if (loop === undefined) throw bad("loop variable outside a path");
        const which = Number(asInteger(args[1] ?? NIL));
        const v = which === 0
          ? loop.key
          : which === 1
          ? loop.value
          : which === 2 && loop.index !== undefined
          ? int(loop.index)
          : undefined;
        if (v === undefined) return UNKNOWN;
        return expTypeOf(v) === Number(asInteger(args[0] ?? NIL)) ? v : UNKNOWN;
      }
      case EXP_IN_LIST: {
        const v = this.#known(args);
        if (v === UNKNOWN) return UNKNOWN;
        const [needle, list] = v;
        if (list?.k !== "list") return UNKNOWN;
        return bool(list.items.some((x) => compareCdt(x, needle) === 0));
      }
      case EXP_MAP_KEYS_IN:
      case EXP_MAP_VALUES_IN: {
        const v = this.#known(args);
        if (v === UNKNOWN || v[0]?.k !== "map") return UNKNOWN;
        const items = v[0].entries.map((e) => code === EXP_MAP_KEYS_IN ? e[0] : e[1]);
        return { k: "list", items, flags: 0 };
      }
      case EXP_REMOVE_RESULT:
        return REMOVE;
      case C.EXP_CALL:
        return this.#module(args);
    }
    if ((code >= C.EXP_ADD && code <= C.EXP_INT_RSCAN) || code === C.EXP_MIN || code === C.EXP_MAX) {
      const v = this.#known(args);
      return v === UNKNOWN ? UNKNOWN : arithmetic(code, v) ?? UNKNOWN;
    }
    throw new CdtError(ResultCode.UNSUPPORTED_FEATURE, `expression op ${code} is not supported by the mock`);
  }

  /** Path filters and modify expressions evaluated here, with the element as loop variables. */
  pathEnv(): PathEval {
    const within = <T>(loop: Loop, fn: () => T): T => {
      this.loops.push(loop);
      try {
        return fn();
      } finally {
        this.loops.pop();
      }
    };
    return {
      filter: (e, loop) =>
        within(loop, () => {
          const v = this.eval(e);
          return v !== UNKNOWN && v.k === "bool" ? v.v : undefined;
        }),
      value: (e, loop) =>
        within(loop, () => {
          const v = this.eval(e);
          return v === REMOVE ? "remove" : v === UNKNOWN ? undefined : v;
        }),
    };
  }

  /** A value of particle type `particle` seen as expression type `type`: unknown on a mismatch. */
  #typed(v: CdtValue, particle: number, type: number): ExpValue {
    return EXP_PARTICLES[type]?.includes(particle) ? v : UNKNOWN;
  }

  /** `[returnType, module, payload, bin]`: a CDT, bit or HLL call on a bin value. */
  #module(args: CdtValue[]): ExpValue {
    const [, moduleV, payload, binExp] = args;
    const mod = Number(asInteger(moduleV ?? NIL));
    const modify = (mod & C.EXP_CALL_MODIFY) !== 0;
    if (payload?.k !== "list" || binExp === undefined) throw bad("malformed expression call");
    const target = this.eval(binExp);
    if (target === UNKNOWN) return UNKNOWN;
    // Arguments of the sub-operation are expressions themselves.
    const evalArgs = (op: CdtValue): CdtValue | typeof UNKNOWN => {
      if (op.k !== "list" || op.items.length === 0) throw bad("malformed expression call");
      const args = this.#known(op.items.slice(1));
      return args === UNKNOWN ? UNKNOWN : { k: "list", items: [op.items[0], ...args], flags: 0 };
    };
    if (isPathCall(payload)) {
      if (target.k !== "list" && target.k !== "map") return UNKNOWN;
      try {
        const { result, value } = runPath(target, payload, modify, this.pathEnv());
        const out = (modify ? value : result) ?? NIL;
        return expTypeOf(out) === Number(asInteger(args[0] ?? NIL)) ? out : UNKNOWN;
      } catch (e) {
        if (e instanceof CdtError) return UNKNOWN;
        throw e;
      }
    }
    const wrapped = payload.items[0]?.k === "int" && payload.items[0].v === BigInt(C.CDT_CTX_OP);
    const inner = evalArgs(wrapped ? payload.items[2] ?? NIL : payload);
    if (inner === UNKNOWN) return UNKNOWN;
    const call = wrapped
      ? { k: "list" as const, items: [payload.items[0], payload.items[1], inner], flags: 0 }
      : inner;
    const kind = mod & ~C.EXP_CALL_MODIFY;
    // A call the sub-operation refuses, or whose result is not of the declared type, is
    // "unknown" (not the sub-operation's error code), as on the server.
    let out: CdtValue;
    try {
      if (kind !== C.EXP_MODULE_CDT) out = binCall(kind, modify, call, target);
      else {
        // Work on a copy (a msgpack round trip keeps every flag): a modify call returns the
        // changed value and never changes the bin itself. A nil operand is an empty bin.
        const copy = target.k === "nil" ? undefined : decodeCdt(encodeCdt(target));
        const { result, value } = runCall(copy, parseCall(call), modify);
        out = modify ? value ?? copy ?? NIL : result ?? NIL;
      }
    } catch (e) {
      if (e instanceof CdtError) return UNKNOWN;
      throw e;
    }
    return expTypeOf(out) === Number(asInteger(args[0] ?? NIL)) ? out : UNKNOWN;
  }
}

/**
 * Evaluates an expression (decoded msgpack) against a record, after the server's build pass
 * (build.ts) accepted it: CdtError PARAMETER_ERROR when it does not.
 * @example
 * ```ts
 * import { decodeCdt } from "../cdt/value.ts";
 * import type { Field } from "../../src/wire/fields.ts";
 * declare const filterField: Field, record: ExpRecord;
 * evaluate(decodeCdt(filterField.data), record); // { k: "bool", v: true } or UNKNOWN
 * ```
 */
export function evaluate(e: CdtValue, r: ExpRecord): ExpValue {
  buildType(e);
  return new Evaluator(r).eval(e);
}

/**
 * The expression side of a path operation on a record's bin (`ops.selectByPath` /
 * `ops.modifyByPath`): filters and the modify expression see the record and the loop variables.
 * @example
 * ```ts
 * declare const record: ExpRecord;
 * const env = pathEvalFor(record);
 * ```
 */
export function pathEvalFor(r: ExpRecord): PathEval {
  return new Evaluator(r).pathEnv();
}

/**
 * The build pass over a path call's expressions: every step filter must be a boolean and the
 * modify expression must have a type (a cond mixing removeResult with a value has none): CdtError
 * PARAMETER_ERROR otherwise, as the server refuses them before running.
 * @example
 * ```ts
 * import { decodeCdt } from "../cdt/value.ts";
 * declare const payload: Uint8Array;
 * checkPathCall(decodeCdt(payload));
 * ```
 */
export function checkPathCall(payload: CdtValue): void {
  if (payload.k !== "list") return;
  const [, ctx, , mod] = payload.items;
  if (ctx?.k === "list") {
    for (let i = 0; i + 1 < ctx.items.length; i += 2) {
      const t = ctx.items[i];
      const isExp = t.k === "int" && (t.v === 0x04n || t.v === 0x204n);
      const arg = ctx.items[i + 1];
      if (isExp && arg.k === "list" && buildType(arg) !== T_BOOL) {
        throw bad("a path filter must be a boolean");
      }
    }
  }
  if (mod !== undefined) buildType(mod);
}

/** Runs a filter expression: true passes; false, unknown and non-booleans filter the record out. */
export function filterPasses(data: Uint8Array, r: ExpRecord): boolean {
  const e = decodeCdt(data);
  if (buildType(e) !== T_BOOL) throw bad("a filter expression must yield a boolean");
  const v = new Evaluator(r).eval(e);
  return v !== UNKNOWN && v.k === "bool" && v.v;
}
