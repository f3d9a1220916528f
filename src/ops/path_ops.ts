/**
 * Path operations (server 8.1): `ops.selectByPath` reads the elements a context selects (steps
 * may fan out: `ctx.allChildren()`, `ctx.allChildrenWithFilter()`, `ctx.mapKeysIn()`), and
 * `ops.modifyByPath` replaces each with the value of an expression. Sent as CDT operations with
 * the payload `[0xfe, ctx, flags]` / `[0xfe, ctx, flags | 4, expression]`, as the C client does.
 * @module
 */
import { MsgPackWriter } from "../wire/msgpack.ts";
import { OP_CDT_MODIFY, OP_CDT_READ } from "../wire/operations.ts";
import { PARTICLE_TYPE_BLOB } from "../wire/particles.ts";
import {
  modifyFlags,
  type ModifyPathOptions,
  selectFlags,
  type SelectPathOptions,
  writePathCall,
} from "../exp/path.ts";
import { checkExp } from "../exp/expression.ts";
import type { Expression } from "../exp/expression.ts";
import type { CdtContext } from "./ctx.ts";
import type { Operation } from "./scalar.ts";

function checkBin(bin: unknown): string {
  if (typeof bin !== "string" || bin.length === 0) throw new TypeError("a path operation needs a bin name");
  return bin;
}

/**
 * Reads the elements `steps` select in a list or map bin (server 8.1).
 * @example
 * ```ts
 * import { Client, ctx, Key, ops } from "@aerolite/client";
 * const client = await Client.connect({ hosts: "127.0.0.1:3000" });
 * await client.operate(new Key("test", "demo", 1), [ops.selectByPath("m", [ctx.allChildren()], { returns: "mapKeys" })]);
 * ```
 */
export function selectByPath(
  bin: string,
  steps: readonly CdtContext[],
  options?: SelectPathOptions,
): Operation {
  const w = new MsgPackWriter(64);
  writePathCall(w, steps, selectFlags(options));
  return { op: OP_CDT_READ, bin: checkBin(bin), particleType: PARTICLE_TYPE_BLOB, data: w.toBytes() };
}

/**
 * Replaces every element `steps` select in a list or map bin with the value of `modify` (which
 * reads the element as `exp.loopVar*("value")`; `exp.removeResult()` removes it). Server 8.1.
 * @example
 * ```ts
 * import { ctx, exp, ops } from "@aerolite/client";
 * ops.modifyByPath("l", [ctx.allChildren()], exp.mul(exp.loopVarInt("value"), exp.int(2)));
 * ```
 */
export function modifyByPath(
  bin: string,
  steps: readonly CdtContext[],
  modify: Expression,
  options?: ModifyPathOptions,
): Operation {
  const m = checkExp(modify, "ops.modifyByPath()");
  const w = new MsgPackWriter(64);
  writePathCall(w, steps, modifyFlags(options), m);
  return { op: OP_CDT_MODIFY, bin: checkBin(bin), particleType: PARTICLE_TYPE_BLOB, data: w.toBytes() };
}
