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
import {
  decodeInfoList,
  decodePrivileges,
  decodeRoles,
  decodeU32,
  decodeWhitelist,
  encodeInfoList,
  encodePrivileges,
  encodeRoles,
  encodeU32Field,
  encodeWhitelist,
  parseRoleBlock,
  parseUserBlock,
  PrivilegeCode,
  stringField,
} from "./admin_fields.ts";
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

test("privilege codes match Go's privilege.go", () => {
  assert.deepEqual(
    [PrivilegeCode.USER_ADMIN, PrivilegeCode.SYS_ADMIN, PrivilegeCode.DATA_ADMIN, PrivilegeCode.UDF_ADMIN],
    [0, 1, 2, 3],
  );
  assert.deepEqual(
    [PrivilegeCode.SINDEX_ADMIN, PrivilegeCode.READ, PrivilegeCode.READ_WRITE, PrivilegeCode.READ_WRITE_UDF],
    [4, 10, 11, 12],
  );
  assert.deepEqual([PrivilegeCode.WRITE, PrivilegeCode.TRUNCATE], [13, 14]);
});

test("a CREATE_USER request lays out USER, PASSWORD and ROLES as Go's admin_command.go writes them", () => {
  const hash = "$2a$10$7EqJtq98hPqEX7fNZaFWoO1mVO/4MLpGzsqojz6E9Gef6iXDjXdDa";
  const frame = encodeAdminRequest(AdminCommand.CREATE_USER, [
    stringField(AdminField.USER, "bob"),
    stringField(AdminField.PASSWORD, hash),
    encodeRoles(["read", "sys-admin"]),
  ]);
  const roles = "02" + "04" + ascii("read") + "09" + ascii("sys-admin");
  const body = "0000" + "01" + "03" + "00".repeat(12) + // command 1, three fields
    "00000004" + "00" + ascii("bob") +
    (hash.length + 1).toString(16).padStart(8, "0") + "01" + ascii(hash) +
    (roles.length / 2 + 1).toString(16).padStart(8, "0") + "0a" + roles;
  assert.equal(toHex(frame), "0202" + (body.length / 2).toString(16).padStart(12, "0") + body);
});

test("privileges carry a namespace and set scope only for data privileges", () => {
  const field = encodePrivileges([
    { code: PrivilegeCode.READ, ns: "test", set: "demo" },
    { code: PrivilegeCode.USER_ADMIN, ns: "", set: "" },
    { code: PrivilegeCode.WRITE, ns: "", set: "" },
  ]);
  assert.equal(field.id, AdminField.PRIVILEGES);
  assert.equal(
    toHex(field.data),
    "03" + "0a" + "04" + ascii("test") + "04" + ascii("demo") + "00" + "0d0000",
  );
  assert.deepEqual(decodePrivileges(field.data), [
    { code: 10, ns: "test", set: "demo" },
    { code: 0, ns: "", set: "" },
    { code: 13, ns: "", set: "" },
  ]);
  assert.throws(() => encodePrivileges([{ code: PrivilegeCode.SYS_ADMIN, ns: "test", set: "" }]), RangeError);
  assert.throws(() => encodePrivileges([{ code: PrivilegeCode.READ, ns: "", set: "demo" }]), RangeError);
});

test("roles, whitelists, quotas and statistics round-trip", () => {
  assert.deepEqual(decodeRoles(encodeRoles(["read", "", "r\u00e9le"]).data), ["read", "", "r\u00e9le"]);
  assert.deepEqual(decodeRoles(encodeRoles([]).data), []);
  const wl = encodeWhitelist(["10.0.0.0/24", "127.0.0.1"]);
  assert.equal(new TextDecoder().decode(wl.data), "10.0.0.0/24,127.0.0.1");
  assert.deepEqual(decodeWhitelist(wl.data), ["10.0.0.0/24", "127.0.0.1"]);
  assert.deepEqual(decodeWhitelist(new Uint8Array(0)), []);
  assert.throws(() => encodeWhitelist(["a,b"]), RangeError);
  assert.equal(toHex(encodeU32Field(AdminField.READ_QUOTA, 0x01020304).data), "01020304");
  assert.equal(decodeU32(hex("00000100")), 256);
  assert.throws(() => encodeU32Field(AdminField.READ_QUOTA, -1), RangeError);
  assert.throws(() => decodeU32(hex("0001")), WireFormatError);
  assert.equal(toHex(encodeInfoList(AdminField.READ_INFO, [1, 2]).data), "02" + "00000001" + "00000002");
  assert.deepEqual(decodeInfoList(hex("02000000070000ffff")), [7, 65535]);
  assert.throws(() => encodeRoles(["x".repeat(256)]), RangeError);
});

test("truncated role, privilege and statistics fields are WireFormatErrors", () => {
  assert.throws(() => decodeRoles(new Uint8Array(0)), WireFormatError);
  assert.throws(() => decodeRoles(hex("0104616263")), WireFormatError); // 4 bytes announced, 3 sent
  assert.throws(() => decodeRoles(hex("02016101")), WireFormatError);
  assert.throws(() => decodePrivileges(hex("010a04")), WireFormatError);
  assert.throws(() => decodePrivileges(hex("020a0000")), WireFormatError);
  assert.throws(() => decodeInfoList(hex("0200000001")), WireFormatError);
});

test("user and role reply blocks decode into their records, unknown fields skipped", () => {
  const user = decodeAdminMessage(bodyOf(encodeAdminMessage({
    command: 0,
    resultCode: 0,
    fields: [
      stringField(AdminField.USER, "bob"),
      encodeRoles(["read"]),
      encodeInfoList(AdminField.READ_INFO, [1, 2, 3, 4]),
      encodeInfoList(AdminField.WRITE_INFO, [5]),
      encodeU32Field(AdminField.CONNECTIONS, 3),
      { id: 99, data: hex("ff") },
    ],
  })));
  assert.deepEqual(parseUserBlock(user), {
    name: "bob",
    roles: ["read"],
    readInfo: [1, 2, 3, 4],
    writeInfo: [5],
    connsInUse: 3,
  });
  const role = decodeAdminMessage(bodyOf(encodeAdminMessage({
    command: 0,
    resultCode: 0,
    fields: [
      stringField(AdminField.ROLE, "rep"),
      encodePrivileges([{ code: PrivilegeCode.READ, ns: "test", set: "" }]),
      encodeWhitelist(["1.2.3.4"]),
      encodeU32Field(AdminField.READ_QUOTA, 5),
      encodeU32Field(AdminField.WRITE_QUOTA, 6),
    ],
  })));
  assert.deepEqual(parseRoleBlock(role), {
    name: "rep",
    privileges: [{ code: 10, ns: "test", set: "" }],
    whitelist: ["1.2.3.4"],
    readQuota: 5,
    writeQuota: 6,
  });
  assert.deepEqual(parseRoleBlock({ command: 0, resultCode: 0, fields: [] }), {
    name: "",
    privileges: [],
    whitelist: [],
    readQuota: 0,
    writeQuota: 0,
  });
});

test("a PKI AUTHENTICATE carries the session token alone", () => {
  const msg = decodeAdminMessage(bodyOf(encodeAuthenticate(undefined, hex("0102"))));
  assert.deepEqual(msg.fields, [{ id: AdminField.SESSION_TOKEN, data: hex("0102") }]);
  assert.equal(
    toHex(bodyOf(encodeAdminRequest(AdminCommand.LOGIN, []))),
    "0000" + "14" + "00" + "00".repeat(12),
  );
});
