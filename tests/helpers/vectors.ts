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

const base = new URL("../fixtures/vectors/", import.meta.url);

/** Reads `<name>.json` (e.g. "put_scalars" or "more/list_ops"). */
export async function loadStep(name: string): Promise<VectorStep> {
  const text = await Deno.readTextFile(new URL(`${name}.json`, base));
  const raw = JSON.parse(text) as { step: string; description: string; frames: Omit<VectorFrame, "bytes">[] };
  return { ...raw, frames: raw.frames.map((f) => ({ ...f, bytes: hex(f.hex) })) };
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
