/**
 * Hand-written SVG chart of a throughput run: one row per workload, ops/s on the left and client
 * CPU per operation on the right, concurrency on the x axis, one line per contender (raw floors
 * dashed, in their runtime's colour).
 * @module
 */
import { type BenchResult, type CellSummary, machineLine } from "./report.ts";

const COLOURS: Record<string, string> = {
  "aerolite-deno": "#1f77b4",
  "aerolite-bun": "#e67e00",
  "aerolite-node": "#2ca02c",
  "official-node": "#d62728",
  "aerolite-deno-pipeline": "#9467bd",
  "raw-deno": "#1f77b4",
  "raw-bun": "#e67e00",
  "raw-node": "#2ca02c",
};

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

// A round axis maximum (1, 2, 4, 6 or 8 times a power of ten) at or above `x`.
function niceMax(x: number): number {
  if (!(x > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  for (const m of [1, 2, 4, 6, 8, 10]) if (m * p >= x) return m * p; // quarters stay round
  return 10 * p;
}

function compact(x: number): string {
  if (x >= 1e6) return `${+(x / 1e6).toFixed(1)}M`;
  if (x >= 1e3) return `${+(x / 1e3).toFixed(1)}k`;
  return `${+x.toFixed(1)}`;
}

const W = 400, H = 210, PAD_L = 52, PAD_R = 12, PAD_T = 26, PAD_B = 30, TOP = 124;

function panel(
  r: BenchResult,
  cells: CellSummary[],
  metric: (s: CellSummary) => number,
  title: string,
  x0: number,
  y0: number,
): string {
  const out: string[] = [`<g transform="translate(${x0},${y0})">`];
  const pw = W - PAD_L - PAD_R, ph = H - PAD_T - PAD_B;
  const max = niceMax(Math.max(0, ...cells.map(metric).filter(Number.isFinite)));
  out.push(`<text x="${PAD_L}" y="16" class="t">${esc(title)}</text>`);
  for (let i = 0; i <= 4; i++) {
    const y = PAD_T + ph - (ph * i) / 4;
    out.push(`<line x1="${PAD_L}" x2="${PAD_L + pw}" y1="${y}" y2="${y}" class="g"/>`);
    out.push(
      `<text x="${PAD_L - 6}" y="${y + 4}" class="a" text-anchor="end">${compact((max * i) / 4)}</text>`,
    );
  }
  const xs = r.concurrencies.map((_, i) =>
    PAD_L + (r.concurrencies.length === 1 ? pw / 2 : (pw * i) / (r.concurrencies.length - 1))
  );
  r.concurrencies.forEach((c, i) => {
    out.push(`<text x="${xs[i]}" y="${PAD_T + ph + 16}" class="a" text-anchor="middle">${c}</text>`);
  });
  out.push(
    `<text x="${PAD_L + pw / 2}" y="${H - 2}" class="a" text-anchor="middle">commands in flight</text>`,
  );
  for (const k of r.contenders) {
    const pts = r.concurrencies.map((c, i) => {
      const s = cells.find((x) => x.contender === k.id && x.concurrency === c);
      const v = s ? metric(s) : NaN;
      return Number.isFinite(v)
        ? `${xs[i].toFixed(1)},${(PAD_T + ph - (ph * v) / max).toFixed(1)}`
        : undefined;
    }).filter((p) => p !== undefined);
    if (pts.length === 0) continue;
    const dash = k.kind === "raw" ? ` stroke-dasharray="5 4"` : "";
    const colour = COLOURS[k.id] ?? "#555";
    out.push(`<polyline points="${pts.join(" ")}" fill="none" stroke="${colour}" stroke-width="2"${dash}/>`);
    for (const p of pts) {
      const [cx, cy] = p.split(",");
      out.push(`<circle cx="${cx}" cy="${cy}" r="2.5" fill="${colour}"/>`);
    }
  }
  out.push(`</g>`);
  return out.join("\n");
}

// The machine line in two halves at a " · " near the middle.
function splitLine(line: string): string[] {
  const cut = line.indexOf(" · ", line.length / 2 - 20);
  return cut < 0 ? [line] : [line.slice(0, cut), line.slice(cut + 3)];
}

/** The SVG document (bench/results/latest.svg). */
export function svgChart(r: BenchResult): string {
  const width = 2 * W + 20;
  const height = TOP + r.workloads.length * H + 10;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    `<style>.t{font-size:13px;font-weight:bold}.a{font-size:10px;fill:#444}.l{font-size:11px}.g{stroke:#ddd;stroke-width:1}</style>`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="10" y="20" class="t">aerolite throughput: ops/s (left) and client CPU µs per op (right) by commands in flight</text>`,
    ...splitLine(machineLine(r.machine)).map((line, i) =>
      `<text x="10" y="${36 + i * 13}" class="a">${esc(line)}</text>`
    ),
  ];
  r.contenders.forEach((k, i) => {
    const x = 10 + (i % 4) * 205, y = 72 + Math.floor(i / 4) * 20;
    const dash = k.kind === "raw" ? ` stroke-dasharray="5 4"` : "";
    parts.push(
      `<line x1="${x}" x2="${x + 26}" y1="${y - 4}" y2="${y - 4}" stroke="${
        COLOURS[k.id] ?? "#555"
      }" stroke-width="2"${dash}/>`,
    );
    parts.push(`<text x="${x + 32}" y="${y}" class="l">${esc(k.label)}</text>`);
  });
  r.workloads.forEach((w, row) => {
    const cells = r.cells.filter((s) => s.workload === w);
    const name = w === "batch" ? "batchGet of 100 keys" : w === "mix" ? "50/50 get/put" : `${w}, 5 bins`;
    const y = TOP + row * H;
    parts.push(panel(r, cells, (s) => s.opsPerSec, `${name}: ops/s`, 0, y));
    parts.push(panel(r, cells, (s) => s.cpuUsPerOp, `${name}: CPU µs/op`, W + 20, y));
  });
  parts.push(`</svg>`, ``);
  return parts.join("\n");
}
