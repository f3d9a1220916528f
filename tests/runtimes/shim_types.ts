/**
 * The part of `Deno.test` that our tests use, shared by the Bun and Node shims. Only
 * `Deno.test({ name, fn, ignore, sanitize* })` is provided; the sanitizer flags are accepted and
 * ignored (Deno enforces them; Bun and Node have no equivalent).
 */

/** The definition object `tests/helpers/test.ts` passes to `Deno.test`. */
export interface ShimTestDefinition {
  /** Test name, printed by the runner. */
  name: string;
  /** Test body. */
  fn: () => void | Promise<void>;
  /** Skip the test. @default false */
  ignore?: boolean;
}

/** The minimal `Deno` global the shims install. */
export interface DenoShim {
  /** Registers one test with the host runtime's test runner. */
  test(def: ShimTestDefinition): void;
}

/** Per-test time limit under Bun and Node, in milliseconds (Deno has none by default). */
export const SHIM_TEST_TIMEOUT_MS = 30_000;

/**
 * Installs `shim` as `globalThis.Deno`. Refuses to overwrite a real Deno, so importing a shim
 * under Deno by mistake cannot silently replace `Deno.test`.
 */
export function installDenoShim(shim: DenoShim): void {
  const g = globalThis as { Deno?: unknown };
  if (g.Deno !== undefined) throw new Error("a Deno global already exists; the shim is for Bun and Node");
  g.Deno = shim;
}
