/**
 * Shared encoding of collection (list/map), bitwise and HyperLogLog sub-operations: the msgpack
 * call `[code, ...args]`, wrapped as `[0xff, [ctxType, ctxValue, ...], [code, ...args]]` when a
 * context selects a nested element, as the official C client (under the Node client) packs them.
 * @module
 */
import { MsgPackWriter } from "../wire/msgpack.ts";
import { PARTICLE_TYPE_BLOB } from "../wire/particles.ts";
import { CDT_CTX_OP, RETURN_CODES, RETURN_INVERTED, type ReturnType } from "../wire/cdt_codes.ts";
import type { Value } from "../values.ts";
import type { Operation } from "./scalar.ts";
import type { CdtContext } from "./ctx.ts";

export type { ReturnType } from "../wire/cdt_codes.ts";

/** Options every collection operation takes. */
export interface CdtOptions {
  /** Path to a nested list/map (`[ctx.mapKey("a"), ctx.listIndex(0)]`). @default [] (the bin itself) */
  ctx?: readonly CdtContext[];
}

/** Options of selecting (get/remove by ...) operations. */
export interface SelectOptions extends CdtOptions {
  /** What to return. @default "value" for get operations, "none" for remove operations */
  returnType?: ReturnType;
  /** Select everything the selector does not match (`INVERTED`). @default false */
  inverted?: boolean;
}

/** Options of range selectors: `count` items from the start (all to the end when omitted). */
export interface RangeOptions extends SelectOptions {
  /** Number of items; omitted means "to the end". @default undefined */
  count?: number;
}

/** An argument already packed as msgpack (for values `packValue` cannot express, e.g. HLL particles). */
export class Packed {
  /** The msgpack bytes. */
  readonly bytes: Uint8Array;
  /** Wraps msgpack bytes. */
  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }
}

/** One argument of a CDT call. */
export type CdtArg = Value | Packed;

/** The return type code for an options object, with the inverted flag. */
export function returnTypeCode(opts: SelectOptions | undefined, fallback: ReturnType): number {
  const name = opts?.returnType ?? fallback;
  const code = RETURN_CODES[name];
  if (code === undefined || !Object.hasOwn(RETURN_CODES, name)) {
    throw new TypeError(`unknown returnType ${JSON.stringify(name)}`);
  }
  return opts?.inverted ? code | RETURN_INVERTED : code;
}

/** Checks a bin name (non-empty string, at most 15 UTF-8 bytes as the server allows). */
export function checkBin(bin: unknown): string {
  if (typeof bin !== "string" || bin.length === 0) {
    throw new TypeError("a bin name must be a non-empty string");
  }
  if (new TextEncoder().encode(bin).length > 15) {
    throw new RangeError(`bin name "${bin}" is longer than 15 bytes`);
  }
  return bin;
}

/** Checks an index/rank/offset: a safe integer (negative counts from the end). */
export function checkInt(name: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isSafeInteger(v)) {
    throw new TypeError(`${name} must be a safe integer`);
  }
  return v;
}

/** Checks a count/size: a non-negative safe integer. */
export function checkCount(name: string, v: unknown): number {
  checkInt(name, v);
  if ((v as number) < 0) throw new RangeError(`${name} must not be negative`);
  return v as number;
}

/** Checks that `v` is an array (for value lists and item lists). */
export function checkArray(name: string, v: unknown): Value[] {
  if (!Array.isArray(v)) throw new TypeError(`${name} must be an array`);
  return v;
}

/** Checks a context array: every element built with `ctx.*`. */
export function checkCtx(c: readonly CdtContext[] | undefined): readonly CdtContext[] {
  if (c === undefined) return [];
  if (!Array.isArray(c)) throw new TypeError("ctx must be an array of ctx.* items");
  for (const item of c) {
    if (item === null || typeof item !== "object" || typeof item.type !== "number" || !("value" in item)) {
      throw new TypeError("ctx items must be built with ctx.listIndex, ctx.mapKey, ...");
    }
  }
  return c;
}

/** Packs the context wrapper's first two elements: `0xff, [type, value, ...]`; `createFlag` goes on the last level. */
export function packCtx(w: MsgPackWriter, c: readonly CdtContext[], createFlag = 0): void {
  w.packInt(CDT_CTX_OP);
  packCtxList(w, c, createFlag);
}

/** Packs a context as the msgpack array `[type, value, ...]` (expression steps as their bytes). */
export function packCtxList(w: MsgPackWriter, steps: readonly CdtContext[], createFlag = 0): void {
  const c = checkCtx(steps);
  w.packArrayHeader(c.length * 2);
  for (let i = 0; i < c.length; i++) {
    w.packInt(i === c.length - 1 ? c[i].type | createFlag : c[i].type);
    const e = c[i].exp;
    if (e !== undefined) w.writeBytes(e);
    else w.packValue(c[i].value);
  }
}

function packArg(w: MsgPackWriter, a: CdtArg): void {
  if (a instanceof Packed) w.writeBytes(a.bytes);
  else w.packValue(a);
}

/** Packs `[code, ...args]` into `w`, wrapped in the context when there is one. */
export function writeCdtCall(
  w: MsgPackWriter,
  code: number,
  args: readonly CdtArg[],
  c: readonly CdtContext[] = [],
  createFlag = 0,
): void {
  if (c.length > 0) {
    w.packArrayHeader(3);
    packCtx(w, c, createFlag);
  }
  w.packArrayHeader(args.length + 1);
  w.packInt(code);
  for (const a of args) packArg(w, a);
}

/** The msgpack bytes of a CDT call. */
export function cdtCall(
  code: number,
  args: readonly CdtArg[],
  c?: readonly CdtContext[],
  createFlag = 0,
): Uint8Array {
  const w = new MsgPackWriter(64);
  writeCdtCall(w, code, args, checkCtx(c), createFlag);
  return w.toBytes();
}

/**
 * An `Operation` carrying a CDT/bit/HLL call (sent as a blob particle). `respondAll` asks the server
 * for every operation's result: the official client sets it for map, bit and HLL operations but not
 * for list operations, and so do we to stay byte-identical.
 */
export function cdtOperation(
  op: number,
  bin: string,
  code: number,
  args: readonly CdtArg[],
  c: readonly CdtContext[] | undefined,
  respondAll: boolean,
  createFlag = 0,
): Operation {
  const name = checkBin(bin);
  const data = cdtCall(code, args, c, createFlag);
  return respondAll
    ? { op, bin: name, particleType: PARTICLE_TYPE_BLOB, data, respondAll: true }
    : { op, bin: name, particleType: PARTICLE_TYPE_BLOB, data };
}
