/**
 * Translations shared by the operation modules (`lists`, `maps`, `bitwise`, `hll`) and the `exp`
 * modules: the official policies (`{ order, writeFlags }`...) as aerolite policies, and range
 * bounds. Internal: kept out of the official namespaces, which hold only the official names.
 * @module
 */
import type {
  BitPolicy as AeroBitPolicy,
  HLLPolicy as AeroHLLPolicy,
  ListPolicy as AeroListPolicy,
  MapOrder,
  MapPolicy as AeroMapPolicy,
  Value,
} from "../../mod.ts";
import { bitWriteFlags, hllWriteFlags, listWriteFlags, mapWriteFlags, mapWriteMode } from "./constants.ts";
import type { ListPolicy } from "./ops_lists.ts";
import type { MapPolicy } from "./ops_maps.ts";
import { toAeroValue } from "./values.ts";

/** aerolite map orders by official `maps.order` value. */
export const MAP_ORDERS: { readonly [n: number]: MapOrder } = {
  0: "unordered",
  1: "keyOrdered",
  3: "keyValueOrdered",
};

/** An official list policy (`{ order, writeFlags }`) as an aerolite list policy. */
export function listPolicy(p: unknown): AeroListPolicy | undefined {
  if (p === undefined || p === null) return undefined;
  const o = p as ListPolicy;
  const f = o.writeFlags ?? 0;
  const out: AeroListPolicy = {};
  if (o.order) out.order = "ordered";
  if (f & listWriteFlags.ADD_UNIQUE) out.addUnique = true;
  if (f & listWriteFlags.INSERT_BOUNDED) out.insertBounded = true;
  if (f & listWriteFlags.NO_FAIL) out.noFail = true;
  if (f & listWriteFlags.PARTIAL) out.partial = true;
  return out;
}

/** An official map policy (`{ order, writeMode, writeFlags }`) as an aerolite map policy. */
export function mapPolicy(p: unknown): AeroMapPolicy | undefined {
  if (p === undefined || p === null) return undefined;
  const o = p as MapPolicy;
  const out: AeroMapPolicy = {};
  if (o.order !== undefined) out.order = MAP_ORDERS[o.order] ?? "unordered";
  const f = o.writeFlags ?? 0;
  if (f & mapWriteFlags.CREATE_ONLY || o.writeMode === mapWriteMode.CREATE_ONLY) out.createOnly = true;
  if (f & mapWriteFlags.UPDATE_ONLY || o.writeMode === mapWriteMode.UPDATE_ONLY) out.updateOnly = true;
  if (f & mapWriteFlags.NO_FAIL) out.noFail = true;
  if (f & mapWriteFlags.PARTIAL) out.partial = true;
  if (o.persistIndex) out.persistIndex = true;
  return out;
}

/** An official bitwise policy (`{ writeFlags }`) as an aerolite bit policy. */
export function bitPolicy(p: { writeFlags?: number } | undefined): AeroBitPolicy | undefined {
  if (!p) return undefined;
  const f = p.writeFlags ?? 0;
  const out: AeroBitPolicy = {};
  if (f & bitWriteFlags.CREATE_ONLY) out.createOnly = true;
  if (f & bitWriteFlags.UPDATE_ONLY) out.updateOnly = true;
  if (f & bitWriteFlags.NO_FAIL) out.noFail = true;
  if (f & bitWriteFlags.PARTIAL) out.partial = true;
  return out;
}

/** An official HLL policy (`{ writeFlags }`) as an aerolite HLL policy. */
export function hllPolicy(p: { writeFlags?: number } | undefined): AeroHLLPolicy | undefined {
  if (!p) return undefined;
  const f = p.writeFlags ?? 0;
  const out: AeroHLLPolicy = {};
  if (f & hllWriteFlags.CREATE_ONLY) out.createOnly = true;
  if (f & hllWriteFlags.UPDATE_ONLY) out.updateOnly = true;
  if (f & hllWriteFlags.NO_FAIL) out.noFail = true;
  if (f & hllWriteFlags.ALLOW_FOLD) out.allowFold = true;
  return out;
}

/** A range bound: null/undefined means "unbounded" (nil at the start, infinity at the end). */
export function nul(x: unknown): Value {
  return x === undefined ? null : toAeroValue(x);
}

/** An optional end bound. */
export function opt(x: unknown): Value | undefined {
  return x === undefined || x === null ? undefined : toAeroValue(x);
}
