/**
 * The runtime-portability suite: test modules that run unchanged on Deno, Bun and Node.
 *
 * `deno task test:bun` and `deno task test:node` run exactly this list (plus the shim's own
 * sanity test). A listed module may use `Deno.test` (through `tests/helpers/test.ts`) and nothing
 * else from `Deno`: Bun and Node only get a shimmed `Deno.test`. Golden-vector tests read files
 * with `Deno.readTextFile` and therefore stay Deno-only.
 *
 * Paths are relative to the repository root. Not listed on purpose: tests that load golden
 * vectors (`src/wire/batch_test.ts`, `src/wire/result_code_test.ts`, `tests/wire_vectors_test.ts`).
 */

/** The shim's own sanity test; every runner runs it first so a broken shim cannot pass vacuously. */
export const SHIM_TEST: string = "tests/runtimes/shim_test.ts";

/** Test modules that must pass on all three runtimes. */
export const PORTABLE_TESTS: readonly string[] = [
  "src/wire/admin_test.ts",
  "src/wire/message_test.ts",
  "src/wire/frame_reader_test.ts",
  "src/errors_test.ts",
  "src/commands/single_test.ts",
  "src/cluster/partition_map_test.ts",
  "src/cluster/pool_test.ts",
  "src/cluster/seeds_test.ts",
  "tests/transport_test.ts",
  "tests/cluster_test.ts",
  "tests/mock_kv_test.ts",
  "tests/mock_faults_test.ts",
  "tests/mock_cluster_test.ts",
  "tests/client_kv_test.ts",
  "tests/client_routing_test.ts",
  "tests/client_timeouts_test.ts",
  "tests/client_backpressure_test.ts",
  "tests/client_pipeline_test.ts",
  "tests/client_compress_test.ts",
  "tests/client_tls_test.ts",
  "tests/mock_batch_test.ts",
  "tests/mock_query_test.ts",
  "tests/mock_lua_test.ts",
  "src/ops/maps_test.ts",
  "src/ops/lists_test.ts",
  "src/ops/bits_test.ts",
  "src/exp/exp_test.ts",
  "tests/client_batch_test.ts",
  "tests/client_cdt_test.ts",
  "tests/client_info_test.ts",
  "tests/client_query_test.ts",
  "tests/mock_cdt_test.ts",
  "tests/mock_exp_test.ts",
  "tests/mock_bits_test.ts",
  "tests/mock_hll_test.ts",
  "src/exp/exp_write_test.ts",
  "tests/mock_cdt_table_test.ts",
  "tests/mock_exp_ops_test.ts",
  "tests/client_operate_results_test.ts",
  "tests/examples_test.ts",
  "src/wire/ripemd160_test.ts",
  "tests/faults/mock_faults_test.ts",
  "tests/faults/single_faults_test.ts",
  "tests/faults/batch_faults_test.ts",
  "tests/faults/query_faults_test.ts",
  "tests/faults/close_faults_test.ts",
  "tests/security_test.ts",
  "tests/client_auth_test.ts",
  "tests/client_security_test.ts",
  "tests/mock_put_validation_test.ts",
  "tests/mock_info_sets_test.ts",
  "src/observe/metrics_format_test.ts",
  "src/observe/metrics_writer_test.ts",
  "tests/metrics_test.ts",
  "tests/tracing_test.ts",
  "tests/otel_test.ts",
  "tests/txn_test.ts",
];
