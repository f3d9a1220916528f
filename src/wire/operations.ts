/**
 * Operations: `u32 size, u8 op type, u8 particle type, u8 unused (was version), u8 name length,
 * name, value`. The size counts every byte after itself. Op type ids as the server names them
 * (`AS_MSG_OP_*`).
 * @module
 */

/** Read a bin, or all bins when no name is given (`AS_MSG_OP_READ`). */
export const OP_READ = 1;
/** Write a bin (`AS_MSG_OP_WRITE`). */
export const OP_WRITE = 2;
/** List/map read (`AS_MSG_OP_CDT_READ`). */
export const OP_CDT_READ = 3;
/** List/map modify (`AS_MSG_OP_CDT_MODIFY`). */
export const OP_CDT_MODIFY = 4;
/** Add to an integer or float bin (`AS_MSG_OP_INCR`). */
export const OP_ADD = 5;
/** Expression read (`AS_MSG_OP_EXP_READ`). */
export const OP_EXP_READ = 7;
/** Expression write (`AS_MSG_OP_EXP_MODIFY`). */
export const OP_EXP_MODIFY = 8;
/** Append to a string or blob bin (`AS_MSG_OP_APPEND`). */
export const OP_APPEND = 9;
/** Prepend to a string or blob bin (`AS_MSG_OP_PREPEND`). */
export const OP_PREPEND = 10;
/** Reset the record's ttl and bump its generation (`AS_MSG_OP_TOUCH`). */
export const OP_TOUCH = 11;
/** Bitwise read (`AS_MSG_OP_BITS_READ`). */
export const OP_BIT_READ = 12;
/** Bitwise modify (`AS_MSG_OP_BITS_MODIFY`). */
export const OP_BIT_MODIFY = 13;
/** Delete the record (`AS_MSG_OP_DELETE_ALL`). */
export const OP_DELETE = 14;
/** HyperLogLog read (`AS_MSG_OP_HLL_READ`). */
export const OP_HLL_READ = 15;
/** HyperLogLog modify (`AS_MSG_OP_HLL_MODIFY`). */
export const OP_HLL_MODIFY = 16;

/** Bytes an operation adds before its name: u32 size + op + particle type + unused + name length. */
export const OP_HEADER_SIZE = 8;

/** True for op types that change the record (the command is then a write). */
export function isWriteOp(op: number): boolean {
  return op === OP_WRITE || op === OP_CDT_MODIFY || op === OP_ADD || op === OP_EXP_MODIFY ||
    op === OP_APPEND || op === OP_PREPEND || op === OP_TOUCH || op === OP_BIT_MODIFY ||
    op === OP_DELETE || op === OP_HLL_MODIFY;
}

/** One decoded or to-be-encoded operation, with its value as raw particle bytes. */
export interface Op {
  /** One of the `OP_*` ids. */
  op: number;
  /** Particle type of `data` (see particles.ts). */
  particleType: number;
  /** Bin name; empty for ops on the whole record (read all, touch, delete). */
  name: string;
  /** The encoded value (particle bytes). */
  data: Uint8Array;
}
