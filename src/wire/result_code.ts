/**
 * Result codes: the server's codes (0..255, one byte in the message header) and the client-side
 * negative codes. Names are spelled as the official clients spell them so they grep across
 * clients; values follow the server's `as_proto.h` and the official Go client.
 *
 * Client-side codes -1..-20 keep the Go client's values (the Java client numbers a few of them
 * differently, e.g. its SERVER_NOT_AVAILABLE is -8; we follow Go). Codes that exist only in this
 * client live at -100 and below so that no official client's range (down to -21 today) can clash.
 * A timeout is TIMEOUT (9) whether the server or the client gave up, as in the official clients.
 * @module
 */

/**
 * Every known result code by name.
 * @example
 * ```ts
 * import type { AerospikeError } from "../errors.ts";
 * declare const err: AerospikeError;
 * if (err.code === ResultCode.KEY_EXISTS_ERROR) console.log("already there");
 * ```
 */
export const ResultCode = {
  // --- client-side codes of this client only (-100 and below) ---
  /**
   * A transaction's commit was abandoned (verify failed, or marking roll-forward failed), or a
   * command was refused by the transaction's state or namespace. The official Java and C clients
   * number it -17, which the Go numbering used here gives to COMMON_ERROR.
   */
  TXN_FAILED: -104,
  /** `abort()` of a transaction that was already committed (the official clients' -18). */
  TXN_ALREADY_COMMITTED: -105,
  /** `commit()` of a transaction that was already aborted (the official clients' -19). */
  TXN_ALREADY_ABORTED: -106,
  /** The command was aborted by its AbortSignal. */
  ABORTED: -103,
  /** A connection could not be opened, or was lost before a reply arrived. */
  CONNECTION_ERROR: -102,
  /** The client was closed while the command was queued or in flight. */
  CLIENT_CLOSED: -101,
  /** The in-flight cap was reached and the wait queue was full (backpressure). */
  COMMAND_QUEUE_FULL: -100,
  /** Alias of COMMAND_QUEUE_FULL (same value). */
  BACKPRESSURE_QUEUE_FULL: -100,
  // --- client-side codes shared with the official Go client ---
  BATCH_FAILED: -20,
  NO_RESPONSE: -19,
  NETWORK_ERROR: -18,
  COMMON_ERROR: -17,
  MAX_RETRIES_EXCEEDED: -16,
  MAX_ERROR_RATE: -15,
  RACK_NOT_DEFINED: -13,
  INVALID_CLUSTER_PARTITION_MAP: -12,
  SERVER_NOT_AVAILABLE: -11,
  CLUSTER_NAME_MISMATCH_ERROR: -10,
  RECORDSET_CLOSED: -9,
  NO_AVAILABLE_CONNECTIONS_TO_NODE: -8,
  TYPE_NOT_SUPPORTED: -7,
  COMMAND_REJECTED: -6,
  QUERY_TERMINATED: -5,
  SCAN_TERMINATED: -4,
  INVALID_NODE_ERROR: -3,
  PARSE_ERROR: -2,
  SERIALIZE_ERROR: -1,
  // --- server codes ---
  OK: 0,
  SERVER_ERROR: 1,
  KEY_NOT_FOUND_ERROR: 2,
  GENERATION_ERROR: 3,
  PARAMETER_ERROR: 4,
  KEY_EXISTS_ERROR: 5,
  BIN_EXISTS_ERROR: 6,
  CLUSTER_KEY_MISMATCH: 7,
  SERVER_MEM_ERROR: 8,
  TIMEOUT: 9,
  ALWAYS_FORBIDDEN: 10,
  PARTITION_UNAVAILABLE: 11,
  BIN_TYPE_ERROR: 12,
  RECORD_TOO_BIG: 13,
  KEY_BUSY: 14,
  SCAN_ABORT: 15,
  UNSUPPORTED_FEATURE: 16,
  BIN_NOT_FOUND: 17,
  DEVICE_OVERLOAD: 18,
  KEY_MISMATCH: 19,
  INVALID_NAMESPACE: 20,
  BIN_NAME_TOO_LONG: 21,
  FAIL_FORBIDDEN: 22,
  FAIL_ELEMENT_NOT_FOUND: 23,
  FAIL_ELEMENT_EXISTS: 24,
  ENTERPRISE_ONLY: 25,
  OP_NOT_APPLICABLE: 26,
  FILTERED_OUT: 27,
  LOST_CONFLICT: 28,
  XDR_KEY_BUSY: 32,
  QUERY_END: 50,
  SECURITY_NOT_SUPPORTED: 51,
  SECURITY_NOT_ENABLED: 52,
  SECURITY_SCHEME_NOT_SUPPORTED: 53,
  INVALID_COMMAND: 54,
  INVALID_FIELD: 55,
  ILLEGAL_STATE: 56,
  INVALID_USER: 60,
  USER_ALREADY_EXISTS: 61,
  INVALID_PASSWORD: 62,
  EXPIRED_PASSWORD: 63,
  FORBIDDEN_PASSWORD: 64,
  INVALID_CREDENTIAL: 65,
  EXPIRED_SESSION: 66,
  INVALID_ROLE: 70,
  ROLE_ALREADY_EXISTS: 71,
  INVALID_PRIVILEGE: 72,
  INVALID_WHITELIST: 73,
  QUOTAS_NOT_ENABLED: 74,
  INVALID_QUOTA: 75,
  NOT_AUTHENTICATED: 80,
  ROLE_VIOLATION: 81,
  NOT_WHITELISTED: 82,
  QUOTA_EXCEEDED: 83,
  LDAP_NOT_CONFIGURED: 90,
  LDAP_SETUP: 91,
  LDAP_TLS_SETUP: 92,
  LDAP_AUTHENTICATION: 93,
  LDAP_QUERY: 94,
  UDF_BAD_RESPONSE: 100,
  MRT_BLOCKED: 120,
  MRT_VERSION_MISMATCH: 121,
  MRT_EXPIRED: 122,
  MRT_TOO_MANY_WRITES: 123,
  MRT_COMMITTED: 124,
  MRT_ABORTED: 125,
  MRT_ALREADY_LOCKED: 126,
  MRT_MONITOR_EXISTS: 127,
  BATCH_DISABLED: 150,
  BATCH_MAX_REQUESTS_EXCEEDED: 151,
  BATCH_QUEUES_FULL: 152,
  GEO_INVALID_GEOJSON: 160,
  INDEX_FOUND: 200,
  INDEX_NOTFOUND: 201,
  INDEX_OOM: 202,
  INDEX_NOTREADABLE: 203,
  INDEX_GENERIC: 204,
  INDEX_NAME_MAXLEN: 205,
  INDEX_MAXCOUNT: 206,
  QUERY_ABORTED: 210,
  QUERY_QUEUEFULL: 211,
  QUERY_TIMEOUT: 212,
  QUERY_GENERIC: 213,
  QUERY_NETIO_ERR: 214,
  QUERY_DUPLICATE: 215,
  // Reported by UDF management in the official clients (never in a message header).
  AEROSPIKE_ERR_UDF_NOT_FOUND: 1301,
  AEROSPIKE_ERR_LUA_FILE_NOT_FOUND: 1302,
} as const;

/** A result code: one of the `ResultCode` values, or any other number a newer server may send. */
export type ResultCode = number;

const C = ResultCode;

/** Human-readable message per code. */
const MESSAGES: Readonly<Record<number, string>> = {
  [C.ABORTED]: "Command aborted by its signal",
  [C.TXN_FAILED]: "Transaction failed",
  [C.TXN_ALREADY_COMMITTED]: "Transaction already committed",
  [C.TXN_ALREADY_ABORTED]: "Transaction already aborted",
  [C.CONNECTION_ERROR]: "Connection failed or was lost",
  [C.CLIENT_CLOSED]: "Client is closed",
  [C.COMMAND_QUEUE_FULL]: "Too many commands in flight and the wait queue is full",
  [C.BATCH_FAILED]: "One or more keys failed in a batch",
  [C.NO_RESPONSE]: "No response was received from the server",
  [C.NETWORK_ERROR]: "Network error",
  [C.COMMON_ERROR]: "Client error outside the protocol",
  [C.MAX_RETRIES_EXCEEDED]: "Max retries exceeded",
  [C.MAX_ERROR_RATE]: "Max error rate reached for node",
  [C.RACK_NOT_DEFINED]: "Requested rack is not defined for the node and namespace",
  [C.INVALID_CLUSTER_PARTITION_MAP]: "Cluster has an invalid partition map",
  [C.SERVER_NOT_AVAILABLE]: "Server is not accepting requests",
  [C.CLUSTER_NAME_MISMATCH_ERROR]: "Cluster name does not match the configured clusterName",
  [C.RECORDSET_CLOSED]: "Record stream already closed or cancelled",
  [C.NO_AVAILABLE_CONNECTIONS_TO_NODE]: "No available connections to the node",
  [C.TYPE_NOT_SUPPORTED]: "Value type not supported",
  [C.COMMAND_REJECTED]: "Command rejected",
  [C.QUERY_TERMINATED]: "Query terminated",
  [C.SCAN_TERMINATED]: "Scan terminated",
  [C.INVALID_NODE_ERROR]: "Invalid node",
  [C.PARSE_ERROR]: "Parse error",
  [C.SERIALIZE_ERROR]: "Serialize error",
  [C.OK]: "OK",
  [C.SERVER_ERROR]: "Server error",
  [C.KEY_NOT_FOUND_ERROR]: "Key not found",
  [C.GENERATION_ERROR]: "Generation error",
  [C.PARAMETER_ERROR]: "Parameter error",
  [C.KEY_EXISTS_ERROR]: "Key already exists",
  [C.BIN_EXISTS_ERROR]: "Bin already exists",
  [C.CLUSTER_KEY_MISMATCH]: "Cluster key mismatch",
  [C.SERVER_MEM_ERROR]: "Server out of memory or space",
  [C.TIMEOUT]: "Timeout",
  [C.ALWAYS_FORBIDDEN]: "Operation not allowed in current configuration",
  [C.PARTITION_UNAVAILABLE]: "Partition not available",
  [C.BIN_TYPE_ERROR]: "Bin type error",
  [C.RECORD_TOO_BIG]: "Record too big",
  [C.KEY_BUSY]: "Hot key: too many concurrent operations on the record",
  [C.SCAN_ABORT]: "Scan aborted",
  [C.UNSUPPORTED_FEATURE]: "Unsupported server feature",
  [C.BIN_NOT_FOUND]: "Bin not found",
  [C.DEVICE_OVERLOAD]: "Device overload",
  [C.KEY_MISMATCH]: "Key mismatch",
  [C.INVALID_NAMESPACE]: "Namespace not found",
  [C.BIN_NAME_TOO_LONG]: "Bin name too long, or too many bin names",
  [C.FAIL_FORBIDDEN]: "Operation not allowed at this time",
  [C.FAIL_ELEMENT_NOT_FOUND]: "Element not found",
  [C.FAIL_ELEMENT_EXISTS]: "Element already exists",
  [C.ENTERPRISE_ONLY]: "Enterprise only",
  [C.OP_NOT_APPLICABLE]: "Operation not applicable",
  [C.FILTERED_OUT]: "Command filtered out",
  [C.LOST_CONFLICT]: "Write lost a conflict to XDR",
  [C.XDR_KEY_BUSY]: "Write cannot complete until XDR finishes shipping",
  [C.QUERY_END]: "Query end",
  [C.SECURITY_NOT_SUPPORTED]: "Security not supported",
  [C.SECURITY_NOT_ENABLED]: "Security not enabled",
  [C.SECURITY_SCHEME_NOT_SUPPORTED]: "Security scheme not supported",
  [C.INVALID_COMMAND]: "Invalid command",
  [C.INVALID_FIELD]: "Invalid field",
  [C.ILLEGAL_STATE]: "Illegal state",
  [C.INVALID_USER]: "Invalid user",
  [C.USER_ALREADY_EXISTS]: "User already exists",
  [C.INVALID_PASSWORD]: "Invalid password",
  [C.EXPIRED_PASSWORD]: "Expired password",
  [C.FORBIDDEN_PASSWORD]: "Forbidden password",
  [C.INVALID_CREDENTIAL]: "Invalid credential",
  [C.EXPIRED_SESSION]: "Login session expired",
  [C.INVALID_ROLE]: "Invalid role",
  [C.ROLE_ALREADY_EXISTS]: "Role already exists",
  [C.INVALID_PRIVILEGE]: "Invalid privilege",
  [C.INVALID_WHITELIST]: "Invalid whitelist",
  [C.QUOTAS_NOT_ENABLED]: "Quotas not enabled",
  [C.INVALID_QUOTA]: "Invalid quota",
  [C.NOT_AUTHENTICATED]: "Not authenticated",
  [C.ROLE_VIOLATION]: "Role violation",
  [C.NOT_WHITELISTED]: "Client address not whitelisted",
  [C.QUOTA_EXCEEDED]: "Quota exceeded",
  [C.LDAP_NOT_CONFIGURED]: "LDAP not configured",
  [C.LDAP_SETUP]: "LDAP setup error",
  [C.LDAP_TLS_SETUP]: "LDAP TLS setup error",
  [C.LDAP_AUTHENTICATION]: "LDAP authentication failed",
  [C.LDAP_QUERY]: "LDAP query failed",
  [C.UDF_BAD_RESPONSE]: "UDF returned an error",
  [C.MRT_BLOCKED]: "Transaction blocked by another transaction",
  [C.MRT_VERSION_MISMATCH]: "Transaction record version mismatch",
  [C.MRT_EXPIRED]: "Transaction expired",
  [C.MRT_TOO_MANY_WRITES]: "Transaction has too many writes",
  [C.MRT_COMMITTED]: "Transaction already committed",
  [C.MRT_ABORTED]: "Transaction already aborted",
  [C.MRT_ALREADY_LOCKED]: "Record already locked by the transaction",
  [C.MRT_MONITOR_EXISTS]: "Transaction monitor already exists",
  [C.BATCH_DISABLED]: "Batch disabled",
  [C.BATCH_MAX_REQUESTS_EXCEEDED]: "Batch max requests exceeded",
  [C.BATCH_QUEUES_FULL]: "All batch queues are full",
  [C.GEO_INVALID_GEOJSON]: "Invalid GeoJSON",
  [C.INDEX_FOUND]: "Index already exists",
  [C.INDEX_NOTFOUND]: "Index not found",
  [C.INDEX_OOM]: "Index out of memory",
  [C.INDEX_NOTREADABLE]: "Index not readable",
  [C.INDEX_GENERIC]: "Index error",
  [C.INDEX_NAME_MAXLEN]: "Index name too long",
  [C.INDEX_MAXCOUNT]: "Too many indexes",
  [C.QUERY_ABORTED]: "Query aborted",
  [C.QUERY_QUEUEFULL]: "Query queue full",
  [C.QUERY_TIMEOUT]: "Query timeout",
  [C.QUERY_GENERIC]: "Query error",
  [C.QUERY_NETIO_ERR]: "Query network error on server",
  [C.QUERY_DUPLICATE]: "Duplicate query task id",
  [C.AEROSPIKE_ERR_UDF_NOT_FOUND]: "UDF not found",
  [C.AEROSPIKE_ERR_LUA_FILE_NOT_FOUND]: "Lua file not found",
};

/** Code -> name; the first name listed wins, so aliases never shadow the canonical name. */
const NAMES: ReadonlyMap<number, string> = (() => {
  const m = new Map<number, string>();
  for (const [name, code] of Object.entries(ResultCode)) if (!m.has(code)) m.set(code, name);
  return m;
})();

/**
 * The official name of a code (`KEY_EXISTS_ERROR`), or `UNKNOWN_<code>` for a code we do not know.
 * @example
 * ```ts
 * resultCodeName(5); // "KEY_EXISTS_ERROR"
 * ```
 */
export function resultCodeName(code: number): string {
  return NAMES.get(code) ?? `UNKNOWN_${code}`;
}

/**
 * A short human-readable message for a code; `unknown result code N` for a code we do not know.
 * @example
 * ```ts
 * resultCodeMessage(2); // "Key not found"
 * ```
 */
export function resultCodeMessage(code: number): string {
  return MESSAGES[code] ?? `unknown result code ${code}`;
}

/** Whether `code` is one this client knows by name. */
export function isKnownResultCode(code: number): boolean {
  return NAMES.has(code);
}
