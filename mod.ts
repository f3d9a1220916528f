/**
 * aerolite: a pure-TypeScript Aerospike client for Deno, Bun and Node.
 *
 * @example
 * ```ts
 * import { Client, Key, ops } from "@aerolite/client";
 *
 * const client = await Client.connect({ hosts: "127.0.0.1:3000" });
 * const key = new Key("test", "demo", "user:1");
 * await client.put(key, { name: "Ada", visits: 1 }, { ttl: 3600 });
 * const rec = await client.get<{ name: string; visits: number }>(key);
 * console.log(rec?.bins.name, rec?.generation, rec?.ttl);
 * const { bins } = await client.operate(key, [ops.add("visits", 1), ops.read("visits")]);
 * console.log(bins.visits); // 2
 * await client.close();
 * ```
 * @module
 */
export {
  Client,
  type ClientEvent,
  type ClientEventMap,
  type ClientOptions,
  type ClientStats,
  type CommandStats,
  type CommandStatsByKind,
  type HistogramShape,
  type HistogramSnapshot,
  type MetricsOptions,
} from "./src/client.ts";
export type { LogEntry, LogLevel, LogOptions } from "./src/observe/log.ts";
export { Key, type UserKey } from "./src/key.ts";
export type { KeyBytes } from "./src/wire/digest.ts";
export {
  AerospikeError,
  type AerospikeErrorOptions,
  BackpressureError,
  ConnectionError,
  isRetryable,
  ProtocolError,
  ServerError,
  TimeoutError,
} from "./src/errors.ts";
export { ResultCode } from "./src/wire/result_code.ts";
export {
  type Bins,
  Double,
  GeoJSON,
  HLL,
  type MapOrder,
  OrderedMap,
  SpecialValue,
  type Value,
} from "./src/values.ts";
export * as ops from "./src/ops/scalar.ts";
export type { Operation } from "./src/ops/scalar.ts";
export * as lists from "./src/ops/lists.ts";
export * as maps from "./src/ops/maps.ts";
export * as bits from "./src/ops/bits.ts";
export * as hll from "./src/ops/hll.ts";
export * as ctx from "./src/ops/ctx.ts";
export * as exp from "./src/exp/exp.ts";
export type { CdtOptions, RangeOptions, ReturnType, SelectOptions } from "./src/ops/cdt_encode.ts";
export type { CdtContext, ListOrder } from "./src/ops/ctx.ts";
export type { ListCreateOptions, ListPolicy, ListSortOptions, ListWriteOptions } from "./src/ops/lists.ts";
export type { MapCreateOptions, MapPolicy, MapWriteOptions } from "./src/ops/maps.ts";
export type {
  BitGetIntOptions,
  BitMathOptions,
  BitPolicy,
  BitResizeOptions,
  BitWriteOptions,
} from "./src/ops/bits.ts";
export type { HLLAddOptions, HLLInitOptions, HLLPolicy, HLLWriteOptions } from "./src/ops/hll.ts";
export type { Def, Expression, ExpType, Operand, RegexOptions } from "./src/exp/exp.ts";
export type { ExpReadOptions, ExpWriteOptions } from "./src/ops/exp_ops.ts";
export type { LoopVar, ModifyPathOptions, PathReturn, SelectPathOptions } from "./src/exp/path.ts";
export { Ttl } from "./src/policy.ts";
export type {
  BasePolicy,
  BatchItemWritePolicy,
  BatchPolicy,
  ClientPolicies,
  CommitLevel,
  ExistsAction,
  FilterExpression,
  GenerationPolicy,
  ReadModeAP,
  ReadModeSC,
  ReadPolicy,
  Replica,
  WritePolicy,
} from "./src/policy.ts";
export type { AerospikeRecord, OperateRecord } from "./src/record.ts";
export { Transaction, type TransactionOptions, type TransactionState } from "./src/txn/transaction.ts";
export { type AbortStatus, type CommitError, CommitFailedError, type CommitStatus } from "./src/txn/roll.ts";
export type { TxnPolicy } from "./src/client_txn.ts";
export type { BatchItem, BatchResult } from "./src/client_batch.ts";
export {
  type BackgroundQueryOptions,
  type BackgroundWritePolicy,
  Job,
  type JobInfo,
  type QueryDuration,
  type QueryOptions,
} from "./src/client_query.ts";
export type { AggregateOptions } from "./src/client_aggregate.ts";
export {
  Filter,
  type FilterBuilders,
  type FilterOptions,
  type IndexCollection,
  type QueryFilter,
} from "./src/query/filter.ts";
export type { IndexFilter } from "./src/wire/query.ts";
export {
  type PartitionFilter,
  type PartitionProgress,
  PartitionStatus,
  type PartitionStatusJSON,
} from "./src/query/partition_tracker.ts";
export { type QueryRecord, RecordStream } from "./src/query/record_stream.ts";
export type { IndexSpec } from "./src/client_admin.ts";
export type {
  AdminPolicy,
  Privilege,
  PrivilegeName,
  Role,
  RoleOptions,
  User,
} from "./src/client_security.ts";
export type { AuthMode } from "./src/auth/credentials.ts";
export type { UdfModule } from "./src/client_udf.ts";
export type { SeedRef } from "./src/client_seeds.ts";
export type { PollOptions } from "./src/commands/info.ts";
export type { ClusterOptions, HostSpec, TlsConfig } from "./src/cluster/cluster.ts";
export {
  COMMAND_KINDS,
  type CommandKind,
  CommandObservation,
  type NodeRef,
  type Observer,
} from "./src/observe/observer.ts";
export type { MetricsListener } from "./src/observe/metrics_writer.ts";
export {
  type ConnMetrics,
  LATENCY_TYPES,
  type LatencyType,
  type MetricsSnapshot,
  type NamespaceMetrics,
  type NodeMetrics,
} from "./src/observe/metrics_format.ts";
export { COMMAND_CHANNEL, type CommandTraceContext } from "./src/observe/tracing.ts";
export {
  type Conn,
  type ConnectOptions,
  type Connector,
  type Listener,
  type ListenOptions,
  type ServerTlsOptions,
  type TlsOptions,
  TransportError,
  type TransportErrorCode,
} from "./src/transport/transport.ts";
