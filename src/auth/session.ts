/**
 * Login sessions, one per node as the official clients keep them. The first connection to a node
 * sends LOGIN (user + password hash) and gets a session token with its TTL; every later
 * connection sends AUTHENTICATE with the token instead. The token is renewed by a new LOGIN:
 * at tend time once it is within `refreshMarginMs` of expiry (no timer per session), and at
 * connection open when the server answers EXPIRED_SESSION, INVALID_CREDENTIAL or
 * NOT_AUTHENTICATED to the token. An Enterprise server without security answers
 * SECURITY_NOT_ENABLED (52): the node then needs no authentication at all. Community Edition
 * answers SECURITY_NOT_SUPPORTED (51): the login fails, as with the official clients.
 * @module
 */
import { AerospikeError, ProtocolError, ServerError, TimeoutError } from "../errors.ts";
import type { Connection } from "../net/connection.ts";
import { type AdminMessage, decodeAdminMessage, loginSession } from "../wire/admin.ts";
import { PROTO_TYPE_ADMIN, WireFormatError } from "../wire/proto.ts";
import { ResultCode } from "../wire/result_code.ts";
import type { Credentials } from "./credentials.ts";

/** Answers to AUTHENTICATE after which a fresh LOGIN is worth trying. */
const RELOGIN: ReadonlySet<number> = new Set<number>([
  ResultCode.EXPIRED_SESSION,
  ResultCode.INVALID_CREDENTIAL,
  ResultCode.NOT_AUTHENTICATED,
]);

/** Result codes that mean "who you are was refused": reported as they are, never retried elsewhere. */
const AUTH_FAILURES: ReadonlySet<number> = new Set<number>([
  ResultCode.SECURITY_NOT_SUPPORTED,
  ResultCode.SECURITY_SCHEME_NOT_SUPPORTED,
  ResultCode.INVALID_USER,
  ResultCode.INVALID_PASSWORD,
  ResultCode.EXPIRED_PASSWORD,
  ResultCode.FORBIDDEN_PASSWORD,
  ResultCode.INVALID_CREDENTIAL,
  ResultCode.EXPIRED_SESSION,
  ResultCode.NOT_AUTHENTICATED,
  ResultCode.ROLE_VIOLATION,
  ResultCode.NOT_WHITELISTED,
  ResultCode.LDAP_AUTHENTICATION,
]);

/**
 * Whether `code` is a refused authentication (wrong password, unknown user, not whitelisted...).
 * @example
 * ```ts
 * import { ResultCode } from "@aerolite/client";
 * isAuthFailure(ResultCode.INVALID_CREDENTIAL); // true
 * ```
 */
export function isAuthFailure(code: number): boolean {
  return AUTH_FAILURES.has(code);
}

/**
 * Seconds of a session the client relies on: the server's TTL less a minute (as the official
 * clients do, so the client renews before the server expires it), or half of a short TTL.
 */
function usableSeconds(ttl: number): number {
  return ttl > 120 ? ttl - 60 : ttl / 2;
}

/** Sends one admin request on `conn` and decodes the one-block reply, within `timeoutMs`. */
export async function adminExchange(
  conn: Connection<unknown>,
  request: Uint8Array,
  timeoutMs: number,
): Promise<AdminMessage> {
  const timer = setTimeout(
    () => conn.fail(new TimeoutError(`admin request got no answer within ${timeoutMs} ms`)),
    timeoutMs,
  );
  try {
    const reply = await conn.request(request);
    if (reply.type !== PROTO_TYPE_ADMIN) throw new ProtocolError(`admin reply has proto type ${reply.type}`);
    return decodeAdminMessage(reply.body);
  } catch (err) {
    if (err instanceof WireFormatError) throw new ProtocolError(err.message, { cause: err });
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/** Settings of an `Authenticator`. */
export interface AuthenticatorOptions {
  /** Budget of one LOGIN or AUTHENTICATE exchange, ms. @default 1000 */
  timeoutMs?: number;
  /** Renew a session this long before the client-side expiry (the tend interval), ms. @default 1000 */
  refreshMarginMs?: number;
  /** Clock in ms, for tests. @default Date.now */
  now?: () => number;
}

/**
 * The cluster-wide half of authentication: the credentials and the settings; hands out one
 * `NodeSession` per node.
 * @example
 * ```ts
 * import type { Connection } from "../net/connection.ts";
 * import type { Credentials } from "./credentials.ts";
 * declare const creds: Credentials, conn: Connection;
 * const auth = new Authenticator(creds, { timeoutMs: 1000 });
 * const session = auth.forNode();
 * await session.open(conn);
 * ```
 */
export class Authenticator {
  #creds: Credentials;
  #timeoutMs: number;
  #marginMs: number;
  #now: () => number;

  /**
   * @param creds what to log in with
   * @param options exchange budget, renewal margin and clock
   */
  constructor(creds: Credentials, options: AuthenticatorOptions = {}) {
    this.#creds = creds;
    this.#timeoutMs = options.timeoutMs ?? 1000;
    this.#marginMs = options.refreshMarginMs ?? 1000;
    this.#now = options.now ?? Date.now;
  }

  /** The credentials (the admin API changes the password through them). */
  get credentials(): Credentials {
    return this.#creds;
  }

  /** A new session for one node; nothing is sent until `open()`. */
  forNode(): NodeSession {
    return new NodeSession(this.#creds, this.#timeoutMs, this.#marginMs, this.#now);
  }

  /** Never the secrets. */
  toJSON(): { user?: string; authMode: string } {
    return this.#creds.toJSON();
  }
}

/**
 * The login session with one node. Holds the token privately; counts nothing secret.
 * @example
 * ```ts
 * import type { Connection } from "../net/connection.ts";
 * declare const session: NodeSession, conn: Connection, tendConn: Connection;
 * await session.open(conn);           // on every new connection
 * await session.refresh(tendConn);    // on every tend: renews a session about to expire
 * ```
 */
export class NodeSession {
  #creds: Credentials;
  #timeoutMs: number;
  #marginMs: number;
  #now: () => number;
  #token: Uint8Array | undefined;
  // Client-clock time the token stops being used; Infinity when the server sent no TTL.
  #expiresAt = 0;
  #securityOff = false;

  /** Created by `Authenticator.forNode()`. */
  constructor(creds: Credentials, timeoutMs: number, marginMs: number, now: () => number) {
    this.#creds = creds;
    this.#timeoutMs = timeoutMs;
    this.#marginMs = marginMs;
    this.#now = now;
  }

  /** Whether a session token is held and not yet past its client-side expiry. */
  get hasToken(): boolean {
    return this.#token !== undefined && this.#now() < this.#expiresAt;
  }

  /** True once the node answered SECURITY_NOT_ENABLED: its connections need no authentication. */
  get securityOff(): boolean {
    return this.#securityOff;
  }

  /**
   * Authenticates a new connection: AUTHENTICATE with the token while it is valid (LOGIN again
   * when the server refuses it), else LOGIN. Rejects with the server's code; the caller closes
   * the connection then.
   */
  async open(conn: Connection<unknown>): Promise<void> {
    if (this.#securityOff) return;
    const token = this.#token;
    if (token !== undefined && this.#now() < this.#expiresAt) {
      const reply = await adminExchange(conn, this.#creds.authenticateFrame(token), this.#timeoutMs);
      const code = reply.resultCode;
      if (code === ResultCode.OK || code === ResultCode.SECURITY_NOT_ENABLED) return;
      if (!RELOGIN.has(code)) throw authError(code, "authentication with the session token failed");
      if (this.#token === token) this.#token = undefined;
    }
    await this.#login(conn);
  }

  /**
   * At tend time: logs in again on `conn` (an authenticated connection) when the token is due
   * for renewal, i.e. within the refresh margin of its client-side expiry.
   */
  async refresh(conn: Connection<unknown>): Promise<void> {
    if (this.#securityOff || this.#token === undefined) return;
    if (this.#now() < this.#expiresAt - this.#marginMs) return;
    try {
      await this.#login(conn);
    } catch (err) {
      this.#token = undefined; // new connections log in with the password until it works again
      throw err;
    }
  }

  /** Forgets the token (the next connection logs in with the password). */
  invalidate(): void {
    this.#token = undefined;
  }

  async #login(conn: Connection<unknown>): Promise<void> {
    const reply = await adminExchange(conn, this.#creds.loginFrame(), this.#timeoutMs);
    const code = reply.resultCode;
    if (code === ResultCode.SECURITY_NOT_ENABLED) {
      this.#securityOff = true; // a server without security: nothing to log in to
      return;
    }
    if (code !== ResultCode.OK) throw authError(code, "login failed");
    let session;
    try {
      session = loginSession(reply);
    } catch (err) {
      throw new ProtocolError(`login reply: ${(err as Error).message}`, { cause: err });
    }
    if (session.token === undefined) {
      throw new ProtocolError("login reply carries no session token");
    }
    this.#token = session.token.slice(); // the reply body belongs to the frame reader
    this.#expiresAt = session.ttlSeconds === undefined
      ? Infinity
      : this.#now() + usableSeconds(session.ttlSeconds) * 1000;
  }

  /** Never the token. */
  toJSON(): { authenticated: boolean } {
    return { authenticated: this.#token !== undefined || this.#securityOff };
  }
}

/** A refused login or authentication: the server's code, and no credential in the text. */
function authError(code: number, what: string): AerospikeError {
  // Community Edition has no security at all: it answers 51 to a login, as the official clients see.
  const detail = code === ResultCode.SECURITY_NOT_SUPPORTED
    ? "the server has no security support (Community Edition): connect without user and password"
    : new AerospikeError(code).detail;
  return new ServerError(code, `${what}: ${detail}`);
}
