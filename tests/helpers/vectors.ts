/** Loads the golden vectors copied from ../shared/vectors into tests/fixtures/vectors. */
import { hex } from "./test.ts";

/** One captured frame. */
export interface VectorFrame {
  dir: "c2s" | "s2c";
  type: number;
  hex: string;
  bytes: Uint8Array;
}

/** One scripted step of the capture. */
export interface VectorStep {
  step: string;
  description: string;
  frames: VectorFrame[];
}

/** One operation of a captured single-record message. */
export interface VectorOp {
  name: string;
  type: number;
  data: Uint8Array;
}

const base = new URL("../fixtures/vectors/", import.meta.url);

/** Reads `<name>.json` (e.g. "put_scalars" or "more/list_ops"). */
export async function loadStep(name: string): Promise<VectorStep> {
  const text = await Deno.readTextFile(new URL(`${name}.json`, base));
  const raw = JSON.parse(text) as { step: string; description: string; frames: Omit<VectorFrame, "bytes">[] };
  return { ...raw, frames: raw.frames.map((f) => ({ ...f, bytes: hex(f.hex) })) };
}

/**
 * The ops of a single-record message frame: name, particle type and value bytes
 * (proto header, 22-byte message header, fields skipped; no bounds checks: golden frames only).
 */
export function opsOf(frame: Uint8Array): VectorOp[] {
  const dv = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  let p = 8;
  const nFields = dv.getUint16(p + 18);
  const nOps = dv.getUint16(p + 20);
  p += 22;
  for (let i = 0; i < nFields; i++) p += 4 + dv.getUint32(p);
  const out = [];
  for (let i = 0; i < nOps; i++) {
    const size = dv.getUint32(p);
    const nameEnd = p + 8 + frame[p + 7];
    const name = new TextDecoder().decode(frame.subarray(p + 8, nameEnd));
    out.push({ name, type: frame[p + 5], data: frame.subarray(nameEnd, p + 4 + size) });
    p += 4 + size;
  }
  return out;
}

/** Names of every step file (info files excluded), with "more/" prefix for the second run. */
export async function listSteps(): Promise<string[]> {
  const out: string[] = [];
  for (const dir of ["", "more/"]) {
    for await (const e of Deno.readDir(new URL(dir || ".", base))) {
      if (e.isFile && e.name.endsWith(".json") && !e.name.startsWith("info")) {
        out.push(dir + e.name.slice(0, -5));
      }
    }
  }
  return out.sort();
}
