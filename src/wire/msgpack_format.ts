/**
 * Aerospike's msgpack dialect, shared by the writer and the reader: the particle-type byte that
 * leads strings, blobs and GeoJSON inside the str family, the map-flags ext, the comparison
 * specials, and the order the server keeps map keys in.
 * @module
 */

import type { Value } from "./values.ts";

/** Deepest nesting of lists/maps accepted when encoding or decoding (a depth bomb guard). */
export const MSGPACK_MAX_DEPTH = 256;
/** Leading byte of a string inside msgpack (`AS_BYTES_STRING`). */
export const AS_BYTES_STRING = 3;
/** Leading byte of a blob inside msgpack (`AS_BYTES_BLOB`). */
export const AS_BYTES_BLOB = 4;
/** Leading byte of GeoJSON text inside msgpack (`AS_BYTES_GEOJSON`). */
export const AS_BYTES_GEOJSON = 23;
/** Map flags: key ordered (`AS_MAP_KEY_ORDERED`). */
export const MAP_KEY_ORDERED = 1;
/** Map flags: key and value ordered (`AS_MAP_KEY_VALUE_ORDERED`). */
export const MAP_KEY_VALUE_ORDERED = 3;
/** Ext type the server uses for comparison specials (`AS_CMP_EXT_TYPE`). */
export const CMP_EXT_TYPE = 0xff;
/** Ext payload of the wildcard special (`AS_CMP_WILDCARD`). */
export const CMP_WILDCARD = 0;
/** Ext payload of the infinity special (`AS_CMP_INF`). */
export const CMP_INF = 1;

/** Compares two strings in UTF-8 byte order (the server's order), which differs from UTF-16 order. */
export function utf8Compare(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (U+D800-DFFF) encode code points above U+FFFF: in UTF-8 they sort after U+E000-FFFF.
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}

function bytesCompare(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** Rank of a map key's type in the server's order: integer < string < bytes (it refuses other key types). */
function keyRank(v: Value): number {
  const t = typeof v;
  return t === "number" || t === "bigint" ? 0 : t === "string" ? 1 : v instanceof Uint8Array ? 2 : 3;
}

/**
 * Orders map keys as the server does: integers numerically, then strings in UTF-8 byte order, then
 * blobs bytewise. Used to sort the entries of key-ordered maps.
 */
export function compareMapKeys(a: Value, b: Value): number {
  const r = keyRank(a);
  if (r !== keyRank(b)) return r - keyRank(b);
  if (r === 1) return utf8Compare(a as string, b as string);
  if (r === 2) return bytesCompare(a as Uint8Array, b as Uint8Array);
  if (r !== 0) return 0;
  const [x, y] = [a as number | bigint, b as number | bigint];
  return x < y ? -1 : x > y ? 1 : 0;
}
