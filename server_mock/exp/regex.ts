/**
 * POSIX regular expressions (what the server's `regcomp` accepts) as JavaScript ones. The server
 * compiles `exp.regex` patterns with glibc: basic syntax (BRE) unless REG_EXTENDED, where `(`,
 * `)`, `{`, `}`, `|`, `+` and `?` are plain characters and `\(` ... are the operators; bracket
 * expressions take `[:alpha:]` classes and no escapes. Only whether a string matches is asked,
 * so POSIX's leftmost-longest rule and JavaScript's leftmost-first one agree.
 * @module
 */
import { ResultCode } from "../../src/wire/result_code.ts";
import { CdtError } from "../cdt/value.ts";

// glibc's values, which the server hands to regcomp as they come: REG_NEWLINE is 4 and 8 is
// REG_NOSUB, although the official clients (and exp.regex's `newline`/`nosub`) name 8 "newline"
// and 4 "nosub". So `{ newline: true }` does not change matching on a node; `{ nosub: true }` does.
const REG_EXTENDED = 1;
const REG_ICASE = 2;
const REG_NEWLINE = 4;

const CLASSES: Record<string, string> = {
  alpha: "A-Za-z",
  digit: "0-9",
  alnum: "A-Za-z0-9",
  upper: "A-Z",
  lower: "a-z",
  space: " \\t\\n\\r\\f\\v",
  blank: " \\t",
  punct: "!-\\/:-@\\[-`{-~",
  print: " -~",
  graph: "!-~",
  cntrl: "\\x00-\\x1f\\x7f",
  xdigit: "0-9A-Fa-f",
};

const bad = (msg: string): CdtError => new CdtError(ResultCode.PARAMETER_ERROR, `regex: ${msg}`);

const escapeChar = (c: string): string => (/[\\^$.*+?()[\]{}|/-]/.test(c) ? `\\${c}` : c);

/** Translates a bracket expression starting at `p[i] === "["`; returns [js, next index]. */
function bracket(p: string, i: number, newline: boolean): [string, number] {
  let j = i + 1;
  let out = "[";
  if (p[j] === "^") {
    out += "^";
    if (newline) out += "\\n";
    j++;
  }
  let first = true;
  for (;;) {
    if (j >= p.length) throw bad("unbalanced [");
    const c = p[j];
    if (c === "]" && !first) return [out + "]", j + 1];
    first = false;
    if (c === "[" && p[j + 1] === ":") {
      const end = p.indexOf(":]", j + 2);
      if (end < 0) throw bad("unbalanced [:");
      const cls = CLASSES[p.slice(j + 2, end)];
      if (cls === undefined) throw bad("unknown character class");
      out += cls;
      j = end + 2;
      continue;
    }
    if (c === "[" && (p[j + 1] === "." || p[j + 1] === "=")) {
      const close = p.indexOf(p[j + 1] + "]", j + 2);
      if (close < 0) throw bad("unbalanced collating element");
      const inner = p.slice(j + 2, close);
      if (inner.length !== 1) throw bad("unknown collating element");
      out += escapeChar(inner);
      j = close + 2;
      continue;
    }
    out += c === "-" ? "-" : escapeChar(c);
    j++;
  }
}

/**
 * A JavaScript RegExp that matches what glibc's `regcomp(pattern, flags)` matches; throws
 * CdtError PARAMETER_ERROR where `regcomp` fails.
 * @example
 * ```ts
 * posixRegex("a\\(b\\)*", 0).test("abb"); // true: a BRE group
 * ```
 */
export function posixRegex(p: string, flags: number): RegExp {
  const ere = (flags & REG_EXTENDED) !== 0;
  const newline = (flags & REG_NEWLINE) !== 0;
  let out = "";
  let depth = 0;
  // Whether a repetition operator here would have nothing to repeat (then BRE takes it literally).
  let atStart = true;
  for (let i = 0; i < p.length;) {
    const c = p[i];
    if (c === "[") {
      const [js, next] = bracket(p, i, newline);
      out += js;
      i = next;
      atStart = false;
      continue;
    }
    if (c === "\\") {
      if (i + 1 >= p.length) throw bad("trailing backslash");
      const n = p[i + 1];
      i += 2;
      if (!ere && (n === "(" || n === ")" || n === "{" || n === "}" || n === "|" || n === "+" || n === "?")) {
        if (n === "(") depth++;
        if (n === ")" && --depth < 0) throw bad("unbalanced )");
        if ((n === "+" || n === "?" || n === "{") && atStart) {
          out += escapeChar(n);
          continue;
        }
        out += n === "{" ? "{" : n === "}" ? "}" : n;
        atStart = n === "(" || n === "|";
        continue;
      }
      if (/[1-9]/.test(n)) out += `\\${n}`;
      else if ("wWsSbB".includes(n)) out += `\\${n}`;
      else if (n === "<" || n === ">") out += "\\b";
      else if (n === "`") out += "^";
      else if (n === "'") out += "$";
      else out += escapeChar(n);
      atStart = false;
      continue;
    }
    i++;
    if (ere) {
      if (c === "(") depth++;
      if (c === ")" && --depth < 0) throw bad("unbalanced )");
      if ((c === "*" || c === "+" || c === "?" || c === "{") && atStart) throw bad("nothing to repeat");
      out += c === "/" ? "\\/" : c;
      atStart = c === "(" || c === "|" || c === "^";
      continue;
    }
    if (c === "*" && atStart) out += "\\*";
    else if ("(){}|+?/".includes(c)) out += escapeChar(c);
    else if (c === "^" && !atStart) out += "\\^";
    else if (c === "$" && i < p.length && !(p[i] === "\\" && p[i + 1] === ")")) out += "\\$";
    else out += c;
    atStart = c === "^" && out.endsWith("^") && !out.endsWith("\\^");
  }
  if (depth !== 0) throw bad("unbalanced (");
  try {
    return new RegExp(out, (newline ? "m" : "s") + ((flags & REG_ICASE) !== 0 ? "i" : ""));
  } catch {
    throw bad("does not compile");
  }
}
