/**
 * The public surface, written down: every name each entry point of deno.json exports (types
 * included, marked `type`) and every member of the builder namespaces. A new export fails here
 * until it is added on purpose; internal helpers (the expression packer, the context create
 * flags, ...) are imported by the library from their own files instead.
 */
import assert from "node:assert/strict";
import { test } from "./helpers/test.ts";
import * as lib from "../mod.ts";
import * as mock from "../server_mock/mod.ts";
import * as otel from "../src/otel/mod.ts";
import * as compat from "../src/compat/mod.ts";

const ROOT = new URL("../", import.meta.url);

/** `"a b\n c"` -> `["a", "b", "c"]`, with `type X` kept as one name. */
function names(list: string): string[] {
  return sortNames(
    list.trim().split(/\s+/).reduce<string[]>((out, word) => {
      if (out.at(-1) === "type") out[out.length - 1] = `type ${word}`;
      else out.push(word);
      return out;
    }, []),
  );
}

function sortNames(list: string[]): string[] {
  const bare = (n: string) => n.replace(/^type /, "");
  return [...list].sort((a, b) => bare(a) < bare(b) ? -1 : bare(a) > bare(b) ? 1 : 0);
}

/** The names a module file exports, read from its text (so type-only exports count too). */
async function declared(path: string): Promise<string[]> {
  const src = (await Deno.readTextFile(new URL(path, ROOT)))
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/^\s*\/\/.*$/gm, "");
  const out: string[] = [];
  for (const m of src.matchAll(/^export\s+(type\s+)?\{([^}]*)\}/gm)) {
    for (const raw of m[2].split(",")) {
      const n = raw.trim().replace(/\s+/g, " ");
      if (n !== "") out.push(m[1] !== undefined && !n.startsWith("type ") ? `type ${n}` : n);
    }
  }
  for (const m of src.matchAll(/^export\s+\*\s+as\s+(\w+)/gm)) out.push(m[1]);
  for (
    const m of src.matchAll(/^export\s+(?:async\s+)?(function|const|let|class|interface|type)\s+(\w+)/gm)
  ) {
    out.push(m[1] === "interface" || m[1] === "type" ? `type ${m[2]}` : m[2]);
  }
  assert.ok(!/^export\s+\*\s+from/m.test(src), `${path} must list its exports (no "export * from")`);
  return sortNames(out);
}

/** Compares with a message that says what to do. */
function assertSurface(actual: string[], expected: string[], where: string): void {
  const added = actual.filter((n) => !expected.includes(n));
  const removed = expected.filter((n) => !actual.includes(n));
  assert.deepEqual(
    { added, removed },
    { added: [], removed: [] },
    `${where} changed: a new public name is an API decision; add it to tests/exports_test.ts if ` +
      `it is meant for users, else import it from its own file inside the library`,
  );
}

/** Value exports seen at run time must be exactly the non-type names of the file. */
function assertRuntime(module: object, declaredNames: string[], where: string): void {
  assertSurface(sortNames(Object.keys(module)), declaredNames.filter((n) => !n.startsWith("type ")), where);
}

const MOD = names(`
  type AdminPolicy AerospikeError type AerospikeErrorOptions type AerospikeRecord type AggregateOptions type AuthMode
  type BackgroundQueryOptions type BackgroundWritePolicy BackpressureError type BasePolicy type BatchItem type BatchItemWritePolicy type BatchPolicy
  type BatchResult type Bins type BitGetIntOptions type BitMathOptions type BitPolicy
  type BitResizeOptions bits type BitWriteOptions type CdtContext type CdtOptions Client
  type ClientEvent type ClientEventMap type ClientOptions type ClientPolicies type ClientStats
  type ClusterOptions COMMAND_CHANNEL COMMAND_KINDS type CommandKind CommandObservation type CommandStats
  type CommandStatsByKind type HistogramShape type HistogramSnapshot
  type CommandTraceContext type CommitLevel type Conn ConnectionError type ConnectOptions
  type Connector type ConnMetrics ctx type Def Double type ExistsAction exp type ExpReadOptions
  type Expression type ExpType type ExpWriteOptions Filter type FilterBuilders
  type FilterExpression type FilterOptions type GenerationPolicy GeoJSON hll HLL
  type HLLAddOptions type HLLInitOptions type HLLPolicy type HLLWriteOptions type HostSpec
  type IndexCollection type IndexFilter type IndexSpec isRetryable Job type JobInfo Key type KeyBytes
  LATENCY_TYPES type LatencyType type ListCreateOptions type Listener type ListenOptions
  type ListOrder type ListPolicy lists type ListSortOptions type ListWriteOptions type LogEntry type LoopVar
  type LogLevel type LogOptions type MapCreateOptions type MapOrder type MapPolicy maps
  type MapWriteOptions type MetricsListener type ModifyPathOptions type MetricsOptions type MetricsSnapshot
  type NamespaceMetrics type NodeMetrics type NodeRef type Observer type Operand
  type OperateRecord type Operation ops OrderedMap type PartitionFilter type PartitionProgress type PathReturn
  PartitionStatus type PartitionStatusJSON type PollOptions type Privilege type PrivilegeName
  ProtocolError type QueryDuration type QueryFilter type QueryOptions type QueryRecord type RangeOptions
  type ReadModeAP type ReadModeSC type ReadPolicy RecordStream type RegexOptions type Replica ResultCode
  type ReturnType type Role type RoleOptions type SelectOptions type SelectPathOptions ServerError type ServerTlsOptions
  type SeedRef SpecialValue TimeoutError type TlsConfig type TlsOptions TransportError type TransportErrorCode Ttl
  type UdfModule type User type UserKey type Value type WritePolicy
  type AbortStatus type CommitError CommitFailedError type CommitStatus Transaction
  type TransactionOptions type TransactionState type TxnPolicy
`);

const MOCK = names(`
  type Clock type CommandKind type Conn type ConnAuthState type ConnectOptions type Connector
  type FaultOptions type FaultRule type Listener type ListenOptions MockCluster
  type MockClusterOptions type MockEdition MockNode type MockNodeStats type MockRole type MockSecurityOptions
  type MockSecurityStats type MockTlsOptions type MockUser type NamespaceOptions type Ownership
  type Permission type SecurityStore type ServerTlsOptions type StoredUser type TlsOptions
  type TransportError type TransportErrorCode type WirePrivilege
`);

const NAMESPACES: Record<string, string[]> = {
  bits: names(`
    add and count get getInt insert lscan lshift not or remove resize rscan rshift set setInt
    subtract xor
  `),
  ctx: names(`
    allChildren allChildrenWithFilter andFilter fromBase64 listIndex listIndexCreate listRank listValue
    mapIndex mapKey mapKeyCreate mapKeysIn mapRank mapValue toBase64
  `),
  exp: names(`
    Def Expression abs add and bin binExists binType bitAdd bitAnd bitCount bitGet bitGetInt
    bitInsert bitLscan bitLshift bitNot bitOr bitRemove bitResize bitRscan bitRshift bitSet
    bitSetInt bitSubtract bitXor blob blobBin bool boolBin build ceil cond def deviceSize
    digestModulo div eq exclusive float floatBin floor ge geo geoBin geoCompare gt hllAdd hllBin
    hllDescribe hllGetCount hllGetIntersectCount hllGetSimilarity hllGetUnion hllGetUnionCount
    hllInit hllMayContain hllUpdate inList infinity int intAnd intArshift intBin intCount intLscan intLshift intNot
    intOr intRscan intRshift intXor isTombstone key keyExists lastUpdate le let list listAppend loopVar loopVarBlob loopVarBool
    loopVarFloat loopVarInt loopVarList loopVarMap loopVarStr
    listAppendItems listBin listClear listGetByIndex listGetByIndexRange listGetByRank
    listGetByRankRange listGetByValue listGetByValueList listGetByValueRange
    listGetByValueRelRankRange listIncrement listInsert listInsertItems listRemoveByIndex
    listRemoveByIndexRange listRemoveByRank listRemoveByRankRange listRemoveByValue
    listRemoveByValueList listRemoveByValueRange listRemoveByValueRelRankRange listSet listSize
    listSort log lt map mapBin mapClear mapGetByIndex mapGetByIndexRange mapGetByKey mapGetByKeyList
    mapGetByKeyRange mapGetByKeyRelIndexRange mapGetByRank mapGetByRankRange mapGetByValue
    mapGetByValueList mapGetByValueRange mapGetByValueRelRankRange mapIncrement mapPut mapPutItems
    mapRemoveByIndex mapRemoveByIndexRange mapRemoveByKey mapRemoveByKeyList mapRemoveByKeyRange
    mapRemoveByKeyRelIndexRange mapRemoveByRank mapRemoveByRankRange mapRemoveByValue
    mapRemoveByValueList mapRemoveByValueRange mapRemoveByValueRelRankRange mapSize max memorySize
    min mod mul ne nil not or pow read recordSize regex setName sinceUpdate str strBin sub toFloat
    toInt ttl unknown var voidTime wildcard write mapKeys mapValues modifyByPath removeResult
    selectByPath uint
  `),
  hll: names(`
    add describe fold getCount getIntersectCount getSimilarity getUnion getUnionCount init
    refreshCount setUnion
  `),
  lists: names(`
    append appendItems clear create get getByIndex getByIndexRange getByRank getByRankRange
    getByValue getByValueList getByValueRange getByValueRelRankRange getRange increment insert
    insertItems pop popRange remove removeByIndex removeByIndexRange removeByRank removeByRankRange
    removeByValue removeByValueList removeByValueRange removeByValueRelRankRange removeRange set
    setOrder size sort trim
  `),
  maps: names(`
    clear create decrement getByIndex getByIndexRange getByKey getByKeyList getByKeyRange
    getByKeyRelIndexRange getByRank getByRankRange getByValue getByValueList getByValueRange
    getByValueRelRankRange increment put putItems removeByIndex removeByIndexRange removeByKey
    removeByKeyList removeByKeyRange removeByKeyRelIndexRange removeByRank removeByRankRange
    removeByValue removeByValueList removeByValueRange removeByValueRelRankRange setPolicy size
  `),
  ops: names(`add append delete modifyByPath prepend read selectByPath touch write`),
  Filter: names(`equal geoContainsPoint geoWithinRadius geoWithinRegion range withExp withIndexName`),
};

test("mod.ts exports exactly the public names of @aerolite/client", async () => {
  const found = await declared("mod.ts");
  assertSurface(found, MOD, "mod.ts");
  assertRuntime(lib, found, "mod.ts (run time)");
});

test("server_mock/mod.ts exports exactly the public names of @aerolite/client/mock", async () => {
  const found = await declared("server_mock/mod.ts");
  assertSurface(found, MOCK, "server_mock/mod.ts");
  assertRuntime(mock, found, "server_mock/mod.ts (run time)");
});

test("src/otel/mod.ts exports exactly the public names of @aerolite/client/otel", async () => {
  const found = await declared("src/otel/mod.ts");
  assertSurface(
    found,
    names(`DURATION_BUCKETS instrument type Instrumentation type InstrumentOptions type MeterProviderLike
      SCOPE_NAME type TracerProviderLike`),
    "src/otel/mod.ts",
  );
  assertRuntime(otel, found, "src/otel/mod.ts (run time)");
});

test("src/compat/mod.ts exports the official client's module names (@aerolite/client/compat)", () => {
  assertSurface(
    sortNames(Object.keys(compat)),
    names(`AdminPolicy AerospikeError ApplyPolicy BasePolicy BatchApplyPolicy BatchPolicy BatchReadPolicy
      BatchRemovePolicy BatchWritePolicy Bin BitwisePolicy Client CommandQueuePolicy Config Context Double GeoJSON
      HLLPolicy IndexJob InfoPolicy Job Key ListPolicy MapPolicy MetricsPolicy OperatePolicy Query QueryPolicy
      ReadPolicy Record RecordStream RemovePolicy Scan ScanPolicy UdfJob WritePolicy auth batchType bitwise cdt client connect default
      exp features filter hll indexDataType indexType info jobStatus language lists log maps operations policy
      privilegeCode regex releaseEventLoop setDefaultLogging setupGlobalCommandQueue status ttl`),
    "src/compat/mod.ts (run time)",
  );
});

test("the builder namespaces hold builders only, no internal helpers", () => {
  const spaces = lib as unknown as Record<string, object>;
  for (const [ns, expected] of Object.entries(NAMESPACES)) {
    assertSurface(sortNames(Object.keys(spaces[ns])), expected, ns);
  }
  const exp = lib.exp as Record<string, unknown>;
  for (const internal of ["checkExp", "packed", "node", "toExp", "expTypeCode"]) {
    assert.equal(exp[internal], undefined, `exp.${internal} is internal`);
  }
  const ctx = lib.ctx as Record<string, unknown>;
  assert.equal(ctx.listCreateFlag, undefined);
  assert.equal(ctx.mapCreateFlag, undefined);
});

test("deno.json exports only the entry points checked here", async () => {
  const config = JSON.parse(await Deno.readTextFile(new URL("deno.json", ROOT)));
  assert.deepEqual(Object.keys(config.exports).sort(), [".", "./cli", "./compat", "./mock", "./otel"]);
});
