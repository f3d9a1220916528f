/**
 * The differential fuzzer's contract: a generator draws a {@linkcode DiffCase} from a seeded
 * {@linkcode Rng}; the runner starts both targets (the in-process mock and the real server) from the
 * same record, runs the case on each and compares results, result codes and the final records.
 *
 * Operations are already encoded when a generator builds them, so for a readable reproduction a
 * generator may wrap a builder call in {@linkcode call} (`call(lists.append, "lists.append", "l", 5)`),
 * which remembers the call as text; unlabelled operations are shown decoded from their bytes.
 * @module
 */
import type { Client, Key, Operation, WritePolicy } from "../../mod.ts";
import { unpackValue } from "../../src/wire/msgpack.ts";
import { Rng } from "./rng.ts";

export { Rng };

/** One differential case. */
export interface DiffCase {
  /** The generator family (e.g. "list", "map"), for the per-family summary. */
  family: string;
  /** The starting record's bins; `null`: no record. */
  bins: Record<string, unknown> | null;
  /** Operations run with `client.operate(key, ops, policy)`. */
  ops?: Operation[];
  /** Write policy of the operate call (or for `run`'s own use). */
  policy?: WritePolicy;
  /** A case that is not one operate call (put with policies, batch rows, ...); its answer is compared. */
  run?: (client: Client, key: Key, keys: Key[]) => Promise<unknown>;
  /** Runs after the starting record is written and before the case (e.g. create an ordered map). */
  setup?: (client: Client, key: Key) => Promise<void>;
  /** What `run` does, for the reproduction. */
  note?: string;
}

/** Draws one case. */
export type Generator = (rng: Rng) => DiffCase;

const LABELS = new WeakMap<Operation, string>();

/** Attaches a readable label to an operation (returned as is). */
export function label(op: Operation, text: string): Operation {
  LABELS.set(op, text);
  return op;
}

/**
 * Calls an operation builder and labels the result with the call: `call(maps.put, "maps.put", "m", 1, 2)`.
 * @example
 * ```ts
 * const op = call(lists.append, "lists.append", "l", 5);
 * ```
 */
export function call<A extends unknown[]>(
  builder: (...args: A) => Operation,
  name: string,
  ...args: A
): Operation {
  const op = builder(...args);
  return label(op, `${name}(${args.map(show).filter((s) => s !== "undefined").join(", ")})`);
}

const OP_NAMES: Record<number, string> = {
  1: "read",
  2: "write",
  3: "cdtRead",
  4: "cdtModify",
  5: "add",
  7: "expRead",
  8: "expModify",
  9: "append",
  10: "prepend",
  11: "touch",
  12: "bitRead",
  13: "bitModify",
  14: "delete",
  15: "hllRead",
  16: "hllModify",
};

const CTX_NAMES: Record<number, string> = {
  0x10: "listIndex",
  0x11: "listRank",
  0x13: "listValue",
  0x20: "mapIndex",
  0x21: "mapRank",
  0x22: "mapKey",
  0x23: "mapValue",
};

function createText(type: number): string {
  const flag = type & 0xc0;
  if (flag === 0) return "";
  if (type & 0x20) return ` create ${["", "unordered", "keyOrdered", "keyValueOrdered"][flag >> 6]} map`;
  return ` create ${["", "unordered", "unorderedPad", "ordered"][flag >> 6]} list`;
}

/** A readable form of an operation: its label, else the op type, bin and decoded payload. */
export function describeOp(op: Operation): string {
  const l = LABELS.get(op);
  if (l !== undefined) return l;
  let payload: string;
  try {
    payload = op.data.length === 0 ? "" : show(unpackValue(op.data));
  } catch {
    payload = `0x${[...op.data].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
  }
  return `${OP_NAMES[op.op] ?? `op${op.op}`}(${JSON.stringify(op.bin)}${payload ? `, ${payload}` : ""})`;
}

/** A compact, unambiguous text of a value (Maps, bigints, blobs, doubles and classes shown as such). */
export function show(v: unknown): string {
  if (v === undefined) return "undefined";
  if (v === null) return "null";
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number") return Object.is(v, -0) ? "-0" : String(v);
  if (typeof v !== "object") return String(v);
  if (v instanceof Uint8Array) return `bytes(${[...v].join(",")})`;
  if (Array.isArray(v)) return `[${v.map(show).join(", ")}]`;
  if (v instanceof Map) {
    const order = (v as { order?: unknown }).order;
    const body = [...v].map(([k, x]) => `${show(k)}: ${show(x)}`).join(", ");
    return `${order === undefined ? "Map" : `Map<${order}>`}{${body}}`;
  }
  const step = v as { type?: unknown; value?: unknown };
  if (Object.isFrozen(v) && typeof step.type === "number" && "value" in step && Object.keys(v).length === 2) {
    return `ctx(${CTX_NAMES[step.type & 0x3f] ?? step.type}${createText(step.type)}, ${show(step.value)})`;
  }
  const ctor = Object.getPrototypeOf(v)?.constructor?.name;
  if (ctor && ctor !== "Object") {
    const fields = Object.entries(v as Record<string, unknown>).map(([k, x]) => `${k}: ${show(x)}`);
    return `${ctor}(${fields.join(", ")})`;
  }
  return `{${
    Object.entries(v as Record<string, unknown>).map(([k, x]) => `${JSON.stringify(k)}: ${show(x)}`).join(
      ", ",
    )
  }}`;
}
