/**
 * Message fields: `u32 size (type byte included), u8 type, data`. Type ids as the server names
 * them (`AS_MSG_FIELD_TYPE_*`).
 * @module
 */

/** Namespace name (`AS_MSG_FIELD_TYPE_NAMESPACE`). */
export const FIELD_NAMESPACE = 0;
/** Set name (`AS_MSG_FIELD_TYPE_SET`). */
export const FIELD_SET = 1;
/** User key: particle type byte then key bytes (`AS_MSG_FIELD_TYPE_KEY`). */
export const FIELD_KEY = 2;
/** A record's 7-byte version in a transaction (`AS_MSG_FIELD_TYPE_RECORD_VERSION`). */
export const FIELD_RECORD_VERSION = 3;
/** 20-byte RIPEMD-160 digest (`AS_MSG_FIELD_TYPE_DIGEST_RIPE`). */
export const FIELD_DIGEST = 4;
/** Multi-record transaction id (`AS_MSG_FIELD_TYPE_MRT_ID`). */
export const FIELD_MRT_ID = 5;
/** Multi-record transaction deadline (`AS_MSG_FIELD_TYPE_MRT_DEADLINE`). */
export const FIELD_MRT_DEADLINE = 6;
/** Transaction (query/scan job) id, u64 (`AS_MSG_FIELD_TYPE_TRID`). */
export const FIELD_TRAN_ID = 7;
/** Legacy scan options (`AS_MSG_FIELD_TYPE_SCAN_OPTIONS`). */
export const FIELD_SCAN_OPTIONS = 8;
/** Scan/query socket timeout in ms, u32 (`AS_MSG_FIELD_TYPE_SOCKET_TIMEOUT`). */
export const FIELD_SOCKET_TIMEOUT = 9;
/** Records-per-second throttle, u32 (`AS_MSG_FIELD_TYPE_RECS_PER_SEC`). */
export const FIELD_RECORDS_PER_SECOND = 10;
/** Partition ids, u16 little-endian each (`AS_MSG_FIELD_TYPE_PID_ARRAY`). */
export const FIELD_PID_ARRAY = 11;
/** Resume digests, 20 bytes each (`AS_MSG_FIELD_TYPE_DIGEST_ARRAY`). */
export const FIELD_DIGEST_ARRAY = 12;
/** Max records to return, u64 (`AS_MSG_FIELD_TYPE_SAMPLE_MAX`). */
export const FIELD_MAX_RECORDS = 13;
/** Resume bin values for a query, per partition (`AS_MSG_FIELD_TYPE_BVAL_ARRAY`). */
export const FIELD_BVAL_ARRAY = 15;
/** Secondary index name (`AS_MSG_FIELD_TYPE_INDEX_NAME`). */
export const FIELD_INDEX_NAME = 21;
/** Secondary index filter range (`AS_MSG_FIELD_TYPE_INDEX_RANGE`). */
export const FIELD_INDEX_RANGE = 22;
/** CDT context of a secondary index (`AS_MSG_FIELD_TYPE_INDEX_CONTEXT`). */
export const FIELD_INDEX_CONTEXT = 23;
/** Expression of an expression index, packed (`AS_MSG_FIELD_TYPE_INDEX_EXPRESSION`, server 8.1). */
export const FIELD_INDEX_EXPRESSION = 24;
/** Secondary index collection type (`AS_MSG_FIELD_TYPE_INDEX_TYPE`). */
export const FIELD_INDEX_TYPE = 26;
/** UDF module name (`AS_MSG_FIELD_TYPE_UDF_FILENAME`). */
export const FIELD_UDF_PACKAGE_NAME = 30;
/** UDF function name (`AS_MSG_FIELD_TYPE_UDF_FUNCTION`). */
export const FIELD_UDF_FUNCTION = 31;
/** UDF arguments, a msgpack list (`AS_MSG_FIELD_TYPE_UDF_ARGLIST`). */
export const FIELD_UDF_ARGLIST = 32;
/** UDF operation kind (`AS_MSG_FIELD_TYPE_UDF_OP`). */
export const FIELD_UDF_OP = 33;
/** Query bin list (`AS_MSG_FIELD_TYPE_QUERY_BINLIST`). */
export const FIELD_QUERY_BINLIST = 40;
/** Batch index request (`AS_MSG_FIELD_TYPE_BATCH`). */
export const FIELD_BATCH_INDEX = 41;
/** Legacy batch index request with set names (`AS_MSG_FIELD_TYPE_BATCH_WITH_SET`). */
export const FIELD_BATCH_INDEX_WITH_SET = 42;
/** Filter expression, msgpack (`AS_MSG_FIELD_TYPE_PREDEXP`). */
export const FIELD_FILTER_EXP = 43;

/** Bytes a field adds before its data: u32 size + u8 type. */
export const FIELD_HEADER_SIZE = 5;

/** One decoded or to-be-encoded field. */
export interface Field {
  /** One of the `FIELD_*` ids. */
  type: number;
  /** The field's data (without the 5-byte field header). */
  data: Uint8Array;
}

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder("utf-8", { fatal: false });

/** A field holding UTF-8 text (namespace, set, index or UDF names). */
export function stringField(type: number, text: string): Field {
  return { type, data: utf8.encode(text) };
}

/** A field holding a big-endian u32 (socket timeout, records per second). */
export function u32Field(type: number, value: number): Field {
  const data = new Uint8Array(4);
  new DataView(data.buffer).setUint32(0, value >>> 0);
  return { type, data };
}

/** A field holding a big-endian u64 (transaction id, max records). */
export function u64Field(type: number, value: number | bigint): Field {
  const data = new Uint8Array(8);
  new DataView(data.buffer).setBigUint64(0, BigInt.asUintN(64, BigInt(value)));
  return { type, data };
}

/** Reads the UTF-8 text of a field. */
export function fieldText(field: Field): string {
  return utf8Decoder.decode(field.data);
}

/** Finds the first field of a type in a list, or undefined. */
export function findField(fields: readonly Field[], type: number): Field | undefined {
  for (const f of fields) if (f.type === type) return f;
  return undefined;
}
