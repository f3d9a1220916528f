// Type-only use of every entry point under tsconfig.neutral.json (no runtime's types): the
// published declarations must not name Deno, Bun or Node globals (web-standard ones, such as
// AbortSignal, are in every runtime).
import type { AerospikeRecord, Client, ClientOptions, ClientStats } from "@aerolite/client";
import type { MockCluster, MockClusterOptions } from "@aerolite/client/mock";
import type { instrument } from "@aerolite/client/otel";
import type { Client as CompatClient, Config } from "@aerolite/client/compat";

export type Uses = [
  AerospikeRecord,
  Client,
  ClientOptions,
  ClientStats,
  MockCluster,
  MockClusterOptions,
  typeof instrument,
  CompatClient,
  Config,
];
