import assert from "node:assert/strict";
import { test } from "../../tests/helpers/test.ts";
import { formatAddress, parseHosts } from "./seeds.ts";

test("parseHosts reads a comma list and fills in the default port 3000", () => {
  assert.deepEqual(parseHosts("10.0.0.1:3100, 10.0.0.2"), [
    { host: "10.0.0.1", port: 3100 },
    { host: "10.0.0.2", port: 3000 },
  ]);
});

test("parseHosts reads host:tlsName:port and host:tlsName", () => {
  assert.deepEqual(parseHosts("db1:tls-a:4333,db2:tls-b"), [
    { host: "db1", port: 4333, tlsName: "tls-a" },
    { host: "db2", port: 3000, tlsName: "tls-b" },
  ]);
});

test("parseHosts reads bracketed and bare IPv6 addresses", () => {
  assert.deepEqual(parseHosts("[::1]:3100,[fe80::2],[::1]:tls:4000,2001:db8::7"), [
    { host: "::1", port: 3100 },
    { host: "fe80::2", port: 3000 },
    { host: "::1", port: 4000, tlsName: "tls" },
    { host: "2001:db8::7", port: 3000 },
  ]);
});

test("parseHosts accepts a list of host specs", () => {
  assert.deepEqual(parseHosts([{ host: "a" }, { host: "[::1]", port: 3100, tlsName: "t" }]), [
    { host: "a", port: 3000 },
    { host: "::1", port: 3100, tlsName: "t" },
  ]);
});

test("parseHosts rejects malformed hosts before any I/O", () => {
  assert.throws(() => parseHosts(""), /no seed hosts/);
  assert.throws(() => parseHosts(" , "), /no seed hosts/);
  assert.throws(() => parseHosts([]), /no seed hosts/);
  assert.throws(() => parseHosts("h:70000"), /invalid port/);
  assert.throws(() => parseHosts("h:0"), /invalid port/);
  assert.throws(() => parseHosts(":3000"), /empty host/);
  assert.throws(() => parseHosts("h:"), /empty port/);
  assert.throws(() => parseHosts("h:t:x"), /invalid port/);
  assert.throws(() => parseHosts("[::1"), /unterminated/);
  assert.throws(() => parseHosts("[::1]x"), /unexpected text/);
  assert.throws(() => parseHosts([{ host: "h", port: 1.5 }]), RangeError);
  assert.throws(() => parseHosts([{ host: "" }]), /empty host/);
  assert.throws(() => parseHosts(42 as unknown as string), TypeError);
  assert.throws(() => parseHosts([null as unknown as { host: string }]), TypeError);
});

test("formatAddress brackets IPv6 addresses only", () => {
  assert.equal(formatAddress("127.0.0.1", 3000), "127.0.0.1:3000");
  assert.equal(formatAddress("::1", 3000), "[::1]:3000");
});
