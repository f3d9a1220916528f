/**
 * A batch-index row for raw-frame tests: a read of all bins of `digest` (`INFO1_READ |
 * INFO1_GET_ALL`), not a repeat, with the given namespace/set fields; `over` replaces any part.
 * @module
 */
import type { BatchRow } from "../../src/wire/batch.ts";
import type { Field } from "../../src/wire/fields.ts";
import { INFO1_GET_ALL, INFO1_READ } from "../../src/wire/message.ts";

/** A read-all row at `index` for `digest` with `fields` (namespace, set). */
export function readRow(
  index: number,
  digest: Uint8Array,
  fields: Field[],
  over: Partial<BatchRow> = {},
): BatchRow {
  return {
    index,
    digest,
    repeat: false,
    info1: INFO1_READ | INFO1_GET_ALL,
    info2: 0,
    info3: 0,
    info4: 0,
    generation: 0,
    ttl: 0,
    fields,
    ops: [],
    ...over,
  };
}
