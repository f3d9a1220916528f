/**
 * Values as they cross between Lua and the host: the types a node keeps (integer vs float, string
 * vs blob vs GeoJSON, list and map flags), structurally the same as the mock's CDT values, plus
 * the msgpack form the wire carries them in (aggregation results are msgpack particles).
 * @module
 */
import { MsgPackWriter } from "../wire/msgpack.ts";

/** A value crossing the Lua boundary. */
export type LuaVal =
  | { k: "nil"; raw?: Uint8Array }
  | { k: "bool"; v: boolean; raw?: Uint8Array }
  | { k: "int"; v: bigint; raw?: Uint8Array }
  | { k: "float"; v: number; raw?: Uint8Array }
  | { k: "bytes"; t: number; v: Uint8Array; raw?: Uint8Array }
  | { k: "list"; items: LuaVal[]; flags: number }
  | { k: "map"; entries: [LuaVal, LuaVal][]; flags: number }
  | { k: "wild"; raw?: Uint8Array }
  | { k: "inf"; raw?: Uint8Array };

/** String particle type inside msgpack (`AS_BYTES_STRING`). */
export const LUA_BYTES_STRING = 3;
/** GeoJSON particle type inside msgpack (`AS_BYTES_GEOJSON`). */
export const LUA_BYTES_GEOJSON = 23;

const utf8 = new TextEncoder();

/** A string value. */
export function luaString(s: string): LuaVal {
  return { k: "bytes", t: LUA_BYTES_STRING, v: utf8.encode(s) };
}

/** Packs a value as msgpack the way a node packs it. */
export function packLuaVal(w: MsgPackWriter, v: LuaVal): void {
  switch (v.k) {
    case "nil":
    case "wild":
    case "inf":
      return w.packNil();
    case "bool":
      return w.packBool(v.v);
    case "int":
      return w.packInt(v.v);
    case "float":
      return w.packDouble(v.v);
    case "bytes":
      return w.packBlob(v.v, v.t);
    case "list":
      w.packArrayHeader(v.items.length);
      for (const item of v.items) packLuaVal(w, item);
      return;
    case "map":
      w.packMapHeaderWithFlags(v.entries.length, v.flags);
      for (const [key, val] of v.entries) {
        packLuaVal(w, key);
        packLuaVal(w, val);
      }
  }
}

/** The msgpack bytes of a value. */
export function encodeLuaVal(v: LuaVal): Uint8Array {
  const w = new MsgPackWriter(64);
  packLuaVal(w, v);
  return w.toBytes();
}

/** Reads msgpack (Aerospike's conventions) into values; throws RangeError on malformed input. */
export function decodeLuaVal(b: Uint8Array): LuaVal {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let pos = 0;
  const take = (n: number): number => {
    if (pos + n > b.length) throw new RangeError("truncated msgpack");
    pos += n;
    return pos - n;
  };
  const len = (size: number): number => {
    const at = take(size);
    return size === 1 ? b[at] : size === 2 ? view.getUint16(at) : view.getUint32(at);
  };
  const bytes = (n: number): LuaVal => {
    const at = take(n);
    if (n === 0) return { k: "bytes", t: LUA_BYTES_STRING, v: new Uint8Array(0) };
    return { k: "bytes", t: b[at], v: b.slice(at + 1, at + n) };
  };
  const flagsExt = (): number => {
    if (pos + 3 <= b.length && b[pos] === 0xc7 && b[pos + 1] === 0) {
      pos += 3;
      return b[pos - 1];
    }
    return -1;
  };
  const read = (depth: number): LuaVal => {
    if (depth > 64) throw new RangeError("msgpack nested too deep");
    const c = b[take(1)];
    if (c < 0x80) return { k: "int", v: BigInt(c) };
    if (c >= 0xe0) return { k: "int", v: BigInt(c - 256) };
    if (c < 0x90 || c === 0xde || c === 0xdf) {
      let n = c < 0x90 ? c & 0x0f : len(c === 0xde ? 2 : 4);
      let flags = 0;
      if (n > 0) {
        const f = flagsExt();
        if (f >= 0) {
          flags = f;
          read(depth + 1);
          n--;
        }
      }
      const entries: [LuaVal, LuaVal][] = [];
      for (let i = 0; i < n; i++) entries.push([read(depth + 1), read(depth + 1)]);
      return { k: "map", entries, flags };
    }
    if (c < 0xa0 || c === 0xdc || c === 0xdd) {
      let n = c < 0xa0 ? c & 0x0f : len(c === 0xdc ? 2 : 4);
      let flags = 0;
      if (n > 0) {
        const f = flagsExt();
        if (f >= 0) {
          flags = f;
          n--;
        }
      }
      const items: LuaVal[] = [];
      for (let i = 0; i < n; i++) items.push(read(depth + 1));
      return { k: "list", items, flags };
    }
    if (c < 0xc0) return bytes(c & 0x1f);
    switch (c) {
      case 0xc0:
        return { k: "nil" };
      case 0xc2:
      case 0xc3:
        return { k: "bool", v: c === 0xc3 };
      case 0xc4:
      case 0xd9:
        return bytes(len(1));
      case 0xc5:
      case 0xda:
        return bytes(len(2));
      case 0xc6:
      case 0xdb:
        return bytes(len(4));
      case 0xca:
        return { k: "float", v: view.getFloat32(take(4)) };
      case 0xcb:
        return { k: "float", v: view.getFloat64(take(8)) };
    }
    if (c >= 0xcc && c <= 0xd3) {
      const size = 1 << ((c - 0xcc) & 3);
      const at = take(size);
      const signed = c >= 0xd0;
      if (size === 1) return { k: "int", v: BigInt(signed ? view.getInt8(at) : view.getUint8(at)) };
      if (size === 2) return { k: "int", v: BigInt(signed ? view.getInt16(at) : view.getUint16(at)) };
      if (size === 4) return { k: "int", v: BigInt(signed ? view.getInt32(at) : view.getUint32(at)) };
      return { k: "int", v: signed ? view.getBigInt64(at) : BigInt.asIntN(64, view.getBigUint64(at)) };
    }
    if (c === 0xd4) {
      take(2);
      return { k: "nil" };
    }
    throw new RangeError(`unsupported msgpack byte 0x${c.toString(16)}`);
  };
  const v = read(0);
  if (pos !== b.length) throw new RangeError("trailing bytes after a msgpack value");
  return v;
}
