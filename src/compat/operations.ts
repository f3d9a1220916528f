/**
 * The official `operations` module: scalar operations for `client.operate()`.
 * @module
 */
import { ops } from "../../mod.ts";
import { Operation } from "./operation.ts";
import { toAeroValue } from "./values.ts";

export { Operation };

/** Reads a bin. */
export const read = (bin: string): Operation => new Operation("read", bin, () => ops.read(bin));
/** Writes a bin. */
export const write = (bin: string, value: unknown): Operation =>
  new Operation("write", bin, () => ops.write(bin, toAeroValue(value)));
/** Adds a number to a bin. */
export const add = (bin: string, value: unknown): Operation =>
  new Operation("add", bin, () => ops.add(bin, toAeroValue(value) as number));
/** Same as `add`. */
export const incr = add;
/** Appends a string/bytes to a bin. */
export const append = (bin: string, value: unknown): Operation =>
  new Operation("append", bin, () => ops.append(bin, value as string));
/** Prepends a string/bytes to a bin. */
export const prepend = (bin: string, value: unknown): Operation =>
  new Operation("prepend", bin, () => ops.prepend(bin, value as string));
/** Resets the record's TTL (`ttl` seconds when given). */
export const touch = (ttl?: number): Operation => {
  const op = new Operation("touch", "", () => ops.touch());
  (op as Operation & { ttl?: number }).ttl = ttl;
  return op;
};
/** Deletes the record. */
const del = (): Operation => new Operation("delete", "", () => ops.delete());
export { del as delete };
