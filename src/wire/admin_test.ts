import assert from "node:assert/strict";
import { hex, test, toHex } from "../../tests/helpers/test.ts";
import {
  AdminCommand,
  AdminField,
  decodeAdminMessage,
  decodeAdminMessages,
  encodeAdminMessage,
  encodeAdminRequest,
  encodeAuthenticate,
  encodeLogin,
  loginSession,
} from "./admin.ts";
import { PROTO_HEADER_SIZE, PROTO_TYPE_ADMIN, readProtoHeader, WireFormatError } from "./proto.ts";

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const ascii = (s: string): string => toHex(utf8(s));
const bodyOf = (frame: Uint8Array): Uint8Array => frame.subarray(PROTO_HEADER_SIZE);

test("command and field ids match the official clients'", () => {
  assert.equal(AdminCommand.AUTHENTICATE, 0);
  assert.equal(AdminCommand.CREATE_USER, 1);
  assert.equal(AdminCommand.QUERY_USERS, 9);
  assert.equal(AdminCommand.QUERY_ROLES, 16);
  assert.equal(AdminCommand.LOGIN, 20);
  assert.deepEqual(
    [AdminField.USER, AdminField.PASSWORD, AdminField.OLD_PASSWORD, AdminField.CREDENTIAL],
    [0, 1, 2, 3],
  );
  assert.deepEqual([AdminField.CLEAR_PASSWORD, AdminField.SESSION_TOKEN, AdminField.SESSION_TTL], [4, 5, 6]);
  assert.deepEqual([AdminField.ROLES, AdminField.CONNECTIONS], [10, 18]);
});

test("a LOGIN request lays out header, USER and CREDENTIAL as the server reads them", () => {
  const cred = "$2a$10$7EqJtq98hPqEX7fNZaFWoO";
  const frame = encodeLogin("admin", cred);
  const expected = "0202" + (16 + 10 + 5 + cred.length).toString(16).padStart(12, "0") +
    "0000" + "14" + "02" + "00".repeat(12) + // admin header: command 20, two fields
    "00000006" + "00" + ascii("admin") + // size counts the id byte
    (cred.length + 1).toString(16).padStart(8, "0") + "03" + ascii(cred);
  assert.equal(toHex(frame), expected);
});

test("LOGIN for external authentication adds CLEAR_PASSWORD", () => {
  const msg = decodeAdminMessage(bodyOf(encodeLogin("u", utf8("hash"), { clearPassword: "pw" })));
  assert.equal(msg.command, AdminCommand.LOGIN);
  assert.deepEqual(msg.fields.map((f) => f.id), [
    AdminField.USER,
    AdminField.CREDENTIAL,
    AdminField.CLEAR_PASSWORD,
  ]);
  assert.deepEqual(msg.fields[2].data, utf8("pw"));
});

test("AUTHENTICATE carries USER and SESSION_TOKEN", () => {
  const token = new Uint8Array([1, 2, 3, 0xff]);
  const frame = encodeAuthenticate("admin", token);
  assert.equal(readProtoHeader(frame).type, PROTO_TYPE_ADMIN);
  const msg = decodeAdminMessage(bodyOf(frame));
  assert.equal(msg.command, AdminCommand.AUTHENTICATE);
  assert.equal(msg.resultCode, 0);
  assert.deepEqual(msg.fields, [{ id: AdminField.USER, data: utf8("admin") }, {
    id: AdminField.SESSION_TOKEN,
    data: token,
  }]);
});

test("requests round-trip, empty fields included", () => {
  const fields = [
    { id: AdminField.USER, data: utf8("bob") },
    { id: AdminField.ROLES, data: new Uint8Array(0) },
    { id: AdminField.PASSWORD, data: new Uint8Array(300).fill(7) },
  ];
  const msg = decodeAdminMessage(bodyOf(encodeAdminRequest(AdminCommand.CREATE_USER, fields)));
  assert.deepEqual(msg, { command: AdminCommand.CREATE_USER, resultCode: 0, fields });
  assert.deepEqual(decodeAdminMessage(bodyOf(encodeAdminRequest(AdminCommand.LOGIN, []))).fields, []);
});

test("a reply's result code is byte 1 of the admin header", () => {
  const body = new Uint8Array(16);
  body[1] = 52; // SECURITY_NOT_ENABLED: the server needs no login
  assert.deepEqual(decodeAdminMessage(body), { command: 0, resultCode: 52, fields: [] });
  const frame = encodeAdminMessage({ command: 0, resultCode: 65, fields: [] });
  assert.equal(frame[PROTO_HEADER_SIZE + 1], 65);
});

test("a LOGIN reply yields the session token and TTL", () => {
  const token = utf8("opaque-token");
  const reply = encodeAdminMessage({
    command: 0,
    resultCode: 0,
    fields: [{ id: AdminField.SESSION_TOKEN, data: token }, {
      id: AdminField.SESSION_TTL,
      data: hex("00015180"),
    }],
  });
  assert.deepEqual(loginSession(decodeAdminMessage(bodyOf(reply))), { token, ttlSeconds: 86400 });
  assert.deepEqual(loginSession({ command: 0, resultCode: 0, fields: [] }), {});
  assert.throws(
    () =>
      loginSession({ command: 0, resultCode: 0, fields: [{ id: AdminField.SESSION_TTL, data: hex("01") }] }),
    WireFormatError,
  );
});

test("several blocks in one body decode in order, up to QUERY_END", () => {
  const a = bodyOf(encodeAdminMessage({ command: 0, resultCode: 0, fields: [{ id: 0, data: utf8("u1") }] }));
  const b = bodyOf(encodeAdminMessage({ command: 0, resultCode: 0, fields: [{ id: 0, data: utf8("u2") }] }));
  const end = bodyOf(encodeAdminMessage({ command: 0, resultCode: 50, fields: [] }));
  const all = new Uint8Array([...a, ...b, ...end]);
  const blocks = decodeAdminMessages(all);
  assert.deepEqual(blocks.map((m) => m.resultCode), [0, 0, 50]);
  assert.deepEqual(blocks[1].fields[0].data, utf8("u2"));
  assert.throws(() => decodeAdminMessage(all), WireFormatError); // exactly one block expected
  assert.deepEqual(decodeAdminMessages(new Uint8Array(0)), []);
});

test("truncated or overrunning admin messages are WireFormatErrors", () => {
  const good = bodyOf(encodeAdminRequest(AdminCommand.DROP_USER, [{ id: 0, data: utf8("bob") }]));
  assert.throws(() => decodeAdminMessage(good.subarray(0, 15)), WireFormatError);
  assert.throws(() => decodeAdminMessage(good.subarray(0, 19)), WireFormatError); // field header cut
  assert.throws(() => decodeAdminMessage(good.subarray(0, good.length - 1)), WireFormatError); // data cut
  const zero = good.slice();
  zero.set([0, 0, 0, 0], 16);
  assert.throws(() => decodeAdminMessage(zero), WireFormatError);
  const huge = good.slice();
  huge.set([0xff, 0xff, 0xff, 0xff], 16);
  assert.throws(() => decodeAdminMessage(huge), WireFormatError);
  const moreFields = good.slice();
  moreFields[3] = 2; // claims a second field that is not there
  assert.throws(() => decodeAdminMessages(moreFields), WireFormatError);
});

test("values that do not fit the header bytes are refused", () => {
  assert.throws(() => encodeAdminRequest(256, []), RangeError);
  assert.throws(
    () => encodeAdminRequest(AdminCommand.LOGIN, [{ id: 300, data: new Uint8Array(0) }]),
    RangeError,
  );
  const many = Array.from({ length: 256 }, () => ({ id: 0, data: new Uint8Array(0) }));
  assert.throws(() => encodeAdminRequest(AdminCommand.LOGIN, many), RangeError);
  assert.throws(() => encodeAdminMessage({ command: 0, resultCode: -1, fields: [] }), RangeError);
});
