/**
 * A bin particle (type byte + data, as a record message carries it) as a {@linkcode LuaVal}: how
 * an aggregation's per-node results reach the client's final Lua stage with their server types.
 * @module
 */
import { decodeLuaVal, LUA_BYTES_STRING, type LuaVal } from "./value.ts";

const PARTICLE_NULL = 0, PARTICLE_INTEGER = 1, PARTICLE_FLOAT = 2, PARTICLE_STRING = 3;
const PARTICLE_BOOL = 17, PARTICLE_MAP = 19, PARTICLE_LIST = 20;

/**
 * The value of a particle. Throws RangeError for a malformed one.
 * @example
 * ```ts
 * particleLuaVal(1, new Uint8Array([0, 0, 0, 0, 0, 0, 0, 42])); // { k: "int", v: 42n }
 * ```
 */
export function particleLuaVal(type: number, data: Uint8Array): LuaVal {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  switch (type) {
    case PARTICLE_NULL:
      return { k: "nil" };
    case PARTICLE_INTEGER:
      if (data.length !== 8) throw new RangeError(`integer particle of ${data.length} bytes`);
      return { k: "int", v: view.getBigInt64(0) };
    case PARTICLE_FLOAT:
      if (data.length !== 8) throw new RangeError(`float particle of ${data.length} bytes`);
      return { k: "float", v: view.getFloat64(0) };
    case PARTICLE_BOOL:
      return { k: "bool", v: data[0] !== 0 };
    case PARTICLE_STRING:
      return { k: "bytes", t: LUA_BYTES_STRING, v: data.slice() };
    case PARTICLE_MAP:
    case PARTICLE_LIST:
      return decodeLuaVal(data);
    default:
      return { k: "bytes", t: type, v: data.slice() };
  }
}
