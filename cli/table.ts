/**
 * Plain-text tables and cell formatting for people (scripts use `--json`).
 * @module
 */
import { toJson } from "./json.ts";

/**
 * A cell for a value: strings as they are, everything else as JSON; one line, so a value with
 * a newline cannot break the table.
 * @example `cell("Ada"); // "Ada"` and `cell([1, 2]); // "[1,2]"`
 */
export function cell(v: unknown): string {
  const text = typeof v === "string" ? v : toJson(v);
  return text.replace(/\r?\n/g, "\\n").replace(/\t/g, "\\t");
}

/**
 * Lays rows out under a header, columns padded to their widest cell, two spaces apart.
 * @example
 * ```ts
 * table(["name", "n"], [["a", "1"]]);
 * // "name  n\n----  -\na     1\n"
 * ```
 */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join("  ").trimEnd() + "\n";
  return line(header) + line(widths.map((w) => "-".repeat(w))) + rows.map(line).join("");
}
