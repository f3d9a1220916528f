/**
 * The official operation objects (`{ op, bin, ... }` with `withContext`, `andReturn`,
 * `invertSelection`), built into aerolite operations only when a command sends them, so the
 * chained calls can still change them.
 * @module
 */
import type { CdtContext, Operation as AeroOperation, ReturnType } from "../../mod.ts";
import { contextItems } from "./context.ts";
import { AerospikeError } from "./errors.ts";
import { status } from "./constants.ts";

/** aerolite return type names by official return type code. */
export const RETURN_NAMES: { readonly [code: number]: ReturnType } = {
  0: "none",
  1: "index",
  2: "reverseIndex",
  3: "rank",
  4: "reverseRank",
  5: "count",
  6: "key",
  7: "value",
  8: "keyValue",
  13: "exists",
  16: "unorderedMap",
  17: "orderedMap",
};
/** The official INVERTED bit of return types. */
export const INVERTED = 0x10000;

/** What a builder gets to make the aerolite operation. */
export interface BuildState {
  /** The context path, if any. */
  ctx: CdtContext[] | undefined;
  /** The return type name, if one was given. */
  returnType: ReturnType | undefined;
  /** Whether the selection is inverted. */
  inverted: boolean;
}

/** An operation of the official shape; `build()` makes the aerolite operation. */
export class Operation {
  /** Operation kind (the official function's name). */
  op: string;
  /** Bin name. */
  bin: string;
  /** Context set by `withContext`. */
  context: unknown = undefined;
  /** Official return type code (with `INVERTED` possibly or-ed in). */
  returnType: number | undefined = undefined;
  /** Set by `invertSelection`. */
  inverted = false;
  #make: (s: BuildState) => AeroOperation;
  #invertible: boolean;

  /** Wraps a builder. */
  constructor(
    op: string,
    bin: string,
    make: (s: BuildState) => AeroOperation,
    opts: { returnType?: number; invertible?: boolean; context?: unknown } = {},
  ) {
    this.op = op;
    this.bin = bin;
    this.returnType = opts.returnType;
    this.context = opts.context;
    this.#make = make;
    this.#invertible = opts.invertible ?? false;
  }

  /** Sets the context path (a `cdt.Context`, or a function filling one). */
  withContext(contextOrFunction: unknown): this {
    contextItems(contextOrFunction); // validates
    this.context = contextOrFunction;
    return this;
  }

  /** Sets what the operation returns (`lists.returnType.*` / `maps.returnType.*`). */
  andReturn(returnType: number): this {
    this.returnType = returnType;
    return this;
  }

  /** How errors name this kind of operation (a prototype getter: no own property for deep equality to see). */
  protected get kind(): string {
    return "Operation";
  }

  /** Selects everything the selector does not match. */
  invertSelection(): this {
    if (!this.#invertible) {
      throw new AerospikeError(
        `${this.kind} cannot be inverted [op ${this.op}]`,
        undefined,
        status.ERR_PARAM,
      );
    }
    this.inverted = true;
    return this;
  }

  /** The aerolite operation. */
  build(): AeroOperation {
    let returnType: ReturnType | undefined;
    let inverted = this.inverted;
    if (this.returnType !== undefined && this.returnType !== null) {
      const rt = this.returnType;
      if ((rt & INVERTED) !== 0) inverted = true;
      returnType = RETURN_NAMES[rt & ~INVERTED];
      if (returnType === undefined) {
        throw new AerospikeError(`invalid return type ${rt}`, undefined, status.ERR_PARAM);
      }
    }
    const ctx = contextItems(this.context);
    return this.#make({ ctx: ctx && ctx.length > 0 ? ctx : undefined, returnType, inverted });
  }
}

/** Select options (ctx, returnType, inverted, count) for an aerolite selector. */
export function selectOptions(
  s: BuildState,
  count?: number | null,
): { ctx?: CdtContext[]; returnType?: ReturnType; inverted?: boolean; count?: number } {
  const o: { ctx?: CdtContext[]; returnType?: ReturnType; inverted?: boolean; count?: number } = {};
  if (s.ctx) o.ctx = s.ctx;
  if (s.returnType !== undefined) o.returnType = s.returnType;
  if (s.inverted) o.inverted = true;
  if (count !== undefined && count !== null) o.count = count;
  return o;
}

/** Builds every operation of a list (official objects or aerolite operations pass through). */
export function buildOps(ops: unknown): AeroOperation[] {
  if (!Array.isArray(ops)) {
    throw new AerospikeError("Operations must be an array", undefined, status.ERR_PARAM);
  }
  return ops.map((o) => {
    if (o instanceof Operation) return o.build();
    throw new AerospikeError("Invalid operation", undefined, status.ERR_PARAM);
  });
}
