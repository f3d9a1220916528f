/**
 * Random faults for the soak, on a timer: one-shot command faults on a random node (delays,
 * stalls, resets before and after the command runs, error codes, garbage, truncated and cut
 * replies, huge declared lengths, duplicated frames), rebalances, and a node killed then
 * restarted. `stop()` clears every fault and brings every node back.
 * @module
 */
import type { MockCluster } from "../../server_mock/mod.ts";
import type { FaultRule } from "../../server_mock/faults.ts";
import { Rng } from "../fuzz/rng.ts";

/** Counts of what chaos did. */
export interface ChaosCounts {
  /** Fault rule sets installed. */
  faultSets: number;
  /** Rebalances. */
  rebalances: number;
  /** Nodes killed (and restarted). */
  kills: number;
}

const CODES = [1, 9, 11, 14, 18, 22];

function randomRule(rng: Rng): FaultRule {
  const rule: FaultRule = { on: rng.pick(["read", "write", "batch", "any"] as const), nth: 1 + rng.int(200) };
  switch (rng.int(11)) {
    case 0:
      return { ...rule, delayMs: 20 + rng.int(400) };
    case 1:
      return { ...rule, stall: true };
    case 2:
      return { ...rule, resetBeforeRead: true };
    case 3:
      return { ...rule, resetAfterRead: true };
    case 4:
      return { ...rule, resultCode: rng.pick(CODES) };
    case 5:
      return { ...rule, garbageReply: true };
    case 6:
      return { ...rule, truncateReply: true };
    case 7:
      return { ...rule, dropAfterBytes: rng.int(40) };
    case 8:
      return { ...rule, hugeLength: true };
    case 9:
      return { ...rule, duplicateReply: true };
    default:
      return { ...rule, delayMs: 5 + rng.int(50) };
  }
}

/**
 * The fault scheduler.
 * @example
 * ```ts
 * const chaos = new Chaos(mock, 1);
 * chaos.start(300);
 * await chaos.stop();
 * ```
 */
export class Chaos {
  /** What was done so far. */
  readonly counts: ChaosCounts = { faultSets: 0, rebalances: 0, kills: 0 };
  #mock: MockCluster;
  #rng: Rng;
  #timer: ReturnType<typeof setInterval> | undefined;
  #restarts = new Set<Promise<void>>();

  /**
   * @param mock the cluster to disturb
   * @param seed PRNG seed
   */
  constructor(mock: MockCluster, seed: number) {
    this.#mock = mock;
    this.#rng = new Rng(seed);
  }

  /** Acts every `everyMs`. */
  start(everyMs: number): void {
    this.#timer = setInterval(() => this.#tick(), everyMs);
  }

  #tick(): void {
    const rng = this.#rng;
    const nodes = this.#mock.nodes;
    const roll = rng.int(100);
    if (roll < 60) {
      const node = rng.pick(nodes);
      node.faults({ rules: Array.from({ length: 1 + rng.int(4) }, () => randomRule(rng)) });
      this.counts.faultSets++;
    } else if (roll < 75) {
      for (const n of nodes) n.clearFaults();
    } else if (roll < 90) {
      this.#mock.rebalance();
      this.counts.rebalances++;
    } else if (this.#restarts.size === 0 && nodes.every((n) => n.running)) {
      const node = rng.pick(nodes);
      const downMs = 500 + rng.int(2000);
      this.counts.kills++;
      const p = node.stop()
        .then(() => new Promise<void>((r) => setTimeout(r, downMs)))
        .then(() => node.restart())
        .finally(() => this.#restarts.delete(p));
      this.#restarts.add(p);
    }
  }

  /** Stops acting, clears every fault and waits until every node runs again. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await Promise.all(this.#restarts);
    for (const n of this.#mock.nodes) {
      n.clearFaults();
      if (!n.running) await n.restart();
    }
  }
}
