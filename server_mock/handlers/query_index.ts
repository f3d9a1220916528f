/**
 * What a secondary index holds for a record: its bin, the element a CDT context selects in the
 * bin (`context=`), or the value of its expression (`exp=`, server 8.1). A query filter is
 * compiled against that value, so filters on context and expression indexes (found by bin and
 * context, by name, or by expression) match as on a real node.
 * @module
 */
import type { IndexFilter } from "../../src/wire/query.ts";
import { binValue, toParticle } from "../cdt/particle.ts";
import { selectByContext } from "../cdt/context.ts";
import { type CdtValue, decodeCdt } from "../cdt/value.ts";
import { evaluate, UNKNOWN } from "../exp/eval.ts";
import type { IndexCollection, IndexDef } from "../sindex.ts";
import type { NamespaceStore, StoredBin, StoredRecord } from "../store.ts";
import { recordMeta } from "./kv.ts";
import { compileFilter } from "./query_filter.ts";

/** A compiled filter on one index: the BVAL of the matched value, or undefined. */
export type IndexMatcher = (rec: StoredRecord) => Uint8Array | undefined;

/** Base64 of bytes, as index definitions keep contexts and expressions. */
export function base64Of(bytes: Uint8Array): string {
  let bin = "";
  for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
  return btoa(bin);
}

function fromBase64(text: string): Uint8Array {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

// The indexed value of a record, as a bin the filter code reads (undefined: nothing indexed).
function valueSource(def: IndexDef, ns: NamespaceStore): (rec: StoredRecord) => StoredBin | undefined {
  if (def.exp !== undefined) {
    const e = decodeCdt(fromBase64(def.exp));
    return (rec) => {
      try {
        const v = evaluate(e, { ...recordMeta(ns, rec), bins: rec.bins });
        return v === UNKNOWN || v.k === "nil" ? undefined : toParticle(v);
      } catch {
        return undefined;
      }
    };
  }
  if (def.context !== undefined) {
    const ctx = decodeCdt(fromBase64(def.context));
    const steps: CdtValue[] = ctx.k === "list" ? ctx.items : [];
    return (rec) => {
      const bin = rec.bins.get(def.bin);
      if (bin === undefined) return undefined;
      const v = selectByContext(binValue(bin), steps);
      return v === undefined ? undefined : toParticle(v);
    };
  }
  return (rec) => rec.bins.get(def.bin);
}

/**
 * Compiles `filter` against what index `def` holds; throws RangeError for bounds a node refuses.
 * @example
 * ```ts
 * import type { IndexFilter } from "../../src/wire/query.ts";
 * import type { IndexDef } from "../sindex.ts";
 * import type { NamespaceStore, StoredRecord } from "../store.ts";
 * declare const def: IndexDef, filter: IndexFilter, ns: NamespaceStore, rec: StoredRecord;
 * indexMatcher(def, filter, "default", ns)(rec); // BVAL bytes, or undefined
 * ```
 */
export function indexMatcher(
  def: IndexDef,
  filter: IndexFilter,
  collection: IndexCollection,
  ns: NamespaceStore,
): IndexMatcher {
  const inner = compileFilter({ ...filter, bin: "" }, collection);
  const source = valueSource(def, ns);
  return (rec) => {
    const bin = source(rec);
    return bin === undefined ? undefined : inner(new Map([["", bin]]));
  };
}
