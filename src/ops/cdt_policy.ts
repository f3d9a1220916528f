/**
 * The trailing policy arguments of list and map writes, shared by the operation builders
 * (`lists.append`, `maps.put`, ...) and the modify expressions (`exp.listAppend`, `exp.mapPut`,
 * ...), so both send the same bytes for the same policy. Internal: not part of the public API.
 * @module
 */
import * as C from "../wire/cdt_codes.ts";
import type { MapOrder } from "../values.ts";
import type { ListOrder } from "./ctx.ts";
import type { ListPolicy } from "./lists.ts";
import type { MapPolicy } from "./maps.ts";
import { checkOptions } from "../validate.ts";
import { LIST_POLICY, MAP_POLICY } from "../validate_shapes.ts";

/** The wire code of a list order. */
export function listOrderCode(order: ListOrder | undefined): number {
  if (order === undefined || order === "unordered") return C.LIST_ORDER_UNORDERED;
  if (order === "ordered") return C.LIST_ORDER_ORDERED;
  throw new TypeError(`list order must be "unordered" or "ordered"`);
}

/** The list write flags of a policy (checked: unknown keys or wrong types throw). */
export function listFlags(p: ListPolicy): number {
  checkOptions(p, LIST_POLICY, "options.policy");
  return (p.addUnique ? C.LIST_WRITE_ADD_UNIQUE : 0) | (p.insertBounded ? C.LIST_WRITE_INSERT_BOUNDED : 0) |
    (p.noFail ? C.LIST_WRITE_NO_FAIL : 0) | (p.partial ? C.LIST_WRITE_PARTIAL : 0);
}

/** `[order, flags]` (append, appendItems, increment), or none without a policy. */
export function listOrderFlags(p: ListPolicy | undefined): number[] {
  return p === undefined ? [] : [listOrderCode(p.order), listFlags(p)];
}

/** `[flags]` (insert, insertItems, set), or none without a policy. */
export function listFlagsOnly(p: ListPolicy | undefined): number[] {
  return p === undefined ? [] : [listFlags(p)];
}

/** The wire code of a map order. */
export function mapOrderCode(order: MapOrder | undefined): number {
  if (order === undefined || order === "unordered") return C.MAP_UNORDERED;
  if (order === "keyOrdered") return C.MAP_KEY_ORDERED;
  if (order === "keyValueOrdered") return C.MAP_KEY_VALUE_ORDERED;
  throw new TypeError(`map order must be "unordered", "keyOrdered" or "keyValueOrdered"`);
}

/** The map attributes of a policy: order, plus the persisted-index bit (the policy is checked). */
export function mapAttr(p: MapPolicy | undefined): number {
  checkOptions(p, MAP_POLICY, "options.policy");
  return mapOrderCode(p?.order) | (p?.persistIndex ? C.MAP_PERSIST_INDEX : 0);
}

/** The map write flags of a policy. */
export function mapFlags(p: MapPolicy | undefined): number {
  if (p === undefined) return 0;
  return (p.createOnly ? C.MAP_WRITE_CREATE_ONLY : 0) | (p.updateOnly ? C.MAP_WRITE_UPDATE_ONLY : 0) |
    (p.noFail ? C.MAP_WRITE_NO_FAIL : 0) | (p.partial ? C.MAP_WRITE_PARTIAL : 0);
}

/** Trailing put arguments: `attr` alone, or `attr, flags` when any flag is set. */
export function mapPolicyArgs(p: MapPolicy | undefined): number[] {
  const flags = mapFlags(p);
  return flags === 0 ? [mapAttr(p)] : [mapAttr(p), flags];
}

/** The create flag for a list of `order` (`pad`: fill with nils up to the index). */
export function listCreateFlag(order: ListOrder, pad: boolean): number {
  if (order === "ordered") return C.CTX_CREATE_LIST_ORDERED;
  if (order !== "unordered") throw new TypeError(`list order must be "unordered" or "ordered"`);
  return pad ? C.CTX_CREATE_LIST_UNORDERED_PAD : C.CTX_CREATE_LIST_UNORDERED;
}

/** The create flag for a map of `order`. */
export function mapCreateFlag(order: MapOrder): number {
  if (order === "unordered") return C.CTX_CREATE_MAP_UNORDERED;
  if (order === "keyOrdered") return C.CTX_CREATE_MAP_KEY_ORDERED;
  if (order === "keyValueOrdered") return C.CTX_CREATE_MAP_KEY_VALUE_ORDERED;
  throw new TypeError(`map order must be "unordered", "keyOrdered" or "keyValueOrdered"`);
}
