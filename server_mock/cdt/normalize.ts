/**
 * What a node does to a list or map a client writes as a bin value (`cdt_untrusted_rewrite`):
 * every map, at any depth, must have keys that are integers, strings or blobs and no key twice;
 * an unordered map whose keys are out of order is stored sorted by key (it stays unordered); a
 * key-ordered map or an ordered list out of order is refused. A refused value answers
 * AS_ERR_UNKNOWN (1), as the server does.
 * @module
 */
import { ResultCode } from "../../src/wire/result_code.ts";
import { BYTES_BLOB, BYTES_STRING, CdtError, type CdtValue, compareCdt } from "./value.ts";

const MAP_K_ORDERED = 1;
const LIST_ORDERED = 1;

const refuse = (msg: string): CdtError => new CdtError(ResultCode.SERVER_ERROR, msg);

const isKey = (k: CdtValue): boolean =>
  k.k === "int" || (k.k === "bytes" && (k.t === BYTES_STRING || k.t === BYTES_BLOB));

/**
 * The value as a node stores it: unordered maps sorted by key, the rest unchanged; throws
 * CdtError(1) for what the node refuses. Returns the same object when nothing changed.
 * @example
 * ```ts
 * import { decodeCdt } from "./value.ts";
 * declare const bytes: Uint8Array;
 * normalizeWritten(decodeCdt(bytes)); // maps sorted by key
 * ```
 */
export function normalizeWritten(v: CdtValue): CdtValue {
  if (v.k === "list") {
    let changed = false;
    const items = v.items.map((item) => {
      const n = normalizeWritten(item);
      if (n !== item) changed = true;
      return n;
    });
    if ((v.flags & LIST_ORDERED) !== 0) {
      for (let i = 1; i < items.length; i++) {
        if (compareCdt(items[i - 1], items[i]) > 0) throw refuse("list not ordered as expected");
      }
    }
    return changed ? { k: "list", items, flags: v.flags } : v;
  }
  if (v.k !== "map") return v;
  let changed = false;
  const entries = v.entries.map(([k, val]): [CdtValue, CdtValue] => {
    if (!isKey(k)) throw refuse("map has invalid key type");
    const n = normalizeWritten(val);
    if (n !== val) changed = true;
    return [k, n];
  });
  let sorted = true;
  for (let i = 1; i < entries.length; i++) {
    const c = compareCdt(entries[i - 1][0], entries[i][0]);
    if (c === 0) throw refuse("map has duplicate keys");
    if (c > 0) sorted = false;
  }
  if (!sorted) {
    if ((v.flags & MAP_K_ORDERED) !== 0) throw refuse("map not ordered as expected");
    entries.sort((a, b) => compareCdt(a[0], b[0]));
    for (let i = 1; i < entries.length; i++) {
      if (compareCdt(entries[i - 1][0], entries[i][0]) === 0) throw refuse("map has duplicate keys");
    }
    changed = true;
  }
  return changed ? { k: "map", entries, flags: v.flags } : v;
}
