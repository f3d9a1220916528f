/**
 * MessagePack for CDT values (lists, maps and their contents) with Aerospike's conventions:
 * strings, blobs and GeoJSON travel in the msgpack str family with a leading particle-type byte
 * (3, 4, 23); a map's first entry may be an ext "flags" key (`c7 00 <flags>`) with a nil value; the
 * special values wildcard and infinity are the ext values `d4 ff 00` and `d4 ff 01`.
 * @module
 */

export {
  AS_BYTES_BLOB,
  AS_BYTES_GEOJSON,
  AS_BYTES_STRING,
  CMP_EXT_TYPE,
  CMP_INF,
  CMP_WILDCARD,
  compareMapKeys,
  MAP_KEY_ORDERED,
  MAP_KEY_VALUE_ORDERED,
  MSGPACK_MAX_DEPTH,
} from "./msgpack_format.ts";
export { MsgPackWriter, packValue } from "./msgpack_writer.ts";
export { MsgPackReader, unpackValue } from "./msgpack_reader.ts";
