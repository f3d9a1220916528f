/**
 * The one argument checker of the public API: every policy and options object is checked against
 * its shape (the known keys and what each takes, listed in validate_shapes.ts) before any I/O.
 * An unknown key, a wrong type or an out-of-range value throws a TypeError or RangeError that
 * names the call, the object and the key, and suggests the right name when a known one is close
 * (edit distance) or when the official `aerospike` npm client spells it differently.
 *
 * Cost on the hot path: nothing when no policy is passed; otherwise one `for...in` over the
 * caller's own keys with a dictionary lookup and a `typeof` test per key.
 * @module
 */

/** What a key takes. A string array lists the accepted string values. */
export type Spec =
  | "bool"
  | "str"
  | "int" // a safe integer
  | "uint" // a safe integer >= 0
  | "ms" // a finite number >= 0 (milliseconds)
  | "ttl" // -3..2^32-1 (the official client's special values included)
  | "u16" // 0..65535
  | "u32" // 0..2^32-1
  | "pct" // readTouchTtlPercent: -1..100
  | "filter" // an expression built with exp.build()
  | "signal" // an AbortSignal
  | "arr" // an array (its elements are checked where it is used)
  | "obj" // an object (checked where it is used)
  | "any"
  | readonly string[];

/** The keys an options object may have, with the hints for names users bring from elsewhere. */
export interface Shape {
  /** How messages call the object: "write policy", "options", ... */
  readonly noun: string;
  /** Known keys and what each takes (a null-prototype record). */
  readonly keys: Readonly<Record<string, Spec>>;
  /** Hints by wrong key: the official client's names and common mistakes, e.g. `gen`. */
  readonly hints: Readonly<Record<string, string>>;
  /**
   * Hints by key for values the official client uses (its numeric enum values), or by
   * `key=value` for one value (`exists=update`).
   */
  readonly valueHints?: Readonly<Record<string, string>>;
}

/** Builds a shape (null-prototype tables, so `toString` or `constructor` are never "known"). */
export function shape(
  noun: string,
  keys: Record<string, Spec>,
  hints: Record<string, string> = {},
  valueHints: Record<string, string> = {},
): Shape {
  const k = Object.assign(Object.create(null) as Record<string, Spec>, keys);
  const h = Object.assign(Object.create(null) as Record<string, string>, hints);
  const v = Object.assign(Object.create(null) as Record<string, string>, valueHints);
  return Object.freeze({
    noun,
    keys: Object.freeze(k),
    hints: Object.freeze(h),
    valueHints: Object.freeze(v),
  });
}

/** Extends a shape with more keys and hints (a write policy is a read policy plus write keys). */
export function extend(
  base: Shape,
  noun: string,
  keys: Record<string, Spec>,
  hints: Record<string, string> = {},
  valueHints: Record<string, string> = {},
): Shape {
  return shape(
    noun,
    { ...base.keys, ...keys },
    { ...base.hints, ...hints },
    { ...base.valueHints, ...valueHints },
  );
}

/** A shape without some keys (a key an entry point does not honour must not be accepted). */
export function without(
  base: Shape,
  noun: string,
  drop: readonly string[],
  hints: Record<string, string> = {},
): Shape {
  const keys: Record<string, Spec> = { ...base.keys };
  for (const k of drop) delete keys[k];
  return shape(noun, keys, { ...base.hints, ...hints }, { ...base.valueHints });
}

/** Levenshtein distance, bounded: returns `max + 1` as soon as the distance must exceed `max`. */
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= y.length; j++) {
      const d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
      cur.push(d);
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[y.length];
}

/** The closest known key, if close enough to be a typo (or differing only in case). */
export function closest(key: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Math.max(1, Math.min(3, Math.floor(key.length / 3)));
  for (const k of known) {
    const d = k.toLowerCase() === key.toLowerCase() ? 0 : editDistance(key, k, bestD);
    if (d <= bestD && (best === undefined || d < bestD)) {
      best = k;
      bestD = d;
    }
  }
  return best;
}

function show(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "bigint") return `${v}n`;
  if (v === null || typeof v !== "object") return String(v);
  if (Array.isArray(v)) return "an array";
  return `an object (${(v as object).constructor?.name ?? "null prototype"})`;
}

/** The error for a key the shape does not know, with the best hint available. */
export function unknownKey(where: string, s: Shape, key: string): TypeError {
  const base = `${where}: unknown ${s.noun} key '${key}'`;
  const hint = s.hints[key];
  if (hint !== undefined) return new TypeError(`${base}; ${hint}`);
  const near = closest(key, Object.keys(s.keys));
  return new TypeError(
    near !== undefined
      ? `${base}; did you mean '${near}'?`
      : `${base}; known keys: ${Object.keys(s.keys).join(", ")}`,
  );
}

function rangeError(where: string, s: Shape, key: string, what: string, v: unknown): RangeError {
  return new RangeError(`${where}: ${s.noun} ${key} must be ${what}, got ${show(v)}`);
}

function typeError(where: string, s: Shape, key: string, what: string, v: unknown): TypeError {
  const hint = s.valueHints?.[`${key}=${String(v)}`] ?? s.valueHints?.[key];
  const tail = hint !== undefined && (typeof v === "number" || typeof v === "string") ? `; ${hint}` : "";
  return new TypeError(`${where}: ${s.noun} ${key} must be ${what}, got ${show(v)}${tail}`);
}

function isInt(v: unknown): v is number {
  return typeof v === "number" && Number.isSafeInteger(v);
}

/** Checks one value against its spec; throws TypeError (wrong type) or RangeError (out of range). */
export function checkValue(where: string, s: Shape, key: string, spec: Spec, v: unknown): void {
  switch (spec) {
    case "any":
      return;
    case "bool":
      if (typeof v !== "boolean") throw typeError(where, s, key, "a boolean", v);
      return;
    case "str":
      if (typeof v !== "string") throw typeError(where, s, key, "a string", v);
      return;
    case "arr":
      if (!Array.isArray(v)) throw typeError(where, s, key, "an array", v);
      return;
    case "obj":
      if (v === null || typeof v !== "object") throw typeError(where, s, key, "an object", v);
      return;
    case "filter":
      if (
        v === null || typeof v !== "object" || !((v as { bytes?: unknown }).bytes instanceof Uint8Array)
      ) throw typeError(where, s, key, "an expression built with exp.build()", v);
      return;
    case "signal":
      if (typeof AbortSignal === "undefined" || !(v instanceof AbortSignal)) {
        throw typeError(where, s, key, "an AbortSignal", v);
      }
      return;
    case "ms":
      if (typeof v !== "number") throw typeError(where, s, key, "a number of milliseconds", v);
      if (!(v >= 0) || !Number.isFinite(v)) throw rangeError(where, s, key, "a finite number >= 0", v);
      return;
  }
  if (typeof spec !== "string") {
    if (typeof v !== "string" || !spec.includes(v)) {
      throw typeError(where, s, key, `one of ${spec.map((x) => `'${x}'`).join(", ")}`, v);
    }
    return;
  }
  if (!isInt(v)) throw typeError(where, s, key, "an integer", v);
  switch (spec) {
    case "uint":
      if (v < 0) throw rangeError(where, s, key, "an integer >= 0", v);
      return;
    case "u16":
      if (v < 0 || v > 0xffff) throw rangeError(where, s, key, "an integer from 0 to 65535", v);
      return;
    case "u32":
      if (v < 0 || v > 0xffff_ffff) throw rangeError(where, s, key, "an integer from 0 to 2^32-1", v);
      return;
    case "ttl":
      if (v < -3 || v > 0xffff_ffff) {
        throw rangeError(where, s, key, "seconds from 1 to 2^32-1 or a Ttl constant (0, -1, -2, -3)", v);
      }
      return;
    case "pct":
      if (v < -1 || v > 100) throw rangeError(where, s, key, "an integer from -1 to 100", v);
      return;
  }
}

/**
 * Checks an options object against its shape: `undefined` passes; anything but a plain object
 * (a number or string where the options belong, say) throws a TypeError that lists the known keys.
 * @example
 * ```ts
 * import { checkOptions, shape } from "./validate.ts";
 * const RANGE = shape("options", { count: "uint" });
 * checkOptions({ count: 3 }, RANGE, "lists.getRange()");
 * ```
 */
export function checkOptions(o: unknown, s: Shape, where: string): void {
  if (o === undefined) return;
  if (o === null || typeof o !== "object" || Array.isArray(o)) throw notAnObject(o, s, where);
  const keys = s.keys;
  for (const k in o) {
    const spec = keys[k];
    if (spec === undefined) throw unknownKey(where, s, k);
    const v = (o as Record<string, unknown>)[k];
    if (v !== undefined) checkValue(where, s, k, spec, v);
  }
}

/** The error for a non-object where an options object belongs. */
export function notAnObject(o: unknown, s: Shape, where: string): TypeError {
  const keys = Object.keys(s.keys).join(", ");
  const positional = typeof o === "number" || typeof o === "string" || typeof o === "boolean"
    ? "; optional arguments go in this object here, not positionally (the official client's positional" +
      " arguments and numeric enums are not accepted)"
    : "";
  return new TypeError(`${where}: the ${s.noun} must be an object { ${keys} }, got ${show(o)}${positional}`);
}

/**
 * Throws when a function got more arguments than it declares (an argument that would be ignored).
 * @param count `arguments.length` of the call
 * @param max how many arguments the function takes
 * @param signature the declared parameters, for the message: "key, bins, policy"
 */
export function checkArity(where: string, count: number, max: number, signature: string, hint = ""): void {
  if (count > max) {
    throw new TypeError(
      `${where} takes at most ${max} argument${max === 1 ? "" : "s"} (${signature}), got ${count}${
        hint === "" ? "" : `; ${hint}`
      }`,
    );
  }
}
