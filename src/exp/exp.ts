/**
 * The `exp` namespace: expression builders (values, bins, metadata, comparisons, logic,
 * arithmetic, `cond`/`let`/`var`, list and map reads), `exp.build` for policy filters and query
 * expressions, and the `exp.read`/`exp.write` operations.
 * @example
 * ```ts
 * import { Client, Key, exp } from "@aerolite/client";
 * const client = await Client.connect({ hosts: "127.0.0.1:3000" });
 * const key = new Key("test", "demo", "user:1");
 * const filter = exp.build(exp.and(exp.binExists("m"), exp.lt(exp.ttl(), 0)));
 * await client.get(key, undefined, { filter });
 * ```
 * @module
 */
// expression.ts also holds the builders' internal helpers (checkExp, packed, node, toExp,
// expTypeCode): other src/exp files import them from there; they are not part of `exp`.
export {
  blob,
  bool,
  build,
  Expression,
  type ExpType,
  float,
  geo,
  infinity,
  int,
  list,
  map,
  nil,
  str,
  wildcard,
} from "./expression.ts";
export * from "./record.ts";
export * from "./logic.ts";
export * from "./cdt.ts";
export * from "../ops/exp_ops.ts";
export * from "./cdt_select.ts";
export * from "./list_write.ts";
export * from "./map_write.ts";
export * from "./bit_exp.ts";
export * from "./hll_exp.ts";
export {
  inList,
  loopVar,
  loopVarBlob,
  loopVarBool,
  loopVarFloat,
  loopVarInt,
  loopVarList,
  loopVarMap,
  loopVarStr,
  mapKeys,
  mapValues,
  modifyByPath,
  removeResult,
  selectByPath,
  uint,
} from "./path.ts";
