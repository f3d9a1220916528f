/**
 * Client CPU per command of two checkouts of aerolite, A and B, against the same cluster, in
 * interleaved rounds: for telling a small overhead (observability switched off, say) from noise.
 *
 *   npx deno run -A bench/ab_cpu.ts <checkout A> <checkout B>
 *
 * Each round runs A and then B (alternating which goes first) in fresh processes; each process
 * warms up, then times `BENCH_OPS` gets and `BENCH_OPS` puts at `BENCH_CONCURRENCY` in flight and
 * prints its process CPU (user + system) per command, and user CPU alone (getUser, putUser: the
 * kernel's share of a loopback round trip is the noisiest part on a shared machine, and a change
 * to the client's own code shows there). The report gives per workload the median of each side
 * and the median of the per-round B/A ratios. Environment: AEROSPIKE_HOSTS (required),
 * BENCH_ROUNDS (default 10), BENCH_OPS (default 30000), BENCH_CONCURRENCY (default 64); BENCH_BATCH=1
 * adds CPU per batchGet of 100 keys (see bench/ab_cpu_worker.ts: BENCH_BATCH_OPS,
 * BENCH_BATCH_CONCURRENCY).
 * @module
 */
import process from "node:process";

const WORKER = new URL("./ab_cpu_worker.ts", import.meta.url).pathname;

/** One process's result: CPU µs per command for each workload. */
export interface AbSample {
  /** Client CPU µs per get. */
  get: number;
  /** Client CPU µs per put. */
  put: number;
  /** User CPU µs per get (the system share left out). */
  getUser?: number;
  /** User CPU µs per put. */
  putUser?: number;
  /** Client CPU µs per batchGet of 100 keys (with BENCH_BATCH=1). */
  batch?: number;
}

async function runOne(checkout: string): Promise<AbSample> {
  const cmd = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", WORKER, checkout],
    stdout: "piped",
    stderr: "inherit",
  });
  const out = await cmd.output();
  if (!out.success) throw new Error(`worker for ${checkout} failed`);
  const lines = new TextDecoder().decode(out.stdout).trim().split("\n");
  return JSON.parse(lines[lines.length - 1]) as AbSample;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

if (import.meta.main) {
  const [a, b] = Deno.args;
  if (a === undefined || b === undefined || process.env.AEROSPIKE_HOSTS === undefined) {
    console.error("usage: AEROSPIKE_HOSTS=host:port deno run -A bench/ab_cpu.ts <checkout A> <checkout B>");
    Deno.exit(2);
  }
  const rounds = Number(process.env.BENCH_ROUNDS ?? 10);
  const sa: AbSample[] = [];
  const sb: AbSample[] = [];
  for (let r = 0; r < rounds; r++) {
    if (r % 2 === 0) {
      sa.push(await runOne(a));
      sb.push(await runOne(b));
    } else {
      sb.push(await runOne(b));
      sa.push(await runOne(a));
    }
    const batch = (s: AbSample) => s.batch === undefined ? "" : ` batch ${s.batch.toFixed(1)}`;
    console.log(
      `round ${r + 1}: A get ${sa[r].get.toFixed(2)} put ${sa[r].put.toFixed(2)}${batch(sa[r])} | ` +
        `B get ${sb[r].get.toFixed(2)} put ${sb[r].put.toFixed(2)}${batch(sb[r])} µs/op`,
    );
  }
  const workloads = [
    "get",
    "put",
    ...(sa[0].getUser !== undefined && sb[0].getUser !== undefined ? ["getUser", "putUser"] as const : []),
    ...(sa[0].batch !== undefined && sb[0].batch !== undefined ? ["batch"] as const : []),
  ] as const;
  for (const w of workloads) {
    const ma = median(sa.map((s) => s[w]!));
    const mb = median(sb.map((s) => s[w]!));
    const ratio = median(sa.map((s, i) => sb[i][w]! / s[w]!));
    console.log(
      `${w}: A ${ma.toFixed(2)} µs/op, B ${mb.toFixed(2)} µs/op, median per-round B/A ${
        ((ratio - 1) * 100).toFixed(1)
      }% over ${rounds} rounds`,
    );
  }
}
