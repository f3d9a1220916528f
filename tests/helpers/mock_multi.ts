/** Helpers for multi-record tests of the mock: seeding the store, reading replies up to LAST. */
import type { MockCluster } from "../../server_mock/mod.ts";
import { computeDigest, keyBytes, keyFieldData } from "../../src/wire/digest.ts";
import { decodeMessages, INFO3_LAST, INFO3_PARTITION_DONE, type Message } from "../../src/wire/message.ts";
import type { RawConn } from "./raw_conn.ts";

/** An 8-byte big-endian integer particle. */
export function intData(n: number): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigInt64(0, BigInt(n));
  return b;
}

/** Reads a particle written by intData. */
export function readInt(data: Uint8Array): number {
  return Number(new DataView(data.buffer, data.byteOffset, 8).getBigInt64(0));
}

/** Writes `count` records `<prefix><i>` with bin n = i (and extra bins) straight into the store. */
export function seed(
  mock: MockCluster,
  set: string,
  count: number,
  extra: (i: number) => Record<string, { type: number; data: Uint8Array }> = () => ({}),
  prefix = "k",
): Uint8Array[] {
  const ns = mock.store.namespace("test")!;
  const digests: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const key = keyBytes(`${prefix}${i}`);
    const digest = computeDigest(set, key);
    digests.push(digest);
    const bins = new Map(Object.entries({ n: { type: 1, data: intData(i) }, ...extra(i) }));
    ns.put({
      digest,
      set,
      key: keyFieldData(key),
      bins,
      generation: 1,
      voidTime: 0,
      lastUpdateMs: Date.now(),
    });
  }
  return digests;
}

/**
 * Every message of a multi-record reply, up to and including the LAST one (or the error message that
 * ends a refused scan/query when `scanError` is set: batch rows carry codes too); null if the conn closed.
 */
export async function readAll(
  conn: RawConn,
  scanError = false,
): Promise<{ messages: Message[]; frames: number } | null> {
  const messages: Message[] = [];
  let frames = 0;
  for (;;) {
    const f = await conn.next();
    if (f === null) return null;
    frames++;
    for (const m of decodeMessages(f.subarray(8))) {
      messages.push(m);
      if ((m.info3 & INFO3_LAST) !== 0) return { messages, frames };
      // A refused scan/query is one error message without INFO3_LAST, as a real node sends it.
      if (scanError && m.resultCode !== 0 && (m.info3 & INFO3_PARTITION_DONE) === 0) {
        return { messages, frames };
      }
    }
  }
}
