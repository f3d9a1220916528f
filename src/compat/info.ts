/**
 * The official `info` module: `info.parse` turns an info answer (`name\tvalue\n...`) into an
 * object. Each name picks its separators from `info.separators` (glob patterns: `*` is one path
 * segment, `**` any number): e.g. `sets/*` splits entries on `;` and each entry into `k=v` pairs
 * on `:`, `udf-list` gives `[{ filename, hash, type }]`, `bins` gives `{ stats, names }`. Other
 * names are split on `;` (into `k=v` pairs when there are any), as the official client does.
 * @module
 */

/** A separator step: a string (one character: split into a list; two: split into `k=v` pairs) or a function. */
export type Separator = string | ((s: string) => unknown);

/** Numeric strings (whose number prints back the same) become numbers. */
function parseValue(v: string | undefined): unknown {
  if (v === undefined) return v;
  return String(Number(v)) === v ? Number(v) : v;
}

function keyValues(s: string, sep1: string, sep2: string): { [k: string]: unknown } {
  const out: { [k: string]: unknown } = {};
  for (const kv of s.split(sep1)) {
    if (kv.length === 0) continue;
    const i = kv.indexOf(sep2);
    // As the official client: split(sep2, 2) keeps the part before a second separator only.
    const k = i < 0 ? kv : kv.slice(0, i);
    const rest = i < 0 ? undefined : kv.slice(i + 1);
    const j = rest === undefined ? -1 : rest.indexOf(sep2);
    out[k] = parseValue(rest === undefined || j < 0 ? rest : rest.slice(0, j));
  }
  return out;
}

// The default step: `a=1;b=2` → { a: 1, b: 2 }, `a;b` → ["a", "b"], anything else unchanged.
function smartParse(s: unknown): unknown {
  if (typeof s === "string" && s.includes(";")) {
    return s.includes("=") ? keyValues(s, ";", "=") : s.split(";");
  }
  return s;
}

function splitBins(s: unknown): unknown {
  const stats: { [k: string]: unknown } = {};
  const names: string[] = [];
  for (const elem of String(s).split(",")) {
    const parts = elem.split("=");
    if (parts.length >= 2) stats[parts[0]] = parseValue(parts[1]);
    else names.push(parts[0]);
  }
  return { stats, names };
}

const chop = (s: unknown): unknown => String(s).slice(0, -1);

/** Separator steps by info name pattern; add or change entries to parse other names. */
export const separators: { [pattern: string]: Separator[] } = {
  "bins": [";:", splitBins],
  "bins/*": [splitBins],
  "namespace/*": [";="],
  "service": [";"],
  "sindex": [";", ":="],
  "sindex/*": [";", ":="],
  "sindex/*/**": [";="],
  "udf-list": [";", ",="],
  "get-dc-config": [";", ":="],
  "sets": [";", ":="],
  "sets/*": [";", ":="],
  // Drops the trailing ";" so that one set gives one object, not a list of one.
  "sets/*/**": [chop, ":="],
};

function globRegExp(pattern: string): RegExp {
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (pattern.startsWith("/**", i) && i + 3 === pattern.length) {
      re += "(?:/.*)?";
      break;
    }
    if (pattern.startsWith("**", i)) {
      re += ".*";
      i++;
    } else if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else re += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

function separatorsOf(name: string): Separator[] {
  const pattern = Object.keys(separators).find((p) => globRegExp(p).test(name));
  return pattern === undefined ? [smartParse] : [...separators[pattern]];
}

function splitString(input: unknown, sep: Separator): unknown {
  if (typeof sep === "function") return sep(input as string);
  const s = String(input);
  if (sep.length === 2) return keyValues(s, sep[0], sep[1]);
  const list = s.split(sep);
  if (list[list.length - 1].length === 0) list.pop();
  return list;
}

function deepSplit(input: unknown, seps: Separator[]): unknown {
  if (input === null || input === undefined || seps.length === 0) return input;
  const sep = seps.shift()!;
  let out: unknown = input;
  if (typeof input === "string") out = splitString(input, sep);
  else if (Array.isArray(input)) out = input.map((i) => splitString(i, sep));
  else if (typeof input === "object") {
    const o: { [k: string]: unknown } = {};
    for (const [k, v] of Object.entries(input)) o[k] = splitString(v, sep);
    out = o;
  }
  return seps.length > 0 ? deepSplit(out, seps) : out;
}

/** Parses an info answer into `{ name: value }`, each value split by its name's separators. */
export function parse(info: string): { [name: string]: unknown } {
  if (!info) return {};
  const out: { [name: string]: unknown } = {};
  for (const line of info.split("\n")) {
    if (line.length === 0) continue;
    const tab = line.indexOf("\t");
    const name = tab < 0 ? line : line.slice(0, tab);
    let value: string | undefined;
    if (tab >= 0) {
      const rest = line.slice(tab + 1);
      const t2 = rest.indexOf("\t");
      value = t2 < 0 ? rest : rest.slice(0, t2);
    }
    out[name] = parseValue(value);
  }
  for (const name of Object.keys(out)) out[name] = deepSplit(out[name], separatorsOf(name));
  return out;
}
