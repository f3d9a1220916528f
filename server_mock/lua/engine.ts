/**
 * The mock's UDF engine: one Lua state per registered module (created when the module first
 * runs, kept for later calls as a node keeps its cached states, dropped when the module changes),
 * the compile check of `udf-put` and the limits every call runs under. Lua itself (wasmoon) is
 * loaded only when a module is registered or a UDF runs: `ready()` says whether that happened.
 * @module
 */
import { loadedLua, loadLua, luaUnavailable } from "../../src/lua/runtime.ts";
import { type LuaLimits, LuaVm } from "../../src/lua/vm.ts";

/** Where a node keeps its modules (as the chunk names in error messages show them). */
export const UDF_USER_PATH = "/opt/aerospike/usr/udf/lua";

/** What a node answers an apply of a module it does not have (or cannot load). */
export const UDF_NOT_LOADED = "UDF: Execution Error 1";

/** A compile error as `udf-put` reports it. */
export interface CompileError {
  /** Line of the error (0 when unknown). */
  line: number;
  /** The message without file and line. */
  message: string;
}

/** Splits `path/file.lua:12: text` into line and text. */
function splitPosition(text: string): CompileError {
  const m = /^[^\n]*?\.lua:(\d+): ([\s\S]*)$/.exec(text);
  if (m === null) return { line: 0, message: text.split("\n")[0].slice(0, 256) };
  return { line: Number(m[1]), message: m[2] };
}

/**
 * The Lua side of one mock cluster.
 * @example
 * ```ts
 * const lua = new MockLua();
 * await MockLua.load();
 * lua.compile("m.lua", "function f(r) return 1 end"); // undefined: it compiles
 * ```
 */
export class MockLua {
  #states = new Map<string, { source: string; vm: LuaVm }>();
  /** Limits of every call (time: the request's timeout when it has one). */
  limits: LuaLimits = {};

  /** Loads the Lua runtime (resolves even when it is missing: see `unavailable()`). */
  static async load(): Promise<void> {
    await loadLua().catch(() => {});
  }

  /** True once the runtime was loaded or found missing: calls can then run synchronously. */
  static ready(): boolean {
    return loadedLua() !== undefined || luaUnavailable() !== undefined;
  }

  /** Why Lua cannot run (the optional package is missing), or undefined. */
  static unavailable(): string | undefined {
    return luaUnavailable();
  }

  /** Compiles and runs a module's source in a fresh state; the error a node reports, if any. */
  compile(filename: string, source: string): CompileError | undefined {
    if (loadedLua() === undefined) return undefined; // no engine: accepted unchecked
    const vm = LuaVm.create(this.limits);
    try {
      const err = vm.load(source, `@${UDF_USER_PATH}/${filename}`);
      return err === undefined ? undefined : splitPosition(err.message);
    } finally {
      vm.close();
    }
  }

  /** The state of a module (created on first use), or the error text of an apply. */
  state(filename: string, source: string): LuaVm | string {
    const unavailable = luaUnavailable();
    if (unavailable !== undefined) return unavailable;
    const cached = this.#states.get(filename);
    if (cached !== undefined && cached.source === source) return cached.vm;
    this.drop(filename);
    const vm = LuaVm.create(this.limits);
    if (vm.load(source, `@${UDF_USER_PATH}/${filename}`) !== undefined) {
      vm.close();
      return UDF_NOT_LOADED;
    }
    this.#states.set(filename, { source, vm });
    return vm;
  }

  /** Forgets a module's state (it was removed or replaced). */
  drop(filename: string): void {
    this.#states.get(filename)?.vm.close();
    this.#states.delete(filename);
  }

  /** Frees every state. */
  close(): void {
    for (const name of [...this.#states.keys()]) this.drop(name);
  }
}
