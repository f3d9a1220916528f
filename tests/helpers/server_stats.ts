/**
 * Counters a real node reports through info (`statistics`, `namespace/<ns>`), read from every node
 * the client knows: how target tests check on the real server what they check on the mock through
 * `node.stats()` (which node served a command, whether a command was proxied).
 *
 * @example
 * ```ts
 * const before = await nodeCounters(client, "statistics", "batch_index_initiate");
 * ```
 */
import type { Client } from "../../mod.ts";

/** `name` from `command`'s answer of every node, by node name (0 when a node does not report it). */
export async function nodeCounters(
  client: Client,
  command: string,
  name: string,
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const { name: node } of client.stats().nodes) {
    const answer = await client.info(command, { node });
    const m = new RegExp(`(?:^|[;:])${name}=(\\d+)`).exec(answer);
    out.set(node, m === null ? 0 : Number(m[1]));
  }
  return out;
}

/** Per node, `after - before` (nodes missing from `before` count from 0). */
export function counterDelta(before: Map<string, number>, after: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [node, v] of after) out.set(node, v - (before.get(node) ?? 0));
  return out;
}

/** Sum of a counter over all nodes. */
export function total(counters: Map<string, number>): number {
  let n = 0;
  for (const v of counters.values()) n += v;
  return n;
}
