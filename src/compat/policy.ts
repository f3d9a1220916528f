/**
 * The official policy classes (`new Aerospike.WritePolicy({ exists: policy.exists.CREATE })`) and
 * their translation to aerolite policies.
 * @module
 */
import type {
  BatchPolicy,
  ExistsAction,
  FilterExpression,
  ReadPolicy,
  Replica,
  WritePolicy,
} from "../../mod.ts";
import { policyCommitLevel, policyExists, policyGen, policyKey, policyReplica } from "./constants.ts";

/** Fields any official policy may carry. */
export interface PolicyProps {
  /** Socket idle timeout in ms. */
  socketTimeout?: number;
  /** Total timeout in ms. */
  totalTimeout?: number;
  /** Retries. */
  maxRetries?: number;
  /** A filter expression (from `exp`). */
  filterExpression?: unknown;
  /** `policy.key.*`. */
  key?: number;
  /** `policy.exists.*`. */
  exists?: number;
  /** `policy.gen.*`. */
  gen?: number;
  /** `policy.commitLevel.*`. */
  commitLevel?: number;
  /** Leave a tombstone on delete. */
  durableDelete?: boolean;
  /** `policy.replica.*`. */
  replica?: number;
  /** `policy.readModeAP.*`. */
  readModeAP?: number;
  /** Percent of the TTL after which a read resets it. */
  readTouchTtlPercent?: number;
  /** Record TTL for writes (official policies also accept it). */
  ttl?: number;
  /** Any other field (ignored). */
  [other: string]: unknown;
}

/** Base of every official policy class: copies the given fields. */
export class BasePolicy {
  /** Socket idle timeout in ms. */
  socketTimeout?: number;
  /** Total timeout in ms. */
  totalTimeout?: number;
  /** Retries. */
  maxRetries?: number;
  /** A filter expression. */
  filterExpression?: unknown;
  /** Copies the fields. */
  constructor(props?: PolicyProps) {
    if (props) Object.assign(this, props);
  }
}
/** Policy of `apply`. */ export class ApplyPolicy extends BasePolicy {}
/** Policy of batch commands. */ export class BatchPolicy_ extends BasePolicy {}
/** Policy of `operate`. */ export class OperatePolicy extends BasePolicy {}
/** Policy of queries. */ export class QueryPolicy extends BasePolicy {}
/** Policy of reads. */ export class ReadPolicy_ extends BasePolicy {}
/** Policy of `remove`. */ export class RemovePolicy extends BasePolicy {}
/** Policy of scans. */ export class ScanPolicy extends BasePolicy {}
/** Policy of writes. */ export class WritePolicy_ extends BasePolicy {}
/** Policy of batch applies. */ export class BatchApplyPolicy extends BasePolicy {}
/** Policy of batch reads. */ export class BatchReadPolicy extends BasePolicy {}
/** Policy of batch removes. */ export class BatchRemovePolicy extends BasePolicy {}
/** Policy of batch writes. */ export class BatchWritePolicy extends BasePolicy {}
/** Policy of the command queue (accepted, not used). */ export class CommandQueuePolicy extends BasePolicy {}
/** Policy of info commands. */ export class InfoPolicy extends BasePolicy {}
/** Policy of admin commands. */ export class AdminPolicy extends BasePolicy {}
/** Policy of metrics (accepted, not used). */ export class MetricsPolicy extends BasePolicy {}
/** A list policy (`{ order, writeFlags }`). */
export class ListPolicy {
  /** `lists.order.*`. */
  order?: number;
  /** `lists.writeFlags.*`. */
  writeFlags?: number;
  /** Copies the fields. */
  constructor(props?: { order?: number; writeFlags?: number }) {
    if (props) Object.assign(this, props);
  }
}
/** A map policy (`{ order, writeMode, writeFlags }`). */
export class MapPolicy {
  /** `maps.order.*`. */
  order?: number;
  /** `maps.writeMode.*`. */
  writeMode?: number;
  /** `maps.writeFlags.*`. */
  writeFlags?: number;
  /** Copies the fields. */
  constructor(props?: { order?: number; writeMode?: number; writeFlags?: number; persistIndex?: boolean }) {
    if (props) Object.assign(this, props);
  }
}
/** A bitwise policy (`{ writeFlags }`). */
export class BitwisePolicy {
  /** `bitwise.writeFlags.*`. */
  writeFlags?: number;
  /** Copies the fields. */
  constructor(props?: { writeFlags?: number }) {
    if (props) Object.assign(this, props);
  }
}
/** An HLL policy (`{ writeFlags }`). */
export class HLLPolicy {
  /** `hll.writeFlags.*`. */
  writeFlags?: number;
  /** Copies the fields. */
  constructor(props?: { writeFlags?: number }) {
    if (props) Object.assign(this, props);
  }
}

const EXISTS: { readonly [n: number]: ExistsAction } = {
  [policyExists.IGNORE]: "createOrUpdate",
  [policyExists.CREATE]: "create",
  [policyExists.UPDATE]: "updateOnly",
  [policyExists.REPLACE]: "replace",
  [policyExists.CREATE_OR_REPLACE]: "createOrReplace",
};
const REPLICAS: { readonly [n: number]: Replica } = {
  [policyReplica.MASTER]: "master",
  [policyReplica.ANY]: "sequence",
  [policyReplica.SEQUENCE]: "sequence",
  [policyReplica.PREFER_RACK]: "sequence",
  [policyReplica.RANDOM]: "sequence",
};

/** Converts an expression value from `exp` (or null) to a filter. */
export function filterOf(e: unknown): FilterExpression | undefined {
  if (e === undefined || e === null) return undefined;
  if (typeof e === "object" && (e as { bytes?: unknown }).bytes instanceof Uint8Array) {
    return e as FilterExpression;
  }
  throw new TypeError("filterExpression must be built with Aerospike.exp");
}

/** An official read policy as an aerolite read policy. */
export function readPolicy(p: unknown): ReadPolicy & BatchPolicy {
  const out: ReadPolicy & BatchPolicy = {};
  if (p === undefined || p === null) return out;
  const o = p as PolicyProps;
  if (typeof o.totalTimeout === "number") out.totalTimeout = o.totalTimeout;
  if (typeof o.socketTimeout === "number") out.socketTimeout = o.socketTimeout;
  if (typeof o.maxRetries === "number") out.maxRetries = o.maxRetries;
  if (typeof o.readTouchTtlPercent === "number") out.readTouchTtlPercent = o.readTouchTtlPercent;
  if (typeof o.replica === "number" && REPLICAS[o.replica]) out.replica = REPLICAS[o.replica];
  if (typeof o.readModeAP === "number") out.readModeAP = o.readModeAP === 1 ? "all" : "one";
  const f = filterOf(o.filterExpression);
  if (f) out.filter = f;
  return out;
}

/** An official write policy plus record metadata (`{ ttl, gen }`) as an aerolite write policy. */
export function writePolicy(p: unknown, meta?: unknown): WritePolicy & { readTouchTtlPercent?: number } {
  const out: WritePolicy & { readTouchTtlPercent?: number } = readPolicy(p);
  delete (out as BatchPolicy).respondAllKeys;
  const o = (p ?? {}) as PolicyProps;
  if (o.key === policyKey.SEND) out.sendKey = true;
  if (typeof o.exists === "number" && EXISTS[o.exists]) out.exists = EXISTS[o.exists];
  if (o.commitLevel === policyCommitLevel.MASTER) out.commitLevel = "master";
  if (o.durableDelete) out.durableDelete = true;
  if (typeof o.ttl === "number") out.ttl = o.ttl;
  const m = (meta ?? {}) as { ttl?: number; gen?: number };
  if (typeof m.ttl === "number") out.ttl = m.ttl;
  if (o.gen === policyGen.EQ || o.gen === policyGen.GT) {
    out.generationPolicy = o.gen === policyGen.EQ ? "eq" : "gt";
    // The generation comes from the record metadata ({ gen }) or the policy itself ({ generation }).
    out.generation = typeof m.gen === "number" ? m.gen : typeof o.generation === "number" ? o.generation : 0;
  }
  return out;
}
