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
import { removeBin, type StoredBin } from "../store.ts";
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

/** GeoJSON: its add/append/prepend answer -1, i.e. SERVER_ERROR, on a node. */
const PARTICLE_TYPE_GEOJSON = 23;

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

/** Bytes of `s` in UTF-8 as `TextEncoder` writes it (a lone surrogate becomes U+FFFD, 3 bytes). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/** Whether an operation may store its value bytes in a bin (so they must be owned by the store). */
export function storesValue(op: number): boolean {
  return op === OP_WRITE || op === OP_ADD || op === OP_APPEND || op === OP_PREPEND;
}

/** Scalar particles, stored as sent (the others go through storedParticle's checks). */
function scalarParticle(type: number): boolean {
  return type >= PARTICLE_TYPE_INTEGER && type <= PARTICLE_TYPE_BLOB;
}

/**
 * Applies one write operation to `bins` in place. Returns OK, a server result code, or "touch"
 * for OP_TOUCH (which changes no bin but needs an existing record). `owned`, when given, is a
 * copy of `op.data` the store may keep (the caller copied every op's value into one buffer, one
 * allocation instead of one per bin); without it the value is copied here.
 * @example
 * ```ts
 * import { OP_ADD } from "../../src/wire/operations.ts";
 * import type { StoredBin } from "../store.ts";
 * declare const bins: Map<string, StoredBin>;
 * const data = new TextEncoder().encode("x");
 * applyWriteOp(bins, { op: OP_ADD, particleType: 3, name: "s", data }); // 4: add takes numbers only
 * ```
 */
export function applyWriteOp(bins: Map<string, StoredBin>, op: Op, owned?: Uint8Array): number | "touch" {
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
  // At most 3 UTF-8 bytes per UTF-16 unit: short names need no counting.
  if (op.name.length * 3 > BIN_NAME_MAX && utf8Length(op.name) > BIN_NAME_MAX) {
    return ResultCode.BIN_NAME_TOO_LONG;
  }
  const bin = bins.get(op.name);
  if (op.op === OP_WRITE) {
    if (op.particleType === PARTICLE_TYPE_NULL) removeBin(bins, op.name);
    else {
      // HLL and GeoJSON values are checked (4 / 160) and GeoJSON gets its S2 cells, as a node does.
      const p = owned !== undefined && scalarParticle(op.particleType)
        ? { type: op.particleType, data: owned }
        : storedParticle(op.particleType, op.data);
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
      bins.set(op.name, { type: op.particleType, data: owned ?? op.data.slice() });
      return ResultCode.OK;
    }
    if (bin.type === PARTICLE_TYPE_GEOJSON) return ResultCode.SERVER_ERROR; // geojson_incr_from_wire: -1
    if (bin.type !== op.particleType) return ResultCode.BIN_TYPE_ERROR;
    bins.set(op.name, add(bin, op));
    return ResultCode.OK;
  }
  // Append / prepend.
  if (op.particleType !== PARTICLE_TYPE_STRING && op.particleType !== PARTICLE_TYPE_BLOB) {
    return ResultCode.PARAMETER_ERROR;
  }
  if (bin === undefined) {
    bins.set(op.name, { type: op.particleType, data: owned ?? op.data.slice() });
    return ResultCode.OK;
  }
  if (bin.type === PARTICLE_TYPE_GEOJSON) return ResultCode.SERVER_ERROR; // geojson concat: -1
  if (bin.type !== op.particleType) return ResultCode.BIN_TYPE_ERROR;
  const data = op.op === OP_APPEND ? concat(bin.data, op.data) : concat(op.data, bin.data);
  bins.set(op.name, { type: bin.type, data });
  return ResultCode.OK;
}
