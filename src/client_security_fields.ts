/**
 * The public types of user and role administration, and the checks and conversions between them
 * and the admin protocol's fields: argument validation (a TypeError or RangeError before any I/O)
 * and privilege names to and from the server's codes.
 * @module
 */
import { PrivilegeCode, type WirePrivilege } from "./wire/admin_fields.ts";

/** Privilege names, as the server and `asadm` spell them. */
export type PrivilegeName =
  | "user-admin"
  | "sys-admin"
  | "data-admin"
  | "udf-admin"
  | "sindex-admin"
  | "read"
  | "read-write"
  | "read-write-udf"
  | "write"
  | "truncate";

/** A privilege of a role; data privileges (read, write, ...) may be scoped to a namespace and set. */
export interface Privilege {
  /** What it allows. */
  code: PrivilegeName;
  /** Namespace it is limited to (data privileges only). @default undefined (all namespaces) */
  ns?: string;
  /** Set it is limited to (needs `ns`). @default undefined (all sets) */
  set?: string;
}

/** A user as `queryUser()` reports it. */
export interface User {
  /** User name. */
  name: string;
  /** Its roles. */
  roles: string[];
  /** Read statistics the server keeps for the user (quota, tps, rps, rps limit...). */
  readInfo: number[];
  /** Write statistics. */
  writeInfo: number[];
  /** Connections open as this user on the node asked. */
  connsInUse: number;
}

/** A role as `queryRole()` reports it. */
export interface Role {
  /** Role name. */
  name: string;
  /** Its privileges. */
  privileges: Privilege[];
  /** Client addresses allowed to use it (empty: any). */
  whitelist: string[];
  /** Reads per second allowed (0: no limit). */
  readQuota: number;
  /** Writes per second allowed (0: no limit). */
  writeQuota: number;
}

/** Options of every admin command. */
export interface AdminPolicy {
  /** Budget for the exchange, ms. @default the client's info timeout (1000) */
  timeout?: number;
}

/** Options of `createRole()`. */
export interface RoleOptions extends AdminPolicy {
  /** Client addresses allowed to use the role. @default [] (any) */
  whitelist?: string[];
  /** Reads per second allowed. @default 0 (no limit) */
  readQuota?: number;
  /** Writes per second allowed. @default 0 (no limit) */
  writeQuota?: number;
}

const CODES: Record<PrivilegeName, number> = {
  "user-admin": PrivilegeCode.USER_ADMIN,
  "sys-admin": PrivilegeCode.SYS_ADMIN,
  "data-admin": PrivilegeCode.DATA_ADMIN,
  "udf-admin": PrivilegeCode.UDF_ADMIN,
  "sindex-admin": PrivilegeCode.SINDEX_ADMIN,
  "read": PrivilegeCode.READ,
  "read-write": PrivilegeCode.READ_WRITE,
  "read-write-udf": PrivilegeCode.READ_WRITE_UDF,
  "write": PrivilegeCode.WRITE,
  "truncate": PrivilegeCode.TRUNCATE,
};
const NAMES = new Map<number, PrivilegeName>(Object.entries(CODES).map(([n, c]) => [c, n as PrivilegeName]));

/** A non-empty string argument (a user, role or address). */
export function name(what: string, v: unknown): string {
  if (typeof v !== "string" || v.length === 0) throw new TypeError(`${what} must be a non-empty string`);
  return v;
}

/** An array of non-empty strings. */
export function names(what: string, v: unknown): string[] {
  if (!Array.isArray(v)) throw new TypeError(`${what} must be an array of strings`);
  return v.map((s) => name(`each of ${what}`, s));
}

/** A password (any string, the empty one included). */
export function password(v: unknown): string {
  if (typeof v !== "string") throw new TypeError("password must be a string");
  return v;
}

/** A quota: an unsigned 32-bit integer; a missing one is 0 (no limit). */
export function quota(what: string, v: unknown): number {
  if (v === undefined) return 0;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > 0xffffffff) {
    throw new RangeError(`${what} must be an integer from 0 to 2^32-1`);
  }
  return v;
}

/** Converts and checks privileges (a scope on a global privilege is a TypeError). */
export function toWire(privileges: unknown): WirePrivilege[] {
  if (!Array.isArray(privileges)) throw new TypeError("privileges must be an array of { code, ns?, set? }");
  return privileges.map((p: Privilege) => {
    const code = p !== null && typeof p === "object" ? CODES[p.code] : undefined;
    if (code === undefined) throw new TypeError(`unknown privilege ${JSON.stringify(p?.code ?? p)}`);
    const ns = p.ns ?? "";
    const set = p.set ?? "";
    if (typeof ns !== "string" || typeof set !== "string") {
      throw new TypeError("privilege ns and set must be strings");
    }
    if (code < PrivilegeCode.READ && (ns !== "" || set !== "")) {
      throw new TypeError(`privilege ${p.code} is global: it takes no ns or set`);
    }
    if (set !== "" && ns === "") throw new TypeError(`privilege ${p.code} scoped to a set needs its ns`);
    return { code, ns, set };
  });
}

/** A privilege as the server sent it, named (an unknown code keeps its number). */
export function fromWire(p: WirePrivilege): Privilege {
  const out: Privilege = { code: NAMES.get(p.code) ?? (String(p.code) as PrivilegeName) };
  if (p.ns !== "") out.ns = p.ns;
  if (p.set !== "") out.set = p.set;
  return out;
}
