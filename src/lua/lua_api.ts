/**
 * The part of Lua's C API (as wasmoon's `LuaWasm` wraps it) that the runtime uses, declared here
 * so wasmoon's own declarations (which need the DOM library) stay out of the library's types.
 * @module
 */

/** The Emscripten module under the C API. */
export interface LuaModule {
  /** Adds a JS function to the function table; returns its pointer. */
  addFunction(fn: (...args: number[]) => number | void, signature: string): number;
  /** Removes a function added with `addFunction`. */
  removeFunction(ptr: number): void;
  /** Allocates in the WebAssembly heap. */
  _malloc(size: number): number;
  /** Frees what `_malloc` gave. */
  _free(ptr: number): void;
  /** The heap's bytes. */
  HEAPU8: Uint8Array;
}

/** Lua 5.4's C API functions used by vm.ts (names and meanings as in lua.h). */
export interface LuaApi {
  /** The Emscripten module. */
  module: LuaModule;
  /** `luaL_checkstack`. */
  luaL_checkstack(L: number, n: number, msg: string | null): void;
  /** `luaL_loadbufferx` (source text or a heap pointer). */
  luaL_loadbufferx(L: number, buf: string | number, size: number, name: string, mode: string | null): number;
  /** `luaL_ref`. */
  luaL_ref(L: number, t: number): number;
  /** `lua_absindex`. */
  lua_absindex(L: number, idx: number): number;
  /** `lua_createtable`. */
  lua_createtable(L: number, narr: number, nrec: number): void;
  /** `lua_error`. */
  lua_error(L: number): number;
  /** `lua_getfield`. */
  lua_getfield(L: number, idx: number, k: string): number;
  /** `lua_getglobal`. */
  lua_getglobal(L: number, name: string): number;
  /** `lua_getiuservalue`. */
  lua_getiuservalue(L: number, idx: number, n: number): number;
  /** `lua_getmetatable`. */
  lua_getmetatable(L: number, idx: number): number;
  /** `lua_gettop`. */
  lua_gettop(L: number): number;
  /** `lua_isinteger`. */
  lua_isinteger(L: number, idx: number): number;
  /** `lua_newuserdatauv`. */
  lua_newuserdatauv(L: number, size: number, nuv: number): number;
  /** `lua_pcallk`. */
  lua_pcallk(L: number, nargs: number, nres: number, msgh: number, ctx: number, k: number | null): number;
  /** `lua_pushboolean`. */
  lua_pushboolean(L: number, b: number): void;
  /** `lua_pushcclosure`. */
  lua_pushcclosure(L: number, fn: number, n: number): void;
  /** `lua_pushinteger`. */
  lua_pushinteger(L: number, n: bigint): void;
  /** `lua_pushnil`. */
  lua_pushnil(L: number): void;
  /** `lua_pushnumber`. */
  lua_pushnumber(L: number, n: number): void;
  /** `lua_pushstring`. */
  lua_pushstring(L: number, s: string): string;
  /** `lua_pushvalue`. */
  lua_pushvalue(L: number, idx: number): void;
  /** `lua_rawgeti`. */
  lua_rawgeti(L: number, idx: number, n: bigint): number;
  /** `lua_rawseti`. */
  lua_rawseti(L: number, idx: number, n: bigint): void;
  /** `lua_rotate`. */
  lua_rotate(L: number, idx: number, n: number): void;
  /** `lua_setfield`. */
  lua_setfield(L: number, idx: number, k: string): void;
  /** `lua_sethook`. */
  lua_sethook(L: number, fn: number, mask: number, count: number): void;
  /** `lua_setiuservalue`. */
  lua_setiuservalue(L: number, idx: number, n: number): number;
  /** `lua_setmetatable`. */
  lua_setmetatable(L: number, idx: number): number;
  /** `lua_settop`. */
  lua_settop(L: number, idx: number): void;
  /** `lua_toboolean`. */
  lua_toboolean(L: number, idx: number): number;
  /** `lua_tointegerx`. */
  lua_tointegerx(L: number, idx: number, isnum: number | null): bigint;
  /** `lua_tolstring` (as text). */
  lua_tolstring(L: number, idx: number, len: number | null): string;
  /** `lua_tonumberx`. */
  lua_tonumberx(L: number, idx: number, isnum: number | null): number;
  /** `lua_type`. */
  lua_type(L: number, idx: number): number;
}
