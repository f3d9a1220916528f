/**
 * How a key typed on the command line becomes a user key. With `--key-type auto` (the default)
 * a key written as a canonical decimal integer (`42`, `-7`; not `007`, `+1` or `1e3`) that fits
 * in 64 bits is an integer key, anything else a string key; `--key-type string` keeps `42` a
 * string, `--key-type int` insists on an integer and `--key-type bytes` reads hex (`00ff`).
 * An integer key and a string key with the same digits are different records.
 * @module
 */
import type { UserKey } from "../mod.ts";
import { UsageError } from "./errors.ts";
import { hexBytes } from "./json.ts";

/** The `--key-type` choices. */
export const KEY_TYPES = ["auto", "int", "string", "bytes"] as const;

/** One of {@linkcode KEY_TYPES}. */
export type KeyType = typeof KEY_TYPES[number];

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** The integer a canonical decimal text names, when it fits in 64 bits. */
function canonicalInt(text: string): number | bigint | undefined {
  if (!/^-?(?:0|[1-9]\d*)$/.test(text) || text === "-0") return undefined;
  const n = BigInt(text);
  if (n < INT64_MIN || n > INT64_MAX) return undefined;
  return Number.isSafeInteger(Number(n)) ? Number(n) : n;
}

/**
 * Checks a `--key-type` value; throws {@linkcode UsageError} for anything else.
 * @example `keyType("int", "get"); // "int"`
 */
export function keyType(value: string | undefined, command: string): KeyType {
  if (value === undefined) return "auto";
  if ((KEY_TYPES as readonly string[]).includes(value)) return value as KeyType;
  throw new UsageError(`--key-type must be one of ${KEY_TYPES.join(", ")}, got "${value}"`, command);
}

/**
 * The user key for `text` under `type`; throws {@linkcode UsageError} when it cannot be one.
 * @example
 * ```ts
 * parseKey("42", "auto", "get"); // 42
 * parseKey("42", "string", "get"); // "42"
 * parseKey("user:1", "auto", "get"); // "user:1"
 * ```
 */
export function parseKey(text: string, type: KeyType, command: string): UserKey {
  switch (type) {
    case "string":
      return text;
    case "bytes":
      if (!/^(?:[0-9a-fA-F]{2})+$/.test(text)) {
        throw new UsageError(`--key-type bytes needs an even number of hex digits, got "${text}"`, command);
      }
      return hexBytes(text);
    case "int": {
      const n = canonicalInt(text);
      if (n === undefined) {
        throw new UsageError(`--key-type int needs a 64-bit decimal integer, got "${text}"`, command);
      }
      return n;
    }
    case "auto":
      return canonicalInt(text) ?? text;
  }
}
