import assert from "node:assert/strict";
import { test } from "../../tests/helpers/test.ts";
import { loadStep } from "../../tests/helpers/vectors.ts";
import { isKnownResultCode, ResultCode, resultCodeMessage, resultCodeName } from "./result_code.ts";

test("server result codes carry the server's numbers", () => {
  // Values from the server's as_proto.h and the official Go client.
  const facts: [keyof typeof ResultCode, number][] = [
    ["OK", 0],
    ["SERVER_ERROR", 1],
    ["KEY_NOT_FOUND_ERROR", 2],
    ["GENERATION_ERROR", 3],
    ["PARAMETER_ERROR", 4],
    ["KEY_EXISTS_ERROR", 5],
    ["TIMEOUT", 9],
    ["PARTITION_UNAVAILABLE", 11],
    ["BIN_TYPE_ERROR", 12],
    ["KEY_BUSY", 14],
    ["FILTERED_OUT", 27],
    ["XDR_KEY_BUSY", 32],
    ["QUERY_END", 50],
    ["SECURITY_NOT_ENABLED", 52],
    ["NOT_AUTHENTICATED", 80],
    ["UDF_BAD_RESPONSE", 100],
    ["MRT_BLOCKED", 120],
    ["MRT_MONITOR_EXISTS", 127],
    ["BATCH_QUEUES_FULL", 152],
    ["GEO_INVALID_GEOJSON", 160],
    ["INDEX_FOUND", 200],
    ["INDEX_MAXCOUNT", 206],
    ["QUERY_DUPLICATE", 215],
  ];
  for (const [name, code] of facts) assert.equal(ResultCode[name], code, name);
});

test("client-side codes keep the Go client's negative values", () => {
  assert.equal(ResultCode.SERIALIZE_ERROR, -1);
  assert.equal(ResultCode.PARSE_ERROR, -2);
  assert.equal(ResultCode.INVALID_NODE_ERROR, -3);
  assert.equal(ResultCode.NO_AVAILABLE_CONNECTIONS_TO_NODE, -8);
  assert.equal(ResultCode.SERVER_NOT_AVAILABLE, -11);
  assert.equal(ResultCode.MAX_RETRIES_EXCEEDED, -16);
  assert.equal(ResultCode.NETWORK_ERROR, -18);
  assert.equal(ResultCode.BATCH_FAILED, -20);
});

test("our own client codes sit at -100 and below, clear of every official range", () => {
  for (const name of ["COMMAND_QUEUE_FULL", "CLIENT_CLOSED", "CONNECTION_ERROR", "ABORTED"] as const) {
    assert.ok(ResultCode[name] <= -100, name);
  }
  assert.equal(ResultCode.BACKPRESSURE_QUEUE_FULL, ResultCode.COMMAND_QUEUE_FULL);
});

test("codes are unique apart from the one documented alias", () => {
  const seen = new Map<number, string>();
  for (const [name, code] of Object.entries(ResultCode)) {
    if (seen.has(code)) assert.equal(name, "BACKPRESSURE_QUEUE_FULL", `${name} repeats ${seen.get(code)}`);
    else seen.set(code, name);
  }
});

test("every server code fits in the header's result-code byte", () => {
  for (const [name, code] of Object.entries(ResultCode)) {
    if (code >= 0 && !name.startsWith("AEROSPIKE_ERR_")) assert.ok(code <= 255, name);
  }
});

test("every code has its own name and a real message", () => {
  for (const [name, code] of Object.entries(ResultCode)) {
    if (name !== "BACKPRESSURE_QUEUE_FULL") assert.equal(resultCodeName(code), name);
    assert.ok(isKnownResultCode(code));
    const msg = resultCodeMessage(code);
    assert.ok(msg.length > 0 && !msg.startsWith("unknown"), `${name}: ${msg}`);
  }
});

test("the alias resolves to the canonical name", () => {
  assert.equal(resultCodeName(ResultCode.BACKPRESSURE_QUEUE_FULL), "COMMAND_QUEUE_FULL");
});

test("unknown codes get a placeholder name and message", () => {
  assert.equal(resultCodeName(250), "UNKNOWN_250");
  assert.equal(resultCodeMessage(250), "unknown result code 250");
  assert.equal(resultCodeMessage(-55), "unknown result code -55");
  assert.equal(isKnownResultCode(250), false);
});

test("result codes in real server replies match what the official client reported", async () => {
  const cases: [string, number, string][] = [
    ["get_missing", 2, "KEY_NOT_FOUND_ERROR"],
    ["put_gen_mismatch", 3, "GENERATION_ERROR"],
    ["put_create_only_exists", 5, "KEY_EXISTS_ERROR"],
    ["put_compressed", 25, "ENTERPRISE_ONLY"],
    ["get_filtered_out", 27, "FILTERED_OUT"],
    ["more/udf_error", 100, "UDF_BAD_RESPONSE"],
  ];
  for (const [step, code, name] of cases) {
    const v = await loadStep(step);
    assert.match(v.description, new RegExp(`error: code ${code} `), step);
    const reply = v.frames.find((f) => f.dir === "s2c");
    assert.ok(reply, step);
    // Result code: byte 5 of the 22-byte message header, after the 8-byte proto header.
    assert.equal(reply.bytes[8 + 5], code, step);
    assert.equal(resultCodeName(reply.bytes[13]), name);
  }
});
