/**
 * Running a batch: rows grouped by the node owning their partition, one request per node (at most
 * `maxConcurrentNodes` at once), each request run by the one execute loop (its slot, deadline,
 * connection and `inDoubt` rules). When a node's request fails, only its rows without an answer
 * are retried, re-split by the partition map current at that moment (a node that left loses no
 * key); a write that may have been applied is not retried but reported `inDoubt`.
 * Decision: one push-back slot per node request (a batch over 3 nodes takes 3 slots).
 * @module
 */
import type { Command } from "./command.ts";
import type { ExecCluster, ExecNode, ExecPolicy, Executor } from "./execute.ts";
import { AerospikeError, ServerError } from "../errors.ts";
import { ResultCode } from "../wire/result_code.ts";
import type { Message } from "../wire/message.ts";
import { MAX_REROUTES, sentNothing, unsentReroute, within } from "./run.ts";
import { type BatchFrameOptions, buildBatchFrame, type PreparedRow, readBatchReply } from "./batch.ts";

/** Timing and routing of a batch plus its frame options. */
export interface BatchRunPolicy extends ExecPolicy, BatchFrameOptions {
  /** Node requests running at once (0 = all). */
  maxConcurrentNodes: number;
}

/** What happened to a row that got no answer. */
export interface RowFailure {
  /** The error of the last attempt. */
  error: AerospikeError;
  /** Whether a write may have been applied. */
  inDoubt: boolean;
}

class BatchNodeCommand implements Command<void> {
  readonly ns: string;
  readonly partitionId = 0;
  readonly write: boolean;
  readonly frame: Uint8Array;
  readonly node: ExecNode;
  // This request's rows by their index (a sparse array: one lookup per reply row, no Map entries).
  #rows: readonly (PreparedRow | undefined)[];
  #answered: Uint8Array;
  #onRow: (row: PreparedRow, m: Message) => void;

  constructor(
    node: ExecNode,
    rows: readonly PreparedRow[],
    options: BatchFrameOptions,
    answered: Uint8Array,
    onRow: (row: PreparedRow, m: Message) => void,
  ) {
    this.node = node;
    this.ns = rows[0].key.ns;
    this.write = rows.some((r) => r.write);
    this.frame = buildBatchFrame(rows, options);
    let maxIndex = 0;
    let inPlace = true; // row k has index k (a whole batch on one node): rows is its own table
    for (let k = 0; k < rows.length; k++) {
      const index = rows[k].index;
      if (index > maxIndex) maxIndex = index;
      if (index !== k) inPlace = false;
    }
    if (inPlace) this.#rows = rows;
    else {
      // Sized once: growing it row by row left a chain of outgrown backing stores.
      const byIndex: (PreparedRow | undefined)[] = new Array(maxIndex + 1);
      for (const r of rows) byIndex[r.index] = r;
      this.#rows = byIndex;
    }
    this.#answered = answered;
    this.#onRow = onRow;
  }

  parse(): void {
    throw new Error("a batch reply is read by receive()");
  }

  async receive(next: () => Promise<Uint8Array>): Promise<void> {
    const code = await readBatchReply(next, (index, m) => {
      const row = index < this.#rows.length ? this.#rows[index] : undefined;
      if (row === undefined) {
        throw new AerospikeError(ResultCode.PARSE_ERROR, `batch reply names unknown row ${index}`);
      }
      this.#answered[index] = 1;
      this.#onRow(row, m);
    });
    if (code !== ResultCode.OK) throw new ServerError(code);
  }
}

async function limited(tasks: (() => Promise<void>)[], max: number): Promise<void> {
  const width = max > 0 ? Math.min(max, tasks.length) : tasks.length;
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < tasks.length) await tasks[next++]();
  };
  await Promise.all(Array.from({ length: width }, lane));
}

// Server codes after which the unanswered rows may be sent again.
const ROW_RETRY = new Set<number>([
  ResultCode.TIMEOUT,
  ResultCode.KEY_BUSY,
  ResultCode.DEVICE_OVERLOAD,
  ResultCode.PARTITION_UNAVAILABLE,
]);

function retryable(err: AerospikeError): boolean {
  if (err.code > 0) return ROW_RETRY.has(err.code);
  return err.code !== ResultCode.CLIENT_CLOSED && err.code !== ResultCode.ABORTED &&
    err.code !== ResultCode.COMMAND_QUEUE_FULL;
}

/**
 * Runs `rows` to completion: `onRow` gets each answer; resolves the rows that never got one with
 * their last error. Rejects only for a closed client or an aborted signal.
 *
 * A node's request that provably sent nothing (its connect refused, its node removed, a circuit
 * breaker's refusal: see `unsentReroute`) is not a retry: its rows wait, within the batch's
 * `totalTimeout`, for the partition map refresh (or the breaker's closing) the failure calls for
 * and go to the new owners, re-split by node, without counting against `maxRetries` (at most
 * `MAX_REROUTES` times).
 */
export async function runBatch(
  executor: Executor,
  cluster: ExecCluster,
  rows: readonly PreparedRow[],
  policy: BatchRunPolicy,
  onRow: (row: PreparedRow, m: Message) => void,
): Promise<Map<number, RowFailure>> {
  const failures = new Map<number, RowFailure>();
  let maxIndex = -1;
  for (const r of rows) if (r.index > maxIndex) maxIndex = r.index;
  const answered = new Uint8Array(maxIndex + 1); // 1 once a row got its answer
  const end = policy.totalTimeout > 0 ? Date.now() + policy.totalTimeout : Infinity;
  let pending = rows;
  // attempt: retries made (replica rotation, maxRetries); reroutes: rounds of unsent rows.
  let attempt = 0;
  let reroutes = 0;
  while (pending.length > 0) {
    const groups = new Map<ExecNode, readonly PreparedRow[]>();
    // The leading rows all routed to `runNode` are not copied into a group until a row breaks
    // the run: a batch on one node sends `pending` itself.
    let run = 0;
    let runNode: ExecNode | undefined;
    const retry: PreparedRow[] = [];
    let retried = false;
    let refresh: string | undefined;
    // Nodes whose circuit breaker refused a request: their rows wait for it to close.
    const breakers = new Set<ExecNode>();
    for (let i = 0; i < pending.length; i++) {
      const r = pending[i];
      const node = cluster.nodeFor(r.key.ns, r.key.partitionId, policy.replica, attempt, r.write);
      if (node === undefined) {
        if (cluster.unknownNamespace?.(r.key.ns) === true) {
          // No node serves the namespace at all: INVALID_NAMESPACE at once (see execute()).
          const error = new AerospikeError(
            ResultCode.INVALID_NAMESPACE,
            `namespace ${r.key.ns} not found in the partition map`,
          );
          failures.set(r.index, { error, inDoubt: false });
          continue;
        }
        const error = new AerospikeError(
          ResultCode.INVALID_NODE_ERROR,
          `no node for namespace ${r.key.ns} partition ${r.key.partitionId}`,
        );
        if (reroutes < MAX_REROUTES && cluster.refresh !== undefined && Date.now() < end) {
          refresh ??= error.detail;
          retry.push(r);
        } else failures.set(r.index, { error, inDoubt: false });
        continue;
      }
      if (run === i && (runNode === undefined || node === runNode)) {
        runNode = node;
        run++;
        continue;
      }
      if (runNode !== undefined && !groups.has(runNode)) groups.set(runNode, pending.slice(0, run));
      let g = groups.get(node) as PreparedRow[] | undefined;
      if (g === undefined) groups.set(node, g = []);
      g.push(r);
    }
    if (runNode !== undefined && !groups.has(runNode)) {
      groups.set(runNode, run === pending.length ? pending : pending.slice(0, run));
    }
    const left = end === Infinity ? 0 : end - Date.now();
    const nodePolicy: ExecPolicy = { ...policy, maxRetries: 0, totalTimeout: Math.max(1, left) };
    const tasks = [...groups].map(([node, group]) => async (): Promise<void> => {
      try {
        await executor.execute(new BatchNodeCommand(node, group, policy, answered, onRow), nodePolicy);
      } catch (e) {
        const error = e instanceof AerospikeError
          ? e
          : new AerospikeError(ResultCode.COMMON_ERROR, String(e));
        if (error.code === ResultCode.CLIENT_CLOSED || error.code === ResultCode.ABORTED) throw error;
        // Nothing reached the node: the rows move to the partitions' new owners (not a retry).
        // A breaker's refusal: reads with a retry left move to the next replica as a retry.
        const how = sentNothing(error) ? unsentReroute(error, node) : undefined;
        const moves = how !== undefined && reroutes < MAX_REROUTES && Date.now() < end &&
          (how === "now" || (how === "refresh" && cluster.refresh !== undefined) ||
            (how === "breaker" && (group.some((r) => r.write) || attempt >= policy.maxRetries)));
        if (moves && how === "refresh") {
          refresh ??= `a batch request to ${node.name} sent nothing (${error.detail})`;
        }
        if (moves && how === "breaker") breakers.add(node);
        for (const r of group) {
          if (answered[r.index] === 1) continue;
          const inDoubt = r.write && error.inDoubt;
          const again = moves ||
            (!inDoubt && retryable(error) && attempt < policy.maxRetries && Date.now() < end);
          if (again) {
            if (!moves) retried = true;
            failures.delete(r.index);
            retry.push(r);
          } else failures.set(r.index, { error, inDoubt });
        }
      }
    });
    await limited(tasks, policy.maxConcurrentNodes);
    pending = retry;
    if (pending.length === 0) break;
    if (retried) attempt++;
    else reroutes++;
    const waits: Promise<unknown>[] = [...breakers].map((n) => n.errorRate!.whenClosed!());
    if (refresh !== undefined && cluster.refresh !== undefined) waits.push(cluster.refresh(refresh));
    await within(waits, end);
    if (retried && policy.sleepBetweenRetries > 0) {
      await executor.pause(policy.sleepBetweenRetries); // rejects at once when the client closes
    }
  }
  return failures;
}
