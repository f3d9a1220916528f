/**
 * The shape of the official client's expressions in compat (an array holding one aerolite expression,
 * with its packed `bytes`), the conversions to and from it, and `exp.type`.
 * @module
 */
import { type CdtContext, exp as X, type Expression, type SelectOptions } from "../../mod.ts";
import { contextItems } from "./context.ts";
import { INVERTED, RETURN_NAMES } from "./operation.ts";

/** An expression of the official shape: an array (of one aerolite expression) that also has its `bytes`. */
export type AerospikeExp = Expression[] & { readonly bytes: Uint8Array };
/** What an expression argument may be: an `AerospikeExp`, or an aerolite expression. */
export type ExpArg = AerospikeExp | Expression;

/** Wraps an aerolite expression in the official shape. */
export function wrap(e: Expression): AerospikeExp {
  const a = [e];
  Object.defineProperty(a, "bytes", { value: e.bytes, enumerable: false });
  return a as AerospikeExp;
}

/** The aerolite expression of an argument (TypeError when it is not one). */
export function unwrap(x: unknown, where: string): Expression {
  if (x instanceof X.Expression) return x;
  if (Array.isArray(x) && x.length === 1 && x[0] instanceof X.Expression) return x[0];
  throw new TypeError(`exp.${where}: expected an expression built with Aerospike.exp, got ${describe(x)}`);
}

function describe(x: unknown): string {
  if (Array.isArray(x)) return `an array of ${x.length} item(s)`;
  if (x === null) return "null";
  return typeof x;
}

/** Expression value types (`exp.type.*`), as the server numbers them; `AUTO` lets the call decide. */
export const type = Object.freeze({
  NIL: 0,
  BOOL: 1,
  INT: 2,
  STR: 3,
  LIST: 4,
  MAP: 5,
  BLOB: 6,
  FLOAT: 7,
  GEOJSON: 8,
  HLL: 9,
  AUTO: 10,
  ERROR: 11,
});

const TYPE_NAMES: { readonly [n: number]: X.ExpType } = {
  0: "nil",
  1: "bool",
  2: "int",
  3: "string",
  4: "list",
  5: "map",
  6: "blob",
  7: "float",
  8: "geo",
  9: "hll",
};

/** The aerolite type name of an `exp.type.*` value other than AUTO (TypeError otherwise). */
export function typeName(t: number): X.ExpType {
  const name = TYPE_NAMES[t];
  if (name === undefined) throw new TypeError("invalid value for valueType parameter");
  return name;
}

/** A list/map expression's context argument (a `cdt.Context`, or null) as aerolite's `ctx` option. */
export function ctxOf(ctx: unknown): { ctx?: CdtContext[] } {
  const items = contextItems(ctx);
  return items && items.length > 0 ? { ctx: items } : {};
}

/** An official return type (`lists.returnType.*` / `maps.returnType.*`, maybe with INVERTED) and context as select options. */
export function selectOf(returnType: number, ctx: unknown): SelectOptions {
  if (typeof returnType !== "number") throw new TypeError("returnType must be a lists/maps returnType value");
  const name = RETURN_NAMES[returnType & ~INVERTED];
  if (name === undefined) throw new TypeError(`invalid returnType ${returnType}`);
  const o: SelectOptions = { ...ctxOf(ctx), returnType: name };
  if ((returnType & INVERTED) !== 0) o.inverted = true;
  return o;
}

/** True when an official return type has the INVERTED bit. */
export const isInverted = (returnType: unknown): boolean =>
  typeof returnType === "number" && (returnType & INVERTED) !== 0;

const RT = { INDEX: 1, REVERSE_INDEX: 2, RANK: 3, REVERSE_RANK: 4, COUNT: 5, KEY: 6, VALUE: 7, KEY_VALUE: 8 };
const RT_EXISTS = 13;
const RT_UNORDERED_MAP = 16;
const RT_ORDERED_MAP = 17;

/**
 * Checks a list/map read's `valueType` against its return type as the official client does (a
 * TypeError when they disagree), and gives the type a single value/key is read as.
 */
export function readType(valueType: number, returnType: number, isMap: boolean, isMulti: boolean): X.ExpType {
  if (!Object.values(type).includes(valueType as 0)) {
    throw new TypeError("invalid value for valueType parameter");
  }
  let expected: number | undefined;
  switch (returnType & ~INVERTED) {
    case RT.INDEX:
    case RT.REVERSE_INDEX:
    case RT.RANK:
    case RT.REVERSE_RANK:
      expected = isMulti ? type.LIST : type.INT;
      break;
    case RT.COUNT:
      expected = type.INT;
      break;
    case RT.KEY:
      if (!isMap) {
        throw new TypeError("either set the return type as auto or match with return object data type");
      }
      expected = isMulti ? type.LIST : undefined;
      break;
    case RT.VALUE:
      expected = isMulti ? type.LIST : undefined;
      break;
    case RT_EXISTS:
      expected = type.BOOL;
      break;
    case RT.KEY_VALUE:
    case RT_ORDERED_MAP:
    case RT_UNORDERED_MAP:
      if (!isMap) {
        throw new TypeError("either set the return type as auto or match with return object data type");
      }
      expected = type.MAP;
      break;
    default:
      throw new TypeError("either set the return type as auto or match with return object data type");
  }
  if (expected === undefined) {
    if (valueType === type.AUTO) {
      throw new TypeError(
        "a single value or key is read as the given valueType: exp.type.AUTO cannot tell it",
      );
    }
    return typeName(valueType);
  }
  if (valueType !== type.AUTO && valueType !== expected) {
    throw new TypeError("either set the value type as auto or match with return object data type");
  }
  return typeName(expected);
}
