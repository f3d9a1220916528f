/**
 * A CDT context as base64 text, the form the official clients' `CTX.toBase64` / `fromBase64`
 * produce and the server's `sindex-create ... context=` takes: the msgpack array
 * `[type, value, type, value, ...]`, standard base64 with padding.
 * @module
 */
import { MsgPackReader, MsgPackWriter } from "../wire/msgpack.ts";
import type { CdtContext } from "./ctx.ts";
import { checkCtx } from "./cdt_encode.ts";

/** `CTX_EXP` (0x04), optionally or'ed with `CTX_AND` (0x200): the step's value is an expression. */
const CTX_EXP = 0x04;
const CTX_AND = 0x200;

/** The msgpack bytes of a context: `[type, value, ...]` (expression steps carry their packed expression). */
export function ctxBytes(steps: readonly CdtContext[]): Uint8Array {
  const c = checkCtx(steps);
  const w = new MsgPackWriter(32);
  w.packArrayHeader(c.length * 2);
  for (const step of c) {
    w.packInt(step.type);
    if (step.exp !== undefined) w.writeBytes(step.exp);
    else w.packValue(step.value);
  }
  return w.toBytes();
}

/**
 * A context as base64 text (the official clients' `CTX.toBase64`).
 * @example
 * ```ts
 * import { ctx } from "@aerolite/client";
 * ctx.toBase64([ctx.mapKey("a"), ctx.listIndex(-1)]); // "lCKiA2EQ/w=="
 * ```
 */
export function toBase64(steps: readonly CdtContext[]): string {
  const bytes = ctxBytes(steps);
  let bin = "";
  for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
  return btoa(bin);
}

/**
 * The context that `text` (from {@linkcode toBase64} or an official client) encodes. Throws a
 * TypeError when it is not base64 of a `[type, value, ...]` msgpack array.
 * @example
 * ```ts
 * import { ctx, lists } from "@aerolite/client";
 * lists.size("l", { ctx: ctx.fromBase64("lCKiA2EQ/w==") }); // the list at l.a[-1]
 * ```
 */
export function fromBase64(text: string): CdtContext[] {
  if (typeof text !== "string") throw new TypeError("ctx.fromBase64() takes a base64 string");
  let bin: string;
  try {
    bin = atob(text);
  } catch {
    throw new TypeError("ctx.fromBase64(): not base64 text");
  }
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  try {
    const r = new MsgPackReader(bytes);
    const n = r.readArrayHeader();
    if (n === 0 || n % 2 !== 0) throw new TypeError("a context is a non-empty array of type/value pairs");
    const out: CdtContext[] = [];
    for (let i = 0; i < n; i += 2) {
      const type = r.unpackValue();
      if (typeof type !== "number" || !Number.isInteger(type) || type < 0) {
        throw new TypeError(`context step ${i / 2} has no integer type`);
      }
      const start = r.offset;
      const value = r.unpackValue();
      if ((type & ~CTX_AND) === CTX_EXP) {
        out.push(Object.freeze({ type, value: null, exp: bytes.slice(start, r.offset) }));
      } else out.push(Object.freeze({ type, value }));
    }
    if (r.remaining !== 0) throw new TypeError("bytes after the context array");
    return out;
  } catch (err) {
    if (err instanceof TypeError) throw new TypeError(`ctx.fromBase64(): ${err.message}`);
    throw new TypeError(`ctx.fromBase64(): not a msgpack context (${(err as Error).message})`);
  }
}
