/**
 * Admin (security) commands of a secured mock node, proto type 2: LOGIN and AUTHENTICATE, user
 * and role management, user and role queries (record blocks, then a QUERY_END block), with the
 * result codes a real Enterprise server answers. Plus `enforce()`, which refuses info and data
 * requests on connections that have not logged in (NOT_AUTHENTICATED) and data requests the
 * user's roles do not allow (ROLE_VIOLATION).
 * @module
 */
import {
  AdminCommand,
  AdminField,
  type AdminFieldData,
  type AdminMessage,
  decodeAdminMessage,
  encodeAdminMessage,
} from "../../src/wire/admin.ts";
import {
  decodePrivileges,
  decodeRoles,
  decodeU32,
  decodeWhitelist,
  encodeInfoList,
  encodePrivileges,
  encodeRoles,
  encodeU32Field,
  encodeWhitelist,
  FIRST_SCOPED_PRIVILEGE,
  PrivilegeCode,
  stringField,
  type WirePrivilege,
} from "../../src/wire/admin_fields.ts";
import { ResultCode } from "../../src/wire/result_code.ts";
import { decompressBody } from "../../src/wire/compress.ts";
import { FIELD_NAMESPACE, FIELD_SET, findField } from "../../src/wire/fields.ts";
import { decodeMessage, INFO2_WRITE } from "../../src/wire/message.ts";
import {
  frame,
  PROTO_HEADER_SIZE,
  PROTO_TYPE_ADMIN,
  PROTO_TYPE_COMPRESSED,
  PROTO_TYPE_INFO,
  WireFormatError,
} from "../../src/wire/proto.ts";
import {
  type ConnAuthState,
  type MockRole,
  type Permission,
  PREDEFINED_ROLES,
  type SecurityStore,
} from "../security.ts";
import { lastFrame } from "./batch.ts";
import type { Prepared } from "./dispatch.ts";
import { isUdfRequest } from "./udf.ts";

const decoder = new TextDecoder();

/** A reply block with only a result code. */
export function adminReply(code: number, fields: AdminFieldData[] = []): Uint8Array {
  return encodeAdminMessage({ command: 0, resultCode: code, fields });
}

/** Thrown inside a handler to answer a result code. */
class Refusal {
  readonly code: number;
  constructor(code: number) {
    this.code = code;
  }
}

function field(msg: AdminMessage, id: number): Uint8Array | undefined {
  return msg.fields.find((f) => f.id === id)?.data;
}

function text(msg: AdminMessage, id: number): string {
  const data = field(msg, id);
  if (data === undefined) throw new Refusal(ResultCode.PARAMETER_ERROR);
  return decoder.decode(data);
}

function privileges(msg: AdminMessage): WirePrivilege[] {
  const data = field(msg, AdminField.PRIVILEGES);
  if (data === undefined) return [];
  const list = decodePrivileges(data);
  for (const p of list) {
    const known = Object.values(PrivilegeCode).includes(p.code as never);
    const scoped = p.code >= FIRST_SCOPED_PRIVILEGE;
    if (!known || (!scoped && (p.ns !== "" || p.set !== ""))) throw new Refusal(ResultCode.INVALID_PRIVILEGE);
  }
  return list;
}

function samePrivilege(a: WirePrivilege, b: WirePrivilege): boolean {
  return a.code === b.code && a.ns === b.ns && a.set === b.set;
}

function userBlock(sec: SecurityStore, name: string): Uint8Array {
  const u = sec.users.get(name)!;
  return adminReply(ResultCode.OK, [
    stringField(AdminField.USER, name),
    encodeRoles(u.roles),
    encodeInfoList(AdminField.READ_INFO, [0, 0, 0, 0]),
    encodeInfoList(AdminField.WRITE_INFO, [0, 0, 0]),
    encodeU32Field(AdminField.CONNECTIONS, sec.connectionsOf(name)),
  ]);
}

function roleBlock(name: string, role: MockRole): Uint8Array {
  const fields = [stringField(AdminField.ROLE, name), encodePrivileges(role.privileges)];
  if (role.whitelist.length > 0) fields.push(encodeWhitelist(role.whitelist));
  fields.push(encodeU32Field(AdminField.READ_QUOTA, role.readQuota));
  fields.push(encodeU32Field(AdminField.WRITE_QUOTA, role.writeQuota));
  return adminReply(ResultCode.OK, fields);
}

function predefined(code: number): MockRole {
  return { privileges: [{ code, ns: "", set: "" }], whitelist: [], readQuota: 0, writeQuota: 0 };
}

/** The record blocks in one frame, then a frame with the QUERY_END block, as a server streams them. */
function records(blocks: Uint8Array[]): Uint8Array {
  const bodies = blocks.map((b) => b.subarray(PROTO_HEADER_SIZE));
  const body = new Uint8Array(bodies.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of bodies) {
    body.set(b, at);
    at += b.length;
  }
  const first = frame(PROTO_TYPE_ADMIN, body);
  const end = adminReply(ResultCode.QUERY_END);
  const out = new Uint8Array(first.length + end.length);
  out.set(first);
  out.set(end, first.length);
  return out;
}

function requireAdmin(sec: SecurityStore, state: ConnAuthState): void {
  if (!sec.hasGlobal(state.user!, PrivilegeCode.USER_ADMIN)) throw new Refusal(ResultCode.ROLE_VIOLATION);
}

function existingRole(sec: SecurityStore, name: string): MockRole {
  const role = sec.roles.get(name);
  if (role === undefined) throw new Refusal(ResultCode.INVALID_ROLE);
  return role;
}

function rolesOf(sec: SecurityStore, msg: AdminMessage): string[] {
  const data = field(msg, AdminField.ROLES);
  const roles = data === undefined ? [] : decodeRoles(data);
  if (roles.some((r) => !sec.hasRole(r))) throw new Refusal(ResultCode.INVALID_ROLE);
  return roles;
}

function existingUser(sec: SecurityStore, name: string): { hash: string; roles: string[] } {
  const u = sec.users.get(name);
  if (u === undefined) throw new Refusal(ResultCode.INVALID_USER);
  return u;
}

function login(sec: SecurityStore, state: ConnAuthState, msg: AdminMessage): Uint8Array {
  const user = field(msg, AdminField.USER);
  const credential = field(msg, AdminField.CREDENTIAL);
  // PKI (no user) needs a client certificate the mock does not check: refused like a bad login.
  if (user === undefined || credential === undefined) throw new Refusal(ResultCode.INVALID_CREDENTIAL);
  const token = sec.login(state, decoder.decode(user), decoder.decode(credential));
  if (typeof token === "number") throw new Refusal(token);
  return adminReply(ResultCode.OK, [
    { id: AdminField.SESSION_TOKEN, data: token },
    encodeU32Field(AdminField.SESSION_TTL, sec.sessionTtlMs / 1000),
  ]);
}

function authenticate(sec: SecurityStore, state: ConnAuthState, msg: AdminMessage): Uint8Array {
  const token = field(msg, AdminField.SESSION_TOKEN);
  if (token === undefined) throw new Refusal(ResultCode.INVALID_CREDENTIAL);
  const user = field(msg, AdminField.USER);
  const code = sec.authenticate(state, user === undefined ? undefined : decoder.decode(user), token);
  if (code !== ResultCode.OK) throw new Refusal(code);
  return adminReply(ResultCode.OK);
}

/** Runs one command for an authenticated connection. */
function command(sec: SecurityStore, state: ConnAuthState, msg: AdminMessage): Uint8Array {
  const self = state.user!;
  switch (msg.command) {
    case AdminCommand.CHANGE_PASSWORD: {
      const name = text(msg, AdminField.USER);
      const u = existingUser(sec, name);
      if (name !== self) requireAdmin(sec, state);
      else if (text(msg, AdminField.OLD_PASSWORD) !== u.hash) throw new Refusal(ResultCode.INVALID_PASSWORD);
      u.hash = text(msg, AdminField.PASSWORD);
      sec.endSessions(name);
      return adminReply(ResultCode.OK);
    }
    case AdminCommand.QUERY_USERS: {
      const data = field(msg, AdminField.USER);
      if (data !== undefined && decoder.decode(data) === self) return records([userBlock(sec, self)]);
      requireAdmin(sec, state);
      if (data === undefined) return records([...sec.users.keys()].sort().map((n) => userBlock(sec, n)));
      existingUser(sec, decoder.decode(data));
      return records([userBlock(sec, decoder.decode(data))]);
    }
  }
  requireAdmin(sec, state);
  switch (msg.command) {
    case AdminCommand.CREATE_USER: {
      const name = text(msg, AdminField.USER);
      if (sec.users.has(name)) throw new Refusal(ResultCode.USER_ALREADY_EXISTS);
      const hash = text(msg, AdminField.PASSWORD);
      sec.users.set(name, { hash, roles: rolesOf(sec, msg) });
      break;
    }
    case AdminCommand.DROP_USER: {
      const name = text(msg, AdminField.USER);
      existingUser(sec, name);
      sec.users.delete(name);
      sec.endSessions(name);
      break;
    }
    case AdminCommand.SET_PASSWORD: {
      const name = text(msg, AdminField.USER);
      existingUser(sec, name).hash = text(msg, AdminField.PASSWORD);
      sec.endSessions(name);
      break;
    }
    case AdminCommand.GRANT_ROLES: {
      const u = existingUser(sec, text(msg, AdminField.USER));
      for (const r of rolesOf(sec, msg)) if (!u.roles.includes(r)) u.roles.push(r);
      break;
    }
    case AdminCommand.REVOKE_ROLES: {
      const u = existingUser(sec, text(msg, AdminField.USER));
      const drop = rolesOf(sec, msg);
      u.roles = u.roles.filter((r) => !drop.includes(r));
      break;
    }
    case AdminCommand.CREATE_ROLE: {
      const name = text(msg, AdminField.ROLE);
      if (sec.hasRole(name)) throw new Refusal(ResultCode.ROLE_ALREADY_EXISTS);
      const wl = field(msg, AdminField.WHITELIST);
      const rq = field(msg, AdminField.READ_QUOTA);
      const wq = field(msg, AdminField.WRITE_QUOTA);
      sec.roles.set(name, {
        privileges: privileges(msg),
        whitelist: wl === undefined ? [] : decodeWhitelist(wl),
        readQuota: rq === undefined ? 0 : decodeU32(rq),
        writeQuota: wq === undefined ? 0 : decodeU32(wq),
      });
      break;
    }
    case AdminCommand.DROP_ROLE: {
      const name = text(msg, AdminField.ROLE);
      existingRole(sec, name);
      sec.roles.delete(name);
      for (const u of sec.users.values()) u.roles = u.roles.filter((r) => r !== name);
      break;
    }
    case AdminCommand.GRANT_PRIVILEGES: {
      const role = existingRole(sec, text(msg, AdminField.ROLE));
      for (const p of privileges(msg)) {
        if (!role.privileges.some((q) => samePrivilege(p, q))) role.privileges.push(p);
      }
      break;
    }
    case AdminCommand.REVOKE_PRIVILEGES: {
      const role = existingRole(sec, text(msg, AdminField.ROLE));
      const drop = privileges(msg);
      role.privileges = role.privileges.filter((p) => !drop.some((q) => samePrivilege(p, q)));
      break;
    }
    case AdminCommand.SET_WHITELIST: {
      const role = existingRole(sec, text(msg, AdminField.ROLE));
      const wl = field(msg, AdminField.WHITELIST);
      role.whitelist = wl === undefined ? [] : decodeWhitelist(wl);
      break;
    }
    case AdminCommand.SET_QUOTAS: {
      const role = existingRole(sec, text(msg, AdminField.ROLE));
      const rq = field(msg, AdminField.READ_QUOTA);
      const wq = field(msg, AdminField.WRITE_QUOTA);
      if (rq !== undefined) role.readQuota = decodeU32(rq);
      if (wq !== undefined) role.writeQuota = decodeU32(wq);
      break;
    }
    case AdminCommand.QUERY_ROLES: {
      const data = field(msg, AdminField.ROLE);
      if (data !== undefined) {
        const name = decoder.decode(data);
        const code = PREDEFINED_ROLES.get(name);
        return records([roleBlock(name, code !== undefined ? predefined(code) : existingRole(sec, name))]);
      }
      const blocks = [...PREDEFINED_ROLES].map(([n, code]) => roleBlock(n, predefined(code)));
      for (const [n, r] of [...sec.roles].sort(([a], [b]) => a < b ? -1 : 1)) blocks.push(roleBlock(n, r));
      return records(blocks);
    }
    default:
      throw new Refusal(ResultCode.PARAMETER_ERROR);
  }
  return adminReply(ResultCode.OK);
}

/**
 * Answers one admin request frame body. Without security every command answers
 * SECURITY_NOT_SUPPORTED (51), as a Community Edition 8.1 server does (it has no security code),
 * or SECURITY_NOT_ENABLED (52), as an Enterprise server without security configured does; bytes
 * that are not an admin message answer PARAMETER_ERROR.
 * @example
 * ```ts
 * import type { ConnAuthState, SecurityStore } from "../security.ts";
 * declare const security: SecurityStore, connState: ConnAuthState, body: Uint8Array;
 * const reply = handleAdmin(security, connState, body);
 * ```
 */
export function handleAdmin(
  sec: SecurityStore | undefined,
  state: ConnAuthState,
  body: Uint8Array,
  edition: "community" | "enterprise" = "community",
): Uint8Array {
  if (sec === undefined) {
    return adminReply(
      edition === "enterprise" ? ResultCode.SECURITY_NOT_ENABLED : ResultCode.SECURITY_NOT_SUPPORTED,
    );
  }
  let msg: AdminMessage;
  try {
    msg = decodeAdminMessage(body);
  } catch {
    return adminReply(ResultCode.PARAMETER_ERROR);
  }
  try {
    if (msg.command === AdminCommand.LOGIN) return login(sec, state, msg);
    if (msg.command === AdminCommand.AUTHENTICATE) return authenticate(sec, state, msg);
    if (state.user === undefined) return adminReply(ResultCode.NOT_AUTHENTICATED);
    return command(sec, state, msg);
  } catch (err) {
    if (err instanceof Refusal) {
      if (msg.command === AdminCommand.LOGIN || msg.command === AdminCommand.AUTHENTICATE) sec.noteRefused();
      return adminReply(err.code);
    }
    if (err instanceof WireFormatError || err instanceof RangeError) {
      return adminReply(ResultCode.PARAMETER_ERROR);
    }
    throw err;
  }
}

/** The namespace, set and permission a data request needs, or undefined when it cannot be read. */
function scopeOf(type: number, body: Uint8Array): { ns: string; set: string; need: Permission } | undefined {
  try {
    const inner = type === PROTO_TYPE_COMPRESSED ? decompressBody(body).subarray(PROTO_HEADER_SIZE) : body;
    const msg = decodeMessage(inner).message;
    const ns = findField(msg.fields, FIELD_NAMESPACE);
    const set = findField(msg.fields, FIELD_SET);
    const need: Permission = isUdfRequest(msg.fields)
      ? "udf"
      : (msg.info2 & INFO2_WRITE) !== 0
      ? "write"
      : "read";
    return {
      ns: ns === undefined ? "" : decoder.decode(ns.data),
      set: set === undefined ? "" : decoder.decode(set.data),
      need,
    };
  } catch {
    return undefined; // the command's own handler refuses it
  }
}

function refuse(p: Prepared, reply: Uint8Array): Prepared {
  return { kind: p.kind, run: () => reply, fail: p.fail, timeoutMs: p.timeoutMs };
}

/**
 * Security in front of the info and message handlers of a secured node: a connection that has
 * not logged in gets NOT_AUTHENTICATED (info: the one line `ERROR:80:not authenticated`, as the
 * official clients expect), a data request the user's roles do not allow gets ROLE_VIOLATION.
 * Info commands are open to any logged-in user.
 * @example
 * ```ts
 * import type { ConnAuthState, SecurityStore } from "../security.ts";
 * import type { Prepared } from "./dispatch.ts";
 * declare const security: SecurityStore, connState: ConnAuthState, type: number, body: Uint8Array;
 * declare const prepared: Prepared;
 * const guarded = enforce(security, connState, type, body, prepared);
 * ```
 */
export function enforce(
  sec: SecurityStore,
  state: ConnAuthState,
  type: number,
  body: Uint8Array,
  p: Prepared,
): Prepared {
  if (state.user === undefined) {
    return refuse(
      p,
      type === PROTO_TYPE_INFO
        ? frame(PROTO_TYPE_INFO, new TextEncoder().encode("ERROR:80:not authenticated\n"))
        : lastFrame(ResultCode.NOT_AUTHENTICATED),
    );
  }
  if (type === PROTO_TYPE_INFO) return p;
  const scope = scopeOf(type, body);
  if (scope === undefined || sec.may(state.user, scope.need, scope.ns, scope.set)) return p;
  return refuse(p, lastFrame(ResultCode.ROLE_VIOLATION));
}
