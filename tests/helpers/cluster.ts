/**
 * One setup for integration tests: an in-process MockCluster and a Client connected to it, closed
 * together (client first, then the mock) even when the test body throws, so the sanitizers see
 * no leaked socket or timer.
 *
 * @example
 * ```ts
 * test("put then get", async () => {
 *   await withCluster({ nodes: 3 }, async ({ client }) => {
 *     await client.put(new Key("test", "s", 1), { v: 1 });
 *   });
 * });
 * ```
 */
import { MockCluster, type MockClusterOptions } from "../../server_mock/mod.ts";
import { Client, type ClientOptions } from "../../mod.ts";

/** Three nodes keeping two copies of namespace `test`: master and one replica per partition. */
export const THREE_NODES_RF2: MockClusterOptions = {
  nodes: 3,
  namespaces: { test: { replicationFactor: 2 } },
};

/** What a test gets: the mock, a client connected to its seeds, and one call that closes both. */
export interface ClusterFixture {
  /** The running mock cluster. */
  mock: MockCluster;
  /** A client connected to `mock.seeds`. */
  client: Client;
  /** Closes the client, then the mock (the mock also when closing the client throws). */
  close(): Promise<void>;
}

/** Mock options plus the client's (its `hosts` are always the mock's seeds). */
export interface TestClusterOptions extends MockClusterOptions {
  /** Client options other than `hosts`. @default {} */
  client?: Omit<ClientOptions, "hosts">;
}

/** Starts a mock and connects a client; the caller must call `close()` (or use {@link withCluster}). */
export async function startCluster(options: TestClusterOptions = {}): Promise<ClusterFixture> {
  const { client: clientOptions, ...mockOptions } = options;
  const mock = await MockCluster.start(mockOptions);
  let client: Client;
  try {
    client = await Client.connect({ ...clientOptions, hosts: mock.seeds });
  } catch (e) {
    await mock.close();
    throw e;
  }
  return {
    mock,
    client,
    close: async () => {
      try {
        await client.close();
      } finally {
        await mock.close();
      }
    },
  };
}

/** Runs `fn` against a fresh mock and client and closes both afterwards, whatever `fn` does. */
export async function withCluster<T>(
  options: TestClusterOptions,
  fn: (fixture: ClusterFixture) => Promise<T>,
): Promise<T> {
  const fixture = await startCluster(options);
  try {
    return await fn(fixture);
  } finally {
    await fixture.close();
  }
}
