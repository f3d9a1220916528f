/**
 * Loads the Lua 5.4 runtime (the optional npm package `wasmoon`: Lua compiled to WebAssembly) on
 * first use, with a dynamic import, so a process that never runs Lua never loads it. Every Lua
 * state shares the one WebAssembly module.
 * @module
 */
import type { LuaEngine, LuaWasm } from "wasmoon";

/** What the loaded package provides: the engine class and the one WebAssembly module. */
export interface LuaRuntime {
  /** wasmoon's engine class (one Lua state each). */
  Engine: typeof LuaEngine;
  /** The compiled Lua module every state shares. */
  wasm: LuaWasm;
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
      const mod = await import("wasmoon");
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
