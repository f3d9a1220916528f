/**
 * The server's expression "build" pass: before it evaluates anything, Aerospike walks the whole
 * expression once, checks every call's argument count and argument types, resolves `let`
 * variables, and works out the type the expression yields. Anything wrong there answers
 * PARAMETER_ERROR (4) whatever the record holds: `add(1, 2.5)`, `lt(1, "a")`, `and(x)` with one
 * operand, `cond` branches of different types, a filter that is not a boolean. Only what passes
 * this pass is evaluated (eval.ts), where a missing bin or a failed call is "unknown" instead.
 * @module
 */
import * as C from "../../src/wire/cdt_codes.ts";
import { ResultCode } from "../../src/wire/result_code.ts";
import { CdtError, type CdtValue } from "../cdt/value.ts";
import { posixRegex } from "./regex.ts";

/** Result types of the build pass, numbered as the server numbers them (the wire's EXP_TYPE_*). */
export const T_NIL = 0, T_BOOL = 1, T_INT = 2, T_STR = 3, T_LIST = 4, T_MAP = 5, T_BLOB = 6, T_FLOAT = 7;
/** GeoJSON, HLL, and the internal "remove" and "no type" results. */
export const T_GEO = 8, T_HLL = 9, T_REMOVE = 11, T_END = 12;
const T_INPUT_END = 10;

const PARTICLE_HLL = 18;
const BYTES_BLOB = 4;
const BYTES_STRING = 3;
const BYTES_GEOJSON = 23;

const bad = (msg: string): CdtError => new CdtError(ResultCode.PARAMETER_ERROR, `expression build: ${msg}`);

/** What the build of one node tells its parent: its type, and whether it is `unknown()` itself. */
interface Built {
  type: number;
  unk: boolean;
}

const of = (type: number): Built => ({ type, unk: false });

/** Operand count (excluding the op code) each fixed-arity op takes, and the type it yields. */
const FIXED: Record<number, [number, number]> = {
  [C.EXP_GEO]: [2, T_BOOL],
  9: [2, T_BOOL], // in_list
  [C.EXP_NOT]: [1, T_BOOL],
  [C.EXP_POW]: [2, T_FLOAT],
  [C.EXP_LOG]: [2, T_FLOAT],
  [C.EXP_MOD]: [2, T_INT],
  [C.EXP_FLOOR]: [1, T_FLOAT],
  [C.EXP_CEIL]: [1, T_FLOAT],
  [C.EXP_TO_INT]: [1, T_INT],
  [C.EXP_TO_FLOAT]: [1, T_FLOAT],
  [C.EXP_INT_NOT]: [1, T_INT],
  [C.EXP_INT_COUNT]: [1, T_INT],
  [C.EXP_INT_LSHIFT]: [2, T_INT],
  [C.EXP_INT_RSHIFT]: [2, T_INT],
  [C.EXP_INT_ARSHIFT]: [2, T_INT],
  [C.EXP_INT_LSCAN]: [2, T_INT],
  [C.EXP_INT_RSCAN]: [2, T_INT],
  101: [1, T_LIST], // map_keys
  102: [1, T_LIST], // map_values
};

/** Record metadata ops: no operands. */
const META: Record<number, number> = {
  [C.EXP_DEVICE_SIZE]: T_INT,
  [C.EXP_LAST_UPDATE]: T_INT,
  [C.EXP_SINCE_UPDATE]: T_INT,
  [C.EXP_VOID_TIME]: T_INT,
  [C.EXP_TTL]: T_INT,
  [C.EXP_SET_NAME]: T_STR,
  [C.EXP_KEY_EXISTS]: T_BOOL,
  [C.EXP_IS_TOMBSTONE]: T_BOOL,
  [C.EXP_MEMORY_SIZE]: T_INT,
  [C.EXP_RECORD_SIZE]: T_INT,
  100: T_REMOVE, // result_remove
};

const dec = new TextDecoder();

/** A msgpack str/bin read as raw bytes (names carry no particle type byte); undefined if not one. */
function rawBytes(v: CdtValue | undefined): Uint8Array | undefined {
  if (v?.k !== "bytes" || v.raw === undefined) return undefined;
  const c = v.raw[0];
  const header = (c >= 0xa0 && c <= 0xbf)
    ? 1
    : (c === 0xd9 || c === 0xc4)
    ? 2
    : (c === 0xda || c === 0xc5)
    ? 3
    : 5;
  return v.raw.subarray(header);
}

function uint(v: CdtValue | undefined, what: string): bigint {
  if (v?.k !== "int" || v.v < 0n) throw bad(`${what} must be an unsigned integer`);
  return v.v;
}

function binName(v: CdtValue | undefined): string {
  const b = rawBytes(v);
  if (b === undefined) throw bad("a bin name must be a string");
  if (b.length === 0 || b.length > 15) throw bad("invalid bin name");
  return dec.decode(b);
}

/** One `let` scope: variable name -> type (T_END while its own value is being built). */
type Scope = Map<string, number>;

class Builder {
  #scopes: Scope[] = [];

  node(e: CdtValue): Built {
    switch (e.k) {
      case "nil":
        return of(T_NIL);
      case "bool":
        return of(T_BOOL);
      case "int":
        return of(T_INT);
      case "float":
        return of(T_FLOAT);
      case "map":
        return of(T_MAP);
      case "wild":
      case "inf":
        return of(T_END);
      case "bytes":
        if (e.v.length === 0 && e.t === BYTES_STRING && e.raw !== undefined && e.raw.length <= 1) {
          throw bad("empty blob");
        }
        if (e.t === BYTES_STRING) return of(T_STR);
        if (e.t === BYTES_BLOB) return of(T_BLOB);
        if (e.t === PARTICLE_HLL) return of(T_HLL);
        if (e.t === BYTES_GEOJSON) return of(T_GEO);
        throw bad(`blob of type ${e.t}`);
      case "list":
        return this.#call(e.items);
    }
  }

  #types(args: CdtValue[]): Built[] {
    return args.map((a) => this.node(a));
  }

  #call(items: CdtValue[]): Built {
    if (items.length === 0) throw bad("empty call");
    const code = Number(uint(items[0], "an op code"));
    const args = items.slice(1);
    const n = args.length;
    const arity = (want: number): void => {
      if (n !== want) throw bad(`op ${code} takes ${want} operands, got ${n}`);
    };
    if (code === 0) {
      arity(0);
      return { type: T_BOOL, unk: true };
    }
    if (code >= C.EXP_EQ && code <= C.EXP_LE) {
      arity(2);
      const [l, r] = this.#types(args);
      if (l.type !== r.type) throw bad("comparison of different types");
      if (l.type === T_GEO || l.type === T_HLL) throw bad("cannot compare GeoJSON or HLL");
      return of(T_BOOL);
    }
    if (code in META) {
      arity(0);
      return of(META[code]);
    }
    if (code in FIXED) {
      const [want, type] = FIXED[code];
      arity(want);
      const t = this.#types(args).map((b) => b.type);
      this.#fixedTypes(code, t);
      return of(type);
    }
    switch (code) {
      case C.EXP_REGEX: {
        arity(3);
        if (args[0].k !== "int") throw bad("regex flags");
        const pattern = rawBytes(args[1]);
        if (pattern === undefined) throw bad("regex pattern");
        if (this.node(args[2]).type !== T_STR) throw bad("regex needs a string");
        posixRegex(dec.decode(pattern), Number(args[0].v)); // throws PARAMETER_ERROR if it does not compile
        return of(T_BOOL);
      }
      case C.EXP_AND:
      case C.EXP_OR:
      case C.EXP_EXCLUSIVE:
        if (n < 2) throw bad("logical op needs two operands");
        for (const b of this.#types(args)) if (b.type !== T_BOOL) throw bad("logical op on a non-boolean");
        return of(T_BOOL);
      case C.EXP_ADD:
      case C.EXP_SUB:
      case C.EXP_MUL:
      case C.EXP_DIV:
      case C.EXP_MIN:
      case C.EXP_MAX: {
        if (n < 1) throw bad("math op needs an operand");
        let type = T_END;
        for (const b of this.#types(args)) {
          if (b.type !== T_INT && b.type !== T_FLOAT) throw bad("math on a non-number");
          if (type === T_END) type = b.type;
          else if (type !== b.type) throw bad("math on mixed number types");
        }
        return of(type);
      }
      case C.EXP_ABS: {
        arity(1);
        const t = this.node(args[0]).type;
        if (t !== T_INT && t !== T_FLOAT) throw bad("abs of a non-number");
        return of(t);
      }
      case C.EXP_INT_AND:
      case C.EXP_INT_OR:
      case C.EXP_INT_XOR:
        if (n < 1) throw bad("integer op needs an operand");
        for (const b of this.#types(args)) if (b.type !== T_INT) throw bad("integer op on a non-integer");
        return of(T_INT);
      case C.EXP_DIGEST_MODULO: {
        arity(1);
        if (args[0].k !== "int") throw bad("digest modulo needs an integer");
        if (BigInt.asIntN(32, args[0].v) === 0n) throw bad("digest modulo by zero");
        return of(T_INT);
      }
      case C.EXP_KEY: {
        arity(1);
        const t = Number(uint(args[0], "key type"));
        if (t !== T_INT && t !== T_STR && t !== T_BLOB) throw bad(`key type ${t}`);
        return of(t);
      }
      case C.EXP_BIN: {
        arity(2);
        const t = uint(args[0], "bin type");
        if (t >= BigInt(T_INPUT_END)) throw bad(`bin type ${t}`);
        binName(args[1]);
        return of(Number(t));
      }
      case C.EXP_BIN_TYPE:
        arity(1);
        binName(args[0]);
        return of(T_INT);
      case 122: { // var_builtin
        arity(2);
        const t = uint(args[0], "builtin type");
        uint(args[1], "builtin index");
        if (t >= BigInt(T_END)) throw bad("builtin type");
        return of(Number(t));
      }
      case C.EXP_COND:
        return this.#cond(args);
      case C.EXP_VAR:
        return this.#var(args);
      case C.EXP_LET:
        return this.#let(args);
      case C.EXP_QUOTED:
        arity(1);
        if (args[0].k !== "list") throw bad("quote of a non-list");
        return of(T_LIST);
      case C.EXP_CALL:
        arity(4);
        return this.#module(args);
    }
    throw bad(`unknown op ${code}`);
  }

  #fixedTypes(code: number, t: number[]): void {
    const all = (want: number): boolean => t.every((x) => x === want);
    let ok = true;
    switch (code) {
      case C.EXP_GEO:
        ok = all(T_GEO);
        break;
      case 9:
        ok = t[1] === T_LIST;
        break;
      case C.EXP_NOT:
        ok = all(T_BOOL);
        break;
      case C.EXP_POW:
      case C.EXP_LOG:
      case C.EXP_FLOOR:
      case C.EXP_CEIL:
      case C.EXP_TO_INT:
        ok = all(T_FLOAT);
        break;
      case C.EXP_MOD:
      case C.EXP_TO_FLOAT:
      case C.EXP_INT_NOT:
      case C.EXP_INT_COUNT:
      case C.EXP_INT_LSHIFT:
      case C.EXP_INT_RSHIFT:
      case C.EXP_INT_ARSHIFT:
        ok = all(T_INT);
        break;
      case C.EXP_INT_LSCAN:
      case C.EXP_INT_RSCAN:
        ok = t[0] === T_INT && t[1] === T_BOOL;
        break;
    }
    if (!ok) throw bad(`op ${code} with operands of the wrong type`);
  }

  #cond(args: CdtValue[]): Built {
    if (args.length < 3) throw bad("cond needs a condition, an action and a default");
    if (args.length % 2 === 0) throw bad("cond needs a default");
    let type = T_END;
    for (let i = 0; i + 1 < args.length; i += 2) {
      if (this.node(args[i]).type !== T_BOOL) throw bad("cond condition is not a boolean");
      const b = this.node(args[i + 1]);
      if (b.unk) continue; // unknown() may stand in any branch
      if (type === T_END) type = b.type;
      if (b.type !== type) throw bad("cond branches of different types");
    }
    const d = this.node(args[args.length - 1]);
    if (type === T_END) type = d.type;
    else if (!d.unk && d.type !== type) throw bad("cond default of another type");
    if (type >= T_END) throw bad("cond of no type");
    return of(type);
  }

  #find(name: string): number | undefined {
    for (let i = this.#scopes.length - 1; i >= 0; i--) {
      const t = this.#scopes[i].get(name);
      if (t !== undefined) return t;
    }
    return undefined;
  }

  #var(args: CdtValue[]): Built {
    if (args.length !== 1) throw bad("var takes a name");
    const name = rawBytes(args[0]);
    if (name === undefined) throw bad("var name");
    const t = this.#find(dec.decode(name));
    if (t === undefined) throw bad("undefined variable");
    if (t === T_END) throw bad("variable used while being defined");
    return of(t);
  }

  #let(args: CdtValue[]): Built {
    if (args.length < 3) throw bad("let needs a definition and a scope");
    if (args.length % 2 === 0) throw bad("let needs name/value pairs and a scope");
    const scope: Scope = new Map();
    this.#scopes.push(scope);
    try {
      for (let i = 0; i + 1 < args.length; i += 2) {
        const raw = rawBytes(args[i]);
        if (raw === undefined || raw.length === 0) throw bad("let variable name");
        const name = dec.decode(raw);
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw bad(`illegal variable name ${name}`);
        if (this.#find(name) !== undefined) throw bad(`duplicate variable ${name}`);
        scope.set(name, T_END);
        scope.set(name, this.node(args[i + 1]).type);
      }
      return of(this.node(args[args.length - 1]).type);
    } finally {
      this.#scopes.pop();
    }
  }

  /** `[returnType, module, payload, bin]`: list operands inside the payload are expressions too. */
  #module(args: CdtValue[]): Built {
    const type = uint(args[0], "call result type");
    if (type >= BigInt(T_INPUT_END)) throw bad("call result type");
    const mod = Number(uint(args[1], "call module"));
    const payload = args[2];
    if (payload.k !== "list" || payload.items.length === 0) throw bad("call payload");
    let items = payload.items;
    uint(items[0], "call op");
    if (items[0].k === "int" && items[0].v === 0xfen) {
      // A path call [0xfe, ctx, flags, modify?]: the context is data, the modify an expression.
      if (items.length < 3 || items[1].k !== "list") throw bad("path call");
      if (items[3] !== undefined) this.node(items[3]);
      items = [];
    } else if (items[0].k === "int" && items[0].v === BigInt(C.CDT_CTX_OP)) {
      if (items.length !== 3 || items[2].k !== "list" || items[2].items.length === 0) {
        throw bad("call context");
      }
      items = items[2].items;
      uint(items[0], "call op");
    }
    for (const a of items.slice(1)) if (a.k === "list") this.node(a);
    const target = this.node(args[3]).type;
    if (target !== T_NIL) {
      const kind = mod & ~C.EXP_CALL_MODIFY;
      const ok = kind === C.EXP_MODULE_CDT
        ? target === T_LIST || target === T_MAP
        : kind === C.EXP_MODULE_HLL
        ? target === T_HLL
        : kind === C.EXP_MODULE_BIT
        ? target === T_BLOB
        : false;
      if (!ok) throw bad(`call module ${mod} on a value of type ${target}`);
    }
    return of(Number(type));
  }
}

/**
 * Type-checks an expression as the server's build pass does; returns the type it yields
 * (`T_*`), or throws CdtError PARAMETER_ERROR. A filter must yield T_BOOL; an expression op
 * anything but T_END.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * import { decodeCdt } from "../cdt/value.ts";
 * buildType(decodeCdt(exp.build(exp.add(1, 2.5)).bytes)); // throws CdtError(4)
 * ```
 */
export function buildType(e: CdtValue): number {
  const t = new Builder().node(e).type;
  if (t === T_END) throw bad("expression of no type");
  return t;
}
