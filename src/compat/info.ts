/**
 * The official `info` module: `info.parse` turns an info answer (`name\tvalue\n...`) into an
 * object, splitting `k=v;k=v` values and `,`-lists as the official client does.
 * @module
 */

function parseValue(v: string): unknown {
  if (v.includes(";") || (v.includes("=") && !v.startsWith("="))) {
    const out: { [k: string]: unknown } = {};
    for (const part of v.split(";")) {
      if (part === "") continue;
      const i = part.indexOf("=");
      if (i < 0) return v.split(";").filter((x) => x !== "").map(scalar);
      out[part.slice(0, i)] = scalar(part.slice(i + 1));
    }
    return out;
  }
  if (v.includes(",")) return v.split(",").map(scalar);
  return scalar(v);
}
function scalar(v: string): unknown {
  return /^-?\d+$/.test(v) && Number.isSafeInteger(Number(v)) ? Number(v) : v;
}

/** Parses an info answer into `{ name: value }`. */
export function parse(info: string): { [name: string]: unknown } {
  const out: { [name: string]: unknown } = {};
  if (typeof info !== "string") return out;
  for (const line of info.split("\n")) {
    if (line === "") continue;
    const tab = line.indexOf("\t");
    if (tab < 0) {
      out[line] = undefined;
      continue;
    }
    const name = line.slice(0, tab);
    const value = line.slice(tab + 1);
    out[name] = name === "features" ? value.split(";").filter((x) => x !== "") : parseValue(value);
  }
  return out;
}
