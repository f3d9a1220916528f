/**
 * Server 8.1 path cases for the differential fuzzer ("path"): `ops.selectByPath` with every return
 * form and `noFail`, `ops.modifyByPath` (rewrites and `removeResult`), and the expression forms via
 * `exp.read`, over nested maps and lists, with the context steps `allChildren`,
 * `allChildrenWithFilter` (loop-variable filters on the value, key or index, of the right type or
 * not), `mapKeysIn`, `andFilter`, `mapKey`, `listIndex`; also `exp.inList`, `mapKeys`, `mapValues`.
 * @module
 */
import { ctx, exp, type Operation, ops } from "../../mod.ts";
import type { CdtContext } from "../../src/ops/ctx.ts";
import type { Expression } from "../../src/exp/expression.ts";
import type { PathReturn } from "../../src/exp/path.ts";
import type { Value } from "../../src/values.ts";
import { type DiffCase, label } from "./case.ts";
import type { Rng } from "./rng.ts";

const BIN = "p";
const KEYS = ["a", "b", "c", "d"];

/** A nested value: a map of maps/lists/ints or a list of ints/maps. */
function nested(rng: Rng, depth: number): Value {
  if (depth >= 2 || rng.chance(0.2)) return rng.chance(0.8) ? rng.smallInt() : rng.string(2);
  if (rng.chance(0.55)) {
    const m: Record<string, Value> = {};
    for (const k of KEYS) if (rng.chance(0.7)) m[k] = nested(rng, depth + 1);
    return m;
  }
  const out: Value[] = [];
  for (let i = rng.range(0, 5); i > 0; i--) out.push(nested(rng, depth + 1));
  return out;
}

/** A boolean filter on the loop variables: an int comparison on the value or index, a key test. */
function filter(rng: Rng): [Expression, string] {
  const n = rng.range(-2, 8);
  switch (rng.int(5)) {
    case 0:
      return [exp.gt(exp.loopVarInt("value"), exp.int(n)), `value > ${n}`];
    case 1:
      return [exp.lt(exp.loopVarInt("index"), exp.int(n % 4)), `index < ${n % 4}`];
    case 2: {
      const k = rng.pick(KEYS);
      return [exp.eq(exp.loopVarStr("key"), exp.str(k)), `key == ${k}`];
    }
    case 3:
      return [exp.inList(exp.loopVarStr("key"), exp.list(["a", "c"])), "key in [a, c]"];
    default:
      return [exp.ge(exp.mapSize(exp.loopVarMap("value")), exp.int(2)), "size(value map) >= 2"];
  }
}

function steps(rng: Rng): [CdtContext[], string] {
  const out: CdtContext[] = [];
  const text: string[] = [];
  for (let i = rng.range(1, 3); i > 0; i--) {
    switch (rng.int(6)) {
      case 0:
        out.push(ctx.allChildren());
        text.push("allChildren");
        break;
      case 1:
      case 2: {
        const [f, t] = filter(rng);
        out.push(ctx.allChildrenWithFilter(f));
        text.push(`allChildrenWithFilter(${t})`);
        break;
      }
      case 3: {
        const keys = KEYS.filter(() => rng.chance(0.5));
        out.push(ctx.mapKeysIn(keys));
        text.push(`mapKeysIn(${JSON.stringify(keys)})`);
        if (rng.chance(0.4)) {
          const [f, t] = filter(rng);
          out.push(ctx.andFilter(f));
          text.push(`andFilter(${t})`);
        }
        break;
      }
      case 4: {
        const k = rng.pick(KEYS);
        out.push(ctx.mapKey(k));
        text.push(`mapKey(${k})`);
        break;
      }
      default: {
        const i = rng.range(-2, 3);
        out.push(ctx.listIndex(i));
        text.push(`listIndex(${i})`);
      }
    }
  }
  return [out, `[${text.join(", ")}]`];
}

function op(rng: Rng): Operation {
  const [path, text] = steps(rng);
  const noFail = rng.chance(0.5);
  switch (rng.int(5)) {
    case 0:
    case 1: {
      const returns = rng.pick<PathReturn>(["matchingTree", "values", "mapKeys", "mapKeyValues"]);
      return label(
        ops.selectByPath(BIN, path, { returns, noFail }),
        `selectByPath(${text}, ${returns}, noFail ${noFail})`,
      );
    }
    case 2: {
      const by = rng.range(1, 5);
      const mod = exp.add(exp.loopVarInt("value"), exp.int(by));
      return label(
        ops.modifyByPath(BIN, path, mod, { noFail }),
        `modifyByPath(${text}, value + ${by}, noFail ${noFail})`,
      );
    }
    case 3: {
      const [f, t] = filter(rng);
      const mod = exp.cond(f, exp.removeResult(), exp.loopVarInt("value"));
      return label(
        ops.modifyByPath(BIN, path, mod, { noFail }),
        `modifyByPath(${text}, remove if ${t}, noFail ${noFail})`,
      );
    }
    default: {
      const e = exp.selectByPath("list", exp.mapBin(BIN), path, { returns: "values", noFail });
      const which = rng.pick([e, exp.mapKeys(exp.mapBin(BIN)), exp.mapValues(exp.mapBin(BIN))]);
      return label(exp.read("r", which), `exp.read(r, select/mapKeys/mapValues over ${text})`);
    }
  }
}

/** Draws one path case. */
export function pathCase(rng: Rng): DiffCase {
  const top = nested(rng, 0);
  const bins: Record<string, Value> = { [BIN]: typeof top === "object" ? top : { a: top } };
  const c: DiffCase = { family: "path", bins, ops: [] };
  for (let i = 1 + rng.int(2); i > 0; i--) c.ops!.push(op(rng));
  return c;
}
