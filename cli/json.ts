/**
 * JSON in and out of the CLI without losing a value: integers stay exact (up to 64 bits, as
 * `bigint` beyond 2^53), `1.0` stays a double, and the values JSON has no word for travel as
 * one-key tagged objects, the same way in both directions:
 *
 * | tag                          | value                                   |
 * | ---------------------------- | --------------------------------------- |
 * | `{"$bytes": "00ff"}`         | bytes (hex), a BLOB bin                 |
 * | `{"$geo": {...}}`            | a GeoJSON value                         |
 * | `{"$double": 1}`             | a double, also `"NaN"`, `"Infinity"`, `"-Infinity"` |
 * | `{"$map": [[key, value]]}`   | a map whose keys are not all strings    |
 * | `{"$hll": "..."}`            | HyperLogLog bytes (output only)         |
 * @module
 */
import { Double, GeoJSON, HLL, type Value } from "../mod.ts";

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

/**
 * Parses JSON text into a bin value; throws SyntaxError (with the offset) for bad JSON, an
 * integer beyond 64 bits or a malformed tag.
 * @example `parseJson('{"n": 9007199254740993, "d": 1.0}'); // { n: 9007199254740993n, d: Double(1) }`
 */
export function parseJson(text: string): Value {
  const p = new Parser(text);
  const value = p.value();
  p.space();
  if (p.at < text.length) p.fail("unexpected text after the value");
  return value;
}

class Parser {
  at = 0;
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }

  fail(what: string): never {
    throw new SyntaxError(`bad JSON at offset ${this.at}: ${what}`);
  }

  space(): void {
    while (this.at < this.text.length && " \t\r\n".includes(this.text[this.at])) this.at++;
  }

  value(): Value {
    this.space();
    const c = this.text[this.at];
    if (c === "{") return this.object();
    if (c === "[") return this.array();
    if (c === '"') return this.string();
    for (const [word, v] of [["true", true], ["false", false], ["null", null]] as const) {
      if (this.text.startsWith(word, this.at)) {
        this.at += word.length;
        return v;
      }
    }
    return this.number();
  }

  number(): Value {
    NUMBER.lastIndex = this.at;
    const m = NUMBER.exec(this.text);
    if (m === null) this.fail(this.at < this.text.length ? "expected a value" : "unexpected end");
    this.at += m[0].length;
    if (m[1] === undefined && m[2] === undefined) {
      const n = BigInt(m[0]);
      if (n < INT64_MIN || n > INT64_MAX) this.fail(`integer ${m[0]} does not fit in 64 bits`);
      return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
    }
    const d = Number(m[0]);
    return Number.isInteger(d) ? new Double(d) : d; // "1.0" and "1e3" are doubles, not integers
  }

  string(): string {
    const start = this.at++;
    while (this.at < this.text.length && this.text[this.at] !== '"') {
      this.at += this.text[this.at] === "\\" ? 2 : 1;
    }
    if (this.at >= this.text.length) this.fail("unterminated string");
    this.at++;
    try {
      return JSON.parse(this.text.slice(start, this.at)) as string;
    } catch {
      this.at = start;
      return this.fail("bad string escape or control character");
    }
  }

  array(): Value[] {
    this.at++;
    const out: Value[] = [];
    this.space();
    if (this.text[this.at] === "]") {
      this.at++;
      return out;
    }
    for (;;) {
      out.push(this.value());
      this.space();
      const c = this.text[this.at];
      if (c !== "]" && c !== ",") this.fail("expected , or ]");
      this.at++;
      if (c === "]") return out;
    }
  }

  object(): Value {
    this.at++;
    const out: { [key: string]: Value } = Object.create(null);
    this.space();
    if (this.text[this.at] === "}") {
      this.at++;
      return out;
    }
    for (;;) {
      this.space();
      if (this.text[this.at] !== '"') this.fail("expected a key string");
      const key = this.string();
      this.space();
      if (this.text[this.at] !== ":") this.fail("expected :");
      this.at++;
      out[key] = this.value();
      this.space();
      const c = this.text[this.at];
      if (c !== "}" && c !== ",") this.fail("expected , or }");
      this.at++;
      if (c === "}") return untag(out, (what) => this.fail(what));
    }
  }
}

/** Turns a one-key tagged object into its value; other objects are returned as they are. */
function untag(obj: { [key: string]: Value }, fail: (what: string) => never): Value {
  const keys = Object.keys(obj);
  if (keys.length !== 1 || !keys[0].startsWith("$")) return obj;
  const v = obj[keys[0]];
  switch (keys[0]) {
    case "$bytes":
      if (typeof v !== "string" || !/^(?:[0-9a-fA-F]{2})*$/.test(v)) fail("$bytes takes a hex string");
      return hexBytes(v);
    case "$geo":
      if (v === null || typeof v !== "object" || Array.isArray(v)) fail("$geo takes a GeoJSON object");
      return new GeoJSON(JSON.stringify(plain(v)));
    case "$double": {
      const d = v instanceof Double ? v.value : typeof v === "string" ? Number(v) : v;
      if (typeof d !== "number" || (typeof v === "string" && !["NaN", "Infinity", "-Infinity"].includes(v))) {
        fail('$double takes a number or "NaN", "Infinity", "-Infinity"');
      }
      return new Double(d);
    }
    case "$map": {
      const pairs = Array.isArray(v) ? v : [];
      if (!Array.isArray(v) || pairs.some((e) => !Array.isArray(e) || e.length !== 2)) {
        fail("$map takes a list of [key, value] pairs");
      }
      return new Map((pairs as Value[][]).map((e) => [e[0], e[1]]));
    }
    default:
      return obj; // a bin or map key that merely starts with "$"
  }
}

/** A parsed value back to plain JSON-able data (for GeoJSON text). */
function plain(v: Value): unknown {
  if (v instanceof Double) return v.value;
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === "object" && !(v instanceof Uint8Array) && !(v instanceof Map)) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  }
  return v;
}

/**
 * Bytes from an even-length hex string.
 * @example `hexBytes("00ff"); // Uint8Array [0, 255]`
 */
export function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/**
 * Lowercase hex of bytes.
 * @example `toHex(new Uint8Array([0, 255])); // "00ff"`
 */
export function toHex(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}

/**
 * JSON text for a value read from the server (or any plain data): integers exact, bytes, GeoJSON,
 * HLL, non-finite doubles and maps with non-string keys as tagged objects.
 * @example `toJson({ n: 2n ** 62n, b: new Uint8Array([1]) }); // '{"n":4611686018427387904,"b":{"$bytes":"01"}}'`
 */
export function toJson(v: unknown): string {
  if (v === null || v === undefined) return "null";
  switch (typeof v) {
    case "boolean":
      return String(v);
    case "bigint":
      return v.toString();
    case "number":
      return Number.isFinite(v) ? String(v) : `{"$double":"${v}"}`;
    case "string":
      return JSON.stringify(v);
  }
  if (v instanceof Uint8Array) return `{"$bytes":"${toHex(v)}"}`;
  if (v instanceof Double) return Number.isFinite(v.value) ? String(v.value) : `{"$double":"${v.value}"}`;
  if (v instanceof GeoJSON) return `{"$geo":${v.text}}`;
  if (v instanceof HLL) return `{"$hll":"${toHex(v.bytes)}"}`;
  if (Array.isArray(v)) return `[${v.map(toJson).join(",")}]`;
  if (v instanceof Map) {
    const entries = [...v.entries()];
    if (entries.every(([k]) => typeof k === "string")) {
      return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${toJson(x)}`).join(",")}}`;
    }
    return `{"$map":[${entries.map(([k, x]) => `[${toJson(k)},${toJson(x)}]`).join(",")}]}`;
  }
  if (typeof v === "object") {
    const entries = Object.entries(v as Record<string, unknown>);
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${toJson(x)}`).join(",")}}`;
  }
  return JSON.stringify(String(v));
}
