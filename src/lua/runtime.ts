/**
 * Loads the Lua 5.4 runtime (the optional npm package `wasmoon`: Lua compiled to WebAssembly) on
 * first use, with a dynamic import, so a process that never runs Lua never loads it. Every Lua
 * state shares the one WebAssembly module.
 * @module
 */
import type { LuaApi } from "./lua_api.ts";

/** What wasmoon's engine gives: one Lua state and its allocator's cap. */
export interface LuaEngineLike {
  /** The main thread of the state. */
  global: {
    /** The C API. */
    lua: LuaApi;
    /** The `lua_State*`. */
    address: number;
    /** Caps the state's memory (bytes). */
    setMemoryMax(max: number | undefined): void;
    /** Closes the state. */
    close(): void;
  };
}

/** What the loaded package provides: the engine class and the one WebAssembly module. */
export interface LuaRuntime {
  /** wasmoon's engine class (one Lua state each). */
  Engine: new (wasm: LuaApi, options: Record<string, boolean>) => LuaEngineLike;
  /** The compiled Lua module every state shares. */
  wasm: LuaApi;
}

interface Wasmoon {
  LuaFactory: new () => { getLuaModule(): Promise<LuaApi> };
  LuaEngine: LuaRuntime["Engine"];
}

// A literal import (no computed imports anywhere: tests/security_test.ts), typed by our own
// declarations (lua_api.ts): wasmoon's need the DOM library. Deno maps "wasmoon" through deno.json
// (JSR rewrites it to npm:wasmoon on publish), Node and Bun take it from node_modules.
async function importWasmoon(): Promise<Wasmoon> {
  return await import("wasmoon") as unknown as Wasmoon;
}

let factory: Promise<LuaRuntime> | undefined;
let ready: LuaRuntime | undefined;
let failure: string | undefined;

/** Why Lua cannot run here (the package is missing), or undefined. */
export function luaUnavailable(): string | undefined {
  return failure;
}

/** The loaded runtime, or undefined before `loadLua()` has finished. */
export function loadedLua(): LuaRuntime | undefined {
  return ready;
}

/**
 * Loads wasmoon once; resolves the runtime, or rejects with a clear error when the optional
 * package is not installed.
 * @example
 * ```ts
 * const lua = await loadLua();
 * ```
 */
export function loadLua(): Promise<LuaRuntime> {
  factory ??= (async () => {
    try {
      const mod = await importWasmoon();
      const wasm = await new mod.LuaFactory().getLuaModule();
      ready = { Engine: mod.LuaEngine, wasm };
      return ready;
    } catch (e) {
      failure = `Lua UDFs need the optional npm package wasmoon (npm install wasmoon@1.16.0): ${
        e instanceof Error ? e.message : String(e)
      }`;
      throw new Error(failure, { cause: e });
    }
  })();
  return factory;
}
