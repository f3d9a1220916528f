/**
 * The transports a transport test runs against on this runtime, and small helpers shared by
 * `tests/transport_test.ts` and `tests/helpers/transport_flow.ts`. No Deno-only API, so the Bun
 * and Node shims load it unchanged.
 */
import { detectRuntime } from "../../src/transport/auto.ts";
import { bunConnector } from "../../src/transport/bun.ts";
import { denoConnector } from "../../src/transport/deno.ts";
import { MemoryNetwork } from "../../src/transport/memory.ts";
import { nodeConnector } from "../../src/transport/node.ts";
import type { Conn, Connector, Listener } from "../../src/transport/transport.ts";
import type { TransportError } from "../../src/transport/transport.ts";

/** One transport under test. */
export interface Case {
  /** Name used in test names. */
  name: string;
  /** Size of the large frames (1 MiB, smaller where every byte is its own delivery). */
  large: number;
  /** Bytes a flow-control test pushes through (64 MiB on sockets, less for tiny memory pieces). */
  flowTotal: number;
  /** A fresh connector (the memory ones can blackhole an address). */
  make: () => Connector & { blackhole?: (host: string, port: number) => void };
}

/** The runtime the tests run on. */
export const runtime: "deno" | "bun" | "node" = detectRuntime();

const MIB = 1 << 20;

/** Memory (random and 1-byte pieces), node:net, and the runtime's own transport. */
export const CASES: Case[] = [
  { name: "memory", large: MIB, flowTotal: 8 * MIB, make: () => new MemoryNetwork({ split: "random" }) },
  {
    name: "memory (1-byte chunks)",
    large: 1 << 16,
    flowTotal: MIB,
    make: () => new MemoryNetwork({ split: 1 }),
  },
  { name: "node", large: MIB, flowTotal: 64 * MIB, make: () => nodeConnector },
  ...(runtime === "deno"
    ? [{ name: "deno", large: MIB, flowTotal: 64 * MIB, make: () => denoConnector }]
    : []),
  ...(runtime === "bun" ? [{ name: "bun", large: MIB, flowTotal: 64 * MIB, make: () => bunConnector }] : []),
];

/** Every test binds here. */
export const HOST = "127.0.0.1";

/** `n` deterministic bytes that differ with `seed`. */
export function bytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 131 + seed * 7 + (i >> 8)) & 0xff;
  return out;
}

/** Resolves with the close error of `conn` (undefined for a local close). */
export function closedOf(conn: Conn): Promise<TransportError | undefined> {
  return new Promise((resolve) => conn.onClose(resolve));
}

/** A listener whose accepted conns are reported through `accepted`. */
export async function serve(
  net: Connector,
  onConn: (c: Conn) => void = () => {},
): Promise<{ listener: Listener; accepted: Conn[] }> {
  const accepted: Conn[] = [];
  const listener = await net.listen({
    host: HOST,
    port: 0,
    onConn: (c) => {
      accepted.push(c);
      onConn(c);
    },
  });
  return { listener, accepted };
}

/** An accepted-conn handler that echoes every chunk. */
export const echo = (c: Conn): void => c.onData((chunk) => c.write(chunk));

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
