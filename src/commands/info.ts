/**
 * Info commands on cluster nodes: one node (named or any), every node, answers checked for
 * `ERROR:<code>:<text>` / `FAIL:...` (turned into an `AerospikeError` with that code and text),
 * and polling helpers for work that completes on each node (index builds, UDF registration, jobs).
 * @module
 */
import { AerospikeError, ServerError } from "../errors.ts";
import { parseInfoError } from "../wire/info.ts";
import { ResultCode } from "../wire/result_code.ts";

/** A node that answers info commands. */
export interface InfoNode {
  /** Node name. */
  readonly name: string;
  /** Runs info commands on one of its connections. */
  info(commands: string[], timeoutMs?: number): Promise<Map<string, string>>;
}

/** Where info commands go. */
export interface InfoCluster {
  /** The active nodes. */
  readonly nodes: readonly InfoNode[];
  /** Any active node. */
  randomNode(): InfoNode | undefined;
}

/** Throws the server's error when `value` is an `ERROR:`/`FAIL:` answer; returns it otherwise. */
export function checkInfo(value: string, command: string, node?: string): string {
  const err = parseInfoError(value);
  if (err === null) return value;
  const text = err.message === "" ? `info ${command.split(":")[0]} failed` : err.message;
  throw new ServerError(err.code, text, { node });
}

/** Finds a node by name (or any node); rejects with INVALID_NODE_ERROR when there is none. */
export function pickNode(cluster: InfoCluster, name?: string): InfoNode {
  const node = name === undefined ? cluster.randomNode() : cluster.nodes.find((n) => n.name === name);
  if (node === undefined) {
    throw new AerospikeError(
      ResultCode.INVALID_NODE_ERROR,
      name === undefined ? "no node is available" : `no node named ${name}`,
    );
  }
  return node;
}

/** Runs one info command on one node and returns its raw value (errors are not checked). */
export async function infoRaw(node: InfoNode, command: string, timeoutMs: number): Promise<string> {
  if (typeof command !== "string" || command.length === 0 || /[\n\t]/.test(command)) {
    throw new TypeError("an info command is a non-empty string without tabs or newlines");
  }
  const answer = await node.info([command], timeoutMs);
  return answer.get(command) ?? "";
}

/** Runs one info command on one node; rejects for an error answer. */
export async function infoChecked(node: InfoNode, command: string, timeoutMs: number): Promise<string> {
  return checkInfo(await infoRaw(node, command, timeoutMs), command, node.name);
}

/** Runs one info command on every node, in parallel: node name → raw value. */
export async function infoEach(
  cluster: InfoCluster,
  command: string,
  timeoutMs: number,
): Promise<Map<string, string>> {
  const nodes = cluster.nodes;
  if (nodes.length === 0) throw new AerospikeError(ResultCode.INVALID_NODE_ERROR, "no node is available");
  const values = await Promise.all(nodes.map((n) => infoRaw(n, command, timeoutMs)));
  return new Map(nodes.map((n, i) => [n.name, values[i]]));
}

/** Options of a poll. */
export interface PollOptions {
  /**
   * Pause between polls in ms.
   * @default 100
   */
  pollMs?: number;
  /**
   * Give up after this many ms (rejects with TIMEOUT); 0 waits forever.
   * @default 30000
   */
  timeoutMs?: number;
  /** Aborts the wait. @default undefined */
  signal?: AbortSignal;
}

/** Calls `check` until it resolves true, pausing `pollMs` between calls. */
export async function poll(check: () => Promise<boolean>, options: PollOptions = {}): Promise<void> {
  const pollMs = options.pollMs ?? 100;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const end = timeoutMs > 0 ? Date.now() + timeoutMs : Infinity;
  for (;;) {
    if (options.signal?.aborted) {
      throw new AerospikeError(ResultCode.ABORTED, "wait aborted by its AbortSignal", {
        cause: options.signal.reason,
      });
    }
    if (await check()) return;
    if (Date.now() + pollMs > end) {
      throw new AerospikeError(ResultCode.TIMEOUT, `not done within ${timeoutMs} ms`);
    }
    await new Promise<void>((resolve) => setTimeout(resolve, pollMs));
  }
}
