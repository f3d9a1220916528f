/**
 * An in-process mock Aerospike cluster that speaks the real wire protocol: info for tending,
 * single-record and batch commands, list/map (CDT) operations with contexts, filter expressions
 * and expression ops, bitwise and HyperLogLog basics, partition scans and secondary-index queries
 * with real semantics on an in-memory store, record UDFs run in Lua 5.4 (WebAssembly, loaded on the
 * first UDF: the optional npm package wasmoon), partition
 * ownership over several nodes, fault injection. Use it to test code written against any Aerospike client.
 *
 * @example
 * ```ts
 * import { MockCluster } from "@aerolite/client/mock";
 * await using mock = await MockCluster.start({ nodes: 3, namespaces: { test: { replicationFactor: 2 } } });
 * mock.nodes[1].faults({ on: "read", delayMs: 50 });
 * console.log(mock.seeds);
 * ```
 * @module
 */
export { MockCluster, type MockClusterOptions, type MockEdition } from "./cluster.ts";
export { MockNode, type MockNodeStats, type MockTlsOptions } from "./node.ts";
export type { CommandKind, FaultOptions, FaultRule } from "./faults.ts";
export type { Clock, NamespaceOptions } from "./store.ts";
export type { Ownership } from "./partitions.ts";
export {
  type ConnAuthState,
  type MockRole,
  type MockSecurityOptions,
  type MockSecurityStats,
  type MockUser,
  type Permission,
  type SecurityStore,
  type StoredUser,
} from "./security.ts";
export type { WirePrivilege } from "../src/wire/admin_fields.ts";
export type {
  Conn,
  ConnectOptions,
  Connector,
  Listener,
  ListenOptions,
  ServerTlsOptions,
  TlsOptions,
  TransportError,
  TransportErrorCode,
} from "../src/transport/transport.ts";
