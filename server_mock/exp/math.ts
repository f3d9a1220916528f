/**
 * Arithmetic and integer-bit expression operators (add .. max, int_and .. int_rscan) over the
 * mock's values. Operands of one call must all be integers or all floats, as the server requires;
 * integer results wrap at 64 bits.
 * @module
 */
import * as C from "../../src/wire/cdt_codes.ts";
import { ResultCode } from "../../src/wire/result_code.ts";
import { CdtError, type CdtValue } from "../cdt/value.ts";

const i64 = (v: bigint): CdtValue => ({ k: "int", v: BigInt.asIntN(64, v) });
const f64 = (v: number): CdtValue => ({ k: "float", v });
const bad = (msg: string): CdtError => new CdtError(ResultCode.PARAMETER_ERROR, msg);

function ints(args: CdtValue[], what: string): bigint[] {
  return args.map((a) => {
    if (a.k !== "int") throw bad(`${what} needs integers`);
    return a.v;
  });
}

function numbers(args: CdtValue[], what: string): { floats: boolean; n: (bigint | number)[] } {
  if (args.length === 0) throw bad(`${what} needs operands`);
  const floats = args[0].k === "float";
  return {
    floats,
    n: args.map((a) => {
      if (a.k !== (floats ? "float" : "int")) throw bad(`${what} needs operands of one number type`);
      return (a as { v: bigint | number }).v;
    }),
  };
}

function fold(
  args: CdtValue[],
  what: string,
  fi: (a: bigint, b: bigint) => bigint,
  ff: (a: number, b: number) => number,
) {
  const { floats, n } = numbers(args, what);
  if (floats) return f64((n as number[]).reduce(ff));
  return i64((n as bigint[]).reduce(fi));
}

function bitScan(v: bigint, search: boolean, fromLeft: boolean): bigint {
  const u = BigInt.asUintN(64, v);
  for (let i = 0; i < 64; i++) {
    const bit = fromLeft ? 63 - i : i;
    // The result is the bit's index counted from the left (most significant bit 0) either way.
    if ((((u >> BigInt(bit)) & 1n) === 1n) === search) return BigInt(63 - bit);
  }
  return -1n;
}

const UNARY = new Set([
  C.EXP_ABS,
  C.EXP_FLOOR,
  C.EXP_CEIL,
  C.EXP_TO_INT,
  C.EXP_TO_FLOAT,
  C.EXP_INT_NOT,
  C.EXP_INT_COUNT,
]);
const BINARY = new Set([
  C.EXP_POW,
  C.EXP_LOG,
  C.EXP_MOD,
  C.EXP_INT_LSHIFT,
  C.EXP_INT_RSHIFT,
  C.EXP_INT_ARSHIFT,
  C.EXP_INT_LSCAN,
  C.EXP_INT_RSCAN,
]);

/**
 * `(int64_t)` of a double as x86-64 computes it: truncation toward zero, and the "integer
 * indefinite" value INT64_MIN for NaN and anything out of range.
 */
function toInt64(v: number): bigint {
  if (!Number.isFinite(v) || v >= 9223372036854775808 || v < -9223372036854775808) return -(1n << 63n);
  return BigInt(Math.trunc(v));
}

/**
 * The server's division: the first operand divided by the product of the others (one operand:
 * its reciprocal). An integer divisor of zero makes the result "unknown" (undefined here).
 */
function divide(args: CdtValue[]): CdtValue | undefined {
  const { floats, n } = numbers(args, "div");
  if (floats) {
    const f = n as number[];
    if (f.length === 1) return f64(1 / f[0]);
    let p = 1;
    for (const x of f.slice(1)) p *= x;
    return f64(f[0] / p);
  }
  const b = n as bigint[];
  let p = 1n;
  for (const x of b.slice(1)) p = BigInt.asIntN(64, p * x);
  const [num, den] = b.length === 1 ? [1n, b[0]] : [b[0], p];
  if (den === 0n) return undefined;
  return i64(num / den);
}

/** Applies an arithmetic or integer-bit operator to evaluated operands; undefined is "unknown". */
export function arithmetic(code: number, args: CdtValue[]): CdtValue | undefined {
  const arity = UNARY.has(code) ? 1 : BINARY.has(code) ? 2 : 0;
  if (arity > 0 ? args.length !== arity : args.length === 0) {
    throw bad(
      `expression op ${code} takes ${arity > 0 ? arity : "one or more"} operands, got ${args.length}`,
    );
  }
  switch (code) {
    case C.EXP_ADD:
      return fold(args, "add", (a, b) => a + b, (a, b) => a + b);
    case C.EXP_SUB:
      if (args.length === 1) {
        return fold(
          [args[0].k === "float" ? f64(0) : i64(0n), ...args],
          "sub",
          (a, b) => a - b,
          (a, b) => a - b,
        );
      }
      return fold(args, "sub", (a, b) => a - b, (a, b) => a - b);
    case C.EXP_MUL:
      return fold(args, "mul", (a, b) => a * b, (a, b) => a * b);
    case C.EXP_DIV:
      return divide(args);
    case C.EXP_POW: {
      const { floats, n } = numbers(args, "pow");
      if (!floats || n.length !== 2) throw bad("pow needs two floats");
      return f64(Math.pow(n[0] as number, n[1] as number));
    }
    case C.EXP_LOG: {
      const { floats, n } = numbers(args, "log");
      if (!floats || n.length !== 2) throw bad("log needs two floats");
      return f64(Math.log(n[0] as number) / Math.log(n[1] as number));
    }
    case C.EXP_MOD: {
      const [a, b] = ints(args, "mod");
      // Modulo by zero is "unknown" on the server, as is integer division by zero.
      if (b === 0n || b === undefined) return undefined;
      return i64(a % b);
    }
    case C.EXP_ABS: {
      const { floats, n } = numbers(args, "abs");
      return floats
        ? f64(Math.abs(n[0] as number))
        : i64((n[0] as bigint) < 0n ? -(n[0] as bigint) : (n[0] as bigint));
    }
    case C.EXP_FLOOR:
    case C.EXP_CEIL: {
      const { floats, n } = numbers(args, "floor/ceil");
      if (!floats) throw bad("floor/ceil need a float");
      return f64(code === C.EXP_FLOOR ? Math.floor(n[0] as number) : Math.ceil(n[0] as number));
    }
    case C.EXP_TO_INT: {
      const { floats, n } = numbers(args, "to_int");
      if (!floats) throw bad("to_int needs a float");
      return i64(toInt64(n[0] as number));
    }
    case C.EXP_TO_FLOAT:
      return f64(Number(ints(args, "to_float")[0]));
    case C.EXP_MIN:
    case C.EXP_MAX: {
      // The server keeps the first operand unless a later one is strictly smaller (larger): a NaN
      // operand never wins, and min(0.0, -0.0) stays 0.0.
      const max = code === C.EXP_MAX;
      const { floats, n } = numbers(args, "min/max");
      let best = n[0];
      for (const x of n.slice(1)) if (max ? best < x : best > x) best = x;
      return floats ? f64(best as number) : i64(best as bigint);
    }
    case C.EXP_INT_AND:
      return i64(ints(args, "int_and").reduce((a, b) => a & b));
    case C.EXP_INT_OR:
      return i64(ints(args, "int_or").reduce((a, b) => a | b));
    case C.EXP_INT_XOR:
      return i64(ints(args, "int_xor").reduce((a, b) => a ^ b));
    case C.EXP_INT_NOT:
      return i64(~ints(args, "int_not")[0]);
    case C.EXP_INT_LSHIFT: {
      const [a, s] = ints(args, "lshift");
      return i64(a << (s & 63n));
    }
    case C.EXP_INT_RSHIFT: {
      const [a, s] = ints(args, "rshift");
      return i64(BigInt.asUintN(64, a) >> (s & 63n));
    }
    case C.EXP_INT_ARSHIFT: {
      const [a, s] = ints(args, "arshift");
      return i64(a >> (s & 63n));
    }
    case C.EXP_INT_COUNT: {
      let u = BigInt.asUintN(64, ints(args, "count")[0]);
      let n = 0n;
      for (; u > 0n; u >>= 1n) n += u & 1n;
      return i64(n);
    }
    case C.EXP_INT_LSCAN:
    case C.EXP_INT_RSCAN: {
      const v = ints([args[0]], "scan")[0];
      if (args[1]?.k !== "bool") throw bad("scan needs a boolean");
      return i64(bitScan(v, args[1].v, code === C.EXP_INT_LSCAN));
    }
  }
  throw new CdtError(ResultCode.UNSUPPORTED_FEATURE, `expression op ${code} is not supported by the mock`);
}
