/**
 * The one test entry point: `Deno.test` with every sanitizer on (Deno 2.9 leaves them off by
 * default). Under Bun and Node the same files run through `tests/runtimes/*` shims, which provide
 * a `Deno.test` of their own.
 *
 * With `AEROSPIKE_HOSTS` set (`npx deno task test:real`) plain tests are ignored: only target tests
 * (`tests/helpers/target.ts`) run, against the real cluster.
 */

/** A test body; the `t` argument is omitted on purpose so the shims stay small. */
export type TestFn = () => void | Promise<void>;

/** Options for one test. */
export interface TestOptions {
  /** Skip the test (e.g. a real-server test without `AEROSPIKE_HOSTS`). */
  ignore?: boolean;
  /** Set by `targetTest()` only: the test also runs under `AEROSPIKE_HOSTS`. @default false */
  target?: boolean;
}

/** An environment variable under Deno, Bun or Node (the shims provide only `Deno.test`). */
export function envVar(name: string): string | undefined {
  const deno = (globalThis as { Deno?: { env?: { get(n: string): string | undefined } } }).Deno;
  if (deno?.env !== undefined) return deno.env.get(name);
  const proc = (globalThis as { process?: { env: Record<string, string | undefined> } }).process;
  return proc?.env[name];
}

/** Seeds of the real cluster from `AEROSPIKE_HOSTS`; empty when the tests run against the mock. */
export const REAL_HOSTS: string = envVar("AEROSPIKE_HOSTS") ?? "";

/**
 * Registers a test with sanitizers for ops, resources and exit turned on. Ignored under
 * `AEROSPIKE_HOSTS` unless registered by `targetTest()`.
 */
export function test(name: string, fn: TestFn, options: TestOptions = {}): void {
  const mockOnly = REAL_HOSTS !== "" && options.target !== true;
  Deno.test({
    name,
    fn,
    ignore: (options.ignore ?? false) || mockOnly,
    sanitizeOps: true,
    sanitizeResources: true,
    sanitizeExit: true,
  });
}

/** Hex string to bytes (test fixtures are hex). */
export function hex(s: string): Uint8Array {
  const clean = s.replace(/\s+/g, "");
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Bytes to lowercase hex. */
export function toHex(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i++) s += b[i].toString(16).padStart(2, "0");
  return s;
}
