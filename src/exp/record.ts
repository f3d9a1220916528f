/**
 * Expressions that read a record: bins by type, bin existence and type, and metadata (ttl, last
 * update, set name, ...). Bin names are packed as raw msgpack strings, as the server expects.
 * @module
 */
import * as C from "../wire/cdt_codes.ts";
import { PARTICLE_TYPE_NULL } from "../wire/particles.ts";
import { checkBin } from "../ops/cdt_encode.ts";
import { type Expression, type ExpType, expTypeCode, int, node, packed } from "./expression.ts";

/**
 * The value of bin `name`, read as `type`.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.bin("n", "int");
 * ```
 */
export function bin(name: string, type: ExpType): Expression {
  const t = expTypeCode(type);
  checkBin(name);
  return packed((w) => {
    w.packArrayHeader(3);
    w.packInt(C.EXP_BIN);
    w.packInt(t);
    w.packRawString(name);
  });
}

/**
 * An integer bin.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.gt(exp.intBin("n"), exp.int(100));
 * ```
 */
export const intBin = (name: string): Expression => bin(name, "int");
/**
 * A string bin.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.eq(exp.strBin("tag"), exp.str("even"));
 * ```
 */
export const strBin = (name: string): Expression => bin(name, "string");
/**
 * A float bin.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.lt(exp.floatBin("price"), exp.float(10));
 * ```
 */
export const floatBin = (name: string): Expression => bin(name, "float");
/**
 * A blob bin.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.eq(exp.blobBin("b"), exp.blob(new Uint8Array([1])));
 * ```
 */
export const blobBin = (name: string): Expression => bin(name, "blob");
/**
 * A boolean bin.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.eq(exp.boolBin("flag"), exp.bool(true));
 * ```
 */
export const boolBin = (name: string): Expression => bin(name, "bool");
/**
 * A list bin.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.listSize(exp.listBin("l"));
 * ```
 */
export const listBin = (name: string): Expression => bin(name, "list");
/**
 * A map bin.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.mapSize(exp.mapBin("m"));
 * ```
 */
export const mapBin = (name: string): Expression => bin(name, "map");
/**
 * A GeoJSON bin.
 * @example
 * ```ts
 * import { exp, GeoJSON } from "@aerolite/client";
 * const region = new GeoJSON({ type: "Polygon", coordinates: [[[0, 0], [0, 1], [1, 1], [0, 0]]] });
 * exp.geoCompare(exp.geoBin("loc"), exp.geo(region));
 * ```
 */
export const geoBin = (name: string): Expression => bin(name, "geo");
/**
 * A HyperLogLog bin.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.hllBin("h");
 * ```
 */
export const hllBin = (name: string): Expression => bin(name, "hll");

/**
 * The particle type of bin `name` (0 when the bin does not exist).
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.eq(exp.binType("n"), exp.int(1));
 * ```
 */
export function binType(name: string): Expression {
  checkBin(name);
  return packed((w) => {
    w.packArrayHeader(2);
    w.packInt(C.EXP_BIN_TYPE);
    w.packRawString(name);
  });
}

/**
 * True when bin `name` exists (its type is not NULL).
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.binExists("m");
 * ```
 */
export function binExists(name: string): Expression {
  return node(C.EXP_NE, [binType(name), int(PARTICLE_TYPE_NULL)], "binExists()");
}

/**
 * The record's stored user key, read as `type` (needs `sendKey` on write).
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.eq(exp.key("string"), exp.str("user:1"));
 * ```
 */
export function key(type: ExpType): Expression {
  return node(C.EXP_KEY, [int(expTypeCode(type))], "key()");
}

const meta = (op: number) => (): Expression => node(op, [], "metadata");

/**
 * True when the record stores its user key.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.keyExists();
 * ```
 */
export const keyExists: () => Expression = meta(C.EXP_KEY_EXISTS);
/**
 * Seconds until the record expires (-1: never).
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.lt(exp.ttl(), exp.int(0));
 * ```
 */
export const ttl: () => Expression = meta(C.EXP_TTL);
/**
 * Last update time in nanoseconds since the Unix epoch.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.gt(exp.lastUpdate(), exp.int(1_700_000_000_000_000_000n));
 * ```
 */
export const lastUpdate: () => Expression = meta(C.EXP_LAST_UPDATE);
/**
 * Milliseconds since the last update.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.lt(exp.sinceUpdate(), exp.int(60_000));
 * ```
 */
export const sinceUpdate: () => Expression = meta(C.EXP_SINCE_UPDATE);
/**
 * Expiration time in nanoseconds since the Unix epoch (0: never).
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.voidTime();
 * ```
 */
export const voidTime: () => Expression = meta(C.EXP_VOID_TIME);
/**
 * The record's set name.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.eq(exp.setName(), exp.str("demo"));
 * ```
 */
export const setName: () => Expression = meta(C.EXP_SET_NAME);
/**
 * True for a tombstone (durable delete) record.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.isTombstone();
 * ```
 */
export const isTombstone: () => Expression = meta(C.EXP_IS_TOMBSTONE);
/**
 * The record's size in bytes.
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.gt(exp.recordSize(), exp.int(1024));
 * ```
 */
export const recordSize: () => Expression = meta(C.EXP_RECORD_SIZE);
/**
 * The record's storage size on device (older servers).
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.deviceSize();
 * ```
 */
export const deviceSize: () => Expression = meta(C.EXP_DEVICE_SIZE);
/**
 * The record's memory size (older servers).
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.memorySize();
 * ```
 */
export const memorySize: () => Expression = meta(C.EXP_MEMORY_SIZE);

/**
 * The record digest modulo `modulo` (to sample a fraction of records).
 * @example
 * ```ts
 * import { exp } from "@aerolite/client";
 * exp.eq(exp.digestModulo(3), exp.int(0));
 * ```
 */
export function digestModulo(modulo: number): Expression {
  if (!Number.isSafeInteger(modulo) || modulo <= 0) {
    throw new RangeError("digestModulo() takes a positive integer");
  }
  return node(C.EXP_DIGEST_MODULO, [int(modulo)], "digestModulo()");
}
