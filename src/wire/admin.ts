/**
 * Admin (security) messages, proto type 2: after the proto header a 16-byte admin header
 * (byte 1 result code in replies, byte 2 command, byte 3 field count, the rest zero), then each
 * field as `u32 size` (the id byte included), `u8 id`, data. Replies to user/role queries pack
 * several such blocks in one frame; `decodeAdminMessages` walks them.
 * @module
 */
import { frame, PROTO_TYPE_ADMIN, WireFormatError } from "./proto.ts";

/** Admin command ids (the server's names). */
export const AdminCommand = {
  AUTHENTICATE: 0,
  CREATE_USER: 1,
  DROP_USER: 2,
  SET_PASSWORD: 3,
  CHANGE_PASSWORD: 4,
  GRANT_ROLES: 5,
  REVOKE_ROLES: 6,
  QUERY_USERS: 9,
  CREATE_ROLE: 10,
  DROP_ROLE: 11,
  GRANT_PRIVILEGES: 12,
  REVOKE_PRIVILEGES: 13,
  SET_WHITELIST: 14,
  SET_QUOTAS: 15,
  QUERY_ROLES: 16,
  LOGIN: 20,
} as const;

/** Admin field ids (the server's names). */
export const AdminField = {
  USER: 0,
  PASSWORD: 1,
  OLD_PASSWORD: 2,
  CREDENTIAL: 3,
  CLEAR_PASSWORD: 4,
  SESSION_TOKEN: 5,
  SESSION_TTL: 6,
  ROLES: 10,
  ROLE: 11,
  PRIVILEGES: 12,
  WHITELIST: 13,
  READ_QUOTA: 14,
  WRITE_QUOTA: 15,
  READ_INFO: 16,
  WRITE_INFO: 17,
  CONNECTIONS: 18,
} as const;

/**
 * The fixed bcrypt salt every Aerospike client hashes passwords with before LOGIN and the user
 * admin commands send them (the CREDENTIAL/PASSWORD fields carry that hash, not the password).
 */
export const BCRYPT_SALT = "$2a$10$7EqJtq98hPqEX7fNZaFWoO";

/** Size of the admin header that follows the proto header. */
export const ADMIN_HEADER_SIZE = 16;
/** Size of a field header: u32 size + u8 id. */
const FIELD_HEADER_SIZE = 5;

/** One field of an admin message. */
export interface AdminFieldData {
  /** One of the `AdminField` ids. */
  id: number;
  /** The field's bytes. */
  data: Uint8Array;
}

/** A decoded admin message block. */
export interface AdminMessage {
  /** One of the `AdminCommand` ids (0 in most replies). */
  command: number;
  /** Result code; 0 in requests. QUERY_END (50) ends a multi-block reply. */
  resultCode: number;
  /** Fields in wire order. */
  fields: AdminFieldData[];
}

const encoder = new TextEncoder();

function checkByte(what: string, v: number): void {
  if (!Number.isInteger(v) || v < 0 || v > 255) {
    throw new RangeError(`admin ${what} ${v} does not fit in a byte`);
  }
}

/**
 * A whole type-2 frame carrying one admin block; `resultCode` is for the mock's replies.
 * @example
 * ```ts
 * encodeAdminMessage({ command: AdminCommand.LOGIN, resultCode: 0, fields: [] });
 * ```
 */
export function encodeAdminMessage(message: AdminMessage): Uint8Array {
  const { command, resultCode, fields } = message;
  checkByte("command", command);
  checkByte("result code", resultCode);
  checkByte("field count", fields.length);
  let size = ADMIN_HEADER_SIZE;
  for (const f of fields) {
    checkByte("field id", f.id);
    size += FIELD_HEADER_SIZE + f.data.length;
  }
  const body = new Uint8Array(size);
  body[1] = resultCode;
  body[2] = command;
  body[3] = fields.length;
  const view = new DataView(body.buffer);
  let at = ADMIN_HEADER_SIZE;
  for (const f of fields) {
    view.setUint32(at, f.data.length + 1); // the size counts the id byte
    body[at + 4] = f.id;
    body.set(f.data, at + FIELD_HEADER_SIZE);
    at += FIELD_HEADER_SIZE + f.data.length;
  }
  return frame(PROTO_TYPE_ADMIN, body);
}

/**
 * A whole type-2 request frame.
 * @example
 * ```ts
 * encodeAdminRequest(AdminCommand.DROP_USER, [{ id: AdminField.USER, data: new TextEncoder().encode("bob") }]);
 * ```
 */
export function encodeAdminRequest(command: number, fields: readonly AdminFieldData[]): Uint8Array {
  return encodeAdminMessage({ command, resultCode: 0, fields: [...fields] });
}

/** Decodes the block at `offset`; returns it and the offset after it. */
function decodeBlock(body: Uint8Array, offset: number): [AdminMessage, number] {
  if (body.length - offset < ADMIN_HEADER_SIZE) {
    throw new WireFormatError(`truncated admin header: ${body.length - offset} of 16 bytes`);
  }
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const resultCode = body[offset + 1];
  const command = body[offset + 2];
  const count = body[offset + 3];
  let at = offset + ADMIN_HEADER_SIZE;
  const fields: AdminFieldData[] = [];
  for (let i = 0; i < count; i++) {
    if (body.length - at < FIELD_HEADER_SIZE) throw new WireFormatError(`truncated admin field ${i} header`);
    const size = view.getUint32(at);
    if (size < 1) throw new WireFormatError(`admin field ${i} has size 0`);
    if (size - 1 > body.length - at - FIELD_HEADER_SIZE) {
      throw new WireFormatError(`admin field ${i} of ${size - 1} bytes overruns the message`);
    }
    const id = body[at + 4];
    const data = body.subarray(at + FIELD_HEADER_SIZE, at + FIELD_HEADER_SIZE + size - 1);
    fields.push({ id, data });
    at += FIELD_HEADER_SIZE + size - 1;
  }
  return [{ command, resultCode, fields }, at];
}

/**
 * Decodes a type-2 body holding exactly one block (requests, login and command replies).
 * Field data are views into `body`.
 * @example
 * ```ts
 * declare const body: Uint8Array;
 * const { resultCode, fields } = decodeAdminMessage(body);
 * ```
 */
export function decodeAdminMessage(body: Uint8Array): AdminMessage {
  const [msg, end] = decodeBlock(body, 0);
  if (end !== body.length) throw new WireFormatError(`${body.length - end} bytes after the admin message`);
  return msg;
}

/**
 * Decodes every block of a type-2 body (user/role query replies put several in one frame).
 * @example
 * ```ts
 * declare const body: Uint8Array;
 * for (const block of decodeAdminMessages(body)) if (block.resultCode === 50) break;
 * ```
 */
export function decodeAdminMessages(body: Uint8Array): AdminMessage[] {
  const out: AdminMessage[] = [];
  let at = 0;
  while (at < body.length) {
    const [msg, end] = decodeBlock(body, at);
    out.push(msg);
    at = end;
  }
  return out;
}

/** Options of `encodeLogin`. */
export interface LoginOptions {
  /**
   * The clear password, sent as CLEAR_PASSWORD for external (LDAP) authentication only.
   * @default undefined
   */
  clearPassword?: string;
}

/**
 * The LOGIN request: USER and CREDENTIAL (the bcrypt hash of the password, computed by the
 * caller), plus CLEAR_PASSWORD for external authentication.
 * @example
 * ```ts
 * import type { Conn } from "../transport/transport.ts";
 * declare const conn: Conn;
 * conn.write(encodeLogin("admin", "$2a$10$7EqJtq98hPqEX7fNZaFWoO..."));
 * ```
 */
export function encodeLogin(
  user: string,
  credential: string | Uint8Array,
  options: LoginOptions = {},
): Uint8Array {
  const fields: AdminFieldData[] = [
    { id: AdminField.USER, data: encoder.encode(user) },
    {
      id: AdminField.CREDENTIAL,
      data: typeof credential === "string" ? encoder.encode(credential) : credential,
    },
  ];
  if (options.clearPassword !== undefined) {
    fields.push({ id: AdminField.CLEAR_PASSWORD, data: encoder.encode(options.clearPassword) });
  }
  return encodeAdminRequest(AdminCommand.LOGIN, fields);
}

/**
 * The AUTHENTICATE request that opens a new connection with a session token from LOGIN. PKI
 * sessions (`user` undefined) send the token alone, as the official clients do.
 * @example
 * ```ts
 * import type { Conn } from "../transport/transport.ts";
 * declare const conn: Conn, session: { token: Uint8Array };
 * conn.write(encodeAuthenticate("admin", session.token));
 * ```
 */
export function encodeAuthenticate(user: string | undefined, sessionToken: Uint8Array): Uint8Array {
  const fields: AdminFieldData[] = [];
  if (user !== undefined) fields.push({ id: AdminField.USER, data: encoder.encode(user) });
  fields.push({ id: AdminField.SESSION_TOKEN, data: sessionToken });
  return encodeAdminRequest(AdminCommand.AUTHENTICATE, fields);
}

/** What a successful LOGIN reply carries. */
export interface LoginSession {
  /** Token for AUTHENTICATE on further connections; undefined if the server sent none. */
  token?: Uint8Array;
  /** Session lifetime in seconds, if the server sent one. */
  ttlSeconds?: number;
}

/**
 * Reads the session fields of a LOGIN reply (check `resultCode` first).
 * @example
 * ```ts
 * declare const body: Uint8Array;
 * const { token, ttlSeconds } = loginSession(decodeAdminMessage(body));
 * ```
 */
export function loginSession(reply: AdminMessage): LoginSession {
  const out: LoginSession = {};
  for (const f of reply.fields) {
    if (f.id === AdminField.SESSION_TOKEN) out.token = f.data;
    else if (f.id === AdminField.SESSION_TTL) {
      if (f.data.length !== 4) throw new WireFormatError(`SESSION_TTL of ${f.data.length} bytes, expected 4`);
      out.ttlSeconds = new DataView(f.data.buffer, f.data.byteOffset, 4).getUint32(0);
    }
  }
  return out;
}
