/**
 * `Deno.test` for Node, mapped onto `node:test`. Imported by `run_node.ts` (which is started as
 * `node --import tsx --test-force-exit tests/runtimes/run_node.ts`).
 *
 * Definitions are queued while the test modules load and handed to `node:test` only afterwards,
 * one `describe` per module: node:test starts running as soon as something is registered, and
 * with `--test-force-exit` it would exit once the tests known so far had finished, while later
 * modules were still loading.
 */
import { describe, test as nodeTest } from "node:test";
import { installDenoShim, SHIM_TEST_TIMEOUT_MS, type ShimTestDefinition } from "./shim_types.ts";

const queued: ShimTestDefinition[] = [];

/** How many test bodies have started; the runner checks it at exit so nothing passes vacuously. */
export const nodeShimStats: { ran: number } = { ran: 0 };

installDenoShim({
  test(def: ShimTestDefinition): void {
    queued.push(def);
  },
});

/** Removes and returns the definitions queued since the last call (one module's tests). */
export function takeQueued(): ShimTestDefinition[] {
  return queued.splice(0);
}

/** Registers one module's tests with node:test under a `describe` named after the module. */
export function registerModule(path: string, defs: readonly ShimTestDefinition[]): void {
  describe(path, () => {
    for (const def of defs) {
      const options = { skip: def.ignore === true, timeout: SHIM_TEST_TIMEOUT_MS };
      nodeTest(def.name, options, async () => {
        nodeShimStats.ran++;
        await def.fn();
      });
    }
  });
}
