/**
 * A capped counter with expressions: the increment runs only while the counter is below its
 * limit (a filter expression evaluated on the server, so concurrent clients cannot overshoot),
 * and `exp.read` computes a value from the record without a round trip for the bins.
 *
 *   npx deno run --allow-net --allow-env examples/counter_expressions.ts
 *   AEROSPIKE_HOSTS=127.0.0.1:3000 npx deno run --allow-net --allow-env examples/counter_expressions.ts
 *
 * Without AEROSPIKE_HOSTS it starts a one-node mock cluster in the same process.
 * @module
 */
import { AerospikeError, Client, exp, Key, ops, ResultCode } from "../mod.ts";
import { MockCluster } from "../server_mock/mod.ts";

/** The counter's limit. */
export const LIMIT = 3;

/**
 * Tries to increment the counter `attempts` times; returns how many increments the limit let
 * through, how many it refused, and what `exp.read` computed at the end.
 * @example
 * ```ts
 * const { accepted, rejected } = await runCounter(client, "test", 5);
 * ```
 */
export async function runCounter(
  client: Client,
  ns: string,
  attempts: number,
  log: (...args: unknown[]) => void = console.log,
): Promise<{ accepted: number; rejected: number; remaining: unknown; full: unknown }> {
  const key = new Key(ns, "counters", "signups");
  await client.remove(key);

  // count is missing (the first time) or below the limit. A missing bin makes intBin "unknown",
  // and `or` still passes when its other side is true.
  const belowLimit = exp.build(
    exp.or(exp.not(exp.binExists("count")), exp.lt(exp.intBin("count"), LIMIT)),
  );

  let accepted = 0;
  let rejected = 0;
  for (let i = 0; i < attempts; i++) {
    try {
      const { bins } = await client.operate(key, [ops.add("count", 1), ops.read("count")], {
        filter: belowLimit,
      });
      accepted++;
      log(`attempt ${i + 1}: count is now ${bins.count}`);
    } catch (e) {
      if (!(e instanceof AerospikeError) || e.code !== ResultCode.FILTERED_OUT) throw e;
      rejected++;
      log(`attempt ${i + 1}: refused, the counter reached ${LIMIT}`);
    }
  }

  // Computed on the server: remaining = LIMIT - count; full = count >= LIMIT, stored as a bin.
  const { results } = await client.operate(key, [
    exp.read("remaining", exp.sub(LIMIT, exp.intBin("count"))),
    exp.write("full", exp.ge(exp.intBin("count"), LIMIT)),
    ops.read("full"),
  ]);
  const [remaining, , full] = results;
  log(`remaining: ${remaining}, full: ${full}`);
  await client.remove(key);
  return { accepted, rejected, remaining, full };
}

if (import.meta.main) {
  const env = Deno.env.get("AEROSPIKE_HOSTS");
  const mock = env ? undefined : await MockCluster.start({ nodes: 1 });
  const client = await Client.connect({ hosts: env ?? mock!.seeds });
  try {
    await runCounter(client, Deno.env.get("AEROSPIKE_NAMESPACE") ?? "test", 5);
  } finally {
    await client.close();
    await mock?.close();
  }
}
