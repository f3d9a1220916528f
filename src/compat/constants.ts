/**
 * Constants of the official `aerospike` npm client (6.7.1), same names and values, so code written
 * for it keeps working: status codes, policy enums, CDT flags and return types, index types, TTLs.
 * @module
 */

/** Result codes (`status.ERR_RECORD_NOT_FOUND` is 2), with and without the `AEROSPIKE_` prefix. */
export const status = Object.freeze({
  "AEROSPIKE_METRICS_CONFLICT": -20,
  "METRICS_CONFLICT": -20,
  "AEROSPIKE_TXN_ALREADY_ABORTED": -19,
  "TXN_ALREADY_ABORTED": -19,
  "AEROSPIKE_TXN_ALREADY_COMMITTED": -18,
  "TXN_ALREADY_COMMITTED": -18,
  "AEROSPIKE_TXN_FAILED": -17,
  "TXN_FAILED": -17,
  "AEROSPIKE_BATCH_FAILED": -16,
  "BATCH_FAILED": -16,
  "AEROSPIKE_NO_RESPONSE": -15,
  "NO_RESPONSE": -15,
  "AEROSPIKE_MAX_ERROR_RATE": -14,
  "MAX_ERROR_RATE": -14,
  "AEROSPIKE_USE_NORMAL_RETRY": -13,
  "USE_NORMAL_RETRY": -13,
  "AEROSPIKE_ERR_MAX_RETRIES_EXCEEDED": -12,
  "ERR_MAX_RETRIES_EXCEEDED": -12,
  "AEROSPIKE_ERR_ASYNC_QUEUE_FULL": -11,
  "ERR_ASYNC_QUEUE_FULL": -11,
  "AEROSPIKE_ERR_CONNECTION": -10,
  "ERR_CONNECTION": -10,
  "AEROSPIKE_ERR_TLS_ERROR": -9,
  "ERR_TLS_ERROR": -9,
  "AEROSPIKE_ERR_INVALID_NODE": -8,
  "ERR_INVALID_NODE": -8,
  "AEROSPIKE_ERR_NO_MORE_CONNECTIONS": -7,
  "ERR_NO_MORE_CONNECTIONS": -7,
  "AEROSPIKE_ERR_ASYNC_CONNECTION": -6,
  "ERR_ASYNC_CONNECTION": -6,
  "AEROSPIKE_ERR_CLIENT_ABORT": -5,
  "ERR_CLIENT_ABORT": -5,
  "AEROSPIKE_ERR_INVALID_HOST": -4,
  "ERR_INVALID_HOST": -4,
  "AEROSPIKE_NO_MORE_RECORDS": -3,
  "NO_MORE_RECORDS": -3,
  "AEROSPIKE_ERR_PARAM": -2,
  "ERR_PARAM": -2,
  "AEROSPIKE_ERR_CLIENT": -1,
  "ERR_CLIENT": -1,
  "AEROSPIKE_OK": 0,
  "OK": 0,
  "AEROSPIKE_ERR_SERVER": 1,
  "ERR_SERVER": 1,
  "AEROSPIKE_ERR_RECORD_NOT_FOUND": 2,
  "ERR_RECORD_NOT_FOUND": 2,
  "AEROSPIKE_ERR_RECORD_GENERATION": 3,
  "ERR_RECORD_GENERATION": 3,
  "AEROSPIKE_ERR_REQUEST_INVALID": 4,
  "ERR_REQUEST_INVALID": 4,
  "AEROSPIKE_ERR_RECORD_EXISTS": 5,
  "ERR_RECORD_EXISTS": 5,
  "AEROSPIKE_ERR_BIN_EXISTS": 6,
  "ERR_BIN_EXISTS": 6,
  "AEROSPIKE_ERR_CLUSTER_CHANGE": 7,
  "ERR_CLUSTER_CHANGE": 7,
  "AEROSPIKE_ERR_SERVER_FULL": 8,
  "ERR_SERVER_FULL": 8,
  "AEROSPIKE_ERR_TIMEOUT": 9,
  "ERR_TIMEOUT": 9,
  "AEROSPIKE_ERR_ALWAYS_FORBIDDEN": 10,
  "ERR_ALWAYS_FORBIDDEN": 10,
  "AEROSPIKE_ERR_CLUSTER": 11,
  "ERR_CLUSTER": 11,
  "AEROSPIKE_ERR_BIN_INCOMPATIBLE_TYPE": 12,
  "ERR_BIN_INCOMPATIBLE_TYPE": 12,
  "AEROSPIKE_ERR_RECORD_TOO_BIG": 13,
  "ERR_RECORD_TOO_BIG": 13,
  "AEROSPIKE_ERR_RECORD_BUSY": 14,
  "ERR_RECORD_BUSY": 14,
  "AEROSPIKE_ERR_SCAN_ABORTED": 15,
  "ERR_SCAN_ABORTED": 15,
  "AEROSPIKE_ERR_UNSUPPORTED_FEATURE": 16,
  "ERR_UNSUPPORTED_FEATURE": 16,
  "AEROSPIKE_ERR_BIN_NOT_FOUND": 17,
  "ERR_BIN_NOT_FOUND": 17,
  "AEROSPIKE_ERR_DEVICE_OVERLOAD": 18,
  "ERR_DEVICE_OVERLOAD": 18,
  "AEROSPIKE_ERR_RECORD_KEY_MISMATCH": 19,
  "ERR_RECORD_KEY_MISMATCH": 19,
  "AEROSPIKE_ERR_NAMESPACE_NOT_FOUND": 20,
  "ERR_NAMESPACE_NOT_FOUND": 20,
  "AEROSPIKE_ERR_BIN_NAME": 21,
  "ERR_BIN_NAME": 21,
  "AEROSPIKE_ERR_FAIL_FORBIDDEN": 22,
  "ERR_FAIL_FORBIDDEN": 22,
  "AEROSPIKE_ERR_FAIL_ELEMENT_NOT_FOUND": 23,
  "ERR_FAIL_ELEMENT_NOT_FOUND": 23,
  "AEROSPIKE_ERR_FAIL_ELEMENT_EXISTS": 24,
  "ERR_FAIL_ELEMENT_EXISTS": 24,
  "AEROSPIKE_ERR_ENTERPRISE_ONLY": 25,
  "ERR_ENTERPRISE_ONLY": 25,
  "AEROSPIKE_ERR_FAIL_ENTERPRISE_ONLY": 25,
  "ERR_FAIL_ENTERPRISE_ONLY": 25,
  "AEROSPIKE_ERR_OP_NOT_APPLICABLE": 26,
  "ERR_OP_NOT_APPLICABLE": 26,
  "AEROSPIKE_FILTERED_OUT": 27,
  "FILTERED_OUT": 27,
  "AEROSPIKE_LOST_CONFLICT": 28,
  "LOST_CONFLICT": 28,
  "AEROSPIKE_XDR_KEY_BUSY": 32,
  "XDR_KEY_BUSY": 32,
  "AEROSPIKE_QUERY_END": 50,
  "QUERY_END": 50,
  "AEROSPIKE_SECURITY_NOT_SUPPORTED": 51,
  "SECURITY_NOT_SUPPORTED": 51,
  "AEROSPIKE_SECURITY_NOT_ENABLED": 52,
  "SECURITY_NOT_ENABLED": 52,
  "AEROSPIKE_SECURITY_SCHEME_NOT_SUPPORTED": 53,
  "SECURITY_SCHEME_NOT_SUPPORTED": 53,
  "AEROSPIKE_INVALID_COMMAND": 54,
  "INVALID_COMMAND": 54,
  "AEROSPIKE_INVALID_FIELD": 55,
  "INVALID_FIELD": 55,
  "AEROSPIKE_ILLEGAL_STATE": 56,
  "ILLEGAL_STATE": 56,
  "AEROSPIKE_INVALID_USER": 60,
  "INVALID_USER": 60,
  "AEROSPIKE_USER_ALREADY_EXISTS": 61,
  "USER_ALREADY_EXISTS": 61,
  "AEROSPIKE_INVALID_PASSWORD": 62,
  "INVALID_PASSWORD": 62,
  "AEROSPIKE_EXPIRED_PASSWORD": 63,
  "EXPIRED_PASSWORD": 63,
  "AEROSPIKE_FORBIDDEN_PASSWORD": 64,
  "FORBIDDEN_PASSWORD": 64,
  "AEROSPIKE_INVALID_CREDENTIAL": 65,
  "INVALID_CREDENTIAL": 65,
  "AEROSPIKE_EXPIRED_SESSION": 66,
  "EXPIRED_SESSION": 66,
  "AEROSPIKE_INVALID_ROLE": 70,
  "INVALID_ROLE": 70,
  "AEROSPIKE_ROLE_ALREADY_EXISTS": 71,
  "ROLE_ALREADY_EXISTS": 71,
  "AEROSPIKE_INVALID_PRIVILEGE": 72,
  "INVALID_PRIVILEGE": 72,
  "AEROSPIKE_INVALID_WHITELIST": 73,
  "INVALID_WHITELIST": 73,
  "AEROSPIKE_QUOTAS_NOT_ENABLED": 74,
  "QUOTAS_NOT_ENABLED": 74,
  "AEROSPIKE_INVALID_QUOTA": 75,
  "INVALID_QUOTA": 75,
  "AEROSPIKE_NOT_AUTHENTICATED": 80,
  "NOT_AUTHENTICATED": 80,
  "AEROSPIKE_ROLE_VIOLATION": 81,
  "ROLE_VIOLATION": 81,
  "AEROSPIKE_NOT_WHITELISTED": 82,
  "NOT_WHITELISTED": 82,
  "AEROSPIKE_QUOTA_EXCEEDED": 83,
  "QUOTA_EXCEEDED": 83,
  "AEROSPIKE_ERR_UDF": 100,
  "ERR_UDF": 100,
  "AEROSPIKE_MRT_BLOCKED": 120,
  "MRT_BLOCKED": 120,
  "AEROSPIKE_MRT_VERSION_MISMATCH": 121,
  "MRT_VERSION_MISMATCH": 121,
  "AEROSPIKE_MRT_EXPIRED": 122,
  "MRT_EXPIRED": 122,
  "AEROSPIKE_MRT_TOO_MANY_WRITES": 123,
  "MRT_TOO_MANY_WRITES": 123,
  "AEROSPIKE_MRT_COMMITTED": 124,
  "MRT_COMMITTED": 124,
  "AEROSPIKE_MRT_ABORTED": 125,
  "MRT_ABORTED": 125,
  "AEROSPIKE_MRT_ALREADY_LOCKED": 126,
  "MRT_ALREADY_LOCKED": 126,
  "AEROSPIKE_MRT_MONITOR_EXISTS": 127,
  "MRT_MONITOR_EXISTS": 127,
  "AEROSPIKE_ERR_BATCH_DISABLED": 150,
  "ERR_BATCH_DISABLED": 150,
  "AEROSPIKE_ERR_BATCH_MAX_REQUESTS_EXCEEDED": 151,
  "ERR_BATCH_MAX_REQUESTS_EXCEEDED": 151,
  "AEROSPIKE_ERR_BATCH_QUEUES_FULL": 152,
  "ERR_BATCH_QUEUES_FULL": 152,
  "AEROSPIKE_ERR_GEO_INVALID_GEOJSON": 160,
  "ERR_GEO_INVALID_GEOJSON": 160,
  "AEROSPIKE_ERR_INDEX_FOUND": 200,
  "ERR_INDEX_FOUND": 200,
  "AEROSPIKE_ERR_INDEX_NOT_FOUND": 201,
  "ERR_INDEX_NOT_FOUND": 201,
  "AEROSPIKE_ERR_INDEX_OOM": 202,
  "ERR_INDEX_OOM": 202,
  "AEROSPIKE_ERR_INDEX_NOT_READABLE": 203,
  "ERR_INDEX_NOT_READABLE": 203,
  "AEROSPIKE_ERR_INDEX": 204,
  "ERR_INDEX": 204,
  "AEROSPIKE_ERR_INDEX_NAME_MAXLEN": 205,
  "ERR_INDEX_NAME_MAXLEN": 205,
  "AEROSPIKE_ERR_INDEX_MAXCOUNT": 206,
  "ERR_INDEX_MAXCOUNT": 206,
  "AEROSPIKE_ERR_QUERY_ABORTED": 210,
  "ERR_QUERY_ABORTED": 210,
  "AEROSPIKE_ERR_QUERY_QUEUE_FULL": 211,
  "ERR_QUERY_QUEUE_FULL": 211,
  "AEROSPIKE_ERR_QUERY_TIMEOUT": 212,
  "ERR_QUERY_TIMEOUT": 212,
  "AEROSPIKE_ERR_QUERY": 213,
  "ERR_QUERY": 213,
  "AEROSPIKE_ERR_UDF_NOT_FOUND": 1301,
  "ERR_UDF_NOT_FOUND": 1301,
  "AEROSPIKE_ERR_LUA_FILE_NOT_FOUND": 1302,
  "ERR_LUA_FILE_NOT_FOUND": 1302,
});

/** `policy.gen`: generation checks. */
export const policyGen = Object.freeze({ "IGNORE": 0, "EQ": 1, "GT": 2 });

/** `policy.key`: send the user key or only its digest. */
export const policyKey = Object.freeze({ "DIGEST": 0, "SEND": 1 });

/** `policy.exists`: what a write does when the record exists or not. */
export const policyExists = Object.freeze({
  "IGNORE": 0,
  "CREATE": 1,
  "UPDATE": 2,
  "REPLACE": 3,
  "CREATE_OR_REPLACE": 4,
});

/** `policy.replica`: which replica reads go to. */
export const policyReplica = Object.freeze({
  "MASTER": 0,
  "ANY": 1,
  "SEQUENCE": 2,
  "PREFER_RACK": 3,
  "RANDOM": 4,
});

/** `policy.readModeAP`. */
export const policyReadModeAP = Object.freeze({ "ONE": 0, "ALL": 1 });

/** `policy.readModeSC`. */
export const policyReadModeSC = Object.freeze({
  "SESSION": 0,
  "LINEARIZE": 1,
  "ALLOW_REPLICA": 2,
  "ALLOW_UNAVAILABLE": 3,
});

/** `policy.commitLevel`. */
export const policyCommitLevel = Object.freeze({ "ALL": 0, "MASTER": 1 });

/** `policy.queryDuration`. */
export const policyQueryDuration = Object.freeze({ "LONG": 0, "SHORT": 1, "LONG_RELAX_AP": 2 });

/** `lists.order`. */
export const listOrder = Object.freeze({ "UNORDERED": 0, "ORDERED": 1 });

/** `lists.sortFlags`. */
export const listSortFlags = Object.freeze({ "DEFAULT": 0, "DROP_DUPLICATES": 2 });

/** `lists.writeFlags`. */
export const listWriteFlags = Object.freeze({
  "DEFAULT": 0,
  "ADD_UNIQUE": 1,
  "INSERT_BOUNDED": 2,
  "NO_FAIL": 4,
  "PARTIAL": 8,
});

/** `lists.returnType`. */
export const listReturnType = Object.freeze({
  "NONE": 0,
  "INDEX": 1,
  "REVERSE_INDEX": 2,
  "RANK": 3,
  "REVERSE_RANK": 4,
  "COUNT": 5,
  "VALUE": 7,
  "EXISTS": 13,
  "INVERTED": 65536,
});

/** `maps.order`. */
export const mapOrder = Object.freeze({ "UNORDERED": 0, "KEY_ORDERED": 1, "KEY_VALUE_ORDERED": 3 });

/** `maps.writeMode`. */
export const mapWriteMode = Object.freeze({ "UPDATE": 0, "UPDATE_ONLY": 1, "CREATE_ONLY": 2 });

/** `maps.writeFlags`. */
export const mapWriteFlags = Object.freeze({
  "DEFAULT": 0,
  "CREATE_ONLY": 1,
  "UPDATE_ONLY": 2,
  "NO_FAIL": 4,
  "PARTIAL": 8,
});

/** `maps.returnType`. */
export const mapReturnType = Object.freeze({
  "NONE": 0,
  "INDEX": 1,
  "REVERSE_INDEX": 2,
  "RANK": 3,
  "REVERSE_RANK": 4,
  "COUNT": 5,
  "KEY": 6,
  "VALUE": 7,
  "KEY_VALUE": 8,
  "EXISTS": 13,
  "UNORDERED_MAP": 16,
  "ORDERED_MAP": 17,
  "INVERTED": 65536,
});

/** `bitwise.writeFlags`. */
export const bitWriteFlags = Object.freeze({
  "DEFAULT": 0,
  "CREATE_ONLY": 1,
  "UPDATE_ONLY": 2,
  "NO_FAIL": 4,
  "PARTIAL": 8,
});

/** `bitwise.resizeFlags`. */
export const bitResizeFlags = Object.freeze({
  "DEFAULT": 0,
  "FROM_FRONT": 1,
  "GROW_ONLY": 2,
  "SHRINK_ONLY": 4,
});

/** `bitwise.overflow`. */
export const bitOverflow = Object.freeze({ "FAIL": 0, "SATURATE": 2, "WRAP": 4 });

/** `hll.writeFlags`. */
export const hllWriteFlags = Object.freeze({
  "DEFAULT": 0,
  "CREATE_ONLY": 1,
  "UPDATE_ONLY": 2,
  "NO_FAIL": 4,
  "ALLOW_FOLD": 8,
});

/** `exp.expReadFlags`. */
export const expReadFlags = Object.freeze({ "DEFAULT": 0, "EVAL_NO_FAIL": 16 });

/** `exp.expWriteFlags`. */
export const expWriteFlags = Object.freeze({
  "DEFAULT": 0,
  "CREATE_ONLY": 1,
  "UPDATE_ONLY": 2,
  "ALLOW_DELETE": 4,
  "POLICY_NO_FAIL": 8,
  "EVAL_NO_FAIL": 16,
});

/** `exp.type`: value types of expressions. */
export const expType = Object.freeze({
  "NIL": 0,
  "BOOL": 1,
  "INT": 2,
  "STR": 3,
  "LIST": 4,
  "MAP": 5,
  "BLOB": 6,
  "FLOAT": 7,
  "GEOJSON": 8,
  "HLL": 9,
  "AUTO": 10,
  "ERROR": 11,
});

/** `regex`. */
export const regex = Object.freeze({ "BASIC": 0, "EXTENDED": 1, "ICASE": 2, "NEWLINE": 4 });

/** `features`. */
export const features = Object.freeze({
  "CDT_MAP": "cdt-map",
  "CDT_LIST": "cdt-list",
  "BLOB_BITS": "blob-bits",
});

/** `auth`. */
export const auth = Object.freeze({ "INTERNAL": 0, "EXTERNAL": 1, "EXTERNAL_INSECURE": 2, "AUTH_PKI": 3 });

/** `language`. */
export const language = Object.freeze({ "LUA": 0 });

/** `log`. */
export const log = Object.freeze({
  "OFF": -1,
  "ERROR": 0,
  "WARN": 1,
  "INFO": 2,
  "DEBUG": 3,
  "TRACE": 4,
  "DETAIL": 4,
});

/** `ttl`. */
export const ttl = Object.freeze({
  "NAMESPACE_DEFAULT": 0,
  "NEVER_EXPIRE": -1,
  "DONT_UPDATE": -2,
  "CLIENT_DEFAULT": -3,
});

/** `jobStatus`. */
export const jobStatus = Object.freeze({ "UNDEF": 0, "INPROGRESS": 1, "COMPLETED": 2 });

/** `indexDataType`. */
export const indexDataType = Object.freeze({
  "STRING": 0,
  "NUMERIC": 1,
  "GEO2DSPHERE": 2,
  "BLOB": 3,
  "INTEGER": 4,
  "DEFAULT": 0,
});

/** `indexType`. */
export const indexType = Object.freeze({ "DEFAULT": 0, "LIST": 1, "MAPKEYS": 2, "MAPVALUES": 3, "SET": 4 });

/** `batchType`. */
export const batchType = Object.freeze({
  "BATCH_READ": 0,
  "BATCH_WRITE": 1,
  "BATCH_APPLY": 2,
  "BATCH_REMOVE": 3,
});

/** `privilegeCode`. */
export const privilegeCode = Object.freeze({
  "USER_ADMIN": 0,
  "SYS_ADMIN": 1,
  "DATA_ADMIN": 2,
  "UDF_ADMIN": 3,
  "SINDEX_ADMIN": 4,
  "READ": 10,
  "READ_WRITE": 11,
  "READ_WRITE_UDF": 12,
  "WRITE": 13,
  "TRUNCATE": 14,
});

/** Descriptions of the result codes, as `status.getMessage(code)` gives them. */
export const statusMessages: Readonly<Record<number, string>> = Object.freeze({
  "0": "Generic success.",
  "1": "Generic error returned by server.",
  "2":
    "Record does not exist in database. May be returned by read, or write with policy Aerospike.policy.exists.UPDATE.",
  "3": "Generation of record in database does not satisfy write policy.",
  "4": "Request protocol invalid, or invalid protocol field.",
  "5": "Record already exists. May be returned by write with policy Aerospike.policy.exists.CREATE.",
  "6": "Bin already exists on a create-only operation.",
  "7":
    "A cluster state change occurred during the request. This may also be returned by scan operations with the fail_on_cluster_change flag set.",
  "8":
    "The server node is running out of memory and/or storage device space reserved for the specified namespace.",
  "9": "Request timed out. Can be triggered by client or server.",
  "10": "Operation not allowed in current configuration.",
  "11": "Partition is unavailable.",
  "12": "Bin modification operation can't be done on an existing bin due to its value type.",
  "13": "Record being (re-)written can't fit in a storage write block.",
  "14": 'Too many concurrent requests for one record - a "hot-key" situation.',
  "15": "Scan aborted by user.",
  "16":
    "Sometimes our doc, or our customers wishes, get ahead of us. We may have processed something that the server is not ready for (unsupported feature).",
  "17": "Bin not found on update-only operation.",
  "18": "The server node's storage device(s) can't keep up with the write load.",
  "19": "Record key sent with command did not match key stored on server.",
  "20": "Namespace in request not found on server.",
  "21":
    "Sent too-long bin name (should be impossible in this client) or exceeded namespace's bin name quota.",
  "22": "Operation not allowed at this time.",
  "23": "Map element not found in UPDATE_ONLY write mode.",
  "24": "Map element exists in CREATE_ONLY write mode.",
  "25":
    "Attempt to use an Enterprise feature on a Community server or a server without the applicable feature key.",
  "26": "The operation cannot be applied to the current bin value on the server.",
  "27": "The command was not performed because the filter expression was false.",
  "28": "Write command loses conflict to XDR.",
  "32": "Write can't complete until XDR finishes shipping.",
  "50": "There are no more records left for query.",
  "51": "Security functionality not supported by connected server.",
  "52": "Security functionality not enabled by connected server.",
  "53": "Security scheme not supported.",
  "54": "Administration command is invalid.",
  "55": "Administration field is invalid.",
  "56": "Security protocol not followed.",
  "60": "User name is invalid.",
  "61": "User was previously created.",
  "62": "Password is invalid.",
  "63": "Password has expired.",
  "64": "Forbidden password (e.g. recently used).",
  "65": "Security credential is invalid.",
  "66": "Login session expired.",
  "70": "Role name is invalid.",
  "71": "Role already exists.",
  "72": "Privilege is invalid.",
  "73": "Invalid IP whitelist.",
  "74": "Quotas not enabled on server.",
  "75": "Invalid quota.",
  "80": "User must be authenticated before performing database operations.",
  "81": "User does not possess the required role to perform the database operation.",
  "82": "Command not allowed because sender IP not whitelisted.",
  "83": "Quota exceeded.",
  "100": "Generic UDF error.",
  "120": "Transaction record blocked by a different transaction.",
  "121":
    "Transaction read version mismatch identified during commit. Some other command changed the record outside of the transaction.",
  "122": "Transaction deadline reached without a successful commit or abort.",
  "123": "Transaction write command limit (4096) exceeded.",
  "124": "Transaction was already committed.",
  "125": "Transaction was already aborted.",
  "126": "This record has been locked by a previous update in this transaction.",
  "127":
    "This transaction has already started. Writing to the same transaction with independent threads is unsafe.",
  "150": "Batch functionality has been disabled.",
  "151": "Batch max requests have been exceeded.",
  "152": "All batch queues are full.",
  "160": "Invalid/Unsupported GeoJSON.",
  "200": "Index found.",
  "201": "Index not found.",
  "202": "Index is out of memory.",
  "203": "Unable to read the index.",
  "204": "Generic secondary index error.",
  "205": "Index name is too long.",
  "206": "System already has maximum allowed indices.",
  "210": "Query was aborted.",
  "211": "Query processing queue is full.",
  "212": "Secondary index query timed out on server.",
  "213": "Generic query error.",
  "1301": "UDF does not exist.",
  "1302": "LUA file does not exist.",
  "-20": "There is a conflict between metrics enable/disable and dynamic configuration metrics.",
  "-19": "Transaction commit called, but the transaction was already aborted.",
  "-18": "Transaction abort called, but the transaction was already committed.",
  "-17": "Transaction failed.",
  "-16": "One or more keys failed in a batch.",
  "-15": "No response received from server.",
  "-14": "Max errors limit reached.",
  "-13":
    "Abort split batch retry and use normal node retry instead. Used internally and should not be returned to user.",
  "-12": "Max retries limit reached.",
  "-11": "Async command delay queue is full.",
  "-10": "Synchronous connection error.",
  "-9": "TLS related error",
  "-8": "Node invalid or could not be found.",
  "-7": "Max connections would be exceeded.",
  "-6": "Asynchronous connection error.",
  "-5": "Query or scan was aborted in user's callback.",
  "-4": "Host name could not be found in DNS lookup.",
  "-3": "No more records available when parsing batch, scan or query records.",
  "-2": "Invalid client API parameter.",
  "-1": "Generic client API usage error.",
});
