/**
 * `deno task soak`: load and soak against an in-process 3-node mock on loopback with random faults
 * (chaos.ts). Keeps up to SOAK_OUTSTANDING calls outstanding behind the client's push-back limits
 * (a BackpressureError is counted, then the issuer backs off and retries), until SOAK_COMMANDS
 * calls were made or SOAK_SECONDS passed. Then faults stop, a quiet period passes, and every key
 * written is read back and checked against the books (books.ts). Prints completed, failed by
 * code, in doubt, backpressure refusals, max RSS; exits 1 when the books do not balance.
 *
 * The client runs at most 256 commands at once and queues 20000 more, so most of the 10^5 calls
 * kept outstanding are refused with BackpressureError and retried after a 10 ms back-off.
 *
 * Env: SOAK_SECONDS (60), SOAK_COMMANDS (100000), SOAK_OUTSTANDING (100000), SOAK_KEYS (200000),
 * SOAK_SEED (1), SOAK_QUIET_MS (3000), SOAK_CHAOS (1; 0 turns faults off).
 * @module
 */
import { MockCluster } from "../../server_mock/mod.ts";
import { AerospikeError, BackpressureError, Client, Key } from "../../mod.ts";
import { Books } from "./books.ts";
import { Chaos } from "./chaos.ts";
import { Rng } from "../fuzz/rng.ts";

function envInt(name: string, fallback: number): number {
  const v = Deno.env.get(name);
  return v === undefined || v === "" ? fallback : Number(v);
}

const SECONDS = envInt("SOAK_SECONDS", 60);
const COMMANDS = envInt("SOAK_COMMANDS", 100_000);
const OUTSTANDING = envInt("SOAK_OUTSTANDING", 100_000);
const KEYS = envInt("SOAK_KEYS", 200_000);
const SEED = envInt("SOAK_SEED", 1);
const QUIET_MS = envInt("SOAK_QUIET_MS", 3000);
/** After an in-doubt write, its key takes no new write for this long (the write lands or never will). */
const IN_DOUBT_GRACE_MS = 1500;
const POLICY = { totalTimeout: 30_000, socketTimeout: 5000, maxRetries: 3, sleepBetweenRetries: 20 };

const rng = new Rng(SEED);
const books = new Books();
const busy = new Map<number, number>(); // key -> time until which it takes no write
const unexpected: string[] = [];
let maxRss = 0;
const rssTimer = setInterval(() => (maxRss = Math.max(maxRss, Deno.memoryUsage().rss)), 250);

const mock = await MockCluster.start({ nodes: 3, namespaces: { test: { replicationFactor: 2 } } });
const client = await Client.connect({
  hosts: mock.seeds,
  maxCommandsInFlight: 256,
  maxQueueSize: 20_000,
  policies: { read: POLICY, write: POLICY, batch: POLICY },
});
const chaos = new Chaos(mock, SEED);

let outstanding = 0;
let wake: (() => void) | undefined;
let backoffUntil = 0;
const keyOf = (k: number): Key => new Key("test", "soak", k);

function failure(e: unknown, settle: ReturnType<Books["issue"]>): AerospikeError | undefined {
  if (!(e instanceof AerospikeError)) {
    unexpected.push(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
    settle.fail(-999, false, false);
    return undefined;
  }
  const bp = e instanceof BackpressureError;
  if (bp) backoffUntil = Date.now() + 10;
  settle.fail(e.code, e.inDoubt, bp, `${e.name}: ${e.message}`);
  return e;
}

async function write(k: number, value: number): Promise<void> {
  busy.set(k, Infinity);
  const settle = books.issue();
  try {
    await client.put(keyOf(k), { v: value });
    settle.ok();
    books.acked(k, value);
    busy.delete(k);
  } catch (e) {
    const err = failure(e, settle);
    if (err?.inDoubt) {
      books.inDoubt(k, value);
      busy.set(k, Date.now() + IN_DOUBT_GRACE_MS);
    } else busy.delete(k);
  }
}

async function read(keys: number[]): Promise<void> {
  const settle = books.issue();
  try {
    if (keys.length === 1) await client.get(keyOf(keys[0]));
    else await client.batchGet(keys.map(keyOf));
    settle.ok();
  } catch (e) {
    failure(e, settle);
  }
}

function issueOne(value: number): Promise<void> {
  const k = rng.int(KEYS);
  const roll = rng.int(10);
  if (roll < 6 && (busy.get(k) ?? 0) <= Date.now()) return write(k, value);
  if (roll === 9) return read(Array.from({ length: 8 }, () => rng.int(KEYS)));
  return read([k]);
}

const t0 = Date.now();
const stopAt = t0 + SECONDS * 1000;
if (Deno.env.get("SOAK_CHAOS") !== "0") chaos.start(300);
let issuedCalls = 0;
let lastReport = t0;
console.log(
  `soak: ${SECONDS} s or ${COMMANDS} calls, up to ${OUTSTANDING} outstanding, ${KEYS} keys, seed ${SEED}`,
);
while (issuedCalls < COMMANDS && Date.now() < stopAt) {
  if (outstanding >= OUTSTANDING) {
    await new Promise<void>((r) => (wake = r));
    continue;
  }
  if (Date.now() < backoffUntil) {
    await new Promise((r) => setTimeout(r, backoffUntil - Date.now()));
    continue;
  }
  outstanding++;
  issuedCalls++;
  issueOne(issuedCalls).finally(() => {
    outstanding--;
    const w = wake;
    wake = undefined;
    w?.();
  });
  if (issuedCalls % 500 === 0) await new Promise((r) => setTimeout(r, 0));
  if (Date.now() - lastReport >= 10_000) {
    lastReport = Date.now();
    const t = books.totals;
    const s = client.stats();
    console.log(
      `  ${
        ((lastReport - t0) / 1000).toFixed(0)
      } s: issued ${t.issued}, ok ${t.resolved}, failed ${t.rejected}, ` +
        `outstanding ${outstanding} (in flight ${s.inFlight}, queued ${s.queued}), ` +
        `rss ${(Deno.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`,
    );
  }
}
const loadSecs = (Date.now() - t0) / 1000;
while (outstanding > 0) await new Promise<void>((r) => (wake = r));
await chaos.stop();
await new Promise((r) => setTimeout(r, QUIET_MS));

// Verification: read every written key back, faults off.
const mismatches: string[] = [];
let unverified = 0;
const written = [...books.keys.keys()];
const verifyPolicy = { totalTimeout: 20_000, socketTimeout: 2000, maxRetries: 10, sleepBetweenRetries: 50 };
for (let i = 0; i < written.length; i += 200) {
  const chunk = written.slice(i, i + 200);
  let records: Awaited<ReturnType<Client["batchGet"]>> | undefined;
  for (let attempt = 0; attempt < 5 && records === undefined; attempt++) {
    try {
      records = await client.batchGet(chunk.map(keyOf), undefined, verifyPolicy);
    } catch (e) {
      if (attempt === 4) console.log(`verify chunk ${i} failed: ${String(e)}`);
    }
  }
  if (records === undefined) {
    unverified += chunk.length;
    continue;
  }
  for (let j = 0; j < chunk.length; j++) {
    const v = records[j]?.bins.v;
    const m = books.check(chunk[j], typeof v === "number" ? v : null);
    if (m !== null) mismatches.push(m);
  }
}
const stats = client.stats();
await client.close();
await mock.close();
clearInterval(rssTimer);

const t = books.totals;
const codes = [...t.failedByCode].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c}: ${n}`).join(", ");
console.log(`\nload phase ${loadSecs.toFixed(1)} s; chaos: ${JSON.stringify(chaos.counts)}`);
console.log(
  `calls issued ${t.issued}, resolved ${t.resolved}, rejected ${t.rejected} (in doubt ${t.inDoubt})`,
);
console.log(`  of which BackpressureError refusals ${t.backpressure}, retried by backing off`);
console.log(`failed by code: ${codes || "none"}`);
for (const [code, message] of t.sample) console.log(`  e.g. ${code}: ${message.slice(0, 160)}`);
console.log(
  `throughput ${(t.resolved / loadSecs).toFixed(0)} ok/s; max RSS ${(maxRss / 2 ** 20).toFixed(0)} MiB`,
);
console.log(
  `keys written ${written.length}; verified ${written.length - unverified}; mismatches ${mismatches.length}`,
);
console.log(`client after the run: in flight ${stats.inFlight}, queued ${stats.queued}`);
const balanced = t.issued === t.resolved + t.rejected && t.doubleSettled === 0;
const problems = [
  ...(!balanced ? [`settlements do not balance (double settled ${t.doubleSettled})`] : []),
  ...(unexpected.length
    ? [`${unexpected.length} rejections not AerospikeError: ${unexpected.slice(0, 3)}`]
    : []),
  ...(unverified ? [`${unverified} keys could not be read back`] : []),
  ...mismatches.slice(0, 10),
  ...(stats.inFlight + stats.queued > 0 ? ["commands still in flight after the run"] : []),
];
if (problems.length > 0) {
  console.log(`\nBOOKS DO NOT BALANCE:\n- ${problems.join("\n- ")}`);
  Deno.exit(1);
}
console.log("books balance: every call settled once, every acknowledged write reads back");
