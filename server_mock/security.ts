/**
 * The mock's security, as an Enterprise server with `security { }` configured: users with
 * password hashes and roles, the predefined roles plus user-defined ones (privileges scoped to a
 * namespace and set, whitelist, quotas), login sessions with a TTL on the mock's clock, and the
 * per-connection authenticated user. Passwords given in the options are hashed once at start
 * (bcrypt, with the clients' fixed salt); afterwards only hashes are compared.
 * @module
 */
import { BCRYPT_SALT } from "../src/wire/admin.ts";
import { PrivilegeCode, type WirePrivilege } from "../src/wire/admin_fields.ts";
import { ResultCode } from "../src/wire/result_code.ts";
import type { Clock } from "./store.ts";

/** A user the mock starts with. */
export interface MockUser {
  /** User name. */
  user: string;
  /** Clear password (hashed at start). */
  password: string;
  /** Role names (predefined like "read-write" or user-defined). @default [] */
  roles?: string[];
}

/** The `security` option of the mock cluster: present turns security on. */
export interface MockSecurityOptions {
  /** Users. @default [{ user: "admin", password: "admin", roles: ["user-admin"] }] (a fresh server's) */
  users?: MockUser[];
  /** Lifetime of a login session, in seconds of the mock's clock. @default 86400 */
  sessionTtlSec?: number;
}

/** Per-connection state: who logged in on it. */
export interface ConnAuthState {
  /** The authenticated user, if any. */
  user?: string;
}

/** A user-defined role. */
export interface MockRole {
  /** Privileges. */
  privileges: WirePrivilege[];
  /** Allowed client addresses. */
  whitelist: string[];
  /** Reads per second (0: unlimited). */
  readQuota: number;
  /** Writes per second (0: unlimited). */
  writeQuota: number;
}

/** Predefined role names and the one global privilege each grants. */
export const PREDEFINED_ROLES: ReadonlyMap<string, number> = new Map([
  ["user-admin", PrivilegeCode.USER_ADMIN],
  ["sys-admin", PrivilegeCode.SYS_ADMIN],
  ["data-admin", PrivilegeCode.DATA_ADMIN],
  ["udf-admin", PrivilegeCode.UDF_ADMIN],
  ["sindex-admin", PrivilegeCode.SINDEX_ADMIN],
  ["read", PrivilegeCode.READ],
  ["read-write", PrivilegeCode.READ_WRITE],
  ["read-write-udf", PrivilegeCode.READ_WRITE_UDF],
  ["write", PrivilegeCode.WRITE],
  ["truncate", PrivilegeCode.TRUNCATE],
]);

/** What a data command needs. */
export type Permission = "read" | "write" | "udf";

/** Privilege codes that allow each permission. */
const ALLOWS: Record<Permission, readonly number[]> = {
  read: [PrivilegeCode.READ, PrivilegeCode.READ_WRITE, PrivilegeCode.READ_WRITE_UDF],
  write: [PrivilegeCode.READ_WRITE, PrivilegeCode.READ_WRITE_UDF, PrivilegeCode.WRITE],
  udf: [PrivilegeCode.READ_WRITE_UDF],
};

/** Counters for tests. */
export interface MockSecurityStats {
  /** LOGIN requests that succeeded. */
  logins: number;
  /** AUTHENTICATE requests that succeeded. */
  authentications: number;
  /** LOGIN and AUTHENTICATE requests refused. */
  refused: number;
}

/** A user as the mock keeps it. */
export interface StoredUser {
  /** bcrypt hash of the password, as clients send it. */
  hash: string;
  /** Its role names. */
  roles: string[];
}

/** Encodes a token as the map key. */
function tokenKey(token: Uint8Array): string {
  return Array.from(token, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Users, roles and sessions of a secured mock cluster.
 * @example
 * ```ts
 * const sec = await SecurityStore.create({ users: [{ user: "app", password: "pw", roles: ["read"] }] }, Date.now);
 * ```
 */
export class SecurityStore {
  /** Users by name. */
  readonly users: Map<string, StoredUser> = new Map();
  /** User-defined roles by name. */
  readonly roles: Map<string, MockRole> = new Map();
  /** Session lifetime, ms. */
  readonly sessionTtlMs: number;
  #clock: Clock;
  #sessions = new Map<string, { user: string; expiresAt: number }>();
  #conns = new Set<ConnAuthState>();
  #stats: MockSecurityStats = { logins: 0, authentications: 0, refused: 0 };

  private constructor(ttlSec: number, clock: Clock) {
    this.sessionTtlMs = ttlSec * 1000;
    this.#clock = clock;
  }

  /** Builds the store, hashing each configured password once (loads bcryptjs). */
  static async create(options: MockSecurityOptions, clock: Clock): Promise<SecurityStore> {
    const ttl = options.sessionTtlSec ?? 86400;
    if (!Number.isInteger(ttl) || ttl < 1) throw new RangeError(`sessionTtlSec must be a positive integer`);
    const store = new SecurityStore(ttl, clock);
    const users = options.users ?? [{ user: "admin", password: "admin", roles: ["user-admin"] }];
    const { hash } = await import("bcryptjs");
    for (const u of users) {
      // The client sends bcrypt(password, fixed salt): that hash is what the mock compares.
      const credential = await hash(u.password, BCRYPT_SALT);
      store.users.set(u.user, { hash: credential, roles: [...(u.roles ?? [])] });
    }
    return store;
  }

  /** A snapshot of the counters. */
  stats(): MockSecurityStats {
    return { ...this.#stats };
  }

  /** Counts a refused LOGIN or AUTHENTICATE. */
  noteRefused(): void {
    this.#stats.refused++;
  }

  /** Whether `name` is a role (predefined or user-defined). */
  hasRole(name: string): boolean {
    return PREDEFINED_ROLES.has(name) || this.roles.has(name);
  }

  /** LOGIN: checks the credential hash and opens a session; returns its token, or a result code. */
  login(state: ConnAuthState, user: string, credential: string): Uint8Array | number {
    const u = this.users.get(user);
    if (u === undefined) return ResultCode.INVALID_USER;
    if (u.hash !== credential) return ResultCode.INVALID_CREDENTIAL;
    const token = crypto.getRandomValues(new Uint8Array(32));
    this.#sessions.set(tokenKey(token), { user, expiresAt: this.#clock() + this.sessionTtlMs });
    this.#bind(state, user);
    this.#stats.logins++;
    return token;
  }

  /** AUTHENTICATE: 0 when the token is a live session of `user`, else the refusing code. */
  authenticate(state: ConnAuthState, user: string | undefined, token: Uint8Array): number {
    const key = tokenKey(token);
    const session = this.#sessions.get(key);
    if (session === undefined || (user !== undefined && session.user !== user)) {
      return ResultCode.INVALID_CREDENTIAL;
    }
    if (!this.users.has(session.user)) return ResultCode.INVALID_USER; // dropped since login
    if (this.#clock() >= session.expiresAt) {
      this.#sessions.delete(key);
      return ResultCode.EXPIRED_SESSION;
    }
    this.#bind(state, session.user);
    this.#stats.authentications++;
    return 0;
  }

  /** Forgets a connection that closed. */
  release(state: ConnAuthState): void {
    this.#conns.delete(state);
  }

  /** Connections authenticated as `user`. */
  connectionsOf(user: string): number {
    let n = 0;
    for (const s of this.#conns) if (s.user === user) n++;
    return n;
  }

  /** Drops a user's sessions (dropped user, new password). */
  endSessions(user: string): void {
    for (const [k, s] of this.#sessions) if (s.user === user) this.#sessions.delete(k);
  }

  /** The privileges `user` holds through its roles. */
  privilegesOf(user: string): WirePrivilege[] {
    const out: WirePrivilege[] = [];
    for (const r of this.users.get(user)?.roles ?? []) {
      const code = PREDEFINED_ROLES.get(r);
      if (code !== undefined) out.push({ code, ns: "", set: "" });
      else out.push(...(this.roles.get(r)?.privileges ?? []));
    }
    return out;
  }

  /** Whether `user` holds the global privilege `code`. */
  hasGlobal(user: string, code: number): boolean {
    return this.privilegesOf(user).some((p) => p.code === code);
  }

  /** Whether `user` may do `what` on `ns`/`set` (a privilege scoped to them or wider). */
  may(user: string, what: Permission, ns: string, set: string): boolean {
    return this.privilegesOf(user).some((p) =>
      ALLOWS[what].includes(p.code) && (p.ns === "" || p.ns === ns) && (p.set === "" || p.set === set)
    );
  }

  #bind(state: ConnAuthState, user: string): void {
    state.user = user;
    this.#conns.add(state);
  }
}
