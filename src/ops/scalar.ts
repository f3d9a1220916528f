/**
 * Scalar operation builders for `operate`: read, write, add, append, prepend, touch, delete.
 * `Operation` is the shape every builder (lists, maps, bits, hll, exp) produces.
 * @module
 */
import { OP_ADD, OP_APPEND, OP_DELETE, OP_PREPEND, OP_READ, OP_TOUCH, OP_WRITE } from "../wire/operations.ts";
import { encodeParticle } from "../wire/particles.ts";
import { Double, type Value } from "../values.ts";

/** One operation of an `operate` call, already encoded for the wire. */
export interface Operation {
  /** Wire op type (`OP_*`). */
  readonly op: number;
  /** Bin name; empty for record-level operations (read all, touch, delete). */
  readonly bin: string;
  /** Particle type of `data`. */
  readonly particleType: number;
  /** Encoded value (particle bytes, or a msgpack CDT/bit/hll/exp call). */
  readonly data: Uint8Array;
  /**
   * The server must return a result for every operation (`INFO2_RESPOND_ALL_OPS`): set by map,
   * bit, HyperLogLog and expression builders, whose results are positional.
   */
  readonly respondAll?: boolean;
}

const EMPTY = new Uint8Array(0);
const NULL_TYPE = 0;

function checkBin(bin: unknown): string {
  if (typeof bin !== "string" || bin.length === 0) {
    throw new TypeError("a bin name must be a non-empty string");
  }
  return bin;
}

function valueOp(op: number, bin: string, value: Value): Operation {
  const { type, bytes } = encodeParticle(value);
  return { op, bin: checkBin(bin), particleType: type, data: bytes };
}

/**
 * Reads one bin, or every bin when `bin` is omitted.
 * @example
 * ```ts
 * import { Client, Key, ops } from "@aerolite/client";
 * const client = await Client.connect({ hosts: "127.0.0.1:3000" });
 * const key = new Key("test", "demo", "user:1");
 * await client.operate(key, [ops.add("n", 1), ops.read("n")]);
 * ```
 */
export function read(bin?: string): Operation {
  if (bin === undefined) return { op: OP_READ, bin: "", particleType: NULL_TYPE, data: EMPTY };
  return { op: OP_READ, bin: checkBin(bin), particleType: NULL_TYPE, data: EMPTY };
}

/**
 * Writes a bin; `null` removes it.
 * @example
 * ```ts
 * import { Client, Key, ops } from "@aerolite/client";
 * const client = await Client.connect({ hosts: "127.0.0.1:3000" });
 * const key = new Key("test", "demo", "user:1");
 * await client.operate(key, [ops.write("name", "Ada")]);
 * ```
 */
export function write(bin: string, value: Value): Operation {
  return valueOp(OP_WRITE, bin, value);
}

/**
 * Adds to an integer or float bin (creating it when missing).
 * @example
 * ```ts
 * import { Client, Key, ops } from "@aerolite/client";
 * const client = await Client.connect({ hosts: "127.0.0.1:3000" });
 * const key = new Key("test", "demo", "user:1");
 * await client.operate(key, [ops.add("visits", 1)]);
 * ```
 */
export function add(bin: string, value: number | bigint | Double): Operation {
  if (typeof value !== "number" && typeof value !== "bigint" && !(value instanceof Double)) {
    throw new TypeError("add() takes a number, bigint or Double");
  }
  return valueOp(OP_ADD, bin, value);
}

/**
 * Appends to a string or blob bin.
 * @example
 * ```ts
 * import { Client, Key, ops } from "@aerolite/client";
 * const client = await Client.connect({ hosts: "127.0.0.1:3000" });
 * const key = new Key("test", "demo", "user:1");
 * await client.operate(key, [ops.append("log", "!")]);
 * ```
 */
export function append(bin: string, value: string | Uint8Array): Operation {
  if (typeof value !== "string" && !(value instanceof Uint8Array)) {
    throw new TypeError("append() takes a string or Uint8Array");
  }
  return valueOp(OP_APPEND, bin, value);
}

/**
 * Prepends to a string or blob bin.
 * @example
 * ```ts
 * import { Client, Key, ops } from "@aerolite/client";
 * const client = await Client.connect({ hosts: "127.0.0.1:3000" });
 * const key = new Key("test", "demo", "user:1");
 * await client.operate(key, [ops.prepend("path", "/root")]);
 * ```
 */
export function prepend(bin: string, value: string | Uint8Array): Operation {
  if (typeof value !== "string" && !(value instanceof Uint8Array)) {
    throw new TypeError("prepend() takes a string or Uint8Array");
  }
  return valueOp(OP_PREPEND, bin, value);
}

/**
 * Resets the record's ttl (from the write policy's `ttl`) and bumps its generation.
 * @example
 * ```ts
 * import { Client, Key, ops } from "@aerolite/client";
 * const client = await Client.connect({ hosts: "127.0.0.1:3000" });
 * const key = new Key("test", "demo", "user:1");
 * await client.operate(key, [ops.touch()], { ttl: 600 });
 * ```
 */
export function touch(): Operation {
  return { op: OP_TOUCH, bin: "", particleType: NULL_TYPE, data: EMPTY };
}

/**
 * Deletes the whole record (later operations in the same call see no bins).
 * @example
 * ```ts
 * import { Client, Key, ops } from "@aerolite/client";
 * const client = await Client.connect({ hosts: "127.0.0.1:3000" });
 * const key = new Key("test", "demo", "user:1");
 * await client.operate(key, [ops.read("n"), ops.delete()]);
 * ```
 */
function deleteRecord(): Operation {
  return { op: OP_DELETE, bin: "", particleType: NULL_TYPE, data: EMPTY };
}
export { deleteRecord as delete };
export { modifyByPath, selectByPath } from "./path_ops.ts";
