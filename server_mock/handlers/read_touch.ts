/**
 * Read touch (server 7.1+): a read whose header record-ttl field carries `readTouchTtlPercent`
 * resets the record's ttl when it comes within that percentage of the ttl of its last write from
 * its end of life, as the server's `as_read_touch_check` decides (before any filter expression):
 * 0 in the field means the namespace's `default-read-touch-ttl-pct` (0 in the mock: never),
 * 0xFFFFFFFF never, 1..100 that percentage, anything else is PARAMETER_ERROR. The touch keeps
 * the generation and sets a new void time `now + write ttl` and last-update time `now`; the read's
 * own reply still shows the values from before (the server touches after answering).
 * @module
 */
import type { NamespaceStore, StoredRecord } from "../store.ts";
import { CITRUSLEAF_EPOCH } from "../store.ts";

const NEVER_TOUCH = 0xffff_ffff;

/** The namespace default (`default-read-touch-ttl-pct`): 0, never, as the server's own default. */
const NAMESPACE_DEFAULT_PCT = 0;

/**
 * What a read does about touching `rec`: -1 the percentage is invalid (answer PARAMETER_ERROR),
 * 0 no touch, else the write ttl (seconds) to touch the record with after answering.
 */
export function readTouchCheck(ns: NamespaceStore, rec: StoredRecord, field: number): number {
  if (rec.voidTime === 0 || field === NEVER_TOUCH) return 0;
  let pct = field;
  if (pct === 0) {
    pct = NAMESPACE_DEFAULT_PCT;
    if (pct === 0) return 0;
  } else if (pct > 100) return -1;
  const lutSeconds = Math.floor(rec.lastUpdateMs / 1000) - CITRUSLEAF_EPOCH;
  const writeTtl = rec.voidTime - lutSeconds;
  const thresholdVoidTime = rec.voidTime - Math.floor(writeTtl * pct / 100);
  return ns.now() < thresholdVoidTime || writeTtl <= 0 ? 0 : writeTtl;
}

/** Touches `rec` after a read: new void time `now + writeTtl`, last update now, same generation. */
export function applyReadTouch(ns: NamespaceStore, rec: StoredRecord, writeTtl: number): void {
  const voidTime = ns.now() + writeTtl;
  if (voidTime <= rec.voidTime) return; // a write already extended it
  rec.voidTime = voidTime;
  rec.lastUpdateMs = ns.nowMs();
}
