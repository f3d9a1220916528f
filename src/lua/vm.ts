/**
 * One Lua 5.4 state with the server's UDF API loaded (prelude_lua.ts), driven through Lua's C API
 * as wasmoon exposes it: values cross as {@linkcode LuaVal}s (integers stay integers, doubles
 * doubles, strings strings, blobs Bytes), the host answers the record and logging calls, and
 * every call runs under a deadline (an instruction-count hook, as a node's UDF timer) and a
 * memory cap (wasmoon's allocator refuses beyond it, which Lua reports as "not enough memory").
 * Everything here is synchronous once `loadLua()` has resolved.
 * @module
 */
import type { LuaApi } from "./lua_api.ts";
import { loadedLua, type LuaEngineLike } from "./runtime.ts";
import { PRELUDE_LUA } from "./prelude_lua.ts";
import { LUA_BYTES_GEOJSON, LUA_BYTES_STRING, type LuaVal } from "./value.ts";

const REGISTRY = -1_000_000 - 1000;
const T_NIL = 0, T_BOOL = 1, T_NUMBER = 3, T_STRING = 4, T_TABLE = 5, T_USERDATA = 7;
const HOOK_COUNT_MASK = 8;
const HOOK_EVERY = 1000;
const utf8 = new TextEncoder();
const text = new TextDecoder();

/** The message a node gives a UDF that runs past its deadline. */
export const UDF_TIMEOUT_MESSAGE = "UDF Execution Timeout";

/** Limits of one Lua state. */
export interface LuaLimits {
  /** Longest run of one call, in ms. @default 1000 (a node's default transaction-max-ms) */
  timeMs?: number;
  /** Memory the state may hold, in bytes. @default 64 MiB */
  memoryBytes?: number;
}

/** What a host call returns: a value, a Lua array of strings, or nothing. */
export type HostResult = LuaVal | { strings: string[] } | undefined;

/** Answers the prelude's host calls (`H(op, ...)`): record access, logging, sizes. */
export type Host = (op: string, args: (LuaVal | undefined)[]) => HostResult;

/** A call's outcome: the returned value (undefined: not a storable value) or the error text. */
export type CallResult = { ok: true; value: LuaVal | undefined } | {
  ok: false;
  message: string;
  memory: boolean;
};

/**
 * A Lua state. Create it after `loadLua()` resolved.
 * @example
 * ```ts
 * import { loadLua } from "./runtime.ts";
 * await loadLua();
 * const vm = LuaVm.create();
 * vm.load("function f(r, a) return a + 1 end", "@m.lua");
 * vm.apply("f", undefined, [{ k: "int", v: 1n }]); // { ok: true, value: { k: "int", v: 2n } }
 * vm.close();
 * ```
 */
export class LuaVm {
  #engine: LuaEngineLike;
  #lua: LuaApi;
  #L: number;
  #entry = 0;
  #mt = new Map<string, number>();
  #host: Host = () => undefined;
  #deadline = 0;
  #hookPtr = 0;
  #hostPtr = 0;
  #udPtr = 0;
  #timeMs: number;
  #closed = false;

  private constructor(engine: LuaEngineLike, limits: LuaLimits) {
    this.#engine = engine;
    this.#lua = engine.global.lua;
    this.#L = engine.global.address;
    this.#timeMs = limits.timeMs ?? 1000;
    engine.global.setMemoryMax(limits.memoryBytes ?? 64 * 1024 * 1024);
  }

  /** A new state with the prelude loaded. Throws when `loadLua()` has not resolved. */
  static create(limits: LuaLimits = {}): LuaVm {
    const rt = loadedLua();
    if (rt === undefined) throw new Error("the Lua runtime is not loaded yet: await loadLua() first");
    const engine = new rt.Engine(rt.wasm, {
      traceAllocations: true,
      injectObjects: false,
      enableProxy: false,
      openStandardLibs: true,
    });
    const vm = new LuaVm(engine, limits);
    vm.#init();
    return vm;
  }

  #init(): void {
    const lua = this.#lua, L = this.#L;
    const m = lua.module;
    this.#hostPtr = m.addFunction((s: number) => this.#hostCall(s), "ii");
    this.#udPtr = m.addFunction((s: number) => {
      lua.lua_newuserdatauv(s, 0, 1);
      lua.lua_pushvalue(s, 1);
      lua.lua_setiuservalue(s, -2, 1);
      lua.lua_pushvalue(s, 2);
      lua.lua_setmetatable(s, -2);
      return 1;
    }, "ii");
    this.#hookPtr = m.addFunction((s: number) => {
      if (Date.now() > this.#deadline) {
        lua.lua_pushstring(s, UDF_TIMEOUT_MESSAGE);
        lua.lua_error(s);
      }
    }, "vii");
    const st = lua.luaL_loadbufferx(L, PRELUDE_LUA, utf8.encode(PRELUDE_LUA).length, "=aerospike.lua", null);
    if (st !== 0) throw new Error(`prelude: ${lua.lua_tolstring(L, -1, null)}`);
    lua.lua_pushcclosure(L, this.#hostPtr, 0);
    lua.lua_pushcclosure(L, this.#udPtr, 0);
    if (lua.lua_pcallk(L, 2, 1, 0, 0, null) !== 0) {
      throw new Error(`prelude: ${lua.lua_tolstring(L, -1, null)}`);
    }
    this.#entry = lua.luaL_ref(L, REGISTRY);
    for (const name of ["List", "Map", "Bytes", "GeoJSON", "Record"]) {
      lua.lua_getglobal(L, name);
      this.#mt.set(name, lua.luaL_ref(L, REGISTRY));
    }
  }

  /**
   * Runs a chunk (a module's source) under the limits. Returns undefined, or the error message
   * and whether it was a syntax error.
   */
  load(source: string, chunkName: string): { message: string; syntax: boolean } | undefined {
    const lua = this.#lua, L = this.#L;
    const bytes = utf8.encode(source);
    const m = lua.module;
    const ptr = m._malloc(bytes.length + 1);
    m.HEAPU8.set(bytes, ptr);
    let st: number;
    try {
      st = lua.luaL_loadbufferx(L, ptr, bytes.length, chunkName, null);
    } finally {
      m._free(ptr);
    }
    if (st !== 0) {
      const message = this.#errorText();
      return { message, syntax: st === 3 };
    }
    const r = this.#pcall(0, 0);
    if (r !== undefined) return { message: r.message, syntax: false };
    return undefined;
  }

  /** Calls global function `fn(record, ...args)` the way a node applies a record UDF. */
  apply(fn: string, host: Host | undefined, args: readonly LuaVal[], recordId = 0): CallResult {
    const lua = this.#lua, L = this.#L;
    lua.lua_rawgeti(L, REGISTRY, BigInt(this.#entry));
    lua.lua_getfield(L, -1, "apply");
    lua.lua_rotate(L, -2, -1);
    lua.lua_settop(L, -2);
    lua.lua_pushstring(L, fn);
    if (recordId > 0) this.pushRecord(recordId);
    else lua.lua_pushnil(L);
    for (const a of args) this.push(a);
    return this.#run(host, 2 + args.length);
  }

  /**
   * Runs stream function `fn(stream, ...args)` over `input` (values, or records the host answers
   * for by id) for the server stage (scope 1) or the client stage (scope 2); `emit` receives every
   * value the stage outputs.
   */
  stream(
    fn: string,
    scope: 1 | 2,
    input: () => LuaVal | { record: number } | undefined,
    emit: (v: LuaVal | undefined) => void,
    args: readonly LuaVal[],
    host?: Host,
  ): CallResult {
    const lua = this.#lua, L = this.#L;
    const next = this.#lua.module.addFunction((s: number) => {
      const v = input();
      if (v === undefined) return 0;
      if ("record" in v) this.#pushRecordOn(s, v.record);
      else this.#pushOn(s, v);
      return 1;
    }, "ii");
    const out = this.#lua.module.addFunction((s: number) => {
      emit(this.#readOn(s, 1, 0));
      return 0;
    }, "ii");
    try {
      lua.lua_rawgeti(L, REGISTRY, BigInt(this.#entry));
      lua.lua_getfield(L, -1, "stream");
      lua.lua_rotate(L, -2, -1);
      lua.lua_settop(L, -2);
      lua.lua_pushstring(L, fn);
      lua.lua_pushinteger(L, BigInt(scope));
      lua.lua_pushcclosure(L, next, 0);
      lua.lua_pushcclosure(L, out, 0);
      for (const a of args) this.push(a);
      return this.#run(host, 4 + args.length);
    } finally {
      this.#lua.module.removeFunction(next);
      this.#lua.module.removeFunction(out);
    }
  }

  #run(host: Host | undefined, nargs: number): CallResult {
    const prev = this.#host;
    this.#host = host ?? (() => undefined);
    try {
      const err = this.#pcall(nargs, 1);
      if (err !== undefined) return { ok: false, ...err };
      const value = this.#readOn(this.#L, -1, 0);
      this.#lua.lua_settop(this.#L, -2);
      return { ok: true, value };
    } finally {
      this.#host = prev;
    }
  }

  #pcall(nargs: number, nres: number): { message: string; memory: boolean } | undefined {
    const lua = this.#lua, L = this.#L;
    this.#deadline = Date.now() + this.#timeMs;
    lua.lua_sethook(L, this.#hookPtr, HOOK_COUNT_MASK, HOOK_EVERY);
    let st: number;
    try {
      st = lua.lua_pcallk(L, nargs, nres, 0, 0, null);
    } finally {
      lua.lua_sethook(L, 0, 0, 0);
    }
    if (st === 0) return undefined;
    return { message: this.#errorText(), memory: st === 4 };
  }

  /** The error value on top of the stack as text (popped). */
  #errorText(): string {
    const lua = this.#lua, L = this.#L;
    const t = lua.lua_type(L, -1);
    const message = t === T_STRING || t === T_NUMBER
      ? lua.lua_tolstring(L, -1, null)
      : "result value type unexpected";
    lua.lua_settop(L, -2);
    return message;
  }

  /** Pushes a record userdata whose host id is `id`. */
  pushRecord(id: number): void {
    this.#pushRecordOn(this.#L, id);
  }

  #pushRecordOn(L: number, id: number): void {
    const lua = this.#lua;
    lua.lua_createtable(L, 0, 3);
    lua.lua_pushinteger(L, BigInt(id));
    lua.lua_setfield(L, -2, "id");
    lua.lua_createtable(L, 0, 0);
    lua.lua_setfield(L, -2, "cache");
    lua.lua_createtable(L, 0, 0);
    lua.lua_setfield(L, -2, "dirty");
    this.#box(L, "Record");
  }

  /** Pushes a value onto the main stack. */
  push(v: LuaVal): void {
    this.#pushOn(this.#L, v);
  }

  // Wraps the table on top of the stack into a userdata of metatable `name`.
  #box(s: number, name: string): void {
    const lua = this.#lua;
    lua.lua_newuserdatauv(s, 0, 1);
    lua.lua_rotate(s, -2, 1);
    lua.lua_setiuservalue(s, -2, 1);
    lua.lua_rawgeti(s, REGISTRY, BigInt(this.#mt.get(name)!));
    lua.lua_setmetatable(s, -2);
  }

  #pushOn(s: number, v: LuaVal): void {
    const lua = this.#lua;
    lua.luaL_checkstack(s, 4, null);
    switch (v.k) {
      case "bool":
        return lua.lua_pushboolean(s, v.v ? 1 : 0);
      case "int":
        return lua.lua_pushinteger(s, v.v);
      case "float":
        return lua.lua_pushnumber(s, v.v);
      case "bytes":
        if (v.t === LUA_BYTES_STRING) {
          lua.lua_pushstring(s, text.decode(v.v));
          return;
        }
        if (v.t === LUA_BYTES_GEOJSON) {
          lua.lua_createtable(s, 0, 1);
          lua.lua_pushstring(s, text.decode(v.v));
          lua.lua_setfield(s, -2, "s");
          return this.#box(s, "GeoJSON");
        }
        lua.lua_createtable(s, v.v.length, 2);
        for (let i = 0; i < v.v.length; i++) {
          lua.lua_pushinteger(s, BigInt(v.v[i]));
          lua.lua_rawseti(s, -2, BigInt(i + 1));
        }
        this.#setInt(s, "n", v.v.length);
        this.#setInt(s, "t", v.t);
        return this.#box(s, "Bytes");
      case "list":
        lua.lua_createtable(s, v.items.length, 1);
        v.items.forEach((item, i) => {
          this.#pushOn(s, item);
          lua.lua_rawseti(s, -2, BigInt(i + 1));
        });
        this.#setInt(s, "n", v.items.length);
        return this.#box(s, "List");
      case "map": {
        const entries = sortedKeys(v.entries);
        lua.lua_createtable(s, 0, 4);
        for (const [field, at] of [["k", 0], ["v", 1]] as const) {
          lua.lua_createtable(s, entries.length, 0);
          entries.forEach((e, i) => {
            this.#pushOn(s, e[at]);
            lua.lua_rawseti(s, -2, BigInt(i + 1));
          });
          lua.lua_setfield(s, -2, field);
        }
        this.#setInt(s, "n", entries.length);
        this.#setInt(s, "f", v.flags);
        return this.#box(s, "Map");
      }
      default:
        return lua.lua_pushnil(s);
    }
  }

  #setInt(s: number, field: string, n: number): void {
    this.#lua.lua_pushinteger(s, BigInt(n));
    this.#lua.lua_setfield(s, -2, field);
  }

  #getInt(s: number, field: string): number {
    const lua = this.#lua;
    lua.lua_getfield(s, -1, field);
    const n = lua.lua_type(s, -1) === T_NUMBER ? Number(lua.lua_tointegerx(s, -1, null)) : 0;
    lua.lua_settop(s, -2);
    return n;
  }

  /** The value at `idx`, or undefined for what a node cannot hold (tables, functions, records). */
  #readOn(s: number, idx: number, depth: number): LuaVal | undefined {
    const lua = this.#lua;
    if (depth > 64) return undefined;
    switch (lua.lua_type(s, idx)) {
      case T_NIL:
      case -1:
        return { k: "nil" };
      case T_BOOL:
        return { k: "bool", v: lua.lua_toboolean(s, idx) !== 0 };
      case T_NUMBER:
        return lua.lua_isinteger(s, idx) !== 0
          ? { k: "int", v: BigInt.asIntN(64, BigInt(lua.lua_tointegerx(s, idx, null))) }
          : { k: "float", v: lua.lua_tonumberx(s, idx, null) };
      case T_STRING:
        return { k: "bytes", t: LUA_BYTES_STRING, v: utf8.encode(lua.lua_tolstring(s, idx, null)) };
      case T_USERDATA:
        return this.#readBox(s, idx, depth);
      default:
        return undefined;
    }
  }

  #readBox(s: number, idx: number, depth: number): LuaVal | undefined {
    const lua = this.#lua;
    const at = lua.lua_absindex(s, idx);
    if (lua.lua_getmetatable(s, at) === 0) return undefined;
    lua.lua_getfield(s, -1, "__name");
    const name = lua.lua_type(s, -1) === T_STRING ? lua.lua_tolstring(s, -1, null) : "";
    lua.lua_settop(s, -3);
    if (lua.lua_getiuservalue(s, at, 1) !== T_TABLE) {
      lua.lua_settop(s, -2);
      return undefined;
    }
    try {
      const item = (i: number): LuaVal => {
        lua.lua_rawgeti(s, -1, BigInt(i));
        const v = this.#readOn(s, -1, depth + 1) ?? { k: "nil" };
        lua.lua_settop(s, -2);
        return v;
      };
      switch (name) {
        case "List": {
          const n = this.#getInt(s, "n");
          const items: LuaVal[] = [];
          for (let i = 1; i <= n; i++) items.push(item(i));
          return { k: "list", items, flags: 0 };
        }
        case "Map": {
          const n = this.#getInt(s, "n");
          const flags = this.#getInt(s, "f");
          lua.lua_getfield(s, -1, "k");
          const keys: LuaVal[] = [];
          for (let i = 1; i <= n; i++) keys.push(item(i));
          lua.lua_settop(s, -2);
          lua.lua_getfield(s, -1, "v");
          const entries: [LuaVal, LuaVal][] = keys.map((k, i) => [k, item(i + 1)]);
          lua.lua_settop(s, -2);
          return { k: "map", entries, flags };
        }
        case "Bytes": {
          const n = this.#getInt(s, "n");
          const out = new Uint8Array(n);
          for (let i = 1; i <= n; i++) {
            lua.lua_rawgeti(s, -1, BigInt(i));
            out[i - 1] = Number(lua.lua_tointegerx(s, -1, null)) & 0xff;
            lua.lua_settop(s, -2);
          }
          return { k: "bytes", t: this.#getInt(s, "t"), v: out };
        }
        case "GeoJSON": {
          lua.lua_getfield(s, -1, "s");
          const g = lua.lua_tolstring(s, -1, null);
          lua.lua_settop(s, -2);
          return { k: "bytes", t: LUA_BYTES_GEOJSON, v: utf8.encode(g) };
        }
        default:
          return undefined;
      }
    } finally {
      lua.lua_settop(s, -2);
    }
  }

  #hostCall(s: number): number {
    const lua = this.#lua;
    const top = lua.lua_gettop(s);
    const op = lua.lua_tolstring(s, 1, null);
    const args: (LuaVal | undefined)[] = [];
    for (let i = 2; i <= top; i++) args.push(this.#readOn(s, i, 0));
    let r: HostResult;
    try {
      r = this.#host(op, args);
    } catch (e) {
      lua.lua_pushstring(s, e instanceof Error ? e.message : String(e));
      return lua.lua_error(s);
    }
    if (r === undefined) return 0;
    if ("strings" in r) {
      lua.lua_createtable(s, r.strings.length, 0);
      r.strings.forEach((name, i) => {
        lua.lua_pushstring(s, name);
        lua.lua_rawseti(s, -2, BigInt(i + 1));
      });
      return 1;
    }
    this.#pushOn(s, r);
    return 1;
  }

  /** Sets the longest run of one call, in ms (a node uses the transaction's own timeout). */
  setTimeLimit(ms: number): void {
    this.#timeMs = ms;
  }

  /** Frees the state and its host functions. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#engine.global.close();
    const m = this.#lua.module;
    for (const p of [this.#hostPtr, this.#udPtr, this.#hookPtr]) if (p !== 0) m.removeFunction(p);
  }
}

const KEY_RANK: Partial<Record<LuaVal["k"], number>> = { int: 1, bytes: 2 };

/** Map entries in the order Lua keeps them: integer keys, then strings, then blobs; others dropped. */
function sortedKeys(entries: [LuaVal, LuaVal][]): [LuaVal, LuaVal][] {
  const rank = (k: LuaVal): number =>
    k.k === "bytes" ? (k.t === LUA_BYTES_STRING ? 2 : k.t === LUA_BYTES_GEOJSON ? 0 : 3) : KEY_RANK[k.k] ?? 0;
  const kept = entries.filter(([k]) => rank(k) > 0);
  return kept.sort(([a], [b]) => {
    const ra = rank(a), rb = rank(b);
    if (ra !== rb) return ra - rb;
    if (a.k === "int" && b.k === "int") return a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
    const x = (a as { v: Uint8Array }).v, y = (b as { v: Uint8Array }).v;
    if (ra === 3 && x.length !== y.length) return x.length - y.length;
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
    return x.length - y.length;
  });
}
