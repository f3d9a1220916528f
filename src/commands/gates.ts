/**
 * Connections for the execute loop beyond the synchronous `take()`: the acquire that waits under
 * the command's deadline, and per node a gate where commands wait when the node's pool is at its
 * cap (`maxConnsPerNode`) until one of this client's commands gives a connection back.
 * @module
 */
import { AerospikeError } from "../errors.ts";
import type { Connection } from "../net/connection.ts";
import { ResultCode } from "../wire/result_code.ts";
import type { ExecNode } from "./exec_types.ts";
import { type Run, take } from "./run.ts";

/**
 * The connection gates of one executor: commands parked per node, woken one per connection
 * given back to that node.
 * @example
 * ```ts
 * import type { ExecNode } from "./exec_types.ts";
 * import type { Run } from "./run.ts";
 * declare const run: Run, node: ExecNode;
 * const gates = new ConnGates();
 * const conn = await gates.acquire(run, node);
 * gates.release(node, conn, true); // wakes the next command parked at that node
 * ```
 */
export class ConnGates {
  // Per node, the parked runs and the gate token each had when it parked (a run that moved on
  // and parked again elsewhere leaves a stale entry behind): two arrays, no object per entry.
  #gates = new Map<ExecNode, { runs: Run[]; tokens: number[] }>();
  // Nodes whose pool wakes our parked commands when an info or admin command gives back a connection.
  #hooked = new WeakSet<ExecNode>();

  /**
   * Takes a connection; when the node's pool is at its cap, waits for one of our commands to
   * give a connection back to that node (the run's deadline still applies).
   */
  async acquire(run: Run, node: ExecNode): Promise<Connection<unknown>> {
    const p = take(node, 1, run);
    try {
      return await run.wait(p);
    } catch (e) {
      return await this.acquireAfter(run, node, p, e, 1);
    }
  }

  /**
   * The slow path of an acquire (`take(node, depth)` promise `p`) that failed with `e`: gives a
   * late connection back when the run was interrupted, else waits at the node's gate (pool at
   * its cap) and tries again.
   */
  async acquireAfter(
    run: Run,
    node: ExecNode,
    p: Promise<Connection<unknown>>,
    e: unknown,
    depth: number,
  ): Promise<Connection<unknown>> {
    if (e === run.interrupted) {
      p.then((c) => this.release(node, c, true), () => {});
      throw e;
    }
    if (!(e instanceof AerospikeError) || e.code !== ResultCode.NO_AVAILABLE_CONNECTIONS_TO_NODE) throw e;
    // At the cap: wait at the gate, then look synchronously (no rejected acquire per wake-up).
    return await this.acquireAtCap(run, node, depth);
  }

  /**
   * For a node whose pool is at its cap now (`pool.atCap()`): waits at the gate first, then
   * acquires like `acquireAfter`, with no rejected acquire (and its error object) per command.
   */
  async acquireAtCap(run: Run, node: ExecNode, depth: number): Promise<Connection<unknown>> {
    let front = false;
    for (;;) {
      await this.park(run, node, front);
      // Woken because a connection came back, but a command that was not parked may have taken
      // it first: look synchronously, and wait again at the head of the line while still at the cap.
      const ready = node.pool.take?.(depth);
      if (ready !== undefined) {
        if (run.interrupted === undefined) return ready;
        this.release(node, ready, true);
        throw run.interrupted;
      }
      front = true;
      if (node.pool.atCap?.() === true) continue;
      const p = take(node, depth, run);
      try {
        return await run.wait(p);
      } catch (e) {
        if (e === run.interrupted) {
          p.then((c) => this.release(node, c, true), () => {});
          throw e;
        }
        if (!(e instanceof AerospikeError) || e.code !== ResultCode.NO_AVAILABLE_CONNECTIONS_TO_NODE) throw e;
        // At the cap again (another command took the slot first): back to the head of the line.
      }
    }
  }

  /**
   * Parks `run` at `node`'s gate (at the head of the line when `front`) until a connection comes
   * back to that node; rejects when the run is interrupted (deadline, abort, close).
   */
  park(run: Run, node: ExecNode, front = false): Promise<void> {
    let gate = this.#gates.get(node);
    if (gate === undefined) this.#gates.set(node, gate = { runs: [], tokens: [] });
    if (!this.#hooked.has(node)) {
      this.#hooked.add(node);
      node.pool.onFree?.(() => this.#wake(node));
    }
    const token = ++run.gateToken;
    if (front) {
      gate.runs.unshift(run);
      gate.tokens.unshift(token);
    } else {
      gate.runs.push(run);
      gate.tokens.push(token);
    }
    return run.park();
  }

  /** Gives `conn` back to its node's pool and wakes the next live command parked at that node. */
  release(node: ExecNode, conn: Connection<unknown>, reusable: boolean): void {
    node.pool.release(conn, reusable);
    this.#wake(node);
  }

  #wake(node: ExecNode): void {
    const gate = this.#gates.get(node);
    if (gate === undefined) return;
    const { runs, tokens } = gate;
    while (runs.length > 0) {
      const run = runs.shift()!;
      const token = tokens.shift()!;
      if (run.gateToken === token && run.interrupted === undefined) {
        run.gateToken++;
        run.wake();
        break;
      }
    }
    if (runs.length === 0) this.#gates.delete(node);
  }

  /** Forgets every parked command (the client closed; each is interrupted on its own). */
  clear(): void {
    this.#gates.clear();
  }
}
