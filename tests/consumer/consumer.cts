// A strict TypeScript consumer in CommonJS (`import = require`) of the packed npm package: the
// `require` types of every entry point. Compiled by tests/consumer/run.sh with tsconfig.json.
import aerolite = require("@aerolite/client");
import mock = require("@aerolite/client/mock");
import otel = require("@aerolite/client/otel");

export async function roundTrip(): Promise<string | undefined> {
  const cluster: mock.MockCluster = await mock.MockCluster.start({ nodes: 1 });
  const client = await aerolite.Client.connect({ hosts: cluster.seeds });
  try {
    const key = new aerolite.Key("test", "users", 1);
    await client.put(key, { name: "Ada" });
    const rec = await client.get<{ name: string }>(key);
    return rec?.bins.name;
  } finally {
    await client.close();
    await cluster.close();
  }
}
export const instrument: typeof otel.instrument = otel.instrument;
