/**
 * The table of every policy and options object of the public API: its known keys, what each
 * takes, and the hints for the names users bring from the official `aerospike` npm client (or
 * mistype). Adding an option means adding it here; `validate.ts` does the checking.
 * @module
 */
import { extend, type Shape, shape, without } from "./validate.ts";
import { RETURN_CODES } from "./wire/cdt_codes.ts";

/** Our value for each of the official client's numeric `exists` values, for the error message. */
const EXISTS_NUMBERS =
  "the official client's numeric policy.exists values are IGNORE (0) = 'createOrUpdate', " +
  "CREATE (1) = 'create', UPDATE (2) = 'updateOnly', REPLACE (3) = 'replace', CREATE_OR_REPLACE (4) = 'createOrReplace'";

/**
 * The accepted `exists` values. `"update"` is refused on purpose (see `ExistsAction`): aerolite
 * once used it for create-or-update, the official client's `exists.UPDATE` means update-only.
 */
export const EXISTS_VALUES = [
  "createOrUpdate",
  "updateOnly",
  "create",
  "replace",
  "createOrReplace",
] as const;

const BASE_HINTS = {
  filterExpression: "did you mean 'filter'? (the official client's filterExpression)",
  timeout: "did you mean 'totalTimeout'? (the time limit of the whole call, ms)",
  retry: "did you mean 'maxRetries'?",
  key: "did you mean 'sendKey'? (the official client's policy.key SEND)",
  deserialize: "values always come back deserialized here (a blob stays a Uint8Array)",
  txn: "a transaction goes in the command's policy (the batch policy for batch items)",
};

const VALUE_HINTS = {
  replica:
    "the official client's numeric policy.replica values are MASTER (0) = 'master', ANY (1) = 'any', " +
    "SEQUENCE (2) = 'sequence', PREFER_RACK (3) = 'preferRack'",
  readModeAP: "the official client's numeric readModeAP values are ONE (0) = 'one', ALL (1) = 'all'",
  readModeSC:
    "the official client's numeric readModeSC values are SESSION (0) = 'session', LINEARIZE (1) = " +
    "'linearize', ALLOW_REPLICA (2) = 'allowReplica', ALLOW_UNAVAILABLE (3) = 'allowUnavailable'",
  exists: EXISTS_NUMBERS,
  "exists=update": "'update' is ambiguous and refused: aerolite used it for create-or-update (now " +
    "'createOrUpdate', the default), the official client's exists.UPDATE means update-only ('updateOnly')",
  generationPolicy:
    "the official client's numeric policy.gen values are IGNORE (0) = 'none', EQ (1) = 'eq', " +
    "GT (2) = 'gt'",
  commitLevel: "the official client's numeric commitLevel values are ALL (0) = 'all', MASTER (1) = 'master'",
};

/** Keys every command takes. */
export const BASE_POLICY: Shape = shape(
  "policy",
  {
    socketTimeout: "ms",
    totalTimeout: "ms",
    maxRetries: "uint",
    sleepBetweenRetries: "ms",
    replica: ["master", "sequence", "any", "preferRack", "random"],
    readModeAP: ["one", "all"],
    readModeSC: ["session", "linearize", "allowReplica", "allowUnavailable"],
    filter: "filter",
    signal: "signal",
    compress: "bool",
    compressionThreshold: "uint",
    timeoutDelay: "ms",
    txn: "obj",
  },
  BASE_HINTS,
  VALUE_HINTS,
);

/** `get`, `exists`, read-only `operate`: the base keys plus `readTouchTtlPercent`. */
export const READ_POLICY: Shape = extend(BASE_POLICY, "read policy", { readTouchTtlPercent: "pct" }, {
  ttl: "a read does not take a ttl (use touch(), or readTouchTtlPercent to extend the ttl on reads)",
  exists: "exists applies to writes; use a write policy",
  generation: "generation checks apply to writes; use a write policy",
});

const GEN_HINT = "did you mean 'generation'? (the official client's meta gen is our 'generation', its " +
  "policy.gen is our 'generationPolicy': 'eq' | 'gt')";

/** Writes: `put`, `remove`, `touch`, `operate`, `apply`. */
export const WRITE_POLICY: Shape = extend(BASE_POLICY, "write policy", {
  ttl: "ttl",
  exists: EXISTS_VALUES,
  generation: "u32",
  generationPolicy: ["none", "eq", "gt"],
  commitLevel: ["all", "master"],
  durableDelete: "bool",
  sendKey: "bool",
}, {
  gen: GEN_HINT,
  expiration: "did you mean 'ttl'? (seconds; see Ttl for the special values)",
  recordExistsAction: "did you mean 'exists'?",
  onLockingOnly: "multi-record transactions are not supported",
});

/**
 * `operate`: write keys plus `readTouchTtlPercent` (used when every operation reads, as the
 * official clients do).
 */
export const OPERATE_POLICY: Shape = extend(WRITE_POLICY, "operate policy", { readTouchTtlPercent: "pct" });

/** `batchGet`, `batchExists`, `batch`: read keys plus how the batch is split and answered. */
export const BATCH_POLICY: Shape = extend(READ_POLICY, "batch policy", {
  allowInline: "bool",
  allowInlineSSD: "bool",
  sendSetName: "bool",
  respondAllKeys: "bool",
  maxConcurrentNodes: "uint",
}, {
  concurrent: "did you mean 'maxConcurrentNodes'? (0 sends to every node at once)",
});

/** Per-item policy of a batch read (`batch()` item `type: "read"`). */
export const BATCH_READ_ITEM: Shape = shape("batch read item policy", {
  filter: "filter",
  readModeAP: ["one", "all"],
  readTouchTtlPercent: "pct",
}, {
  ...BASE_HINTS,
  socketTimeout: "timeouts and retries apply to the whole batch: pass them in the batch policy",
  totalTimeout: "timeouts and retries apply to the whole batch: pass them in the batch policy",
  maxRetries: "timeouts and retries apply to the whole batch: pass them in the batch policy",
}, VALUE_HINTS);

const BATCH_ITEM_HINTS = {
  ...BASE_HINTS,
  gen: GEN_HINT,
  expiration: "did you mean 'ttl'?",
  socketTimeout: "timeouts and retries apply to the whole batch: pass them in the batch policy",
  totalTimeout: "timeouts and retries apply to the whole batch: pass them in the batch policy",
  maxRetries: "timeouts and retries apply to the whole batch: pass them in the batch policy",
};

/** Per-item policy of a batch write (`type: "write"`). */
export const BATCH_WRITE_ITEM: Shape = shape(
  "batch write item policy",
  {
    filter: "filter",
    ttl: "ttl",
    exists: EXISTS_VALUES,
    generation: "u16",
    generationPolicy: ["none", "eq", "gt"],
    commitLevel: ["all", "master"],
    durableDelete: "bool",
    sendKey: "bool",
  },
  BATCH_ITEM_HINTS,
  VALUE_HINTS,
);

/** Per-item policy of a batch remove (no ttl, no exists: a remove has neither). */
export const BATCH_REMOVE_ITEM: Shape = without(BATCH_WRITE_ITEM, "batch remove item policy", [
  "ttl",
  "exists",
], {
  ttl: "a remove takes no ttl",
  exists: "a remove takes no exists action",
});

/** Per-item policy of a batch UDF apply (no generation check, no exists action). */
export const BATCH_APPLY_ITEM: Shape = without(
  BATCH_WRITE_ITEM,
  "batch apply item policy",
  ["exists", "generation", "generationPolicy"],
  { exists: "a UDF apply takes no exists action", generation: "a UDF apply takes no generation check" },
);

/** A `batch()` item. */
export const BATCH_ITEM: Shape = shape("batch item", {
  type: ["read", "write", "remove", "apply"],
  key: "obj",
  bins: "arr",
  ops: "arr",
  policy: "obj",
  udf: "obj",
}, {
  bin: "did you mean 'bins'? (a list of bin names)",
  operations: "did you mean 'ops'?",
  readAllBins: "omit bins to read every bin",
});

/**
 * The `policy` of `client.query()` and background queries (and `policies.query`): timing, retries,
 * abort and compression. A query reads from each partition's master and takes its filter
 * expression from the options (`expression`), so `filter`, `replica` and `readModeAP` would be
 * ignored here and are refused.
 */
export const QUERY_POLICY: Shape = without(BASE_POLICY, "query policy", [
  "filter",
  "replica",
  "readModeAP",
  "txn",
], {
  txn: "scans and queries cannot run inside a transaction (as in the official clients)",
  filter: "a query's filter expression goes in the query options: { expression: exp.build(...) }",
  replica: "a query reads every partition from its master",
  readModeAP: "a query reads every partition from its master",
  failOnClusterChange: "a query resumes by partition after a cluster change",
  infoTimeout: "did you mean the client's policies.info.totalTimeout?",
  expectedDuration: "not supported",
});

/** `client.query()` options. */
export const QUERY_OPTIONS: Shape = shape("query options", {
  filter: "obj",
  bins: "arr",
  expression: "filter",
  maxRecords: "uint",
  partitions: "obj",
  recordsPerSecond: "u32",
  cursor: "obj",
  includeBinData: "bool",
  highWaterMark: "uint",
  policy: "obj",
  ops: "arr",
  expectedDuration: ["long", "short", "longRelaxAP"],
}, {
  filterExpression:
    "did you mean 'expression'? (a filter expression; 'filter' is the secondary-index filter)",
  select: "did you mean 'bins'?",
  nobins: "did you mean 'includeBinData: false'?",
  where: "did you mean 'filter'? (Filter.equal/range/...)",
});

/** `client.queryBackground()` options. */
export const BACKGROUND_QUERY_OPTIONS: Shape = shape("background query options", {
  filter: "obj",
  expression: "filter",
  recordsPerSecond: "u32",
  policy: "obj",
  ops: "arr",
  udf: "obj",
  writePolicy: "obj",
}, { filterExpression: "did you mean 'expression'?", operations: "did you mean 'ops'?" });

/** `queryAggregate()` options. */
export const AGGREGATE_OPTIONS: Shape = shape("aggregate options", {
  module: "str",
  fn: "str",
  args: "arr",
  source: "str",
  filter: "obj",
  expression: "filter",
  policy: "obj",
}, { function: "did you mean 'fn'?", udf: "pass module, fn and args directly" });

/** Admin (user and role) commands. */
export const ADMIN_POLICY: Shape = shape("admin policy", { timeout: "ms" }, {
  totalTimeout: "did you mean 'timeout'?",
});

/** `createRole()` options. */
export const ROLE_OPTIONS: Shape = extend(ADMIN_POLICY, "role options", {
  whitelist: "arr",
  readQuota: "u32",
  writeQuota: "u32",
});

/** `setQuotas()` quotas. */
export const QUOTAS: Shape = extend(ADMIN_POLICY, "quotas", { readQuota: "u32", writeQuota: "u32" });

/** `udfRegister`, `createIndex`, ... waits. */
export const POLL_OPTIONS: Shape = shape(
  "wait options",
  { pollMs: "ms", timeoutMs: "ms", signal: "signal" },
  {
    timeout: "did you mean 'timeoutMs'?",
    pollInterval: "did you mean 'pollMs'?",
  },
);

/** `client.info()` options. */
export const INFO_OPTIONS: Shape = shape("info options", { node: "str", totalTimeout: "ms" }, {
  timeout: "did you mean 'totalTimeout'? (ms; the default is the client's policies.info.totalTimeout)",
});

/** `createIndex()` spec. */
export const INDEX_SPEC: Shape = shape("index spec", {
  ns: "str",
  set: "str",
  bin: "str",
  name: "str",
  type: ["numeric", "string", "blob", "geo2dsphere"],
  collection: ["list", "mapKeys", "mapValues"],
  ctx: "arr",
  exp: "filter",
}, {
  namespace: "did you mean 'ns'?",
  index: "did you mean 'name'?",
  datatype: "did you mean 'type'?",
  type_: "did you mean 'type'?",
});

/** The `policies` option of `Client.connect()`. */
export const CLIENT_POLICIES: Shape = shape("policies", {
  read: "obj",
  write: "obj",
  batch: "obj",
  query: "obj",
  scan: "obj",
  operate: "obj",
  remove: "obj",
  apply: "obj",
  batchParentWrite: "obj",
  batchWrite: "obj",
  batchRemove: "obj",
  batchApply: "obj",
  info: "obj",
}, {
  batchRead: "batch reads follow policies.batch",
  admin: "admin commands take the info timeout (policies.info.totalTimeout)",
});

/** `policies.info`. */
export const INFO_POLICY: Shape = shape("info policy", { totalTimeout: "ms" }, {
  timeout: "did you mean 'totalTimeout'?",
});

/** Options of collection operations and expressions with only a context. */
export const CDT_OPTIONS: Shape = shape("options", { ctx: "arr" }, {
  context: "did you mean 'ctx'?",
  returnType: "this operation takes no returnType",
});

/** Selecting operations: a context, `returnType`, `inverted`. */
export const SELECT_OPTIONS: Shape = extend(
  CDT_OPTIONS,
  "options",
  { returnType: Object.keys(RETURN_CODES), inverted: "bool" },
  { count: "this selector takes no count (use the *Range variant)" },
  {
    returnType: "returnType takes a name, e.g. 'value', 'count', 'keyValue' (the official client's numeric " +
      "returnType values, and the INVERTED bit, are not accepted: use inverted: true)",
  },
);

/** Range selectors: `count` too. */
export const RANGE_OPTIONS: Shape = extend(SELECT_OPTIONS, "options", { count: "uint" });

/** `lists.getRange`, `popRange`, `removeRange`: a context and `count`. */
export const CDT_RANGE_OPTIONS: Shape = extend(CDT_OPTIONS, "options", { count: "uint" });

/** List and map writes: a context and a policy. */
export const CDT_WRITE_OPTIONS: Shape = extend(CDT_OPTIONS, "options", { policy: "obj" }, {
  order: "the order goes in the policy: { policy: { order } }",
  writeFlags: "the write flags go in the policy by name: { policy: { addUnique, noFail, ... } }",
});

/** `lists.create`. */
export const LIST_CREATE_OPTIONS: Shape = extend(CDT_OPTIONS, "options", {
  pad: "bool",
  persistIndex: "bool",
});

/** `maps.create`. */
export const MAP_CREATE_OPTIONS: Shape = extend(CDT_OPTIONS, "options", { persistIndex: "bool" });

/** `lists.sort`. */
export const LIST_SORT_OPTIONS: Shape = extend(CDT_OPTIONS, "options", {
  descending: "bool",
  dropDuplicates: "bool",
});

/** `ListPolicy`. */
export const LIST_POLICY: Shape = shape("list policy", {
  order: ["unordered", "ordered"],
  addUnique: "bool",
  insertBounded: "bool",
  noFail: "bool",
  partial: "bool",
}, { writeFlags: "set the flags by name: addUnique, insertBounded, noFail, partial" });

/** `MapPolicy`. */
export const MAP_POLICY: Shape = shape("map policy", {
  order: ["unordered", "keyOrdered", "keyValueOrdered"],
  persistIndex: "bool",
  createOnly: "bool",
  updateOnly: "bool",
  noFail: "bool",
  partial: "bool",
}, {
  writeFlags: "set the flags by name: createOnly, updateOnly, noFail, partial",
  writeMode: "set the flags by name: createOnly (CREATE_ONLY), updateOnly (UPDATE_ONLY)",
});

/** `BitPolicy`. */
export const BIT_POLICY: Shape = shape("bit policy", {
  createOnly: "bool",
  updateOnly: "bool",
  noFail: "bool",
  partial: "bool",
}, { writeFlags: "set the flags by name: createOnly, updateOnly, noFail, partial" });

/** `HLLPolicy`. */
export const HLL_POLICY: Shape = shape("HLL policy", {
  createOnly: "bool",
  updateOnly: "bool",
  noFail: "bool",
  allowFold: "bool",
}, { writeFlags: "set the flags by name: createOnly, updateOnly, noFail, allowFold" });

/** Secondary-index filter options. */
export const FILTER_OPTIONS: Shape = shape(
  "filter options",
  { collection: ["list", "mapKeys", "mapValues"], ctx: "arr" },
  {
    indexType: "did you mean 'collection'? ('list' | 'mapKeys' | 'mapValues')",
    ctx: "filters on a nested context are not supported",
  },
);

/** `Client.connect()` options (the cluster's own and the client's). */
export const CLIENT_OPTIONS: Shape = shape("client option", {
  hosts: "any",
  clusterName: "str",
  user: "str",
  password: "str",
  authMode: ["internal", "external", "pki"],
  tls: "obj",
  connectTimeout: "ms",
  tendInterval: "ms",
  minConnsPerNode: "uint",
  maxConnsPerNode: "uint",
  maxOpeningConnsPerNode: "uint",
  maxSocketIdle: "ms",
  useServicesAlternate: "bool",
  seedOnly: "bool",
  rackId: "uint",
  rackIds: "any",
  connector: "obj",
  maxFrameSize: "uint",
  pipeline: "obj",
  maxCommandsInFlight: "uint",
  maxQueueSize: "uint",
  policies: "obj",
  log: "any",
  maxErrorRate: "uint",
  errorRateWindow: "uint",
  commandStats: "any",
}, {
  tenderInterval: "did you mean 'tendInterval'?",
  connTimeoutMs: "did you mean 'connectTimeout'?",
  loginTimeoutMs: "the login shares connectTimeout",
  useAlternateAccessAddress: "did you mean 'useServicesAlternate'?",
  rackAware: "set rackId and use replica: 'preferRack' in the read policy",
  port: 'give the port in hosts: "host:port" or [{ host, port }]',
  modlua: "UDFs run on the server: register them with udfRegister()",
  sharedMemory: "not supported",
  maxCommandsInProcess: "did you mean 'maxCommandsInFlight'?",
  maxCommandsInQueue: "did you mean 'maxQueueSize'?",
});

/** `bits.*` writes. */
export const BIT_WRITE_OPTIONS: Shape = extend(CDT_OPTIONS, "options", { policy: "obj" }, {
  writeFlags: "the write flags go in the policy by name: { policy: { createOnly, noFail, ... } }",
});

/** `bits.resize`. */
export const BIT_RESIZE_OPTIONS: Shape = extend(BIT_WRITE_OPTIONS, "options", {
  fromFront: "bool",
  growOnly: "bool",
  shrinkOnly: "bool",
}, { resizeFlags: "set the flags by name: fromFront, growOnly, shrinkOnly" });

/** `bits.add` / `bits.subtract`. */
export const BIT_MATH_OPTIONS: Shape = extend(BIT_WRITE_OPTIONS, "options", {
  signed: "bool",
  overflow: ["fail", "saturate", "wrap"],
}, {
  action: "did you mean 'overflow'?",
  overflowAction: "did you mean 'overflow'?",
  sign: "did you mean 'signed'?",
});

/** `bits.getInt`. */
export const BIT_GET_INT_OPTIONS: Shape = extend(CDT_OPTIONS, "options", { signed: "bool" }, {
  sign: "did you mean 'signed'?",
});

/** `hll.*` writes. */
export const HLL_WRITE_OPTIONS: Shape = extend(CDT_OPTIONS, "options", { policy: "obj" }, {
  writeFlags: "the write flags go in the policy by name: { policy: { createOnly, noFail, ... } }",
});

/** `hll.init`. */
export const HLL_INIT_OPTIONS: Shape = extend(HLL_WRITE_OPTIONS, "options", { minHashBitCount: "int" }, {
  minhashBits: "did you mean 'minHashBitCount'?",
  mhBitCount: "did you mean 'minHashBitCount'?",
});

/** `hll.add`. */
export const HLL_ADD_OPTIONS: Shape = extend(HLL_INIT_OPTIONS, "options", { indexBitCount: "int" }, {
  indexBits: "did you mean 'indexBitCount'?",
});

/** `exp.read`. */
export const EXP_READ_OPTIONS: Shape = shape("options", { evalNoFail: "bool" }, {
  flags: "set the flags by name: evalNoFail",
});

/** `exp.write`. */
export const EXP_WRITE_OPTIONS: Shape = shape("options", {
  createOnly: "bool",
  updateOnly: "bool",
  allowDelete: "bool",
  policyNoFail: "bool",
  evalNoFail: "bool",
}, { flags: "set the flags by name: createOnly, updateOnly, allowDelete, policyNoFail, evalNoFail" });

/** Expression selectors: `count` may be an expression. */
export const EXP_RANGE_OPTIONS: Shape = extend(SELECT_OPTIONS, "options", { count: "any" });

/** Expression removes (`exp.listRemoveBy*`, `exp.mapRemoveBy*`). */
export const EXP_REMOVE_OPTIONS: Shape = extend(CDT_OPTIONS, "options", { inverted: "bool", count: "any" }, {
  returnType: "a remove expression returns the modified bin",
});

/** Bit modify expressions. */
export const EXP_BIT_OPTIONS: Shape = shape("options", { policy: "obj" });

/** HLL modify expressions. */
export const EXP_HLL_OPTIONS: Shape = shape("options", {
  policy: "obj",
  indexBitCount: "any",
  minHashBitCount: "any",
});

/** `exp.regex`. */
export const REGEX_OPTIONS: Shape = shape("options", {
  extended: "bool",
  icase: "bool",
  nosub: "bool",
  newline: "bool",
}, { flags: "set the flags by name: extended, icase, nosub, newline", ignoreCase: "did you mean 'icase'?" });

/** `exp.bitGetInt`: `{ signed }`. */
export const SIGNED_OPTIONS: Shape = shape("options", { signed: "bool" });

/** `exp.bitResize`: the bits options without a context (expressions take the bin as an expression). */
export const EXP_BIT_RESIZE_OPTIONS: Shape = without(BIT_RESIZE_OPTIONS, "options", ["ctx"]);

/** `exp.bitAdd` / `exp.bitSubtract`. */
export const EXP_BIT_MATH_OPTIONS: Shape = without(BIT_MATH_OPTIONS, "options", ["ctx"]);
