/**
 * Aerospike expressions: a tree packed as msgpack `[op, ...args]`, used as a policy `filter`, a
 * query `expression`, or in `exp.read`/`exp.write` operations. Each builder packs eagerly, so an
 * `Expression` is just its bytes (and is itself usable where a `{ bytes }` filter is expected).
 * @module
 */
import { MsgPackWriter } from "../wire/msgpack.ts";
import * as C from "../wire/cdt_codes.ts";
import { PARTICLE_TYPE_HLL } from "../wire/particles.ts";
import type { FilterExpression } from "../policy.ts";
import { Double, GeoJSON, HLL, SpecialValue, type Value } from "../values.ts";

/** The value type of an expression, as the server names them (`EXP_TYPE_*`). */
export type ExpType = "nil" | "bool" | "int" | "string" | "list" | "map" | "blob" | "float" | "geo" | "hll";

const EXP_TYPES: Record<ExpType, number> = {
  nil: C.EXP_TYPE_NIL,
  bool: C.EXP_TYPE_BOOL,
  int: C.EXP_TYPE_INT,
  string: C.EXP_TYPE_STRING,
  list: C.EXP_TYPE_LIST,
  map: C.EXP_TYPE_MAP,
  blob: C.EXP_TYPE_BLOB,
  float: C.EXP_TYPE_FLOAT,
  geo: C.EXP_TYPE_GEO,
  hll: C.EXP_TYPE_HLL,
};

/** The wire code of an expression type. */
export function expTypeCode(t: ExpType): number {
  if (!Object.hasOwn(EXP_TYPES, t)) throw new TypeError(`unknown expression type ${JSON.stringify(t)}`);
  return EXP_TYPES[t];
}

/** A packed expression. Build with the `exp.*` functions; pass to a policy's `filter` directly or via `exp.build`. */
export class Expression implements FilterExpression {
  /** The expression as msgpack. */
  readonly bytes: Uint8Array;
  /** Wraps packed bytes (use the `exp.*` builders instead). */
  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }
}

/**
 * The wire form of an expression for a policy `filter` or a query `expression`.
 * @example
 * ```ts
 * import { Client, Key, exp } from "@aerolite/client";
 * const client = await Client.connect({ hosts: "127.0.0.1:3000" });
 * const key = new Key("test", "demo", "user:1");
 * await client.get(key, undefined, { filter: exp.build(exp.gt(exp.intBin("n"), exp.int(100))) });
 * ```
 */
export function build(e: Expression): FilterExpression {
  return Object.freeze({ bytes: checkExp(e, "build()").bytes });
}

/** Throws unless `e` is an `Expression`. */
export function checkExp(e: unknown, where: string): Expression {
  if (!(e instanceof Expression)) throw new TypeError(`${where} takes expressions built with exp.*`);
  return e;
}

/** Packs with a fresh writer. */
export function packed(fn: (w: MsgPackWriter) => void): Expression {
  const w = new MsgPackWriter(64);
  fn(w);
  return new Expression(w.toBytes());
}

/** `[op, ...args]` */
export function node(op: number, args: readonly Expression[], where: string): Expression {
  return packed((w) => {
    w.packArrayHeader(args.length + 1);
    w.packInt(op);
    for (const a of args) w.writeBytes(checkExp(a, where).bytes);
  });
}

/**
 * An integer constant.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.eq(exp.intBin("n"), exp.int(7));
 * ```
 */
export function int(v: number | bigint): Expression {
  if (typeof v === "number" && !Number.isSafeInteger(v)) {
    throw new TypeError("exp.int() takes a safe integer");
  }
  if (typeof v !== "number" && typeof v !== "bigint") {
    throw new TypeError("exp.int() takes a number or bigint");
  }
  return packed((w) => w.packInt(v));
}

/**
 * A float constant.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.gt(exp.floatBin("price"), exp.float(9.5));
 * ```
 */
export function float(v: number): Expression {
  if (typeof v !== "number") throw new TypeError("exp.float() takes a number");
  return packed((w) => w.packDouble(v));
}

/**
 * A string constant.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.eq(exp.strBin("tag"), exp.str("even"));
 * ```
 */
export function str(v: string): Expression {
  if (typeof v !== "string") throw new TypeError("exp.str() takes a string");
  return packed((w) => w.packString(v));
}

/**
 * A boolean constant.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.eq(exp.boolBin("flag"), exp.bool(true));
 * ```
 */
export function bool(v: boolean): Expression {
  if (typeof v !== "boolean") throw new TypeError("exp.bool() takes a boolean");
  return packed((w) => w.packBool(v));
}

/**
 * A blob constant.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.eq(exp.blobBin("b"), exp.blob(new Uint8Array([1, 2])));
 * ```
 */
export function blob(v: Uint8Array): Expression {
  if (!(v instanceof Uint8Array)) throw new TypeError("exp.blob() takes a Uint8Array");
  return packed((w) => w.packBlob(v));
}

/**
 * The nil constant.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.eq(exp.intBin("n"), exp.nil());
 * ```
 */
export function nil(): Expression {
  return packed((w) => w.packNil());
}

/**
 * A GeoJSON constant.
 * @example
 * ```ts
 * import { GeoJSON, exp } from "@aerolite/client";
 * exp.geoCompare(exp.geoBin("loc"), exp.geo(GeoJSON.circle(-122, 37, 1000)));
 * ```
 */
export function geo(v: GeoJSON | string): Expression {
  const text = v instanceof GeoJSON ? v.text : v;
  if (typeof text !== "string") throw new TypeError("exp.geo() takes a GeoJSON or its text");
  return packed((w) => w.packGeoJSON(text));
}

/**
 * A list constant (quoted, so the server does not read it as a call).
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.eq(exp.listBin("l"), exp.list([1, 2]));
 * ```
 */
export function list(v: Value[]): Expression {
  if (!Array.isArray(v)) throw new TypeError("exp.list() takes an array");
  return packed((w) => {
    w.packArrayHeader(2);
    w.packInt(C.EXP_QUOTED);
    w.packValue(v);
  });
}

/**
 * A map constant (a plain object goes key-ordered, as the official client sends it).
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.eq(exp.mapBin("m"), exp.map({ a: 1 }));
 * ```
 */
export function map(v: Map<Value, Value> | { [key: string]: Value }): Expression {
  if (v === null || typeof v !== "object" || Array.isArray(v) || v instanceof Uint8Array) {
    throw new TypeError("exp.map() takes a plain object or a Map");
  }
  return packed((w) => w.packValue(v));
}

/**
 * +infinity, for open-ended ranges in list/map expressions.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.infinity();
 * ```
 */
export function infinity(): Expression {
  return packed((w) => w.packSpecial(SpecialValue.INFINITY));
}

/**
 * The wildcard, matching any value in list/map expressions.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.wildcard();
 * ```
 */
export function wildcard(): Expression {
  return packed((w) => w.packSpecial(SpecialValue.WILDCARD));
}

/** An expression as is, or a plain value as the matching constant (arrays quoted as lists). */
export function toExp(v: Expression | Value, where: string): Expression {
  if (v instanceof Expression) return v;
  if (v === undefined) throw new TypeError(`${where}: undefined is not a value`);
  if (typeof v === "number") return Number.isSafeInteger(v) ? int(v) : float(v);
  if (Array.isArray(v)) return list(v);
  if (v instanceof Double) return float(v.value);
  if (v instanceof HLL) return packed((w) => w.packBlob(v.bytes, PARTICLE_TYPE_HLL));
  return packed((w) => w.packValue(v));
}
