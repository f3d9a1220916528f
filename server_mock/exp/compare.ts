/**
 * Expression comparisons (`eq` ... `le`) as the server evaluates them. The build pass already
 * made both operands the same type, so each type compares natively: integers as int64, floats
 * with IEEE rules (NaN is unequal to everything, `-0.0 == 0.0`), strings and blobs bytewise,
 * nil equal to nil, false < true. Lists and maps compare in msgpack order, except that reaching
 * a map that is not key-ordered makes the comparison "unknown": the server refuses to order
 * unordered maps.
 * @module
 */
import * as C from "../../src/wire/cdt_codes.ts";
import { bool, type CdtValue, compareCdt } from "../cdt/value.ts";

const MAP_K_ORDERED = 1;

const UNORDERED: unique symbol = Symbol("unordered");

const isUnordered = (v: CdtValue): boolean =>
  v.k === "map" && v.entries.length > 0 && (v.flags & MAP_K_ORDERED) === 0;

/** msgpack order walked in lockstep, as far as the first difference. */
function walk(a: CdtValue, b: CdtValue, seen: { unordered: boolean }): number {
  if (isUnordered(a) || isUnordered(b)) seen.unordered = true;
  if (a.k === "wild" || b.k === "wild") return 0;
  if (a.k !== b.k || (a.k !== "list" && a.k !== "map")) return compareCdt(a, b);
  if (a.k === "list" && b.k === "list") {
    const n = Math.min(a.items.length, b.items.length);
    for (let i = 0; i < n; i++) {
      const c = walk(a.items[i], b.items[i], seen);
      if (c !== 0) return c;
    }
    return a.items.length - b.items.length;
  }
  if (a.k === "map" && b.k === "map") {
    if (a.entries.length !== b.entries.length) return a.entries.length - b.entries.length;
    for (let i = 0; i < a.entries.length; i++) {
      const c = walk(a.entries[i][0], b.entries[i][0], seen) || walk(a.entries[i][1], b.entries[i][1], seen);
      if (c !== 0) return c;
    }
  }
  return 0;
}

function order(a: CdtValue, b: CdtValue): number | typeof UNORDERED | undefined {
  if (a.k === "int" && b.k === "int") return a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
  if (a.k === "float" && b.k === "float") {
    if (Number.isNaN(a.v) || Number.isNaN(b.v)) return undefined;
    return a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
  }
  if (a.k === "list" || a.k === "map" || b.k === "list" || b.k === "map") {
    const seen = { unordered: false };
    const c = walk(a, b, seen);
    return seen.unordered ? UNORDERED : c;
  }
  return compareCdt(a, b);
}

/**
 * Applies comparison op `code` (EXP_EQ .. EXP_LE) to two evaluated operands of one type; returns
 * a boolean value, or undefined where the server answers "unknown".
 * @example
 * ```ts
 * import * as C from "../../src/wire/cdt_codes.ts";
 * compareExp(C.EXP_LT, { k: "float", v: NaN }, { k: "float", v: 1 }); // false
 * ```
 */
export function compareExp(code: number, a: CdtValue, b: CdtValue): CdtValue | undefined {
  const c = order(a, b);
  if (c === UNORDERED) return undefined;
  if (c === undefined) return bool(code === C.EXP_NE); // NaN: only "not equal" holds
  const results = [c === 0, c !== 0, c > 0, c >= 0, c < 0, c <= 0];
  return bool(results[code - C.EXP_EQ]);
}
