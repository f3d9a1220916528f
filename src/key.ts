/**
 * `Key`: namespace, set and user key (or digest) of a record, with the digest computed once.
 * @module
 */
import { computeDigest, DIGEST_SIZE, type KeyBytes, keyBytes, partitionId } from "./wire/digest.ts";

/** A user key: string, safe-integer number, int64 bigint or bytes. */
export type UserKey = string | number | bigint | Uint8Array;

// Set only while Key.fromDigest() runs the constructor.
let pendingDigest: Uint8Array | undefined;
let pendingUserKey: UserKey | undefined;

/**
 * Identifies a record. The digest (RIPEMD-160) is computed lazily and cached, so a key reused
 * across commands hashes once.
 *
 * @example
 * ```ts
 * import { Key } from "@aerolite/client";
 * const key = new Key("test", "users", "user:1");
 * console.log(key.partitionId);
 * ```
 */
export class Key {
  /** Namespace name. */
  readonly ns: string;
  /** Set name ("" when the record has no set). */
  readonly set: string;
  /** The user key, or undefined for a key made from a digest. */
  readonly userKey: UserKey | undefined;
  #digest: Uint8Array | undefined;
  #keyBytes: KeyBytes | undefined;

  /**
   * Makes a key from namespace, set and user key; throws TypeError for a bad name or key type.
   * @param ns namespace (1-31 bytes)
   * @param set set name (may be empty or null; at most 63 bytes)
   * @param userKey the user key
   */
  constructor(ns: string, set: string | null | undefined, userKey: UserKey) {
    checkNames(ns, set ?? "");
    this.ns = ns;
    this.set = set ?? "";
    if (pendingDigest !== undefined) {
      const known = pendingUserKey;
      this.#digest = pendingDigest;
      pendingDigest = undefined;
      pendingUserKey = undefined;
      if (known === undefined) {
        this.userKey = undefined;
        return;
      }
      this.#keyBytes = keyBytes(known);
      this.userKey = known instanceof Uint8Array ? known.slice() : known;
      return;
    }
    this.#keyBytes = keyBytes(userKey); // validates the key type before any I/O
    this.userKey = userKey instanceof Uint8Array ? userKey.slice() : userKey;
  }

  /**
   * A key from a 20-byte digest (e.g. from a scan). `userKey`, when known (a record written with
   * `sendKey` comes back from a scan or query with its KEY field), is kept alongside the digest,
   * which is taken as given rather than computed again.
   * @param ns namespace
   * @param set set name (may be empty or null)
   * @param digest the record's digest
   * @param userKey the user key stored with the record, if any
   */
  static fromDigest(ns: string, set: string | null | undefined, digest: Uint8Array, userKey?: UserKey): Key {
    if (!(digest instanceof Uint8Array) || digest.length !== DIGEST_SIZE) {
      throw new TypeError(`a digest is ${DIGEST_SIZE} bytes`);
    }
    pendingDigest = digest.slice();
    pendingUserKey = userKey;
    try {
      return new Key(ns, set, "");
    } finally {
      pendingDigest = undefined;
      pendingUserKey = undefined;
    }
  }

  /** The record's 20-byte digest. */
  get digest(): Uint8Array {
    if (this.#digest === undefined) this.#digest = computeDigest(this.set, this.#keyBytes!);
    return this.#digest;
  }

  /** The partition (0..4095) that owns the record. */
  get partitionId(): number {
    return partitionId(this.digest);
  }

  /** The user key as sent in the KEY field, or undefined for a digest-only key. */
  get keyBytes(): KeyBytes | undefined {
    return this.#keyBytes;
  }

  /**
   * Whether `other` names the same record: the same namespace and digest (the digest covers the set
   * and the user key, so a key made from a digest equals the user key it came from), as the official
   * clients' `Key.equals`.
   * @example
   * ```ts
   * import { Key } from "@aerolite/client";
   * const a = new Key("test", "users", 1);
   * a.equals(Key.fromDigest("test", "users", a.digest)); // true
   * a.equals(new Key("test", "users", "1")); // false: a string key hashes differently
   * ```
   */
  equals(other: Key | null | undefined): boolean {
    if (!(other instanceof Key)) return false;
    if (other === this) return true;
    if (other.ns !== this.ns) return false;
    const a = this.digest;
    const b = other.digest;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  /** A readable form: `test:users:user:1`. */
  toString(): string {
    const k = this.userKey === undefined
      ? `digest:${Array.from(this.digest, (b) => b.toString(16).padStart(2, "0")).join("")}`
      : String(this.userKey);
    return `${this.ns}:${this.set}:${k}`;
  }
}

function checkNames(ns: string, set: string): void {
  if (typeof ns !== "string" || ns.length === 0) throw new TypeError("namespace must be a non-empty string");
  if (ns.length > 10 && utf8Length(ns) > 31) throw new TypeError(`namespace name too long: ${ns}`);
  if (typeof set !== "string") throw new TypeError("set must be a string");
  if (set.length > 21 && utf8Length(set) > 63) throw new TypeError(`set name too long: ${set}`);
}

// UTF-8 length as TextEncoder encodes (a lone surrogate becomes U+FFFD, 3 bytes), without encoding;
// names of at most limit/3 UTF-16 units cannot be too long and skip this.
function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
