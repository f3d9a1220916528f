/**
 * Byte-level check of transaction requests against the official `aerospike` npm client (C client
 * underneath): the same transaction (a read, a put, a batch write, commit; then a put and abort)
 * runs once with the official client and once with ours, each against a fresh one-node mock with
 * a strong-consistency namespace and a frozen clock, and every request message both sent is
 * compared field by field. Differences that cannot be equal are normalised first: the random
 * transaction id (MRT_ID field, the monitor record's digest and `id` bin) and the header's
 * transaction-ttl (each client's own timeouts). Run with `node --import tsx tests/cross/txn_frames.ts`;
 * exits non-zero on a difference.
 */
import { createRequire } from "node:module";
import process from "node:process";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { MockCluster } from "../../server_mock/mod.ts";
import { Client, Key, ops, Transaction } from "../../mod.ts";
import { defaultConnector } from "../../src/transport/auto.ts";
import type { Connector } from "../../src/transport/transport.ts";
import { decodeMessage, type Message } from "../../src/wire/message.ts";
import { FIELD_DIGEST, FIELD_MRT_ID, FIELD_SET, fieldText, findField } from "../../src/wire/fields.ts";
import { decodeBatchIndex } from "../../src/wire/batch.ts";
import { MONITOR_SET } from "../../src/wire/txn.ts";

// deno-lint-ignore no-explicit-any
type Any = any;
const require = createRequire(import.meta.url);
const Aerospike: Any = require("aerospike");

const NOW = Date.UTC(2026, 0, 1);

/** A connector whose listeners hand every received request message to `sink`. */
function recording(sink: Message[]): Connector {
  const base = defaultConnector();
  return {
    connect: (o) => base.connect(o),
    listen: (o) =>
      base.listen({
        ...o,
        onConn: (conn) => {
          let buf = new Uint8Array(0);
          const taps = conn.onData.bind(conn);
          conn.onData = (cb) =>
            taps((chunk) => {
              const next = new Uint8Array(buf.length + chunk.length);
              next.set(buf);
              next.set(chunk, buf.length);
              buf = next;
              while (buf.length >= 8) {
                const size = Number(
                  new DataView(buf.buffer, buf.byteOffset).getBigUint64(0) & 0xffff_ffff_ffffn,
                );
                if (buf.length < 8 + size) break;
                if (buf[1] === 3) sink.push(decodeMessage(buf.slice(8, 8 + size)).message);
                buf = buf.slice(8 + size);
              }
              cb(chunk);
            });
          o.onConn(conn);
        },
      }),
  };
}

const hex = (b: Uint8Array): string => [...b].map((x) => x.toString(16).padStart(2, "0")).join("");

/**
 * The `keyds` append of a monitor update: the list op and flags kept, the digests only counted.
 * The official client lists a batch's digests in its own hash order (and 6.7.1 was seen listing
 * one batch key's digest twice, the other not at all); the server keeps the list ordered and
 * unique, so the order carries no meaning.
 */
function keyds(data: Uint8Array): string {
  return `${hex(data.subarray(0, 2))}<${data.length} bytes>${hex(data.subarray(data.length - 2))}`;
}

/** A comparable text of a message, the random parts masked. */
function describe(m: Message): string {
  const monitor = (() => {
    const s = findField(m.fields, FIELD_SET);
    return s !== undefined && fieldText(s) === MONITOR_SET;
  })();
  const fields = m.fields.map((f) => {
    if (f.type === FIELD_MRT_ID || (monitor && f.type === FIELD_DIGEST)) return `${f.type}:<txn>`;
    if (f.type === 41) {
      const b = decodeBatchIndex(f.data);
      return `41:flags=${b.flags} rows=` +
        b.rows.map((r) =>
          `[${r.index} ${
            r.repeat ? "repeat" : ""
          } ${r.info1}/${r.info2}/${r.info3}/${r.info4} g${r.generation} t${r.ttl} ` +
          r.fields.map((x) => `${x.type}:${x.type === FIELD_MRT_ID ? "<txn>" : hex(x.data)}`).join(",") +
          ` ops=${r.ops.map((o) => `${o.op}/${o.particleType}/${o.name}/${hex(o.data)}`).join(",")}]`
        ).join("");
    }
    return `${f.type}:${hex(f.data)}`;
  });
  const opsText = m.ops.map((o) =>
    `${o.op}/${o.particleType}/${o.name}/${
      monitor && o.name === "id" ? "<txn>" : monitor && o.name === "keyds" ? keyds(o.data) : hex(o.data)
    }`
  );
  return `info ${m.info1}/${m.info2}/${m.info3}/${m.info4} gen ${m.generation} ttl ${m.recordTtl} ` +
    `fields ${fields.join(" ")} ops ${opsText.join(" ")}`;
}

/** Child mode: a recording mock that prints its seed, then one `MSG` line per request message. */
async function child(): Promise<void> {
  const sink: Message[] = [];
  const mock = await MockCluster.start({
    nodes: 1,
    namespaces: { test: { strongConsistency: true } },
    clock: () => NOW,
    connector: recording(sink),
  });
  const seed = mock.seeds.split(",")[0];
  const setup = await Client.connect({ hosts: seed });
  await setup.put(new Key("test", "x", "r"), { v: 1 });
  await setup.close();
  sink.length = 0;
  const push = sink.push.bind(sink);
  sink.push = (...m: Message[]): number => {
    for (const x of m) process.stdout.write(`MSG ${describe(x)}\n`);
    return push(...m);
  };
  process.stdout.write(`SEED ${seed}\n`);
  process.stdin.resume();
  process.stdin.on("end", () => void mock.close().then(() => process.exit(0)));
}

/** Runs `run` against a recording mock in a child process (the official client's connect blocks
 * the event loop, so the mock cannot share its process); resolves the messages it saw. */
async function withMock(run: (seed: string) => Promise<void>): Promise<string[]> {
  const proc = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--child"], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines: string[] = [];
  let text = "";
  let seedResolve: (s: string) => void = () => {};
  const seed = new Promise<string>((r) => (seedResolve = r));
  proc.stdout.on("data", (d: Buffer) => {
    text += d.toString();
    let nl: number;
    while ((nl = text.indexOf("\n")) >= 0) {
      const line = text.slice(0, nl);
      text = text.slice(nl + 1);
      if (line.startsWith("SEED ")) seedResolve(line.slice(5));
      else if (line.startsWith("MSG ")) lines.push(line.slice(4));
    }
  });
  const exited = new Promise((r) => proc.on("exit", r));
  try {
    await run(await seed);
    await new Promise((r) => setTimeout(r, 200));
  } finally {
    proc.stdin.end();
    await exited;
  }
  return lines;
}

if (process.argv.includes("--child")) {
  await child();
} else {
  await main();
}

async function main(): Promise<void> {
  const official = await withMock(async (seed) => {
    const [host, port] = seed.split(":");
    const c = await Aerospike.connect({ hosts: [{ addr: host, port: Number(port) }] });
    try {
      const key = (k: string): Any => new Aerospike.Key("test", "x", k);
      const txn = new Aerospike.Transaction();
      await c.get(key("r"), { txn });
      await c.put(key("w"), { v: 2 }, {}, { txn });
      await c.batchWrite([
        { type: Aerospike.batchType.BATCH_WRITE, key: key("b1"), ops: [Aerospike.operations.write("v", 3)] },
        { type: Aerospike.batchType.BATCH_WRITE, key: key("b2"), ops: [Aerospike.operations.write("v", 3)] },
      ], { txn });
      await c.commit(txn);
      const t2 = new Aerospike.Transaction();
      await c.put(key("a"), { v: 4 }, {}, { txn: t2 });
      await c.abort(t2);
    } finally {
      await c.close(false);
    }
  });

  const ours = await withMock(async (seed) => {
    const c = await Client.connect({ hosts: seed });
    try {
      const key = (k: string): Key => new Key("test", "x", k);
      const txn = new Transaction();
      await c.get(key("r"), { txn });
      await c.put(key("w"), { v: 2 }, { txn });
      await c.batch([
        { type: "write", key: key("b1"), ops: [ops.write("v", 3)] },
        { type: "write", key: key("b2"), ops: [ops.write("v", 3)] },
      ], { txn });
      await c.commit(txn);
      const t2 = new Transaction();
      await c.put(key("a"), { v: 4 }, { txn: t2 });
      await c.abort(t2);
    } finally {
      await c.close();
    }
  });

  let bad = 0;
  const n = Math.max(official.length, ours.length);
  for (let i = 0; i < n; i++) {
    const same = official[i] === ours[i];
    if (!same) bad++;
    console.log(
      `${same ? "same" : "DIFF"} #${i}\n  official ${official[i] ?? "(none)"}\n  ours     ${
        ours[i] ?? "(none)"
      }`,
    );
  }
  console.log(`${n - bad} passed, ${bad} failed`);
  process.exit(bad === 0 ? 0 : 1);
}
