/**
 * Batch cases for the differential fuzzer ("batch"): one `batch()` of 1..6 rows over four keys
 * (the first holding a record, the others sometimes), mixing reads (all bins, some bins, read ops),
 * writes (scalar, list, expression ops; exists/generation/ttl/sendKey policies; some failing),
 * removes, and filters per row; the per-row result codes and records, then every key, are compared.
 * Positive ttls are left out, as in the "policy" family (records read back carry their ttl).
 * @module
 */
import {
  type BatchItem,
  type Client,
  exp,
  type Key,
  lists,
  type Operation,
  ops,
  type WritePolicy,
} from "../../mod.ts";
import type { Value } from "../../src/values.ts";
import type { ExistsAction } from "../../src/policy.ts";
import { type DiffCase, show } from "./case.ts";
import type { Rng } from "./rng.ts";

/** A write row's ops (some meant to fail: a list op on a string, add on a string). */
function writeOps(rng: Rng): { ops: Operation[]; text: string } {
  return rng.pick([
    () => ({ ops: [ops.write("a", 5)], text: `ops.write("a", 5)` }),
    () => ({ ops: [ops.add("a", 1), ops.read("a")], text: `ops.add("a", 1), ops.read("a")` }),
    () => ({ ops: [lists.append("l", 1)], text: `lists.append("l", 1)` }),
    () => ({ ops: [lists.append("s", 1)], text: `lists.append("s", 1)` }),
    () => ({ ops: [ops.add("s", 1)], text: `ops.add("s", 1)` }),
    () => ({ ops: [exp.write("e", exp.add(exp.intBin("a"), 1))], text: `exp.write("e", a + 1)` }),
    () => ({ ops: [ops.write("a", null)], text: `ops.write("a", null)` }),
  ])();
}

function writePolicy(rng: Rng): WritePolicy | undefined {
  if (rng.chance(0.5)) return undefined;
  const p: WritePolicy = {};
  if (rng.chance(0.5)) {
    p.exists = rng.pick<ExistsAction>([
      "createOrUpdate",
      "updateOnly",
      "create",
      "replace",
      "createOrReplace",
    ]);
  }
  if (rng.chance(0.3)) {
    p.generationPolicy = rng.pick(["eq", "gt"] as const);
    p.generation = rng.range(0, 2);
  }
  if (rng.chance(0.3)) p.ttl = rng.pick([-1, -2, 0]);
  if (rng.chance(0.2)) p.sendKey = true;
  return p;
}

function filter(rng: Rng) {
  return rng.chance(0.8) ? undefined : exp.build(
    rng.pick([
      () => exp.eq(exp.intBin("a"), 1),
      () => exp.binExists("s"),
      () => exp.gt(exp.intBin("a"), 100),
      () => exp.eq(exp.div(exp.intBin("a"), 0), 1),
    ])(),
  );
}

/** Draws one batch case. */
export function batchCase(rng: Rng): DiffCase {
  const bins: Record<string, Value> = { a: 1, s: "x", l: [1, 2] };
  const others: (Record<string, Value> | null)[] = [1, 2, 3].map(() =>
    rng.chance(0.5) ? { a: rng.range(0, 3), s: "y" } : null
  );
  const rows: ((keys: Key[]) => BatchItem)[] = [];
  const text: string[] = [];
  for (let i = rng.range(1, 6); i > 0; i--) {
    const k = rng.int(4);
    const f = filter(rng);
    const r = rng.int(10);
    if (r < 4) {
      const sel = rng.int(3);
      const binsSel = sel === 1 ? ["a", "zz"] : undefined;
      const readOps = sel === 2 ? [ops.read("s"), lists.size("l")] : undefined;
      rows.push((keys) => ({
        type: "read",
        key: keys[k],
        ...(binsSel ? { bins: binsSel } : {}),
        ...(readOps ? { ops: readOps } : {}),
        ...(f ? { policy: { filter: f } } : {}),
      }));
      text.push(
        `read k${k}${binsSel ? " bins a,zz" : ""}${readOps ? " ops read s, size l" : ""}${
          f ? " filtered" : ""
        }`,
      );
    } else if (r < 8) {
      const w = writeOps(rng);
      const p = writePolicy(rng);
      const policy = { ...p, ...(f ? { filter: f } : {}) };
      rows.push((keys) => ({ type: "write", key: keys[k], ops: w.ops, policy }));
      text.push(`write k${k} ${w.text}${p ? ` ${show(p)}` : ""}${f ? " filtered" : ""}`);
    } else {
      const gen = rng.chance(0.3) ? { generationPolicy: "eq" as const, generation: rng.range(0, 2) } : {};
      const policy = { ...gen, ...(f ? { filter: f } : {}) };
      rows.push((keys) => ({ type: "remove", key: keys[k], policy }));
      text.push(
        `remove k${k}${gen.generation !== undefined ? ` gen ${gen.generation}` : ""}${f ? " filtered" : ""}`,
      );
    }
  }
  const run = async (client: Client, _key: Key, keys: Key[]): Promise<unknown> => {
    for (let i = 1; i < 4; i++) if (others[i - 1] !== null) await client.put(keys[i], others[i - 1]!);
    const out = await client.batch(rows.map((row) => row(keys)));
    return out.map((r) => ({
      code: r.resultCode,
      bins: r.record?.bins,
      generation: r.record?.generation,
      inDoubt: r.inDoubt,
    }));
  };
  return { family: "batch", bins, run, note: `others ${show(others)}; batch [${text.join("; ")}]` };
}
