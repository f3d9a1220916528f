/**
 * `Deno.test` for Bun, mapped onto `bun:test`: loaded with `bun test --preload
 * ./tests/runtimes/bun_preload.ts` (see `run_bun.ts`).
 *
 * `bun:test` is imported through a computed specifier so that `deno check` (which type-checks
 * everything under tests/) does not try to resolve a Bun-only module.
 */
import { installDenoShim, SHIM_TEST_TIMEOUT_MS, type ShimTestDefinition } from "./shim_types.ts";

/** The slice of `bun:test` the shim uses. */
interface BunTestModule {
  test: BunTestFn & { skip: BunTestFn };
}
type BunTestFn = (name: string, fn: () => void | Promise<void>, timeoutMs?: number) => void;

const BUN_TEST_SPECIFIER = ["bun", "test"].join(":");
const bun = (await import(BUN_TEST_SPECIFIER)) as BunTestModule;

installDenoShim({
  test(def: ShimTestDefinition): void {
    const register = def.ignore === true ? bun.test.skip : bun.test;
    register(def.name, def.fn, SHIM_TEST_TIMEOUT_MS);
  },
});
