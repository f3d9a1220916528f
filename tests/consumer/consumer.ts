// A strict TypeScript consumer (ES module) of the packed npm package: tests/consumer/run.sh
// compiles it with tsconfig.json (strict, noUncheckedIndexedAccess, exactOptionalPropertyTypes,
// skipLibCheck false), so the published declarations must hold under the strictest settings.
import {
  AerospikeError,
  type AerospikeRecord,
  Client,
  type ClientOptions,
  Filter,
  Key,
  lists,
  maps,
  ops,
  ResultCode,
} from "@aerolite/client";
import { MockCluster, type MockClusterOptions } from "@aerolite/client/mock";
import { instrument } from "@aerolite/client/otel";
import Aerospike, { type Client as CompatClient } from "@aerolite/client/compat";

type User = { name: string; visits: number };

const mockOptions: MockClusterOptions = { nodes: 1 };
const mock: MockCluster = await MockCluster.start(mockOptions);
const options: ClientOptions = { hosts: mock.seeds, maxCommandsInFlight: 64 };
const client: Client = await Client.connect(options);
try {
  const key = new Key("test", "users", "ada");
  await client.put(key, { name: "Ada", visits: 1 }, { ttl: 60, exists: "createOrReplace" });
  const rec: AerospikeRecord<User> | null = await client.get<User>(key);
  const name: string | undefined = rec?.bins.name;
  const { bins, results } = await client.operate(key, [
    ops.add("visits", 1),
    ops.read("visits"),
    lists.append("l", 1),
    maps.put("m", "k", "v"),
  ]);
  const first: unknown = results[0];
  for await (const r of client.query("test", "users", { filter: Filter.range("visits", 1, 9) })) {
    const record: AerospikeRecord = r;
    void record;
  }
  void [name, bins, first];
} catch (err) {
  if (err instanceof AerospikeError && err.code === ResultCode.INDEX_NOTFOUND) {
    // The query above has no index on the mock: expected when this file is run.
  } else {
    throw err;
  }
} finally {
  await client.close();
  await mock.close();
}
const otel: typeof instrument = instrument;
const compat: Promise<CompatClient> = Aerospike.connect({ hosts: "127.0.0.1:3000" });
void [otel, compat];
