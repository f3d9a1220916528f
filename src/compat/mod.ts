/**
 * `@aerolite/client/compat`: the official `aerospike` npm client's API on aerolite, so moving is a
 * one-line change of the import. Native-free: runs on Node (ESM and require), Bun and Deno.
 *
 * @example
 * ```ts
 * import Aerospike from "@aerolite/client/compat";
 *
 * const client = await Aerospike.connect({ hosts: "127.0.0.1:3000" });
 * const key = new Aerospike.Key("test", "demo", "k1");
 * await client.put(key, { name: "Ada" }, { ttl: 60 });
 * const record = await client.get(key);
 * console.log(record.bins?.name, record.gen);
 * client.close();
 * ```
 * @module
 */
import * as C from "./constants.ts";
import { Client, commandQueueConfigurable, type Config as ClientConfig } from "./client.ts";
import { Config } from "./config.ts";
import { AerospikeError } from "./errors.ts";
import { Context } from "./context.ts";
import * as P from "./policy.ts";
import { IndexJob, Job, UdfJob } from "./job.ts";
import { Query, RecordStream, Scan } from "./query.ts";
import { Bin, Double, GeoJSON, Key, Record } from "./values.ts";
import * as operations from "./operations.ts";
import * as lists from "./ops_lists.ts";
import * as maps from "./ops_maps.ts";
import * as bitwise from "./ops_bits.ts";
import * as hll from "./ops_hll.ts";
import * as exp from "./exp.ts";
import * as filter from "./filter.ts";
import * as info from "./info.ts";

export {
  AerospikeError,
  Bin,
  Client,
  Context,
  Double,
  GeoJSON,
  IndexJob,
  Job,
  Key,
  Query,
  Record,
  RecordStream,
  Scan,
  UdfJob,
};
export { Config };
export type { ClientConfig };
export type { Listener, QueryCallback, QueryUdf } from "./query.ts";
export type { BatchRecord } from "./client_batch.ts";
export { bitwise, exp, filter, hll, info, lists, maps, operations };
export {
  auth,
  batchType,
  features,
  indexDataType,
  indexType,
  jobStatus,
  language,
  log,
  privilegeCode,
  regex,
  ttl,
} from "./constants.ts";
export {
  AdminPolicy,
  ApplyPolicy,
  BasePolicy,
  BatchApplyPolicy,
  BatchPolicy_ as BatchPolicy,
  BatchReadPolicy,
  BatchRemovePolicy,
  BatchWritePolicy,
  BitwisePolicy,
  CommandQueuePolicy,
  HLLPolicy,
  InfoPolicy,
  ListPolicy,
  MapPolicy,
  MetricsPolicy,
  OperatePolicy,
  QueryPolicy,
  ReadPolicy_ as ReadPolicy,
  RemovePolicy,
  ScanPolicy,
  WritePolicy_ as WritePolicy,
} from "./policy.ts";

/** Result codes, with `getMessage(code)`. */
export const status: typeof C.status & { getMessage(code: number): string } = Object.freeze({
  ...C.status,
  getMessage: (code: number): string => C.statusMessages[code] ?? "Unknown error",
});

/** Policy enums and classes, as `Aerospike.policy`. */
export const policy = Object.freeze({
  gen: C.policyGen,
  key: C.policyKey,
  exists: C.policyExists,
  replica: C.policyReplica,
  readModeAP: C.policyReadModeAP,
  readModeSC: C.policyReadModeSC,
  commitLevel: C.policyCommitLevel,
  queryDuration: C.policyQueryDuration,
  BasePolicy: P.BasePolicy,
  ApplyPolicy: P.ApplyPolicy,
  BatchPolicy: P.BatchPolicy_,
  OperatePolicy: P.OperatePolicy,
  QueryPolicy: P.QueryPolicy,
  ReadPolicy: P.ReadPolicy_,
  RemovePolicy: P.RemovePolicy,
  ScanPolicy: P.ScanPolicy,
  WritePolicy: P.WritePolicy_,
  BatchApplyPolicy: P.BatchApplyPolicy,
  BatchReadPolicy: P.BatchReadPolicy,
  BatchRemovePolicy: P.BatchRemovePolicy,
  BatchWritePolicy: P.BatchWritePolicy,
  CommandQueuePolicy: P.CommandQueuePolicy,
  InfoPolicy: P.InfoPolicy,
  AdminPolicy: P.AdminPolicy,
  ListPolicy: P.ListPolicy,
  MapPolicy: P.MapPolicy,
  BitwisePolicy: P.BitwisePolicy,
  HLLPolicy: P.HLLPolicy,
});

/** `cdt.Context`. */
export const cdt: { Context: typeof Context } = Object.freeze({ Context });

/** Creates an unconnected client. */
export function client(config?: ClientConfig): Client {
  return new Client(config);
}

/** Creates and connects a client (promise, or `callback(error, client)`). */
export function connect(
  config?: ClientConfig | ((e: AerospikeError | null, c?: Client) => void),
  callback?: (e: AerospikeError | null, c?: Client) => void,
): Promise<Client> {
  if (typeof config === "function") return new Client({}).connect(config);
  return new Client(config).connect(callback);
}

/** Accepted for compatibility (aerolite logs through `ClientOptions.log`). */
export function setDefaultLogging(logInfo?: unknown): void {
  void logInfo;
}

/** Accepted for compatibility (no native event loop to release). */
export function releaseEventLoop(): void {}

/**
 * Accepted for compatibility (aerolite has no global command queue: `maxCommandsInFlight` and
 * `maxQueueSize` are per client); as the official client, it throws once a client has connected.
 */
export function setupGlobalCommandQueue(policy?: unknown): void {
  void policy;
  if (!commandQueueConfigurable()) throw new Error("Command queue has already been initialized!");
}

const Aerospike = {
  AerospikeError,
  Bin,
  Client,
  Config,
  Double,
  GeoJSON,
  IndexJob,
  Job,
  Key,
  Query,
  Record,
  RecordStream,
  Scan,
  UdfJob,
  bitwise,
  hll,
  cdt,
  client,
  connect,
  exp,
  filter,
  info,
  lists,
  maps,
  operations,
  policy,
  releaseEventLoop,
  setDefaultLogging,
  setupGlobalCommandQueue,
  status,
  auth: C.auth,
  batchType: C.batchType,
  features: C.features,
  indexDataType: C.indexDataType,
  indexType: C.indexType,
  jobStatus: C.jobStatus,
  language: C.language,
  log: C.log,
  privilegeCode: C.privilegeCode,
  regex: C.regex,
  ttl: C.ttl,
  AdminPolicy: P.AdminPolicy,
  ApplyPolicy: P.ApplyPolicy,
  BasePolicy: P.BasePolicy,
  BatchApplyPolicy: P.BatchApplyPolicy,
  BatchPolicy: P.BatchPolicy_,
  BatchReadPolicy: P.BatchReadPolicy,
  BatchRemovePolicy: P.BatchRemovePolicy,
  BatchWritePolicy: P.BatchWritePolicy,
  BitwisePolicy: P.BitwisePolicy,
  CommandQueuePolicy: P.CommandQueuePolicy,
  HLLPolicy: P.HLLPolicy,
  InfoPolicy: P.InfoPolicy,
  ListPolicy: P.ListPolicy,
  MapPolicy: P.MapPolicy,
  MetricsPolicy: P.MetricsPolicy,
  OperatePolicy: P.OperatePolicy,
  QueryPolicy: P.QueryPolicy,
  ReadPolicy: P.ReadPolicy_,
  RemovePolicy: P.RemovePolicy,
  ScanPolicy: P.ScanPolicy,
  WritePolicy: P.WritePolicy_,
};

/** The whole module as one object (`import Aerospike from "@aerolite/client/compat"`). */
export default Aerospike;
