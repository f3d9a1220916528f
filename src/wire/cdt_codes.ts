/**
 * Wire codes of the server's collection (list/map), bitwise, HyperLogLog and expression
 * sub-operations. Pure constants shared by the client's builders and the mock's executor.
 * Names follow the server's (`AS_CDT_OP_LIST_APPEND` → `LIST_APPEND`).
 *
 * A CDT operation travels as the op's value (particle type BLOB) holding msgpack
 * `[opCode, ...args]`; with a context it is `[CDT_CTX_OP (0xff), [ctxType, ctxValue, ...],
 * [opCode, ...args]]`.
 * @module
 */

// ---- List operation codes -----------------------------------------------------------------

/** Set the list's order (also "create" at a context level). */
export const LIST_SET_TYPE = 0;
/** Append one value. */
export const LIST_APPEND = 1;
/** Append a list of values. */
export const LIST_APPEND_ITEMS = 2;
/** Insert one value at an index. */
export const LIST_INSERT = 3;
/** Insert a list of values at an index. */
export const LIST_INSERT_ITEMS = 4;
/** Remove and return the value at an index. */
export const LIST_POP = 5;
/** Remove and return a range of values. */
export const LIST_POP_RANGE = 6;
/** Remove the value at an index. */
export const LIST_REMOVE = 7;
/** Remove a range of values. */
export const LIST_REMOVE_RANGE = 8;
/** Set the value at an index. */
export const LIST_SET = 9;
/** Keep only a range of values. */
export const LIST_TRIM = 10;
/** Remove every value. */
export const LIST_CLEAR = 11;
/** Add to the number at an index. */
export const LIST_INCREMENT = 12;
/** Sort the list. */
export const LIST_SORT = 13;
/** Number of values. */
export const LIST_SIZE = 16;
/** Value at an index. */
export const LIST_GET = 17;
/** Values of a range. */
export const LIST_GET_RANGE = 18;
/** Select by index. */
export const LIST_GET_BY_INDEX = 19;
/** Select by rank. */
export const LIST_GET_BY_RANK = 21;
/** Select by value. */
export const LIST_GET_BY_VALUE = 22;
/** Select by a list of values. */
export const LIST_GET_BY_VALUE_LIST = 23;
/** Select by index range. */
export const LIST_GET_BY_INDEX_RANGE = 24;
/** Select by value interval [begin, end). */
export const LIST_GET_BY_VALUE_INTERVAL = 25;
/** Select by rank range. */
export const LIST_GET_BY_RANK_RANGE = 26;
/** Select by rank range relative to a value. */
export const LIST_GET_BY_VALUE_REL_RANK_RANGE = 27;
/** Remove by index. */
export const LIST_REMOVE_BY_INDEX = 32;
/** Remove by rank. */
export const LIST_REMOVE_BY_RANK = 34;
/** Remove by value. */
export const LIST_REMOVE_BY_VALUE = 35;
/** Remove by a list of values. */
export const LIST_REMOVE_BY_VALUE_LIST = 36;
/** Remove by index range. */
export const LIST_REMOVE_BY_INDEX_RANGE = 37;
/** Remove by value interval. */
export const LIST_REMOVE_BY_VALUE_INTERVAL = 38;
/** Remove by rank range. */
export const LIST_REMOVE_BY_RANK_RANGE = 39;
/** Remove by rank range relative to a value. */
export const LIST_REMOVE_BY_VALUE_REL_RANK_RANGE = 40;

// ---- List order, write flags, sort flags --------------------------------------------------

/** List order attribute: insertion order. */
export const LIST_ORDER_UNORDERED = 0;
/** List order attribute: sorted. */
export const LIST_ORDER_ORDERED = 1;
/** List write flag: default (duplicates, any index). */
export const LIST_WRITE_DEFAULT = 0;
/** List write flag: only add values not yet present. */
export const LIST_WRITE_ADD_UNIQUE = 1;
/** List write flag: refuse inserts outside the current bounds. */
export const LIST_WRITE_INSERT_BOUNDED = 2;
/** List write flag: no error when an item is refused by a flag. */
export const LIST_WRITE_NO_FAIL = 4;
/** List write flag: commit the valid items when some are refused. */
export const LIST_WRITE_PARTIAL = 8;
/** List sort flag: ascending. */
export const LIST_SORT_DEFAULT = 0;
/** List sort flag: descending. */
export const LIST_SORT_DESCENDING = 1;
/** List sort flag: drop duplicates. */
export const LIST_SORT_DROP_DUPLICATES = 2;

// ---- Map operation codes ------------------------------------------------------------------

/** Set the map's order (also "create" at a context level). */
export const MAP_SET_TYPE = 64;
/** Add an item that must not exist (legacy create-only write mode). */
export const MAP_ADD = 65;
/** Add items that must not exist (legacy). */
export const MAP_ADD_ITEMS = 66;
/** Put one item. */
export const MAP_PUT = 67;
/** Put several items. */
export const MAP_PUT_ITEMS = 68;
/** Replace an item that must exist (legacy update-only write mode). */
export const MAP_REPLACE = 69;
/** Replace items that must exist (legacy). */
export const MAP_REPLACE_ITEMS = 70;
/** Add to the number under a key. */
export const MAP_INCREMENT = 73;
/** Subtract from the number under a key. */
export const MAP_DECREMENT = 74;
/** Remove every item. */
export const MAP_CLEAR = 75;
/** Remove by key. */
export const MAP_REMOVE_BY_KEY = 76;
/** Remove by index. */
export const MAP_REMOVE_BY_INDEX = 77;
/** Remove by rank. */
export const MAP_REMOVE_BY_RANK = 79;
/** Remove by a list of keys. */
export const MAP_REMOVE_BY_KEY_LIST = 81;
/** Remove by value. */
export const MAP_REMOVE_BY_VALUE = 82;
/** Remove by a list of values. */
export const MAP_REMOVE_BY_VALUE_LIST = 83;
/** Remove by key interval. */
export const MAP_REMOVE_BY_KEY_INTERVAL = 84;
/** Remove by index range. */
export const MAP_REMOVE_BY_INDEX_RANGE = 85;
/** Remove by value interval. */
export const MAP_REMOVE_BY_VALUE_INTERVAL = 86;
/** Remove by rank range. */
export const MAP_REMOVE_BY_RANK_RANGE = 87;
/** Remove by index range relative to a key. */
export const MAP_REMOVE_BY_KEY_REL_INDEX_RANGE = 88;
/** Remove by rank range relative to a value. */
export const MAP_REMOVE_BY_VALUE_REL_RANK_RANGE = 89;
/** Number of items. */
export const MAP_SIZE = 96;
/** Select by key. */
export const MAP_GET_BY_KEY = 97;
/** Select by index. */
export const MAP_GET_BY_INDEX = 98;
/** Select by rank. */
export const MAP_GET_BY_RANK = 100;
/** Select by value. */
export const MAP_GET_BY_VALUE = 102;
/** Select by key interval [begin, end). */
export const MAP_GET_BY_KEY_INTERVAL = 103;
/** Select by index range. */
export const MAP_GET_BY_INDEX_RANGE = 104;
/** Select by value interval [begin, end). */
export const MAP_GET_BY_VALUE_INTERVAL = 105;
/** Select by rank range. */
export const MAP_GET_BY_RANK_RANGE = 106;
/** Select by a list of keys. */
export const MAP_GET_BY_KEY_LIST = 107;
/** Select by a list of values. */
export const MAP_GET_BY_VALUE_LIST = 108;
/** Select by index range relative to a key. */
export const MAP_GET_BY_KEY_REL_INDEX_RANGE = 109;
/** Select by rank range relative to a value. */
export const MAP_GET_BY_VALUE_REL_RANK_RANGE = 110;

// ---- Map order attributes and write flags -------------------------------------------------

/** Map order attribute: unordered. */
export const MAP_UNORDERED = 0;
/** Map order attribute: ordered by key. */
export const MAP_KEY_ORDERED = 1;
/** Map order attribute: ordered by key, then value. */
export const MAP_KEY_VALUE_ORDERED = 3;
/** Map attribute bit: persist the map index (top-level ordered maps only). */
export const MAP_PERSIST_INDEX = 0x10;
/** Map write flag: default (create or update). */
export const MAP_WRITE_DEFAULT = 0;
/** Map write flag: refuse an item whose key exists. */
export const MAP_WRITE_CREATE_ONLY = 1;
/** Map write flag: refuse an item whose key does not exist. */
export const MAP_WRITE_UPDATE_ONLY = 2;
/** Map write flag: no error when an item is refused by a flag. */
export const MAP_WRITE_NO_FAIL = 4;
/** Map write flag: commit the valid items when some are refused. */
export const MAP_WRITE_PARTIAL = 8;

// ---- Return types (lists and maps) --------------------------------------------------------

/** Return nothing. */
export const RETURN_NONE = 0;
/** Return index (0 = first). */
export const RETURN_INDEX = 1;
/** Return reverse index (0 = last). */
export const RETURN_REVERSE_INDEX = 2;
/** Return rank (0 = smallest). */
export const RETURN_RANK = 3;
/** Return reverse rank (0 = largest). */
export const RETURN_REVERSE_RANK = 4;
/** Return the count of selected items. */
export const RETURN_COUNT = 5;
/** Return key (maps). */
export const RETURN_KEY = 6;
/** Return value. */
export const RETURN_VALUE = 7;
/** Return key/value pairs (maps). */
export const RETURN_KEY_VALUE = 8;
/** Return true when anything was selected. */
export const RETURN_EXISTS = 13;
/** Return an unordered map (maps). */
export const RETURN_UNORDERED_MAP = 16;
/** Return an ordered map (maps). */
export const RETURN_ORDERED_MAP = 17;
/** Flag: invert the selection. */
export const RETURN_INVERTED = 0x10000;

/**
 * What a selecting list/map operation returns: `"value"` the selected values (one value for a
 * single-item selector, a list for ranges), `"key"` map keys, `"keyValue"` a map of the selected
 * items (in map order), `"count"` how many, `"exists"` whether any, `"index"`/`"rank"` (and the
 * reverse forms) their positions, `"none"` nothing, `"unorderedMap"`/`"orderedMap"` the items as a map.
 */
export type ReturnType =
  | "none"
  | "index"
  | "reverseIndex"
  | "rank"
  | "reverseRank"
  | "count"
  | "key"
  | "value"
  | "keyValue"
  | "exists"
  | "unorderedMap"
  | "orderedMap";

/** Return type names (as the builders' `returnType` option spells them) to their codes. */
export const RETURN_CODES: Readonly<Record<ReturnType, number>> = {
  none: RETURN_NONE,
  index: RETURN_INDEX,
  reverseIndex: RETURN_REVERSE_INDEX,
  rank: RETURN_RANK,
  reverseRank: RETURN_REVERSE_RANK,
  count: RETURN_COUNT,
  key: RETURN_KEY,
  value: RETURN_VALUE,
  keyValue: RETURN_KEY_VALUE,
  exists: RETURN_EXISTS,
  unorderedMap: RETURN_UNORDERED_MAP,
  orderedMap: RETURN_ORDERED_MAP,
};

// ---- Context ------------------------------------------------------------------------------

/** First element of a context-wrapped CDT call. */
export const CDT_CTX_OP = 0xff;
/** Context: list element by index. */
export const CTX_LIST_INDEX = 0x10;
/** Context: list element by rank. */
export const CTX_LIST_RANK = 0x11;
/** Context: list element by value. */
export const CTX_LIST_VALUE = 0x13;
/** Context: map item by index. */
export const CTX_MAP_INDEX = 0x20;
/** Context: map item by rank. */
export const CTX_MAP_RANK = 0x21;
/** Context: map item by key. */
export const CTX_MAP_KEY = 0x22;
/** Context: map item by value. */
export const CTX_MAP_VALUE = 0x23;
/** Create flag (or'ed into a context type): create an unordered list when missing. */
export const CTX_CREATE_LIST_UNORDERED = 0x40;
/** Create flag: create an unordered list padded with nils up to the index. */
export const CTX_CREATE_LIST_UNORDERED_PAD = 0x80;
/** Create flag: create an ordered list. */
export const CTX_CREATE_LIST_ORDERED = 0xc0;
/** Create flag: create an unordered map. */
export const CTX_CREATE_MAP_UNORDERED = 0x40;
/** Create flag: create a key-ordered map. */
export const CTX_CREATE_MAP_KEY_ORDERED = 0x80;
/** Create flag: create a key/value-ordered map. */
export const CTX_CREATE_MAP_KEY_VALUE_ORDERED = 0xc0;
/** Mask of the create flags inside a context type. */
export const CTX_CREATE_MASK = 0xc0;

// ---- Bitwise operation codes (op value: `[opCode, ...args]`, no context) ------------------

/** Resize the blob. */
export const BIT_RESIZE = 0;
/** Insert bytes. */
export const BIT_INSERT = 1;
/** Remove bytes. */
export const BIT_REMOVE = 2;
/** Set bits. */
export const BIT_SET = 3;
/** Bitwise or. */
export const BIT_OR = 4;
/** Bitwise xor. */
export const BIT_XOR = 5;
/** Bitwise and. */
export const BIT_AND = 6;
/** Bitwise not. */
export const BIT_NOT = 7;
/** Shift left. */
export const BIT_LSHIFT = 8;
/** Shift right. */
export const BIT_RSHIFT = 9;
/** Add an integer to a bit range. */
export const BIT_ADD = 10;
/** Subtract an integer from a bit range. */
export const BIT_SUBTRACT = 11;
/** Set a bit range to an integer. */
export const BIT_SET_INT = 12;
/** Read bits. */
export const BIT_GET = 50;
/** Count set bits. */
export const BIT_COUNT = 51;
/** Find the first bit equal to a value, from the left. */
export const BIT_LSCAN = 52;
/** Find the first bit equal to a value, from the right. */
export const BIT_RSCAN = 53;
/** Read a bit range as an integer. */
export const BIT_GET_INT = 54;
/** Integer action flag of add/subtract/getInt: the bits are signed. */
export const BIT_INT_FLAGS_SIGNED = 1;
/** Bit write flag: default. */
export const BIT_WRITE_DEFAULT = 0;
/** Bit write flag: the bin must not exist. */
export const BIT_WRITE_CREATE_ONLY = 1;
/** Bit write flag: the bin must exist. */
export const BIT_WRITE_UPDATE_ONLY = 2;
/** Bit write flag: no error when refused. */
export const BIT_WRITE_NO_FAIL = 4;
/** Bit write flag: apply what fits. */
export const BIT_WRITE_PARTIAL = 8;
/** Resize flag: default (grow or shrink at the end). */
export const BIT_RESIZE_DEFAULT = 0;
/** Resize flag: add/remove bytes at the front. */
export const BIT_RESIZE_FROM_FRONT = 1;
/** Resize flag: only grow. */
export const BIT_RESIZE_GROW_ONLY = 2;
/** Resize flag: only shrink. */
export const BIT_RESIZE_SHRINK_ONLY = 4;
/** Overflow action of add/subtract: fail. */
export const BIT_OVERFLOW_FAIL = 0;
/** Overflow action: saturate at the min/max. */
export const BIT_OVERFLOW_SATURATE = 2;
/** Overflow action: wrap around. */
export const BIT_OVERFLOW_WRAP = 4;

// ---- HyperLogLog operation codes ----------------------------------------------------------

/** Create or reset an HLL. */
export const HLL_INIT = 0;
/** Add values. */
export const HLL_ADD = 1;
/** Union other HLLs into the bin. */
export const HLL_SET_UNION = 2;
/** Refresh the cached count. */
export const HLL_SET_COUNT = 3;
/** Fold to a smaller index bit count. */
export const HLL_FOLD = 4;
/** Estimated count. */
export const HLL_COUNT = 50;
/** Union with other HLLs (returns an HLL). */
export const HLL_UNION = 51;
/** Estimated count of the union. */
export const HLL_UNION_COUNT = 52;
/** Estimated count of the intersection. */
export const HLL_INTERSECT_COUNT = 53;
/** Estimated similarity. */
export const HLL_SIMILARITY = 54;
/** Index and minhash bit counts. */
export const HLL_DESCRIBE = 55;
/** Whether the HLL may contain all the values (expressions only). */
export const HLL_MAY_CONTAIN = 56;
/** HLL write flag: default. */
export const HLL_WRITE_DEFAULT = 0;
/** HLL write flag: the bin must not exist. */
export const HLL_WRITE_CREATE_ONLY = 1;
/** HLL write flag: the bin must exist. */
export const HLL_WRITE_UPDATE_ONLY = 2;
/** HLL write flag: no error when refused. */
export const HLL_WRITE_NO_FAIL = 4;
/** HLL write flag: allow folding to the smallest index bit count of a union. */
export const HLL_WRITE_ALLOW_FOLD = 8;

// ---- Expressions --------------------------------------------------------------------------

/** Comparison: equal. */
export const EXP_EQ = 1;
/** Comparison: not equal. */
export const EXP_NE = 2;
/** Comparison: greater than. */
export const EXP_GT = 3;
/** Comparison: greater or equal. */
export const EXP_GE = 4;
/** Comparison: less than. */
export const EXP_LT = 5;
/** Comparison: less or equal. */
export const EXP_LE = 6;
/** String regex match: `[7, flags, regex, bin]`. */
export const EXP_REGEX = 7;
/** Geo comparison. */
export const EXP_GEO = 8;
/** Logical and. */
export const EXP_AND = 16;
/** Logical or. */
export const EXP_OR = 17;
/** Logical not. */
export const EXP_NOT = 18;
/** Exactly one true. */
export const EXP_EXCLUSIVE = 19;
/** Arithmetic: add. */
export const EXP_ADD = 20;
/** Arithmetic: subtract. */
export const EXP_SUB = 21;
/** Arithmetic: multiply. */
export const EXP_MUL = 22;
/** Arithmetic: divide. */
export const EXP_DIV = 23;
/** Arithmetic: power. */
export const EXP_POW = 24;
/** Arithmetic: logarithm. */
export const EXP_LOG = 25;
/** Arithmetic: modulo. */
export const EXP_MOD = 26;
/** Arithmetic: absolute value. */
export const EXP_ABS = 27;
/** Arithmetic: floor. */
export const EXP_FLOOR = 28;
/** Arithmetic: ceiling. */
export const EXP_CEIL = 29;
/** Conversion: float to int. */
export const EXP_TO_INT = 30;
/** Conversion: int to float. */
export const EXP_TO_FLOAT = 31;
/** Integer and. */
export const EXP_INT_AND = 32;
/** Integer or. */
export const EXP_INT_OR = 33;
/** Integer xor. */
export const EXP_INT_XOR = 34;
/** Integer not. */
export const EXP_INT_NOT = 35;
/** Integer shift left. */
export const EXP_INT_LSHIFT = 36;
/** Integer logical shift right. */
export const EXP_INT_RSHIFT = 37;
/** Integer arithmetic shift right. */
export const EXP_INT_ARSHIFT = 38;
/** Integer popcount. */
export const EXP_INT_COUNT = 39;
/** Integer scan from the left. */
export const EXP_INT_LSCAN = 40;
/** Integer scan from the right. */
export const EXP_INT_RSCAN = 41;
/** Minimum. */
export const EXP_MIN = 50;
/** Maximum. */
export const EXP_MAX = 51;
/** Record metadata: digest modulo. */
export const EXP_DIGEST_MODULO = 64;
/** Record metadata: device size. */
export const EXP_DEVICE_SIZE = 65;
/** Record metadata: last update time (ns). */
export const EXP_LAST_UPDATE = 66;
/** Record metadata: ms since the last update. */
export const EXP_SINCE_UPDATE = 67;
/** Record metadata: void time (ns). */
export const EXP_VOID_TIME = 68;
/** Record metadata: ttl (s). */
export const EXP_TTL = 69;
/** Record metadata: set name. */
export const EXP_SET_NAME = 70;
/** Record metadata: the key is stored. */
export const EXP_KEY_EXISTS = 71;
/** Record metadata: the record is a tombstone. */
export const EXP_IS_TOMBSTONE = 72;
/** Record metadata: memory size. */
export const EXP_MEMORY_SIZE = 73;
/** Record metadata: record size. */
export const EXP_RECORD_SIZE = 74;
/** The record's stored key: `[80, expType]`. */
export const EXP_KEY = 80;
/** A bin: `[81, expType, name]`. */
export const EXP_BIN = 81;
/** A bin's particle type: `[82, name]`. */
export const EXP_BIN_TYPE = 82;
/** Conditional: `[123, cond1, action1, ..., default]`. */
export const EXP_COND = 123;
/** Variable reference: `[124, name]`. */
export const EXP_VAR = 124;
/** Variable scope: `[125, name1, exp1, ..., scoped]`. */
export const EXP_LET = 125;
/** A literal list: `[126, list]`. */
export const EXP_QUOTED = 126;
/** A CDT/bit/HLL call: `[127, returnType, module, [op...], bin]`. */
export const EXP_CALL = 127;
/** Module bit of EXP_CALL: the call modifies its bin. */
export const EXP_CALL_MODIFY = 0x40;
/** EXP_CALL module: list/map (CDT). */
export const EXP_MODULE_CDT = 0;
/** EXP_CALL module: bitwise. */
export const EXP_MODULE_BIT = 1;
/** EXP_CALL module: HyperLogLog. */
export const EXP_MODULE_HLL = 2;

/** Expression value type: nil. */
export const EXP_TYPE_NIL = 0;
/** Expression value type: boolean. */
export const EXP_TYPE_BOOL = 1;
/** Expression value type: integer. */
export const EXP_TYPE_INT = 2;
/** Expression value type: string. */
export const EXP_TYPE_STRING = 3;
/** Expression value type: list. */
export const EXP_TYPE_LIST = 4;
/** Expression value type: map. */
export const EXP_TYPE_MAP = 5;
/** Expression value type: blob. */
export const EXP_TYPE_BLOB = 6;
/** Expression value type: float. */
export const EXP_TYPE_FLOAT = 7;
/** Expression value type: GeoJSON. */
export const EXP_TYPE_GEO = 8;
/** Expression value type: HyperLogLog. */
export const EXP_TYPE_HLL = 9;

/** Regex flag: POSIX extended. */
export const EXP_REGEX_EXTENDED = 1;
/** Regex flag: ignore case. */
export const EXP_REGEX_ICASE = 2;
/** Regex flag: no sub-match reporting. */
export const EXP_REGEX_NOSUB = 4;
/** Regex flag: newline-sensitive. */
export const EXP_REGEX_NEWLINE = 8;

/** Expression read flag: default. */
export const EXP_READ_DEFAULT = 0;
/** Expression read flag: unknown/non-bin results are not an error. */
export const EXP_READ_EVAL_NO_FAIL = 16;
/** Expression write flag: default (create or update). */
export const EXP_WRITE_DEFAULT = 0;
/** Expression write flag: the bin must not exist. */
export const EXP_WRITE_CREATE_ONLY = 1;
/** Expression write flag: the bin must exist. */
export const EXP_WRITE_UPDATE_ONLY = 2;
/** Expression write flag: a nil result deletes the bin. */
export const EXP_WRITE_ALLOW_DELETE = 4;
/** Expression write flag: no error when the write is refused. */
export const EXP_WRITE_POLICY_NO_FAIL = 8;
/** Expression write flag: unknown/non-bin results are not an error. */
export const EXP_WRITE_EVAL_NO_FAIL = 16;
