/**
 * Credentials of a client: the user name, the password's bcrypt hash (what the server checks),
 * and for external (LDAP) authentication the clear password. Everything lives in `#private`
 * fields, so neither `JSON.stringify`, `console.log`/`inspect` nor an error message can show it.
 * The bcrypt package is imported only here, and only when a password is hashed.
 * @module
 */
import {
  AdminCommand,
  BCRYPT_SALT,
  encodeAdminRequest,
  encodeAuthenticate,
  encodeLogin,
} from "../wire/admin.ts";

/**
 * How the client proves who it is: `"internal"` (user + password checked by the server, only a
 * hash is sent), `"external"` (the server checks the clear password against LDAP; TLS only) or
 * `"pki"` (the TLS client certificate names the user; no password).
 */
export type AuthMode = "internal" | "external" | "pki";

/** The fixed salt the official clients hash passwords with (the server stores a hash of that hash). */
export { BCRYPT_SALT };

/**
 * The bcrypt hash of `password` with the official clients' fixed salt: the credential LOGIN and
 * the user admin commands send. Loads `bcryptjs` on first use.
 * @example
 * ```ts
 * await hashPassword("admin"); // "$2a$10$7EqJtq98hPqEX7fNZaFWoO1mVO/4MLpGzsqojz6E9Gef6iXDjXdDa"
 * ```
 */
export async function hashPassword(password: string): Promise<string> {
  if (typeof password !== "string") throw new TypeError("password must be a string");
  const { hash } = await import("bcryptjs");
  return await hash(password, BCRYPT_SALT);
}

/** The authentication options of `Client.connect()`. */
export interface AuthOptions {
  /** User name. @default undefined (no authentication) */
  user?: string;
  /** Password of `user`. @default undefined */
  password?: string;
  /** How to authenticate. @default "internal" */
  authMode?: AuthMode;
  /** Whether TLS is configured (external and PKI modes need it). */
  tls: boolean;
}

const MODES: ReadonlySet<string> = new Set(["internal", "external", "pki"]);

/**
 * Checks the authentication options before any I/O; returns whether they ask for authentication
 * (a user, or PKI mode). Misuse is a `TypeError` that never quotes the password.
 * @example
 * ```ts
 * checkAuthOptions({ user: "app", password: "secret", tls: false }); // true
 * ```
 */
export function checkAuthOptions(o: AuthOptions): boolean {
  const mode = o.authMode ?? "internal";
  if (!MODES.has(mode)) throw new TypeError(`authMode must be "internal", "external" or "pki"`);
  if (o.user !== undefined && (typeof o.user !== "string" || o.user.length === 0)) {
    throw new TypeError("user must be a non-empty string");
  }
  if (o.password !== undefined && typeof o.password !== "string") {
    throw new TypeError("password must be a string");
  }
  if (mode === "pki") {
    if (!o.tls) throw new TypeError(`authMode "pki" needs TLS with a client certificate (tls option)`);
    if (o.password !== undefined) {
      throw new TypeError(`authMode "pki" takes no password: the certificate is the credential`);
    }
    return true;
  }
  if (mode === "external" && !o.tls) {
    // The clear password would cross the network unencrypted.
    throw new TypeError(`authMode "external" sends the clear password and needs TLS (tls option)`);
  }
  if (o.user === undefined) {
    if (o.password !== undefined) throw new TypeError("password given without user");
    if (mode === "external") throw new TypeError(`authMode "external" needs user and password`);
    return false;
  }
  if (o.password === undefined) throw new TypeError("user given without password");
  return true;
}

/**
 * What a client logs in with. Built by `Credentials.create()`; every secret is private.
 * @example
 * ```ts
 * import type { Conn } from "../transport/transport.ts";
 * declare const conn: Conn;
 * const creds = await Credentials.create({ user: "app", password: "secret", tls: false });
 * conn.write(creds!.loginFrame());
 * ```
 */
export class Credentials {
  #mode: AuthMode;
  #user: string | undefined;
  #hash: string | undefined;
  #clear: string | undefined;

  private constructor(mode: AuthMode, user: string | undefined, hash: string | undefined, clear?: string) {
    this.#mode = mode;
    this.#user = user;
    this.#hash = hash;
    this.#clear = clear;
  }

  /**
   * Checks the options and hashes the password; undefined when they ask for no authentication.
   * @param options user, password, mode and whether TLS is on
   */
  static async create(options: AuthOptions): Promise<Credentials | undefined> {
    if (!checkAuthOptions(options)) return undefined;
    const mode = options.authMode ?? "internal";
    if (mode === "pki") return new Credentials(mode, undefined, undefined);
    const hash = await hashPassword(options.password!);
    return new Credentials(mode, options.user, hash, mode === "external" ? options.password : undefined);
  }

  /** The authentication mode. */
  get mode(): AuthMode {
    return this.#mode;
  }

  /** The user name (undefined in PKI mode, where the certificate names the user). */
  get user(): string | undefined {
    return this.#user;
  }

  /** The LOGIN request for this mode (PKI sends no field at all). */
  loginFrame(): Uint8Array {
    if (this.#mode === "pki") return encodeAdminRequest(AdminCommand.LOGIN, []);
    return encodeLogin(this.#user!, this.#hash!, { clearPassword: this.#clear });
  }

  /** The AUTHENTICATE request opening a connection with a session token. */
  authenticateFrame(token: Uint8Array): Uint8Array {
    return encodeAuthenticate(this.#user, token);
  }

  /** The current password hash (CHANGE_PASSWORD sends it as the old password). */
  passwordHash(): string | undefined {
    return this.#hash;
  }

  /** Adopts a new password after a successful password change, so later logins use it. */
  adoptPassword(hash: string, clear: string): void {
    this.#hash = hash;
    if (this.#mode === "external") this.#clear = clear;
  }

  /** Never the secrets. */
  toJSON(): { user?: string; authMode: AuthMode } {
    return { user: this.#user, authMode: this.#mode };
  }
}
