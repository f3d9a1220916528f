import assert from "node:assert/strict";
import { test } from "../tests/helpers/test.ts";
import {
  AerospikeError,
  BackpressureError,
  ConnectionError,
  isRetryable,
  ProtocolError,
  ServerError,
  TimeoutError,
} from "./errors.ts";
import { ResultCode } from "./wire/result_code.ts";

test("an AerospikeError takes its default message from the code", () => {
  const e = new AerospikeError(ResultCode.KEY_EXISTS_ERROR);
  assert.equal(e.code, 5);
  assert.equal(e.detail, "Key already exists");
  assert.equal(e.message, "KEY_EXISTS_ERROR (5): Key already exists");
  assert.equal(e.inDoubt, false);
  assert.equal(e.attempts, 1);
  assert.equal(e.node, undefined);
  assert.equal(e.name, "AerospikeError");
  assert.ok(e instanceof Error);
});

test("the message names the node, the attempts and in-doubt state", () => {
  const e = new ServerError(5, undefined, { node: "BB9020011AC4202", attempts: 2 });
  assert.equal(e.message, "KEY_EXISTS_ERROR (5): Key already exists [node BB9020011AC4202, 2 attempts]");
  assert.equal(String(e), "ServerError: " + e.message);
  const w = new TimeoutError("socket idle 50ms", { inDoubt: true, attempts: 3 });
  assert.equal(w.message, "TIMEOUT (9): socket idle 50ms [3 attempts, in doubt]");
});

test("annotate() updates the context and the message", () => {
  const e = new ConnectionError("connection reset");
  assert.equal(e.annotate({ node: "A1", attempts: 4, inDoubt: true }), e);
  assert.equal(e.node, "A1");
  assert.equal(e.attempts, 4);
  assert.equal(e.inDoubt, true);
  assert.equal(e.message, "CONNECTION_ERROR (-102): connection reset [node A1, 4 attempts, in doubt]");
});

test("a server-supplied text replaces the default message", () => {
  const e = new ServerError(100, "vec2udf.lua:10: boom");
  assert.equal(e.message, "UDF_BAD_RESPONSE (100): vec2udf.lua:10: boom");
});

test("the cause is kept", () => {
  const cause = new Error("ECONNREFUSED");
  const e = new ConnectionError(undefined, { cause });
  assert.equal(e.cause, cause);
  assert.equal(e.detail, "Connection failed or was lost");
});

test("each subclass has its name, its default code and stays an AerospikeError", () => {
  const cases: [AerospikeError, string, number][] = [
    [new ServerError(2), "ServerError", 2],
    [new TimeoutError(), "TimeoutError", ResultCode.TIMEOUT],
    [new ConnectionError(), "ConnectionError", ResultCode.CONNECTION_ERROR],
    [new ProtocolError(), "ProtocolError", ResultCode.PARSE_ERROR],
    [new BackpressureError(), "BackpressureError", ResultCode.COMMAND_QUEUE_FULL],
  ];
  for (const [e, name, code] of cases) {
    assert.ok(e instanceof AerospikeError, name);
    assert.equal(e.name, name);
    assert.equal(e.code, code, name);
    assert.ok(e.stack?.includes(name), name);
  }
});

test("subclasses accept another code where the default does not fit", () => {
  assert.equal(new BackpressureError("closed", { code: ResultCode.CLIENT_CLOSED }).code, -101);
  assert.equal(
    new ConnectionError("pool empty", { code: ResultCode.NO_AVAILABLE_CONNECTIONS_TO_NODE }).code,
    -8,
  );
});

test("an unknown code still formats", () => {
  assert.equal(new ServerError(250).message, "UNKNOWN_250 (250): unknown result code 250");
});

test("isRetryable() is true for transient failures and false for answers", () => {
  for (
    const c of [
      ResultCode.TIMEOUT,
      ResultCode.CONNECTION_ERROR,
      ResultCode.KEY_BUSY,
      ResultCode.INVALID_NODE_ERROR,
    ]
  ) {
    assert.equal(isRetryable(c), true, String(c));
  }
  for (
    const c of [
      ResultCode.OK,
      ResultCode.KEY_NOT_FOUND_ERROR,
      ResultCode.KEY_EXISTS_ERROR,
      ResultCode.CLIENT_CLOSED,
    ]
  ) {
    assert.equal(isRetryable(c), false, String(c));
  }
});
