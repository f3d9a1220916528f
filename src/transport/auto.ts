/**
 * Picks the transport of the runtime we run on.
 * @module
 */

import { bunConnector } from "./bun.ts";
import { denoConnector } from "./deno.ts";
import { nodeConnector } from "./node.ts";
import type { Connector } from "./transport.ts";

/** The runtimes aerolite knows. */
export type RuntimeName = "deno" | "bun" | "node";

/**
 * Detects the runtime. Bun is checked first, and Deno by `Deno.version.deno` rather than by the
 * mere presence of a `Deno` global, because the Bun/Node test shims define a `Deno.test` of their own.
 */
export function detectRuntime(): RuntimeName {
  const g = globalThis as { Bun?: unknown; Deno?: { version?: { deno?: unknown } } };
  if (g.Bun !== undefined) return "bun";
  if (typeof g.Deno?.version?.deno === "string") return "deno";
  return "node";
}

/**
 * The connector for the current runtime: Deno → `Deno.connect`, Bun → `Bun.connect`,
 * anything else → `node:net`.
 * @example
 * ```ts
 * const conn = await defaultConnector().connect({ host: "127.0.0.1", port: 3000, timeoutMs: 1000 });
 * ```
 */
export function defaultConnector(): Connector {
  switch (detectRuntime()) {
    case "deno":
      return denoConnector;
    case "bun":
      return bunConnector;
    default:
      return nodeConnector;
  }
}
