/**
 * The checks a node makes on a write request's op list before it looks at the record
 * (`write_master_policies`): a touch, a bin delete, a modify (add/append/prepend), a delete-all or a
 * bit/HLL/CDT modify cannot carry the replace flags; a read-all op cannot come with
 * respond-all-ops, twice, or next to ops that answer a bin (reads, CDT/bit/HLL ops, expression
 * reads); a read op needs INFO1_READ; GET_ALL needs a read-all op; bin names are at most 15 bytes.
 * Each answers PARAMETER_ERROR (BIN_NAME for a name), as the node does.
 * @module
 */
import {
  INFO1_GET_ALL,
  INFO1_READ,
  INFO2_RESPOND_ALL_OPS,
  INFO3_CREATE_OR_REPLACE,
  INFO3_REPLACE_ONLY,
  type Message,
} from "../../src/wire/message.ts";
import {
  OP_ADD,
  OP_APPEND,
  OP_BIT_MODIFY,
  OP_BIT_READ,
  OP_CDT_MODIFY,
  OP_CDT_READ,
  OP_DELETE,
  OP_EXP_READ,
  OP_HLL_MODIFY,
  OP_HLL_READ,
  OP_PREPEND,
  OP_READ,
  OP_TOUCH,
  OP_WRITE,
} from "../../src/wire/operations.ts";
import { PARTICLE_TYPE_NULL } from "../../src/wire/particles.ts";
import { ResultCode } from "../../src/wire/result_code.ts";

const enc = new TextEncoder();
const MODIFY = new Set([OP_ADD, OP_APPEND, OP_PREPEND, OP_BIT_MODIFY, OP_HLL_MODIFY, OP_CDT_MODIFY]);
const RESPONSE = new Set([
  OP_READ,
  OP_BIT_READ,
  OP_HLL_MODIFY,
  OP_HLL_READ,
  OP_CDT_MODIFY,
  OP_CDT_READ,
  OP_EXP_READ,
]);
const READS = new Set([OP_READ, OP_BIT_READ, OP_HLL_READ, OP_CDT_READ, OP_EXP_READ]);

/**
 * OK, or the code a node answers for the op list of write request `req`.
 * @example
 * ```ts
 * import { emptyHeader } from "../../src/wire/message.ts";
 * writeOpsCode({ ...emptyHeader(), fields: [], ops: [] }); // PARAMETER_ERROR: a write needs ops
 * ```
 */
export function writeOpsCode(req: Message): number {
  const replace = (req.info3 & (INFO3_CREATE_OR_REPLACE | INFO3_REPLACE_ONLY)) !== 0;
  const getAll = (req.info1 & INFO1_GET_ALL) !== 0;
  const respondAll = (req.info2 & INFO2_RESPOND_ALL_OPS) !== 0;
  if (req.ops.length === 0) return ResultCode.PARAMETER_ERROR;
  let readAll = false;
  let read = false;
  let response = false;
  for (const op of req.ops) {
    if (op.op === OP_TOUCH) {
      if (replace) return ResultCode.PARAMETER_ERROR;
      continue;
    }
    const nameLength = op.name.length * 3 <= 15 ? op.name.length : enc.encode(op.name).length;
    if (nameLength > 15 || op.name.includes("\0")) return ResultCode.BIN_NAME_TOO_LONG;
    const isReadAll = op.op === OP_READ && op.name.length === 0 && getAll;
    if (op.op === OP_WRITE) {
      if (op.particleType === PARTICLE_TYPE_NULL && replace) return ResultCode.PARAMETER_ERROR;
    } else if (isReadAll) {
      if (respondAll || readAll) return ResultCode.PARAMETER_ERROR;
      readAll = read = true;
    } else {
      if ((MODIFY.has(op.op) || op.op === OP_DELETE) && replace) return ResultCode.PARAMETER_ERROR;
      if (READS.has(op.op)) read = true;
      if (RESPONSE.has(op.op)) response = true;
    }
  }
  if (read && (req.info1 & INFO1_READ) === 0) return ResultCode.PARAMETER_ERROR;
  if (readAll && response) return ResultCode.PARAMETER_ERROR;
  if (getAll && !readAll) return ResultCode.PARAMETER_ERROR;
  return ResultCode.OK;
}
