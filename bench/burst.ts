/**
 * A burst on a fresh client with default policies (issue 17): each round connects a new client,
 * issues `BURST_N` commands at once (`Promise.allSettled`), counts failures by result code and
 * times the burst; then, on the same client, times `BURST_N` commands at `BURST_STEADY` in flight
 * (the steady rate the burst is compared with). Several rounds, a fresh client each.
 *
 *   AEROSPIKE_HOSTS=127.0.0.1:3000 npx deno run -A bench/burst.ts
 *   npx deno run -A bench/burst.ts            # starts ../shared/aerospike-server (bench/real_server.ts)
 *   AEROSPIKE_HOSTS=127.0.0.1:3000 npx bun bench/burst.ts     # or: node --import tsx bench/burst.ts
 *
 * Environment: AEROSPIKE_HOSTS (else a real server beside the repository, else the standalone
 * mock), BURST_N (20000), BURST_ROUNDS (5), BURST_STEADY (64), BURST_OP (get | put | mix, default
 * mix: alternating puts and gets). The last line is JSON: per round the burst's ms, ops/s and
 * failures by code, the steady ops/s, and the medians.
 * @module
 */
import process from "node:process";
import { fileURLToPath } from "node:url";
import { AerospikeError, Client, Key } from "../mod.ts";
import { startRealServer } from "./real_server.ts";
import { startStandaloneMock } from "./standalone_mock.ts";

const n = Number(process.env.BURST_N ?? 20_000);
const rounds = Number(process.env.BURST_ROUNDS ?? 5);
const steadyDepth = Number(process.env.BURST_STEADY ?? 64);
const op = process.env.BURST_OP ?? "mix";

/** One round's figures. */
export interface BurstRound {
  /** Wall time of the burst, ms. */
  burstMs: number;
  /** Burst commands per second. */
  burstOps: number;
  /** Failed burst commands by result code (`code` or `code:message` for code-less errors). */
  failures: Record<string, number>;
  /** Steady commands per second at `BURST_STEADY` in flight on the same client. */
  steadyOps: number;
  /** Failed steady commands. */
  steadyFailed: number;
  /** Client CPU ms (user + system) during the burst. */
  burstCpuMs: number;
  /** Client CPU ms during the steady phase. */
  steadyCpuMs: number;
}

const keys = Array.from({ length: 1000 }, (_, i) => new Key("test", "burst", i));

function one(client: Client, i: number): Promise<unknown> {
  const k = keys[i % keys.length];
  const put = op === "put" || (op === "mix" && (i & 1) === 0);
  return put ? client.put(k, { v: i, s: "payload-payload" }) : client.get(k);
}

async function round(hosts: string): Promise<BurstRound> {
  const level = (process.env.BURST_LOG ?? "off") as "off" | "warn" | "info" | "debug";
  const client = await Client.connect({ hosts, log: { level } });
  try {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const ps: Promise<unknown>[] = new Array(n);
    const trace = process.env.BURST_TRACE === "1";
    let done = 0;
    let bad = 0;
    const tick = trace
      ? setInterval(() => {
        const st = client.stats();
        console.log(
          `  +${
            (performance.now() - t0).toFixed(0)
          } ms: done ${done} failed ${bad} inFlight ${st.inFlight} ` +
            `queued ${st.queued} conns ${st.connections.open} idle ${st.connections.idle} timeouts ${st.timeouts}`,
        );
      }, 100)
      : undefined;
    for (let i = 0; i < n; i++) {
      ps[i] = one(client, i);
      if (trace) ps[i].then(() => done++, () => bad++);
    }
    if (trace) console.log(`  issued in ${(performance.now() - t0).toFixed(0)} ms`);
    const settled = await Promise.allSettled(ps);
    if (tick !== undefined) clearInterval(tick);
    const burstMs = performance.now() - t0;
    const c1 = process.cpuUsage(c0);
    const failures: Record<string, number> = {};
    for (const s of settled) {
      if (s.status === "fulfilled") continue;
      const e = s.reason;
      const code = e instanceof AerospikeError ? String(e.code) : `?:${String(e)}`;
      failures[code] = (failures[code] ?? 0) + 1;
    }
    const c2 = process.cpuUsage();
    const t1 = performance.now();
    let next = 0;
    let steadyFailed = 0;
    await Promise.all(
      Array.from({ length: process.env.BURST_SKIP_STEADY === "1" ? 0 : steadyDepth }, async () => {
        while (next < n) {
          try {
            await one(client, next++);
          } catch {
            steadyFailed++;
          }
        }
      }),
    );
    const steadyMs = performance.now() - t1;
    const c3 = process.cpuUsage(c2);
    return {
      burstMs,
      burstOps: n / burstMs * 1000,
      failures,
      steadyOps: n / steadyMs * 1000,
      steadyFailed,
      burstCpuMs: (c1.user + c1.system) / 1000,
      steadyCpuMs: (c3.user + c3.system) / 1000,
    };
  } finally {
    await client.close();
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

// Run as a script: `import.meta.main` on Deno and Bun; Node (20) has no such flag, so compare the path.
const isMain = import.meta.main ?? process.argv[1] === fileURLToPath(import.meta.url);

if (isMain) {
  const real = process.env.AEROSPIKE_HOSTS ? undefined : await startRealServer();
  const mock = process.env.AEROSPIKE_HOSTS || real !== undefined ? undefined : await startStandaloneMock(1);
  const hosts = process.env.AEROSPIKE_HOSTS ?? real?.seeds ?? mock!.seeds;
  try {
    // Every key exists before the first burst, so gets find records.
    const setup = await Client.connect({
      hosts,
      log: { level: "off" },
      policies: { write: { totalTimeout: 30_000 } },
    });
    for (let i = 0; i < keys.length; i += 100) {
      await Promise.all(
        keys.slice(i, i + 100).map((k, j) => setup.put(k, { v: i + j, s: "payload-payload" })),
      );
    }
    await setup.close();
    const all: BurstRound[] = [];
    for (let r = 0; r < rounds; r++) {
      const x = await round(hosts);
      all.push(x);
      const failed = Object.values(x.failures).reduce((a, b) => a + b, 0);
      console.log(
        `round ${r + 1}: burst ${n} ${op} in ${x.burstMs.toFixed(0)} ms (${
          (x.burstOps / 1000).toFixed(1)
        }k ops/s, ` +
          `${(x.burstCpuMs * 1000 / n).toFixed(1)} µs CPU/op), ${failed} failed ${
            JSON.stringify(x.failures)
          }; ` +
          `steady at ${steadyDepth}: ${(x.steadyOps / 1000).toFixed(1)}k ops/s, ${x.steadyFailed} failed ` +
          `(${(x.steadyCpuMs * 1000 / n).toFixed(1)} µs CPU/op); burst/steady ${
            (x.burstOps / x.steadyOps).toFixed(2)
          }`,
      );
    }
    const ratio = median(all.map((x) => x.burstOps / x.steadyOps));
    const failedTotal = all.reduce((a, x) => a + Object.values(x.failures).reduce((p, q) => p + q, 0), 0);
    console.log(
      `median burst ${(median(all.map((x) => x.burstOps)) / 1000).toFixed(1)}k ops/s, steady ${
        (median(all.map((x) => x.steadyOps)) / 1000).toFixed(1)
      }k ops/s, burst/steady ${ratio.toFixed(2)}, ${failedTotal} failed over ${rounds} rounds`,
    );
    console.log(JSON.stringify({ n, op, steadyDepth, rounds: all, ratio, failedTotal }));
  } finally {
    real?.stop();
    await mock?.stop();
  }
}
