/**
 * Expression cases for the differential fuzzer ("exp"): typed expression trees (gen_exp_tree.ts)
 * used as `exp.read` ops (with and without EVAL_NO_FAIL), as `exp.write` ops with every flag
 * (create-only, update-only, allow-delete, policy-no-fail, eval-no-fail), and as filters on
 * operate, get, put, remove and touch, on records whose bins hold their usual type, another
 * type, or nothing; on a missing record too.
 * @module
 */
import { type Client, exp, type Key, type Operation, ops } from "../../mod.ts";
import type { Value } from "../../src/values.ts";
import type { FilterExpression } from "../../src/policy.ts";
import { type DiffCase, label, show } from "./case.ts";
import { BIN_OF, literal, type T, text, tree } from "./gen_exp_tree.ts";
import type { Rng } from "./rng.ts";

const TYPES = Object.keys(BIN_OF) as T[];

/** A record: each typed bin present most of the time, holding its own type mostly. */
function record(rng: Rng): Record<string, Value> | null {
  if (rng.chance(0.05)) return null;
  const bins: Record<string, Value> = {};
  for (const t of TYPES) {
    if (rng.chance(0.2)) continue;
    bins[BIN_OF[t]] = literal(rng, rng.chance(0.85) ? t : rng.pick(TYPES));
  }
  if (Object.keys(bins).length === 0) bins.x = 1;
  return bins;
}

function readOp(rng: Rng): Operation {
  const e = tree(rng, rng.pick(TYPES));
  const noFail = rng.chance(0.3);
  const name = rng.pick(["r", "i", "s"]);
  const op = exp.read(name, e, noFail ? { evalNoFail: true } : undefined);
  return label(op, `exp.read(${show(name)}, ${text(e)}${noFail ? ", { evalNoFail: true }" : ""})`);
}

function writeFlags(rng: Rng): exp.ExpWriteOptions | undefined {
  if (rng.chance(0.4)) return undefined;
  const f: exp.ExpWriteOptions = {};
  if (rng.chance(0.25)) f.createOnly = true;
  if (rng.chance(0.25)) f.updateOnly = true;
  if (rng.chance(0.35)) f.allowDelete = true;
  if (rng.chance(0.3)) f.policyNoFail = true;
  if (rng.chance(0.3)) f.evalNoFail = true;
  return f;
}

function writeOp(rng: Rng): Operation {
  const t = rng.pick(TYPES);
  const bin = rng.chance(0.7) ? BIN_OF[rng.pick(TYPES)] : rng.pick(["w", "new"]);
  const e = rng.chance(0.08) ? exp.nil() : tree(rng, t);
  const flags = writeFlags(rng);
  const op = exp.write(bin, e, flags);
  return label(op, `exp.write(${show(bin)}, ${text(e)}${flags ? `, ${show(flags)}` : ""})`);
}

function plainOp(rng: Rng): Operation {
  const bin = BIN_OF[rng.pick(TYPES)];
  return rng.pick([
    () => label(ops.read(bin), `ops.read(${show(bin)})`),
    () => label(ops.write("w", 1), `ops.write("w", 1)`),
    () => label(ops.write(bin, null), `ops.write(${show(bin)}, null)`),
    () => label(ops.add("i", 1), `ops.add("i", 1)`),
  ])();
}

function filter(rng: Rng): { filter: FilterExpression; note: string } {
  // Mostly a boolean; sometimes another type (a filter must be boolean: PARAMETER_ERROR).
  const e = tree(rng, rng.chance(0.93) ? "bool" : rng.pick(TYPES));
  return { filter: exp.build(e), note: text(e) };
}

/** A case that is not one operate call: get/put/remove/touch with a filter. */
function filtered(rng: Rng, bins: Record<string, Value> | null): DiffCase {
  const { filter: f, note } = filter(rng);
  const kind = rng.pick(["get", "put", "remove", "touch", "exists"] as const);
  const select = rng.chance(0.3) ? ["i", "s"] : undefined;
  const run = async (client: Client, key: Key): Promise<unknown> => {
    switch (kind) {
      case "get":
        return await client.get(key, select, { filter: f });
      case "put":
        return await client.put(key, { w: 2 }, { filter: f });
      case "remove":
        return await client.remove(key, { filter: f });
      case "touch":
        return await client.touch(key, { filter: f });
      case "exists":
        return await client.exists(key, { filter: f });
    }
  };
  return { family: "exp", bins, run, note: `${kind} with filter ${note}` };
}

/** Draws one expression case. */
export function expCase(rng: Rng): DiffCase {
  const bins = record(rng);
  if (rng.chance(0.3)) return filtered(rng, bins);
  const list: Operation[] = [];
  const n = 1 + rng.int(3);
  for (let i = 0; i < n; i++) {
    const r = rng.int(10);
    list.push(r < 5 ? readOp(rng) : r < 9 ? writeOp(rng) : plainOp(rng));
  }
  const c: DiffCase = { family: "exp", bins, ops: list };
  if (rng.chance(0.2)) c.policy = { filter: filter(rng).filter };
  return c;
}
