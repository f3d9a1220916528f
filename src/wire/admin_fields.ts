/**
 * Field contents of the user and role admin commands (proto type 2), both directions:
 * - ROLES: `u8 count`, then per role `u8 length` + name.
 * - PRIVILEGES: `u8 count`, then per privilege `u8 code`; codes >= 10 (data privileges) carry a
 *   scope after it, `u8 length` + namespace, `u8 length` + set (empty: all).
 * - WHITELIST: the addresses joined by commas.
 * - READ_QUOTA / WRITE_QUOTA / CONNECTIONS: big-endian u32.
 * - READ_INFO / WRITE_INFO: `u8 count`, then that many big-endian u32 statistics.
 * @module
 */
import { AdminField, type AdminFieldData, type AdminMessage } from "./admin.ts";
import { WireFormatError } from "./proto.ts";

/** Privilege codes (the server's names; Go's privilege.go has the same ids). */
export const PrivilegeCode = {
  USER_ADMIN: 0,
  SYS_ADMIN: 1,
  DATA_ADMIN: 2,
  UDF_ADMIN: 3,
  SINDEX_ADMIN: 4,
  READ: 10,
  READ_WRITE: 11,
  READ_WRITE_UDF: 12,
  WRITE: 13,
  TRUNCATE: 14,
} as const;

/** Codes from this one on are data privileges that may be scoped to a namespace and set. */
export const FIRST_SCOPED_PRIVILEGE = 10;

/** A privilege as it travels: code plus scope ("" for all namespaces / all sets). */
export interface WirePrivilege {
  /** One of `PrivilegeCode`. */
  code: number;
  /** Namespace scope ("" for global). */
  ns: string;
  /** Set scope ("" for the whole namespace). */
  set: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function shortString(what: string, s: string): Uint8Array {
  const bytes = encoder.encode(s);
  if (bytes.length > 255) throw new RangeError(`${what} ${JSON.stringify(s)} is longer than 255 bytes`);
  return bytes;
}

function count(what: string, n: number): number {
  if (n > 255) throw new RangeError(`at most 255 ${what} per command, got ${n}`);
  return n;
}

/**
 * The ROLES field.
 * @example
 * ```ts
 * encodeRoles(["read", "sys-admin"]);
 * ```
 */
export function encodeRoles(roles: readonly string[]): AdminFieldData {
  const parts = roles.map((r) => shortString("role name", r));
  const data = new Uint8Array(1 + parts.reduce((n, p) => n + 1 + p.length, 0));
  data[0] = count("roles", parts.length);
  let at = 1;
  for (const p of parts) {
    data[at++] = p.length;
    data.set(p, at);
    at += p.length;
  }
  return { id: AdminField.ROLES, data };
}

/**
 * The PRIVILEGES field; a scope on a global privilege, or a set without a namespace, is a RangeError.
 * @example
 * ```ts
 * encodePrivileges([{ code: PrivilegeCode.READ, ns: "test", set: "" }]);
 * ```
 */
export function encodePrivileges(privileges: readonly WirePrivilege[]): AdminFieldData {
  const out: number[] = [count("privileges", privileges.length)];
  for (const p of privileges) {
    if (!Number.isInteger(p.code) || p.code < 0 || p.code > 255) {
      throw new RangeError(`privilege code ${p.code} does not fit in a byte`);
    }
    out.push(p.code);
    if (p.code >= FIRST_SCOPED_PRIVILEGE) {
      if (p.set !== "" && p.ns === "") throw new RangeError(`privilege set scope ${p.set} needs a namespace`);
      const ns = shortString("namespace", p.ns);
      const set = shortString("set", p.set);
      out.push(ns.length, ...ns, set.length, ...set);
    } else if (p.ns !== "" || p.set !== "") {
      throw new RangeError(`privilege ${p.code} is global: it takes no namespace or set`);
    }
  }
  return { id: AdminField.PRIVILEGES, data: new Uint8Array(out) };
}

/**
 * The WHITELIST field (addresses joined by commas).
 * @example
 * ```ts
 * encodeWhitelist(["10.0.0.0/24", "127.0.0.1"]);
 * ```
 */
export function encodeWhitelist(addresses: readonly string[]): AdminFieldData {
  for (const a of addresses) {
    if (a.includes(",")) throw new RangeError(`whitelist address ${JSON.stringify(a)} contains a comma`);
  }
  return { id: AdminField.WHITELIST, data: encoder.encode(addresses.join(",")) };
}

/**
 * A field holding one big-endian u32 (READ_QUOTA, WRITE_QUOTA, CONNECTIONS, SESSION_TTL).
 * @example
 * ```ts
 * import { AdminField } from "./admin.ts";
 * encodeU32Field(AdminField.READ_QUOTA, 1000);
 * ```
 */
export function encodeU32Field(id: number, value: number): AdminFieldData {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new RangeError(`admin field ${id} value ${value} is not a u32`);
  }
  const data = new Uint8Array(4);
  new DataView(data.buffer).setUint32(0, value);
  return { id, data };
}

/**
 * A READ_INFO / WRITE_INFO field: `u8 count` then u32 statistics.
 * @example
 * ```ts
 * import { AdminField } from "./admin.ts";
 * encodeInfoList(AdminField.READ_INFO, [0, 0, 0, 0]);
 * ```
 */
export function encodeInfoList(id: number, values: readonly number[]): AdminFieldData {
  const data = new Uint8Array(1 + 4 * values.length);
  data[0] = count("statistics", values.length);
  const view = new DataView(data.buffer);
  values.forEach((v, i) => view.setUint32(1 + 4 * i, v >>> 0));
  return { id, data };
}

/** Reads `n` bytes at `at`, refusing to run past the field. */
function take(data: Uint8Array, at: number, n: number, what: string): Uint8Array {
  if (at + n > data.length) throw new WireFormatError(`truncated ${what} in admin field`);
  return data.subarray(at, at + n);
}

/**
 * Decodes a ROLES field.
 * @example
 * ```ts
 * decodeRoles(encodeRoles(["read"]).data); // ["read"]
 * ```
 */
export function decodeRoles(data: Uint8Array): string[] {
  const n = take(data, 0, 1, "role count")[0];
  const out: string[] = [];
  let at = 1;
  for (let i = 0; i < n; i++) {
    const len = take(data, at, 1, "role length")[0];
    out.push(decoder.decode(take(data, at + 1, len, "role name")));
    at += 1 + len;
  }
  return out;
}

/**
 * Decodes a PRIVILEGES field.
 * @example
 * ```ts
 * decodePrivileges(encodePrivileges([{ code: 10, ns: "test", set: "" }]).data);
 * ```
 */
export function decodePrivileges(data: Uint8Array): WirePrivilege[] {
  const n = take(data, 0, 1, "privilege count")[0];
  const out: WirePrivilege[] = [];
  let at = 1;
  for (let i = 0; i < n; i++) {
    const code = take(data, at++, 1, "privilege code")[0];
    let ns = "";
    let set = "";
    if (code >= FIRST_SCOPED_PRIVILEGE) {
      const nsLen = take(data, at, 1, "namespace length")[0];
      ns = decoder.decode(take(data, at + 1, nsLen, "namespace"));
      at += 1 + nsLen;
      const setLen = take(data, at, 1, "set length")[0];
      set = decoder.decode(take(data, at + 1, setLen, "set"));
      at += 1 + setLen;
    }
    out.push({ code, ns, set });
  }
  return out;
}

/**
 * Decodes a WHITELIST field (empty entries dropped).
 * @example
 * ```ts
 * decodeWhitelist(new TextEncoder().encode("a,b")); // ["a", "b"]
 * ```
 */
export function decodeWhitelist(data: Uint8Array): string[] {
  return decoder.decode(data).split(",").filter((s) => s.length > 0);
}

/**
 * Decodes a big-endian u32 field.
 * @example
 * ```ts
 * import { AdminField } from "./admin.ts";
 * decodeU32(encodeU32Field(AdminField.READ_QUOTA, 5).data); // 5
 * ```
 */
export function decodeU32(data: Uint8Array): number {
  if (data.length !== 4) throw new WireFormatError(`u32 admin field of ${data.length} bytes`);
  return new DataView(data.buffer, data.byteOffset, 4).getUint32(0);
}

/**
 * Decodes a READ_INFO / WRITE_INFO field.
 * @example
 * ```ts
 * import { AdminField } from "./admin.ts";
 * decodeInfoList(encodeInfoList(AdminField.READ_INFO, [1, 2]).data); // [1, 2]
 * ```
 */
export function decodeInfoList(data: Uint8Array): number[] {
  const n = take(data, 0, 1, "statistics count")[0];
  const body = take(data, 1, 4 * n, "statistics");
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  return Array.from({ length: n }, (_, i) => view.getUint32(4 * i));
}

/** One user of a QUERY_USERS reply. */
export interface WireUser {
  /** User name. */
  name: string;
  /** Role names. */
  roles: string[];
  /** Read statistics (quota, tps, rps, rps limit...) as the server lists them. */
  readInfo: number[];
  /** Write statistics. */
  writeInfo: number[];
  /** Connections open as this user. */
  connsInUse: number;
}

/** One role of a QUERY_ROLES reply. */
export interface WireRole {
  /** Role name. */
  name: string;
  /** Its privileges. */
  privileges: WirePrivilege[];
  /** Allowed client addresses (empty: any). */
  whitelist: string[];
  /** Reads per second allowed (0: no limit). */
  readQuota: number;
  /** Writes per second allowed (0: no limit). */
  writeQuota: number;
}

/**
 * A user record block of a QUERY_USERS reply; unknown fields are skipped.
 * @example
 * ```ts
 * import type { AdminMessage } from "./admin.ts";
 * declare const block: AdminMessage;
 * const user = parseUserBlock(block);
 * ```
 */
export function parseUserBlock(block: AdminMessage): WireUser {
  const user: WireUser = { name: "", roles: [], readInfo: [], writeInfo: [], connsInUse: 0 };
  for (const f of block.fields) {
    if (f.id === AdminField.USER) user.name = decoder.decode(f.data);
    else if (f.id === AdminField.ROLES) user.roles = decodeRoles(f.data);
    else if (f.id === AdminField.READ_INFO) user.readInfo = decodeInfoList(f.data);
    else if (f.id === AdminField.WRITE_INFO) user.writeInfo = decodeInfoList(f.data);
    else if (f.id === AdminField.CONNECTIONS) user.connsInUse = decodeU32(f.data);
  }
  return user;
}

/**
 * A role record block of a QUERY_ROLES reply; unknown fields are skipped.
 * @example
 * ```ts
 * import type { AdminMessage } from "./admin.ts";
 * declare const block: AdminMessage;
 * const role = parseRoleBlock(block);
 * ```
 */
export function parseRoleBlock(block: AdminMessage): WireRole {
  const role: WireRole = { name: "", privileges: [], whitelist: [], readQuota: 0, writeQuota: 0 };
  for (const f of block.fields) {
    if (f.id === AdminField.ROLE) role.name = decoder.decode(f.data);
    else if (f.id === AdminField.PRIVILEGES) role.privileges = decodePrivileges(f.data);
    else if (f.id === AdminField.WHITELIST) role.whitelist = decodeWhitelist(f.data);
    else if (f.id === AdminField.READ_QUOTA) role.readQuota = decodeU32(f.data);
    else if (f.id === AdminField.WRITE_QUOTA) role.writeQuota = decodeU32(f.data);
  }
  return role;
}

/**
 * A string field (USER, ROLE, PASSWORD hash, ...).
 * @example
 * ```ts
 * import { AdminField } from "./admin.ts";
 * stringField(AdminField.USER, "bob");
 * ```
 */
export function stringField(id: number, value: string): AdminFieldData {
  return { id, data: encoder.encode(value) };
}
