/**
 * Which operation a reply's results belong to when the request did not ask for every result
 * (`INFO2_RESPOND_ALL_OPS` off, as with reads, scalar writes and list operations). The server then
 * answers, in request order, only the operations that produced a value: reads of existing bins and
 * list operations that return something. List calls that return nothing (set order/create, set,
 * clear, sort, selectors with returnType "none") are recognised from their encoded call, and
 * reply entries are matched to the operations by bin name.
 * @module
 */
import { MsgPackReader } from "../wire/msgpack.ts";
import {
  OP_ADD,
  OP_APPEND,
  OP_BIT_MODIFY,
  OP_CDT_MODIFY,
  OP_CDT_READ,
  OP_DELETE,
  OP_EXP_MODIFY,
  OP_HLL_MODIFY,
  OP_PREPEND,
  OP_READ,
  OP_WRITE,
} from "../wire/operations.ts";
import {
  CDT_CTX_OP,
  LIST_CLEAR,
  LIST_GET_BY_INDEX,
  LIST_SET,
  LIST_SET_TYPE,
  LIST_SORT,
  RETURN_INVERTED,
  RETURN_NONE,
} from "../wire/cdt_codes.ts";
import type { Value } from "../values.ts";
import type { Operation } from "./scalar.ts";

/** The call code and first argument of an encoded CDT call (looking through a context wrapper). */
function cdtHead(data: Uint8Array): { code: unknown; first: unknown } | undefined {
  try {
    const r = new MsgPackReader(data);
    let n = r.readArrayHeader();
    let code = n > 0 ? r.unpackValue() : undefined;
    if (n === 3 && code === CDT_CTX_OP) {
      r.unpackValue();
      n = r.readArrayHeader();
      code = n > 0 ? r.unpackValue() : undefined;
    }
    return { code, first: n > 1 ? r.unpackValue() : undefined };
  } catch {
    return undefined;
  }
}

/**
 * False for operations the server answers with nothing unless every result was requested: writes
 * other than list calls, record-level operations, and list calls that return nothing.
 */
export function mayAnswer(o: Operation): boolean {
  if (o.op === OP_READ) return o.bin !== "";
  if (o.op !== OP_CDT_READ && o.op !== OP_CDT_MODIFY) return false;
  const head = cdtHead(o.data);
  if (head === undefined || typeof head.code !== "number") return true;
  const code = head.code;
  if (code === LIST_SET_TYPE || code === LIST_SET || code === LIST_CLEAR || code === LIST_SORT) return false;
  if (code >= LIST_GET_BY_INDEX && code < 64 && typeof head.first === "number") {
    return (head.first & ~RETURN_INVERTED) !== RETURN_NONE;
  }
  return true;
}

/**
 * One result per operation for a reply without `INFO2_RESPOND_ALL_OPS`: reply entries are taken
 * in order, each by the next operation that may answer and names the same bin; operations left
 * without an entry get `null`. (A read of all bins is not positional: the caller handles it.)
 */
export function matchResults(
  operations: readonly Operation[],
  names: readonly string[],
  values: readonly Value[],
): Value[] {
  const results: Value[] = new Array(operations.length).fill(null);
  let next = 0;
  for (let i = 0; i < operations.length && next < names.length; i++) {
    const o = operations[i];
    if (!mayAnswer(o) || names[next] !== o.bin) continue;
    results[i] = values[next++];
  }
  return results;
}

/** Writes after which the bin exists (a write of nil removes it instead). */
function createsBin(o: Operation): boolean {
  switch (o.op) {
    case OP_WRITE:
      return o.particleType !== 0;
    case OP_ADD:
    case OP_APPEND:
    case OP_PREPEND:
    case OP_CDT_MODIFY:
    case OP_BIT_MODIFY:
    case OP_HLL_MODIFY:
    case OP_EXP_MODIFY:
      return true;
  }
  return false;
}

/**
 * True when matching results by bin name could pair a result with the wrong operation, so the
 * request must ask for every result (`INFO2_RESPOND_ALL_OPS`): a read that answers nothing when
 * its bin is missing (a bin read, a list read) comes before another operation on the same bin
 * that answers, with no write in between that makes the bin exist. E.g. `[read("l"),
 * lists.append("l", 7), read("l")]` on a record without `l`: the server answers the append and the
 * last read only, which bin-name matching would give to the first read and the append.
 */
export function needsAllResults(operations: readonly Operation[]): boolean {
  const exists = new Set<string>();
  const silent = new Set<string>();
  for (const o of operations) {
    if (o.op === OP_DELETE) {
      exists.clear();
      continue;
    }
    if (o.bin === "") continue;
    if (silent.has(o.bin) && mayAnswer(o)) return true;
    if ((o.op === OP_READ || o.op === OP_CDT_READ) && !exists.has(o.bin)) silent.add(o.bin);
    if (createsBin(o)) exists.add(o.bin);
    else if (o.op === OP_WRITE) exists.delete(o.bin);
  }
  return false;
}
