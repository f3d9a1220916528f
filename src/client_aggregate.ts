/**
 * `client.queryAggregate()`: a query whose records go through a stream UDF. Each node runs the
 * server stage on the partitions it masters; the client runs the final stage in Lua (5.4 in
 * WebAssembly, the optional `wasmoon` package, loaded on the first aggregation) over what the
 * nodes sent, with the module's source from the caller or, by default, from the cluster
 * (`udf-get`).
 * @module
 */
import { buildQuery, newTaskId } from "./commands/query.ts";
import { infoChecked, pickNode } from "./commands/info.ts";
import type { ExecNode, ExecPolicy } from "./commands/execute.ts";
import { messageBody, setTransactionTtl } from "./commands/command.ts";
import { AerospikeError, ServerError } from "./errors.ts";
import type { LuaVal } from "./lua/value.ts";
import { type BasePolicy, type FilterExpression, mergePolicies } from "./policy.ts";
import type { QueryFilter } from "./query/filter.ts";
import { type AggregateReply, finalStage, readAggregateFrame, withAggregate } from "./query/aggregate.ts";
import type { QueryContext } from "./client_query.ts";
import type { Value } from "./values.ts";
import { checkOptions } from "./validate.ts";
import { AGGREGATE_OPTIONS, QUERY_POLICY } from "./validate_shapes.ts";
import { ResultCode } from "./wire/result_code.ts";

/** Options of `client.queryAggregate()`. */
export interface AggregateOptions {
  /** Module name, as registered without `.lua`. */
  module: string;
  /** The stream function: `function f(stream, ...) return stream : map(...) : reduce(...) end`. */
  fn: string;
  /** Arguments after the stream. @default [] */
  args?: readonly Value[];
  /** The module's Lua source for the client stage. @default fetched from the cluster (`udf-get`) */
  source?: string;
  /** Secondary-index filter; omit to aggregate a whole set. @default undefined */
  filter?: QueryFilter;
  /** Filter expression evaluated on each record before the stream sees it. @default undefined */
  expression?: FilterExpression;
  /** Timeouts and abort. @default client policies.query */
  policy?: BasePolicy;
}

function checkName(what: string, v: unknown): string {
  if (typeof v !== "string" || v.length === 0 || /[;:=\t\n/]/.test(v)) {
    throw new TypeError(`${what} must be a non-empty string without ; : = / tabs or newlines`);
  }
  return v;
}

/** The module's source as the cluster holds it. */
async function fetchSource(ctx: QueryContext, module: string): Promise<string> {
  const node = pickNode(ctx.cluster);
  const value = await infoChecked(node, `udf-get:filename=${module}.lua`, ctx.infoTimeout);
  const m = /(?:^|;)content=([^;]*)/.exec(value);
  if (m === null) {
    throw new ServerError(ResultCode.UDF_BAD_RESPONSE, `module ${module}.lua is not registered`, {
      node: node.name,
    });
  }
  const bin = atob(m[1]);
  return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
}

/** Runs the server stage on one node's partitions and collects its values. */
async function nodeStage(
  ctx: QueryContext,
  node: ExecNode,
  frame: Uint8Array,
  policy: ExecPolicy & BasePolicy,
): Promise<LuaVal[]> {
  const reply: AggregateReply = { values: [] };
  const lease = await ctx.executor.lease(node, policy);
  let ok = false;
  try {
    setTransactionTtl(frame, policy.totalTimeout);
    lease.conn.send(frame);
    for (;;) {
      lease.arm(policy.socketTimeout);
      const got = await lease.wait(lease.conn.readFrame());
      if (readAggregateFrame(messageBody(got.type, got.body), reply, node.name)) break;
    }
    ok = true;
    return reply.values;
  } catch (e) {
    // A node's own answer (thrown at the end of its reply) leaves the connection in step.
    ok = e instanceof ServerError;
    throw e;
  } finally {
    lease.end(ok);
  }
}

/** Runs an aggregation and resolves the values the final stage outputs (usually one). */
export async function queryAggregate(
  ctx: QueryContext,
  ns: string,
  set: string | undefined,
  options: AggregateOptions,
): Promise<Value[]> {
  checkName("namespace", ns);
  if (options === undefined || options === null) throw new TypeError("queryAggregate() needs { module, fn }");
  checkOptions(options, AGGREGATE_OPTIONS, "queryAggregate()");
  const module = checkName("module", options.module);
  const fn = checkName("fn", options.fn);
  const args = options.args ?? [];
  if (!Array.isArray(args)) throw new TypeError("queryAggregate() args must be an array");
  if (options.source !== undefined && typeof options.source !== "string") {
    throw new TypeError("queryAggregate() source must be the module's Lua text");
  }
  const policy = mergePolicies<ExecPolicy & BasePolicy>(
    QUERY_POLICY,
    "queryAggregate()",
    ctx.policy,
    options.policy,
  );
  const source = options.source ?? await fetchSource(ctx, module);
  const byNode = new Map<ExecNode, { id: number; done: boolean }[]>();
  for (let pid = 0; pid < 4096; pid++) {
    const node = ctx.cluster.nodeFor(ns, pid, "master", 0, false);
    if (node === undefined) {
      throw new AerospikeError(ResultCode.PARTITION_UNAVAILABLE, `no node masters partition ${pid} of ${ns}`);
    }
    const list = byNode.get(node) ?? [];
    list.push({ id: pid, done: false });
    byNode.set(node, list);
  }
  const call = { module, fn, args };
  const request = {
    ns,
    set: set ?? "",
    filter: options.filter,
    expression: options.expression,
    includeBinData: true,
    recordsPerSecond: 0,
    socketTimeout: policy.socketTimeout,
  };
  const perNode = await Promise.all([...byNode].map(([node, parts]) => {
    const frame = withAggregate(buildQuery({ ...request, taskId: newTaskId() }, parts, 0), call);
    return nodeStage(ctx, node, frame, policy);
  }));
  return await finalStage(source, call, perNode.flat());
}
