/**
 * Which partitions a scan/query asks for: PID_ARRAY (whole partitions) and DIGEST_ARRAY (a
 * partition to resume strictly after a digest, the partition being the digest's own), or every
 * partition when neither is sent (the pre-6.0 protocol). Returned in partition order.
 * @module
 */
import { partitionId, PARTITIONS } from "../../src/wire/digest.ts";
import { type Field, FIELD_DIGEST_ARRAY, FIELD_PID_ARRAY, findField } from "../../src/wire/fields.ts";
import { decodeDigests, decodePartitionIds } from "../../src/wire/query.ts";
import { ResultCode } from "../../src/wire/result_code.ts";

/** One requested partition. */
export interface QueryPart {
  /** Partition id. */
  pid: number;
  /** Resume strictly after this digest (undefined: from the start). */
  after?: Uint8Array;
}

/**
 * Decodes the requested partitions, or PARAMETER_ERROR for malformed or repeated ones.
 * @example
 * ```ts
 * import type { Message } from "../../src/wire/message.ts";
 * declare const req: Message;
 * parseQueryParts(req.fields); // [{ pid: 0 }, { pid: 1, after: digest }, ...]
 * ```
 */
export function parseQueryParts(fields: readonly Field[]): QueryPart[] | number {
  const pidField = findField(fields, FIELD_PID_ARRAY);
  const digestField = findField(fields, FIELD_DIGEST_ARRAY);
  if (pidField === undefined && digestField === undefined) {
    return Array.from({ length: PARTITIONS }, (_, pid) => ({ pid }));
  }
  const out: QueryPart[] = [];
  const seen = new Set<number>();
  try {
    for (const pid of pidField === undefined ? [] : decodePartitionIds(pidField.data)) {
      if (seen.has(pid)) return ResultCode.PARAMETER_ERROR;
      seen.add(pid);
      out.push({ pid });
    }
    for (const d of digestField === undefined ? [] : decodeDigests(digestField.data)) {
      const pid = partitionId(d);
      if (seen.has(pid)) return ResultCode.PARAMETER_ERROR;
      seen.add(pid);
      out.push({ pid, after: d });
    }
  } catch {
    return ResultCode.PARAMETER_ERROR;
  }
  return out.sort((a, b) => a.pid - b.pid);
}
