/**
 * The BATCH_INDEX field (`AS_MSG_FIELD_TYPE_BATCH`): `u32 count, u8 flags`, then per row
 * `u32 index, digest[20], u8 row type` and, unless the row repeats the previous one, the row's
 * attributes (as the row type's bits say), `u16 field count, u16 op count`, fields and ops.
 * @module
 */
import { type Field, FIELD_HEADER_SIZE } from "./fields.ts";
import { type Op, OP_HEADER_SIZE } from "./operations.ts";
import { WireFormatError } from "./proto.ts";
import { DIGEST_SIZE } from "./digest.ts";

/** Batch flag: the server may process the batch inline (`allowInline`). */
export const BATCH_FLAG_ALLOW_INLINE = 0x1;
/** Batch flag: inline processing allowed for SSD namespaces too. */
export const BATCH_FLAG_ALLOW_INLINE_SSD = 0x2;
/** Batch flag: answer every key even after an error (`respondAllKeys`). */
export const BATCH_FLAG_RESPOND_ALL_KEYS = 0x4;

/** Row type bit: the row repeats the previous row's namespace, attributes and ops. */
export const BATCH_MSG_REPEAT = 0x1;
/** Row type bit: info1, info2, info3 bytes follow. */
export const BATCH_MSG_INFO = 0x2;
/** Row type bit: a u16 generation follows. */
export const BATCH_MSG_GEN = 0x4;
/** Row type bit: a u32 ttl follows. */
export const BATCH_MSG_TTL = 0x8;
/** Row type bit: an info4 byte follows. */
export const BATCH_MSG_INFO4 = 0x10;

/** One row of a batch request. `repeat` rows carry only index and digest. */
export interface BatchRow {
  /** The row's position in the caller's key list (echoed in the reply's transaction-ttl field). */
  index: number;
  /** The record digest. */
  digest: Uint8Array;
  /** True when the row reuses the previous row's attributes, fields and ops. */
  repeat: boolean;
  /** Read attributes (`INFO1_*`). */
  info1: number;
  /** Write attributes (`INFO2_*`). */
  info2: number;
  /** Other attributes (`INFO3_*`). */
  info3: number;
  /** Transaction attributes (`INFO4_*`). */
  info4: number;
  /** Leave the ttl out (verify and roll rows of a transaction carry none). */
  noTtl?: boolean;
  /** Leave the generation out even for a write (roll rows of a transaction). */
  noGeneration?: boolean;
  /** Expected generation (with INFO2_GENERATION*). */
  generation: number;
  /** Record ttl for writes. */
  ttl: number;
  /** Fields (namespace, set, key, UDF fields, filter). */
  fields: Field[];
  /** Operations. */
  ops: Op[];
}

/** A decoded batch request field. */
export interface BatchIndex {
  /** `BATCH_FLAG_*` bits. */
  flags: number;
  /** The rows, repeats resolved to the previous row's content. */
  rows: BatchRow[];
}

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder();
function rowType(row: BatchRow): number {
  if (row.repeat) return BATCH_MSG_REPEAT;
  // Writes carry generation and ttl; reads only the info bytes (what the official clients send).
  let t = row.noTtl === true ? BATCH_MSG_INFO : BATCH_MSG_INFO | BATCH_MSG_TTL;
  if (row.info2 !== 0 && row.noGeneration !== true) t |= BATCH_MSG_GEN;
  if (row.info4 !== 0) t |= BATCH_MSG_INFO4;
  return t;
}

/** Encodes the data of a BATCH_INDEX field. */
export function encodeBatchIndex(flags: number, rows: readonly BatchRow[]): Uint8Array {
  return encodeBatchRows(
    flags,
    rows.length,
    (i) => rows[i].index,
    (i) => rows[i].digest,
    (i) => rows[i].repeat ? undefined : rows[i],
  );
}

/**
 * Encodes the data of a BATCH_INDEX field of `count` rows read through accessors, so a caller
 * needs no row object for a repeat row (most rows of a batch): `full(i)` is the row's content,
 * or undefined when row `i` repeats the previous one (row 0 never does). Each accessor is called
 * at most twice per row and must answer the same each time.
 */
export function encodeBatchRows(
  flags: number,
  count: number,
  indexOf: (i: number) => number,
  digestOf: (i: number) => Uint8Array,
  full: (i: number) => BatchRow | undefined,
): Uint8Array {
  // Bin names of the full rows with operations, in row order.
  const names: Uint8Array[][] = [];
  let size = 5 + count * (4 + DIGEST_SIZE + 1);
  for (let i = 0; i < count; i++) {
    const r = full(i);
    if (r === undefined) continue;
    const t = rowType(r);
    size += (t & BATCH_MSG_INFO ? 3 : 0) + (t & BATCH_MSG_INFO4 ? 1 : 0) + (t & BATCH_MSG_GEN ? 2 : 0) +
      (t & BATCH_MSG_TTL ? 4 : 0) + 4;
    for (const f of r.fields) size += FIELD_HEADER_SIZE + f.data.length;
    if (r.ops.length === 0) continue;
    const rowNames = r.ops.map((o) => utf8.encode(o.name));
    names.push(rowNames);
    for (let j = 0; j < r.ops.length; j++) size += OP_HEADER_SIZE + rowNames[j].length + r.ops[j].data.length;
  }
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, count);
  out[4] = flags;
  let at = 5;
  let named = 0;
  for (let i = 0; i < count; i++) {
    const digest = digestOf(i);
    if (digest.length !== DIGEST_SIZE) throw new WireFormatError("batch row digest must be 20 bytes");
    view.setUint32(at, indexOf(i));
    out.set(digest, at + 4);
    at += 4 + DIGEST_SIZE;
    const r = full(i);
    if (r === undefined) {
      out[at++] = BATCH_MSG_REPEAT;
      continue;
    }
    const t = rowType(r);
    out[at++] = t;
    if (t & BATCH_MSG_INFO) {
      out[at++] = r.info1;
      out[at++] = r.info2;
      out[at++] = r.info3;
    }
    if (t & BATCH_MSG_INFO4) out[at++] = r.info4;
    if (t & BATCH_MSG_GEN) {
      view.setUint16(at, r.generation);
      at += 2;
    }
    if (t & BATCH_MSG_TTL) {
      view.setUint32(at, r.ttl >>> 0);
      at += 4;
    }
    view.setUint16(at, r.fields.length);
    view.setUint16(at + 2, r.ops.length);
    at += 4;
    for (const f of r.fields) {
      view.setUint32(at, f.data.length + 1);
      out[at + 4] = f.type;
      out.set(f.data, at + FIELD_HEADER_SIZE);
      at += FIELD_HEADER_SIZE + f.data.length;
    }
    if (r.ops.length === 0) continue;
    const rowNames = names[named++];
    for (let j = 0; j < r.ops.length; j++) {
      const op = r.ops[j];
      const name = rowNames[j];
      view.setUint32(at, 4 + name.length + op.data.length);
      out[at + 4] = op.op;
      out[at + 5] = op.particleType;
      out[at + 6] = 0;
      out[at + 7] = name.length;
      out.set(name, at + OP_HEADER_SIZE);
      out.set(op.data, at + OP_HEADER_SIZE + name.length);
      at += OP_HEADER_SIZE + name.length + op.data.length;
    }
  }
  return out;
}

/** Decodes the data of a BATCH_INDEX field; repeat rows get the previous row's content. */
export function decodeBatchIndex(data: Uint8Array, maxRows = 1_000_000): BatchIndex {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const need = (at: number, n: number): void => {
    if (at + n > data.length) throw new WireFormatError("truncated batch index field");
  };
  need(0, 5);
  const count = view.getUint32(0);
  if (count > maxRows) throw new WireFormatError(`batch of ${count} rows exceeds ${maxRows}`);
  const flags = data[4];
  const rows: BatchRow[] = [];
  let at = 5;
  let prev: BatchRow | undefined;
  for (let i = 0; i < count; i++) {
    need(at, 4 + DIGEST_SIZE + 1);
    const index = view.getUint32(at);
    const digest = data.subarray(at + 4, at + 4 + DIGEST_SIZE);
    at += 4 + DIGEST_SIZE;
    const t = data[at++];
    if (t & BATCH_MSG_REPEAT) {
      if (!prev) throw new WireFormatError("first batch row cannot repeat a previous row");
      rows.push({ ...prev, index, digest, repeat: true });
      continue;
    }
    const row: BatchRow = {
      index,
      digest,
      repeat: false,
      info1: 0,
      info2: 0,
      info3: 0,
      info4: 0,
      generation: 0,
      ttl: 0,
      fields: [],
      ops: [],
    };
    if (t & BATCH_MSG_INFO) {
      need(at, 3);
      row.info1 = data[at];
      row.info2 = data[at + 1];
      row.info3 = data[at + 2];
      at += 3;
    } else {
      // Old-style read row (BATCH_MSG_READ): a single info1 byte.
      need(at, 1);
      row.info1 = data[at++];
    }
    if (t & BATCH_MSG_INFO4) {
      need(at, 1);
      row.info4 = data[at++];
    }
    if (t & BATCH_MSG_GEN) {
      need(at, 2);
      row.generation = view.getUint16(at);
      at += 2;
    }
    if (t & BATCH_MSG_TTL) {
      need(at, 4);
      row.ttl = view.getUint32(at);
      at += 4;
    }
    need(at, 4);
    const fieldCount = view.getUint16(at);
    const opCount = view.getUint16(at + 2);
    at += 4;
    for (let j = 0; j < fieldCount; j++) {
      need(at, FIELD_HEADER_SIZE);
      const size = view.getUint32(at);
      if (size < 1) throw new WireFormatError("batch field of size 0");
      need(at, 4 + size);
      row.fields.push({ type: data[at + 4], data: data.subarray(at + FIELD_HEADER_SIZE, at + 4 + size) });
      at += 4 + size;
    }
    for (let j = 0; j < opCount; j++) {
      need(at, OP_HEADER_SIZE);
      const size = view.getUint32(at);
      const nameLength = data[at + 7];
      if (size < 4 + nameLength) throw new WireFormatError("batch operation size too small");
      need(at, 4 + size);
      const nameStart = at + OP_HEADER_SIZE;
      row.ops.push({
        op: data[at + 4],
        particleType: data[at + 5],
        name: utf8Decoder.decode(data.subarray(nameStart, nameStart + nameLength)),
        data: data.subarray(nameStart + nameLength, at + 4 + size),
      });
      at += 4 + size;
    }
    rows.push(row);
    prev = row;
  }
  if (at !== data.length) throw new WireFormatError(`${data.length - at} stray bytes after the batch rows`);
  return { flags, rows };
}
