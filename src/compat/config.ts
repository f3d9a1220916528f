/**
 * The official `Config` class: copies the settings of a client, keeping only well-typed values
 * (as the official class does: a non-integer timeout or a non-string user is dropped), fills
 * `hosts` from `AEROSPIKE_HOSTS` or `localhost:<port>`, and turns each `policies` entry into its
 * policy class (an unknown policy kind is a TypeError).
 * @module
 */
import * as P from "./policy.ts";

type PolicyClass = new (props?: P.PolicyProps) => P.BasePolicy;

const POLICY_CLASSES: { readonly [kind: string]: PolicyClass } = {
  base: P.BasePolicy,
  apply: P.ApplyPolicy,
  batch: P.BatchPolicy_,
  operate: P.OperatePolicy,
  query: P.QueryPolicy,
  read: P.ReadPolicy_,
  remove: P.RemovePolicy,
  scan: P.ScanPolicy,
  write: P.WritePolicy_,
  batchRead: P.BatchReadPolicy,
  batchRemove: P.BatchRemovePolicy,
  metrics: P.MetricsPolicy,
  batchWrite: P.BatchWritePolicy,
  batchParentWrite: P.BatchPolicy_,
  txnRoll: P.BatchPolicy_,
  txnVerify: P.BatchPolicy_,
  batchApply: P.BatchApplyPolicy,
  commandQueue: P.CommandQueuePolicy,
  hll: P.HLLPolicy as unknown as PolicyClass,
  info: P.InfoPolicy,
  list: P.ListPolicy as unknown as PolicyClass,
  map: P.MapPolicy as unknown as PolicyClass,
  admin: P.AdminPolicy,
};

/** A policy of kind `kind` (`"read"`, `"write"`, ...) from its values; undefined for none. */
export function createPolicy(kind: string, values: unknown): unknown {
  if (values === null || values === undefined) return undefined;
  const Klass = Object.hasOwn(POLICY_CLASSES, kind) ? POLICY_CLASSES[kind] : undefined;
  if (Klass === undefined) throw new TypeError(`Unknown policy type: "${kind}"`);
  return values instanceof Klass ? values : new Klass(values as P.PolicyProps);
}

const INTEGER_FIELDS = [
  "connTimeoutMs",
  "loginTimeoutMs",
  "maxSocketIdle",
  "tenderInterval",
  "maxConnsPerNode",
  "maxErrorRate",
  "errorRateWindow",
  "minConnsPerNode",
  "rackId",
] as const;

function envHosts(): string | undefined {
  return (globalThis as { process?: { env?: { [k: string]: string | undefined } } }).process?.env
    ?.AEROSPIKE_HOSTS;
}

/** Client configuration, as the official `Config` class builds it. */
export class Config {
  /** Seeds: `"h1:3000,h2"` or `[{ addr, port }]`. */
  hosts: string | { addr: string; port?: number }[];
  /** Default port of the seeds. */
  port: number;
  /** Default policies by kind (policy class instances). */
  policies: { [kind: string]: unknown } = {};
  /** Any other setting that was copied. */
  [other: string]: unknown;

  /** Copies the well-typed settings of `config`. */
  constructor(config?: { [setting: string]: unknown } | null) {
    const c = config ?? {};
    if (typeof c.user === "string") this.user = c.user;
    if (typeof c.password === "string") this.password = c.password;
    if (typeof c.authMode === "number") this.authMode = c.authMode;
    this.clusterName = c.clusterName;
    this.port = typeof c.port === "number" ? c.port : 3000;
    if (typeof c.tls === "object") this.tls = c.tls;
    this.hosts = (c.hosts as Config["hosts"] | undefined) || envHosts() || `localhost:${this.port}`;
    if (c.policies !== null && typeof c.policies === "object") {
      for (const [kind, values] of Object.entries(c.policies)) {
        this.policies[kind] = createPolicy(kind, values);
      }
    }
    if (typeof c.log === "object") this.log = c.log;
    for (const f of INTEGER_FIELDS) if (Number.isInteger(c[f])) this[f] = c[f];
    if (c.modlua !== null && typeof c.modlua === "object") this.modlua = { ...c.modlua };
    if (typeof c.sharedMemory === "object") this.sharedMemory = c.sharedMemory;
    this.useAlternateAccessAddress = Boolean(c.useAlternateAccessAddress);
    this.rackAware = c.rackAware;
    this.rackIds = c.rackIds;
    this.configProvider = c.configProvider;
    this.appId = c.appId;
  }
}
