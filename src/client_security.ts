/**
 * User and role administration of `Client` (Enterprise servers with security on): each command is
 * one admin request (proto type 2) on an authenticated pooled connection of one node; the server
 * spreads the change to the whole cluster. Passwords are sent as their bcrypt hash only. A server
 * without security configured answers SECURITY_NOT_ENABLED (52), Community Edition
 * SECURITY_NOT_SUPPORTED (51). The public types and the argument checks
 * live in client_security_fields.ts.
 * @module
 */
import type { Credentials } from "./auth/credentials.ts";
import { hashPassword } from "./auth/credentials.ts";
import type { ClusterNode } from "./cluster/node.ts";
import { AerospikeError, ProtocolError, ServerError, TimeoutError } from "./errors.ts";
import {
  AdminCommand,
  AdminField,
  type AdminFieldData,
  type AdminMessage,
  decodeAdminMessages,
  encodeAdminRequest,
} from "./wire/admin.ts";
import {
  encodePrivileges,
  encodeRoles,
  encodeU32Field,
  encodeWhitelist,
  parseRoleBlock,
  parseUserBlock,
  stringField,
} from "./wire/admin_fields.ts";
import { PROTO_TYPE_ADMIN, WireFormatError } from "./wire/proto.ts";
import { ResultCode } from "./wire/result_code.ts";
import {
  type AdminPolicy,
  fromWire,
  name,
  names,
  password,
  type Privilege,
  quota,
  type Role,
  type RoleOptions,
  toWire,
  type User,
} from "./client_security_fields.ts";

export type {
  AdminPolicy,
  Privilege,
  PrivilegeName,
  Role,
  RoleOptions,
  User,
} from "./client_security_fields.ts";

/** What the admin functions need from the client. */
export interface SecurityContext {
  /** A node to send to (any active one). */
  pickNode(): ClusterNode | undefined;
  /** The client's own credentials, when it logged in. */
  credentials: Credentials | undefined;
  /** Default budget, ms. */
  timeoutMs: number;
}

/** Why an admin command failed: the server's code, and for 51 and 52 what they mean. */
function refused(code: number, command: string, node: string): AerospikeError {
  const detail = code === ResultCode.SECURITY_NOT_ENABLED
    ? "security is not enabled on the server (no security configured)"
    : code === ResultCode.SECURITY_NOT_SUPPORTED
    ? "the server has no security support (Community Edition)"
    : new AerospikeError(code).detail;
  return new ServerError(code, `${command}: ${detail}`, { node });
}

/**
 * Sends one admin request to a node and collects the reply blocks: one for plain commands;
 * for queries, record blocks over one or more frames until QUERY_END.
 */
async function exchange(
  ctx: SecurityContext,
  command: string,
  request: Uint8Array,
  policy: AdminPolicy | undefined,
  query: boolean,
): Promise<AdminMessage[]> {
  const timeoutMs = policy?.timeout ?? ctx.timeoutMs;
  if (typeof timeoutMs !== "number" || !(timeoutMs > 0)) {
    throw new RangeError("timeout must be a positive number");
  }
  const node = ctx.pickNode();
  if (node === undefined) {
    throw new AerospikeError(ResultCode.INVALID_NODE_ERROR, `${command}: no node available`);
  }
  const end = Date.now() + timeoutMs;
  const conn = await node.pool.acquireWithin(timeoutMs, command); // waits at maxConnsPerNode
  const timer = setTimeout(
    () => conn.fail(new TimeoutError(`${command} got no answer within ${timeoutMs} ms`, { node: node.name })),
    Math.max(1, end - Date.now()),
  );
  let reusable = false;
  try {
    conn.send(request);
    const records: AdminMessage[] = [];
    for (;;) {
      const frame = await conn.readFrame();
      if (frame.type !== PROTO_TYPE_ADMIN) {
        throw new ProtocolError(`admin reply has proto type ${frame.type}`);
      }
      const blocks = decodeAdminMessages(frame.body);
      if (blocks.length === 0) throw new ProtocolError(`${command}: empty admin reply`);
      for (const b of blocks) {
        if (query && b.resultCode === ResultCode.OK) {
          records.push(b);
          continue;
        }
        reusable = true; // the reply is complete: the connection is clean
        if (b.resultCode === ResultCode.OK || (query && b.resultCode === ResultCode.QUERY_END)) {
          return records;
        }
        throw refused(b.resultCode, command, node.name);
      }
      if (!query) throw new ProtocolError(`${command}: reply without a result`);
    }
  } catch (err) {
    if (err instanceof WireFormatError) throw new ProtocolError(err.message, { node: node.name, cause: err });
    if (err instanceof AerospikeError) throw err.annotate({ node: node.name });
    throw err;
  } finally {
    clearTimeout(timer);
    node.pool.release(conn, reusable && !conn.closed);
  }
}

async function simple(
  ctx: SecurityContext,
  command: string,
  id: number,
  fields: AdminFieldData[],
  policy?: AdminPolicy,
): Promise<void> {
  await exchange(ctx, command, encodeAdminRequest(id, fields), policy, false);
}

/** CREATE_USER. */
export async function createUser(
  ctx: SecurityContext,
  user: string,
  pw: string,
  roles: readonly string[],
  policy?: AdminPolicy,
): Promise<void> {
  const fields = [stringField(AdminField.USER, name("user", user))];
  const roleList = names("roles", roles);
  fields.push(stringField(AdminField.PASSWORD, await hashPassword(password(pw))), encodeRoles(roleList));
  await simple(ctx, "createUser", AdminCommand.CREATE_USER, fields, policy);
}

/** DROP_USER. */
export async function dropUser(ctx: SecurityContext, user: string, policy?: AdminPolicy): Promise<void> {
  await simple(
    ctx,
    "dropUser",
    AdminCommand.DROP_USER,
    [stringField(AdminField.USER, name("user", user))],
    policy,
  );
}

/** CHANGE_PASSWORD of the client's own user (old hash included); later logins use the new one. */
export async function changePassword(ctx: SecurityContext, pw: string, policy?: AdminPolicy): Promise<void> {
  const creds = ctx.credentials;
  const old = creds?.passwordHash();
  if (creds === undefined || creds.user === undefined || old === undefined) {
    throw new TypeError(
      "changePassword() needs a client connected with user and password; use setPassword()",
    );
  }
  const hash = await hashPassword(password(pw));
  await simple(ctx, "changePassword", AdminCommand.CHANGE_PASSWORD, [
    stringField(AdminField.USER, creds.user),
    stringField(AdminField.OLD_PASSWORD, old),
    stringField(AdminField.PASSWORD, hash),
  ], policy);
  creds.adoptPassword(hash, pw);
}

/** SET_PASSWORD (user admin); for the client's own user, later logins use the new one. */
export async function setPassword(
  ctx: SecurityContext,
  user: string,
  pw: string,
  policy?: AdminPolicy,
): Promise<void> {
  name("user", user);
  const hash = await hashPassword(password(pw));
  await simple(ctx, "setPassword", AdminCommand.SET_PASSWORD, [
    stringField(AdminField.USER, user),
    stringField(AdminField.PASSWORD, hash),
  ], policy);
  if (ctx.credentials?.user === user) ctx.credentials.adoptPassword(hash, pw);
}

/** GRANT_ROLES or REVOKE_ROLES. */
export async function changeRoles(
  ctx: SecurityContext,
  grant: boolean,
  user: string,
  roles: readonly string[],
  policy?: AdminPolicy,
): Promise<void> {
  const fields = [stringField(AdminField.USER, name("user", user)), encodeRoles(names("roles", roles))];
  const id = grant ? AdminCommand.GRANT_ROLES : AdminCommand.REVOKE_ROLES;
  await simple(ctx, grant ? "grantRoles" : "revokeRoles", id, fields, policy);
}

/** QUERY_USERS for one user (null when the server lists none) or all. */
export async function queryUsers(ctx: SecurityContext, user?: string, policy?: AdminPolicy): Promise<User[]> {
  const fields = user === undefined ? [] : [stringField(AdminField.USER, name("user", user))];
  const command = user === undefined ? "queryUsers" : "queryUser";
  const blocks = await exchange(
    ctx,
    command,
    encodeAdminRequest(AdminCommand.QUERY_USERS, fields),
    policy,
    true,
  );
  return blocks.map(parseUserBlock).filter((u) => u.name !== "");
}

/** CREATE_ROLE. */
export async function createRole(
  ctx: SecurityContext,
  role: string,
  privileges: readonly Privilege[],
  options: RoleOptions = {},
): Promise<void> {
  const fields = [stringField(AdminField.ROLE, name("role", role))];
  const wire = toWire(privileges);
  if (wire.length > 0) fields.push(encodePrivileges(wire));
  const whitelist = names("whitelist", options.whitelist ?? []);
  if (whitelist.length > 0) fields.push(encodeWhitelist(whitelist));
  const read = quota("readQuota", options.readQuota);
  const write = quota("writeQuota", options.writeQuota);
  if (read > 0) fields.push(encodeU32Field(AdminField.READ_QUOTA, read));
  if (write > 0) fields.push(encodeU32Field(AdminField.WRITE_QUOTA, write));
  await simple(ctx, "createRole", AdminCommand.CREATE_ROLE, fields, options);
}

/** DROP_ROLE. */
export async function dropRole(ctx: SecurityContext, role: string, policy?: AdminPolicy): Promise<void> {
  await simple(
    ctx,
    "dropRole",
    AdminCommand.DROP_ROLE,
    [stringField(AdminField.ROLE, name("role", role))],
    policy,
  );
}

/** GRANT_PRIVILEGES or REVOKE_PRIVILEGES. */
export async function changePrivileges(
  ctx: SecurityContext,
  grant: boolean,
  role: string,
  privileges: readonly Privilege[],
  policy?: AdminPolicy,
): Promise<void> {
  const fields = [stringField(AdminField.ROLE, name("role", role)), encodePrivileges(toWire(privileges))];
  const id = grant ? AdminCommand.GRANT_PRIVILEGES : AdminCommand.REVOKE_PRIVILEGES;
  await simple(ctx, grant ? "grantPrivileges" : "revokePrivileges", id, fields, policy);
}

/** SET_WHITELIST (an empty list allows any address). */
export async function setWhitelist(
  ctx: SecurityContext,
  role: string,
  whitelist: readonly string[],
  policy?: AdminPolicy,
): Promise<void> {
  const fields = [stringField(AdminField.ROLE, name("role", role))];
  const list = names("whitelist", whitelist);
  if (list.length > 0) fields.push(encodeWhitelist(list));
  await simple(ctx, "setWhitelist", AdminCommand.SET_WHITELIST, fields, policy);
}

/** SET_QUOTAS: both quotas are sent; a missing one is 0 (no limit), as the official clients do. */
export async function setQuotas(
  ctx: SecurityContext,
  role: string,
  quotas: { readQuota?: number; writeQuota?: number } & AdminPolicy,
): Promise<void> {
  await simple(ctx, "setQuotas", AdminCommand.SET_QUOTAS, [
    stringField(AdminField.ROLE, name("role", role)),
    encodeU32Field(AdminField.READ_QUOTA, quota("readQuota", quotas?.readQuota)),
    encodeU32Field(AdminField.WRITE_QUOTA, quota("writeQuota", quotas?.writeQuota)),
  ], quotas);
}

/** QUERY_ROLES for one role or all. */
export async function queryRoles(ctx: SecurityContext, role?: string, policy?: AdminPolicy): Promise<Role[]> {
  const fields = role === undefined ? [] : [stringField(AdminField.ROLE, name("role", role))];
  const command = role === undefined ? "queryRoles" : "queryRole";
  const blocks = await exchange(
    ctx,
    command,
    encodeAdminRequest(AdminCommand.QUERY_ROLES, fields),
    policy,
    true,
  );
  return blocks.map(parseRoleBlock).filter((r) => r.name !== "").map((r) => ({
    name: r.name,
    privileges: r.privileges.map(fromWire),
    whitelist: r.whitelist,
    readQuota: r.readQuota,
    writeQuota: r.writeQuota,
  }));
}
