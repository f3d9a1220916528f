/**
 * The official `cdt.Context` builder (`new Context().addMapKey("a").addListIndex(0)`), turned into
 * aerolite's context path when an operation is sent.
 * @module
 */
import { type CdtContext, ctx, type ListOrder, type MapOrder } from "../../mod.ts";
import { toAeroValue } from "./values.ts";

const INT32_MAX = 2 ** 31 - 1;
const INT32_MIN = -(2 ** 31);

function checkInt32(what: string, n: number): void {
  if (n > INT32_MAX) throw new Error(`${what} overflow, largest supported integer is ${INT32_MAX}`);
  if (n < INT32_MIN) throw new Error(`${what} underflow, smallest supported integer is ${INT32_MIN}`);
}

const MAP_ORDERS: readonly MapOrder[] = ["unordered", "keyOrdered", "keyOrdered", "keyValueOrdered"];

/** A path to a nested list or map element, as the official client builds it. */
export class Context {
  /** The steps, in order. */
  items: CdtContext[] = [];

  /** Selects a list element by index. */
  addListIndex(index: number): this {
    checkInt32("index", index);
    this.items.push(ctx.listIndex(index));
    return this;
  }
  /** Selects a list element by index, creating the list (ordered or padded) when missing. */
  addListIndexCreate(index: number, order?: number, pad?: boolean): this {
    checkInt32("index", index);
    const o: ListOrder = order ? "ordered" : "unordered";
    this.items.push(ctx.listIndexCreate(index, o, !!pad));
    return this;
  }
  /** Selects a list element by rank. */
  addListRank(rank: number): this {
    checkInt32("rank", rank);
    this.items.push(ctx.listRank(rank));
    return this;
  }
  /** Selects a list element by value. */
  addListValue(value: unknown): this {
    this.items.push(ctx.listValue(toAeroValue(value)));
    return this;
  }
  /** Selects a map entry by index. */
  addMapIndex(index: number): this {
    checkInt32("index", index);
    this.items.push(ctx.mapIndex(index));
    return this;
  }
  /** Selects a map entry by rank. */
  addMapRank(rank: number): this {
    checkInt32("rank", rank);
    this.items.push(ctx.mapRank(rank));
    return this;
  }
  /** Selects a map entry by key. */
  addMapKey(key: unknown): this {
    this.items.push(ctx.mapKey(toAeroValue(key)));
    return this;
  }
  /** Selects a map entry by key, creating the map (in `maps.order` order) when missing. */
  addMapKeyCreate(key: unknown, order?: number): this {
    this.items.push(ctx.mapKeyCreate(toAeroValue(key), MAP_ORDERS[order ?? 0] ?? "unordered"));
    return this;
  }
  /** Selects a map entry by value. */
  addMapValue(value: unknown): this {
    this.items.push(ctx.mapValue(toAeroValue(value)));
    return this;
  }
}

/** A context given as a `Context`, or as a function filling a new one (as `withContext` takes). */
export function contextItems(c: unknown): CdtContext[] | undefined {
  if (c === undefined || c === null) return undefined;
  if (c instanceof Context) return c.items;
  if (typeof c === "function") {
    const built = new Context();
    c(built);
    return built.items;
  }
  throw new TypeError("Context param must be a CDT Context or a function that accepts a context");
}
