/**
 * Scalar write operations on a record's bins (write, add, append, prepend, touch, delete) with
 * the server's result rules: add needs an integer or float of the bin's own type, append and
 * prepend a string or blob of the bin's own type, anything else is BIN_TYPE_ERROR (12) or
 * PARAMETER_ERROR (4). Writing a NULL particle removes the bin.
 * @module
 */
import {
  type Op,
  OP_ADD,
  OP_APPEND,
  OP_DELETE,
  OP_PREPEND,
  OP_TOUCH,
  OP_WRITE,
} from "../../src/wire/operations.ts";
import { ResultCode } from "../../src/wire/result_code.ts";
import type { StoredBin } from "../store.ts";
import { storedParticle } from "../cdt/particle.ts";

/** No value (`AS_PARTICLE_TYPE_NULL`): in a write, removes the bin. */
export const PARTICLE_TYPE_NULL = 0;
/** 8-byte big-endian signed integer. */
export const PARTICLE_TYPE_INTEGER = 1;
/** 8-byte big-endian IEEE double. */
export const PARTICLE_TYPE_FLOAT = 2;
/** UTF-8 string. */
export const PARTICLE_TYPE_STRING = 3;
/** Bytes. */
export const PARTICLE_TYPE_BLOB = 4;

/** Longest bin name the server accepts. */
export const BIN_NAME_MAX = 15;

function add(bin: StoredBin, op: Op): StoredBin {
  const a = new DataView(bin.data.buffer, bin.data.byteOffset, 8);
  const b = new DataView(op.data.buffer, op.data.byteOffset, 8);
  const out = new Uint8Array(8);
  const view = new DataView(out.buffer);
  if (bin.type === PARTICLE_TYPE_INTEGER) {
    // The server adds in int64 and wraps around.
    view.setBigInt64(0, BigInt.asIntN(64, a.getBigInt64(0) + b.getBigInt64(0)));
  } else {
    view.setFloat64(0, a.getFloat64(0) + b.getFloat64(0));
  }
  return { type: bin.type, data: out };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/**
 * Applies one write operation to `bins` in place. Returns OK, a server result code, or "touch"
 * for OP_TOUCH (which changes no bin but needs an existing record).
 * @example
 * ```ts
 * applyWriteOp(bins, { op: OP_ADD, particleType: 3, name: "s", data }); // 4: add takes numbers only
 * ```
 */
export function applyWriteOp(bins: Map<string, StoredBin>, op: Op): number | "touch" {
  switch (op.op) {
    case OP_TOUCH:
      return "touch";
    case OP_DELETE:
      bins.clear();
      return ResultCode.OK;
    case OP_WRITE:
    case OP_ADD:
    case OP_APPEND:
    case OP_PREPEND:
      break;
    default:
      // CDT, bit, HLL and expression ops go through kv_complex.ts; anything else is unknown.
      return ResultCode.UNSUPPORTED_FEATURE;
  }
  if (op.name.length === 0) return ResultCode.PARAMETER_ERROR;
  if (new TextEncoder().encode(op.name).length > BIN_NAME_MAX) return ResultCode.BIN_NAME_TOO_LONG;
  const bin = bins.get(op.name);
  if (op.op === OP_WRITE) {
    if (op.particleType === PARTICLE_TYPE_NULL) bins.delete(op.name);
    else {
      // HLL and GeoJSON values are checked (4 / 160) and GeoJSON gets its S2 cells, as a node does.
      const p = storedParticle(op.particleType, op.data);
      if (typeof p === "number") return p;
      bins.set(op.name, p);
    }
    return ResultCode.OK;
  }
  if (op.op === OP_ADD) {
    if (op.particleType !== PARTICLE_TYPE_INTEGER && op.particleType !== PARTICLE_TYPE_FLOAT) {
      return ResultCode.PARAMETER_ERROR;
    }
    if (op.data.length !== 8) return ResultCode.PARAMETER_ERROR;
    if (bin === undefined) {
      bins.set(op.name, { type: op.particleType, data: op.data.slice() });
      return ResultCode.OK;
    }
    if (bin.type !== op.particleType) return ResultCode.BIN_TYPE_ERROR;
    bins.set(op.name, add(bin, op));
    return ResultCode.OK;
  }
  // Append / prepend.
  if (op.particleType !== PARTICLE_TYPE_STRING && op.particleType !== PARTICLE_TYPE_BLOB) {
    return ResultCode.PARAMETER_ERROR;
  }
  if (bin === undefined) {
    bins.set(op.name, { type: op.particleType, data: op.data.slice() });
    return ResultCode.OK;
  }
  if (bin.type !== op.particleType) return ResultCode.BIN_TYPE_ERROR;
  const data = op.op === OP_APPEND ? concat(bin.data, op.data) : concat(op.data, bin.data);
  bins.set(op.name, { type: bin.type, data });
  return ResultCode.OK;
}
