/**
 * Write-policy cases for the differential fuzzer ("policy"): put, operate, remove and touch with
 * every `exists` action (createOrUpdate, updateOnly, create, replace, createOrReplace), generation checks
 * (eq/gt against the record's generation, one below or above), ttl -1 (never), -2 (keep), 0
 * (namespace default), durableDelete and sendKey (observed through `exp.keyExists()`), on an
 * existing record or none.
 *
 * Excluded narrowly: positive ttls. The records read back carry their ttl, which the two servers
 * count from different instants (a put at x.999 s reads back one second lower on one of them).
 * @module
 */
import { type Client, exp, type Key, ops, type WritePolicy } from "../../mod.ts";
import type { Value } from "../../src/values.ts";
import type { ExistsAction } from "../../src/policy.ts";
import { type DiffCase, show } from "./case.ts";
import type { Rng } from "./rng.ts";

const EXISTS: ExistsAction[] = ["createOrUpdate", "updateOnly", "create", "replace", "createOrReplace"];

function policy(rng: Rng, gen: number): WritePolicy {
  const p: WritePolicy = {};
  if (rng.chance(0.6)) p.exists = rng.pick(EXISTS);
  if (rng.chance(0.35)) {
    p.generationPolicy = rng.pick(["eq", "gt", "none"] as const);
    p.generation = Math.max(0, gen + rng.range(-1, 1));
  }
  if (rng.chance(0.4)) p.ttl = rng.pick([-1, -2, 0]);
  if (rng.chance(0.2)) p.durableDelete = true;
  if (rng.chance(0.3)) p.sendKey = true;
  return p;
}

type Kind = "put" | "putNull" | "operate" | "remove" | "touch";

/** Draws one policy case. */
export function policyCase(rng: Rng): DiffCase {
  const exists = rng.chance(0.75);
  const bins: Record<string, Value> | null = exists ? { a: 1, s: "x" } : null;
  // A second write first makes the generation 2 sometimes.
  const bumps = exists && rng.chance(0.4) ? 1 : 0;
  const gen = exists ? 1 + bumps : 0;
  const p = policy(rng, gen);
  const kind = rng.pick<Kind>(["put", "put", "putNull", "operate", "remove", "touch"]);
  const value = rng.pick<Value>([2, "y", [1], null]);
  const run = async (client: Client, key: Key): Promise<unknown> => {
    if (bumps) await client.put(key, { a: 0 });
    let out: unknown;
    switch (kind) {
      case "put":
        out = await client.put(key, { a: value, b: 2 }, p);
        break;
      case "putNull":
        out = await client.put(key, { a: null }, p);
        break;
      case "operate": {
        const r = await client.operate(key, [ops.add("a", 1), ops.read("a")], p);
        out = { results: r.results, generation: r.generation };
        break;
      }
      case "remove":
        out = await client.remove(key, p);
        break;
      case "touch":
        out = await client.touch(key, p);
        break;
    }
    // Whether the key was stored (sendKey) is observable through an expression.
    const keyed = await client.operate(key, [exp.read("k", exp.keyExists())]).then(
      (r) => r.results[0],
      () => null,
    );
    return { out, keyed };
  };
  return { family: "policy", bins, run, note: `${bumps ? "put({a: 0}); " : ""}${kind} with ${show(p)}` };
}
