/**
 * The UDF side of `Client`: register, list and remove Lua modules (info commands, waiting until
 * every node agrees) and apply a record UDF.
 * @module
 */
import {
  infoChecked,
  type InfoCluster,
  infoEach,
  pickNode,
  poll,
  type PollOptions,
} from "./commands/info.ts";
import { parseUdfList, type UdfModule, udfPutCommand } from "./commands/udf.ts";
import { ServerError } from "./errors.ts";
import { ResultCode } from "./wire/result_code.ts";

export type { UdfModule } from "./commands/udf.ts";

/** What the UDF functions need. */
export interface UdfContext {
  /** Nodes. */
  cluster: InfoCluster;
  /** Per-request timeout in ms. */
  infoTimeout: number;
}

function moduleName(name: unknown): string {
  if (typeof name !== "string" || name.length === 0 || /[;,=\t\n/]/.test(name)) {
    throw new TypeError("a UDF module name is a non-empty file name such as my_udf.lua");
  }
  return name;
}

async function listedEverywhere(ctx: UdfContext, name: string, present: boolean): Promise<boolean> {
  for (const [, value] of await infoEach(ctx.cluster, "udf-list", ctx.infoTimeout)) {
    if (parseUdfList(value).some((m) => m.name === name) !== present) return false;
  }
  return true;
}

/**
 * Registers a Lua module under `name` (e.g. `my_udf.lua`) and resolves once every node lists it.
 * A compile error rejects with the server's message.
 */
export async function udfRegister(
  ctx: UdfContext,
  name: string,
  source: string | Uint8Array,
  wait: PollOptions = {},
): Promise<void> {
  moduleName(name);
  if (typeof source !== "string" && !(source instanceof Uint8Array)) {
    throw new TypeError("UDF source must be a string or bytes");
  }
  const node = pickNode(ctx.cluster);
  const value = await infoChecked(node, udfPutCommand(name, source), ctx.infoTimeout);
  // Older servers report compile errors as `error=...;file=...;line=...;message=<base64>`.
  if (value.startsWith("error=")) {
    const m = /message=([^;]*)/.exec(value);
    const text = m === null ? value : atob(m[1]);
    throw new ServerError(ResultCode.UDF_BAD_RESPONSE, text, { node: node.name });
  }
  await poll(() => listedEverywhere(ctx, name, true), wait);
}

/** Removes a Lua module and resolves once no node lists it. */
export async function udfRemove(ctx: UdfContext, name: string, wait: PollOptions = {}): Promise<void> {
  moduleName(name);
  await infoChecked(pickNode(ctx.cluster), `udf-remove:filename=${name};`, ctx.infoTimeout);
  await poll(() => listedEverywhere(ctx, name, false), wait);
}

/** The registered Lua modules (as one node lists them). */
export async function udfList(ctx: UdfContext): Promise<UdfModule[]> {
  return parseUdfList(await infoChecked(pickNode(ctx.cluster), "udf-list", ctx.infoTimeout));
}
