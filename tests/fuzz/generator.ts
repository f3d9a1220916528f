/**
 * Seeded, reproducible fuzz cases: case `index` under `seed` picks a valid seed frame and applies
 * one to three mutations (bit flips, truncations, bogus lengths and counts, wrong particle types,
 * deep msgpack nesting, huge declared sizes, compressed frames with bad sizes or mutated insides,
 * spliced frames, garbage). The same (seed, index) always yields the same bytes.
 * @module
 */
import { deflateSync, inflateSync } from "node:zlib";
import { Rng } from "./rng.ts";
import type { Seed } from "./corpus.ts";

/** One generated input. */
export interface FuzzCase {
  /** Which decoder it is for: the client's reply path or the mock's request path. */
  dir: "reply" | "request";
  /** Name of the seed frame it started from. */
  seed: string;
  /** Mutations applied, in order. */
  mutations: string[];
  /** The bytes to feed, as they would arrive on a socket. */
  bytes: Uint8Array;
}

type Mutation = (rng: Rng, f: Uint8Array) => Uint8Array;

const INTERESTING_U8 = [
  0x00,
  0x01,
  0x7f,
  0x80,
  0xff,
  0xc1,
  0xdc,
  0xdd,
  0xde,
  0xdf,
  0xc7,
  0xd4,
  0x16,
  0x14,
  0x13,
];
const INTERESTING_U32 = [
  0,
  1,
  3,
  4,
  5,
  7,
  8,
  21,
  22,
  23,
  0x7f,
  0xffff,
  0x7fff_ffff,
  0x8000_0000,
  0xffff_ffff,
];
const PARTICLE_TYPES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 11, 17, 18, 19, 20, 21, 23, 24, 26, 255];

/** Byte positions of the message structure inside a type-3 frame (best effort on broken input). */
interface Layout {
  u32: number[];
  u16: number[];
  u8: number[];
  particle: number[];
  /** [op header position, data start, data end] per op. */
  data: [number, number, number][];
}

function u32(b: Uint8Array, at: number): number {
  return ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
}

function putU32(b: Uint8Array, at: number, v: number): void {
  b[at] = v >>> 24;
  b[at + 1] = (v >>> 16) & 0xff;
  b[at + 2] = (v >>> 8) & 0xff;
  b[at + 3] = v & 0xff;
}

function layout(f: Uint8Array): Layout {
  const out: Layout = { u32: [], u16: [], u8: [], particle: [], data: [] };
  let at = 8;
  while (at + 22 <= f.length) {
    out.u8.push(at, at + 1, at + 2, at + 3, at + 4, at + 5);
    out.u32.push(at + 6, at + 10, at + 14);
    out.u16.push(at + 18, at + 20);
    const nFields = (f[at + 18] << 8) | f[at + 19];
    const nOps = (f[at + 20] << 8) | f[at + 21];
    at += 22;
    for (let i = 0; i < nFields && at + 5 <= f.length; i++) {
      out.u32.push(at);
      out.u8.push(at + 4);
      at += 4 + u32(f, at);
    }
    for (let i = 0; i < nOps && at + 8 <= f.length; i++) {
      const size = u32(f, at);
      out.u32.push(at);
      out.u8.push(at + 4, at + 7);
      out.particle.push(at + 5);
      const dataStart = at + 8 + f[at + 7];
      const end = at + 4 + size;
      if (dataStart <= end && end <= f.length) out.data.push([at, dataStart, end]);
      at = end;
    }
  }
  return out;
}

function withLength(f: Uint8Array): Uint8Array {
  if (f.length < 8) return f;
  const size = f.length - 8;
  f[2] = 0;
  f[3] = 0;
  putU32(f, 4, size);
  return f;
}

/** Replaces an op's data, fixing its op size and the proto size. */
function replaceData(rng: Rng, f: Uint8Array, make: (rng: Rng) => [number, Uint8Array]): Uint8Array {
  const ops = layout(f).data;
  if (ops.length === 0) return f;
  const [opAt, start, end] = rng.pick(ops);
  const [type, data] = make(rng);
  const out = new Uint8Array(f.length - (end - start) + data.length);
  out.set(f.subarray(0, start));
  out.set(data, start);
  out.set(f.subarray(end), start + data.length);
  putU32(out, opAt, start - opAt - 4 + data.length);
  if (type >= 0) out[opAt + 5] = type;
  return withLength(out);
}

function deepNesting(rng: Rng): [number, Uint8Array] {
  const depth = rng.pick([200, 257, 1000, 10_000, 100_000]);
  const map = rng.chance(0.5);
  const out = new Uint8Array(depth + 1);
  // A list of a list of ...; or a map {1: {1: ...}} (0x81 then key 0x01 then the value).
  for (let i = 0; i < depth; i++) out[i] = map ? (i % 2 === 0 ? 0x81 : 0x01) : 0x91;
  out[depth] = 0xc0;
  return [map ? 19 : 20, out];
}

function hugeMsgpack(rng: Rng): [number, Uint8Array] {
  const head = rng.pick([
    [0xdd, 0xff, 0xff, 0xff, 0xff],
    [0xdf, 0x7f, 0xff, 0xff, 0xff],
    [0xdb, 0xff, 0xff, 0xff, 0xf0],
    [0xc6, 0x80, 0x00, 0x00, 0x00],
    [0xdc, 0xff, 0xff],
    [0xc9, 0xff, 0xff, 0xff, 0xff, 0x01],
    [0x92, 0xdd, 0x00, 0x10, 0x00, 0x00],
  ]);
  return [rng.pick([19, 20]), Uint8Array.from([...head, ...rng.bytes(rng.int(8))])];
}

function randomData(rng: Rng): [number, Uint8Array] {
  return [rng.pick(PARTICLE_TYPES), rng.bytes(rng.int(40))];
}

const MUTATIONS: Record<string, Mutation> = {
  bitflip(rng, f) {
    for (let n = 1 + rng.int(8); n > 0; n--) f[rng.int(f.length)] ^= 1 << rng.int(8);
    return f;
  },
  byte(rng, f) {
    for (let n = 1 + rng.int(4); n > 0; n--) f[rng.int(f.length)] = rng.pick(INTERESTING_U8);
    return f;
  },
  truncate(rng, f) {
    const cut = f.subarray(0, rng.int(f.length));
    return rng.chance(0.5) ? withLength(cut.slice()) : cut;
  },
  append(rng, f) {
    const out = new Uint8Array(f.length + 1 + rng.int(64));
    out.set(f);
    out.set(rng.bytes(out.length - f.length), f.length);
    return rng.chance(0.5) ? withLength(out) : out;
  },
  protoSize(rng, f) {
    if (f.length < 8) return f;
    const size = rng.pick([0, 1, f.length - 9, f.length - 7, 0x800_0001, 0x1000_0000, 0xffff_ffff]);
    putU32(f, 4, Math.max(0, size));
    if (rng.chance(0.3)) f[3] = rng.pick([1, 0xff]); // beyond 2^32
    return f;
  },
  protoHeader(rng, f) {
    f[rng.int(2)] = rng.pick([0, 1, 2, 3, 4, 5, 0xff]);
    return f;
  },
  length32(rng, f) {
    const at = layout(f).u32;
    if (at.length > 0) putU32(f, rng.pick(at), rng.pick(INTERESTING_U32));
    return f;
  },
  count16(rng, f) {
    const at = layout(f).u16;
    if (at.length === 0) return f;
    const p = rng.pick(at);
    const v = rng.pick([0, 1, 2, 255, 0x7fff, 0xffff]);
    f[p] = v >>> 8;
    f[p + 1] = v & 0xff;
    return f;
  },
  header8(rng, f) {
    const at = layout(f).u8;
    if (at.length > 0) f[rng.pick(at)] = rng.pick(INTERESTING_U8);
    return f;
  },
  particleType(rng, f) {
    const at = layout(f).particle;
    if (at.length > 0) f[rng.pick(at)] = rng.pick(PARTICLE_TYPES);
    return f;
  },
  deepNesting: (rng, f) => replaceData(rng, f, deepNesting),
  hugeMsgpack: (rng, f) => replaceData(rng, f, hugeMsgpack),
  randomData: (rng, f) => replaceData(rng, f, randomData),
  splice(rng, f) {
    if (f.length <= 8) return f;
    const a = 8 + rng.int(f.length - 8);
    const b = 8 + rng.int(f.length - 8);
    const out = new Uint8Array(f.length + Math.abs(b - a));
    out.set(f.subarray(0, Math.max(a, b)));
    out.set(f.subarray(Math.min(a, b)), Math.max(a, b));
    return withLength(out);
  },
  text(rng, f) {
    for (let n = 1 + rng.int(4); n > 0; n--) {
      f[8 + rng.int(Math.max(1, f.length - 8))] = rng.pick([
        9,
        10,
        0x3b,
        0x3a,
        0x3d,
        0x2c,
        0x5b,
        0x5d,
        0x39,
        0,
      ]);
    }
    return f;
  },
  garbage(rng, f) {
    const out = rng.bytes(rng.int(256));
    if (rng.chance(0.7) && out.length >= 8) {
      out[0] = 2;
      out[1] = f[1];
      withLength(out);
    }
    return out;
  },
};

const NAMES = Object.keys(MUTATIONS);

/** Mutates the inside of a compressed frame, or its declared size, then re-wraps it. */
function mutateCompressed(rng: Rng, f: Uint8Array, applied: string[]): Uint8Array {
  let inner: Uint8Array;
  try {
    inner = new Uint8Array(inflateSync(f.subarray(16)));
  } catch {
    return f;
  }
  let declared = inner.length;
  if (rng.chance(0.3)) {
    declared = rng.pick([0, 7, 8, inner.length - 1, inner.length + 1, 0x800_0009, 2 ** 40, 2 ** 60]);
    applied.push("compressedSize");
  } else {
    inner = applyAll(rng, inner, applied);
  }
  const z = deflateSync(inner);
  const body = new Uint8Array(16 + z.length);
  putU32(body, 8, Math.floor(declared / 0x1_0000_0000));
  putU32(body, 12, declared >>> 0);
  body.set(z, 16);
  body[0] = 2;
  body[1] = 4;
  return withLength(body);
}

function applyAll(rng: Rng, f: Uint8Array, applied: string[]): Uint8Array {
  for (let n = 1 + rng.int(3); n > 0; n--) {
    const name = rng.pick(NAMES);
    applied.push(name);
    f = MUTATIONS[name](rng, f);
  }
  return f;
}

/**
 * The fuzz case `index` under `seed`.
 * @param corpus seed frames (see `loadCorpus`)
 * @param seed run seed
 * @param index case number
 */
export function generateCase(corpus: readonly Seed[], seed: number, index: number): FuzzCase {
  const rng = Rng.forCase(seed, index);
  const origin = rng.pick(corpus);
  const mutations: string[] = [];
  let bytes: Uint8Array = origin.frame.slice();
  if (bytes[1] === 4 && rng.chance(0.6)) bytes = mutateCompressed(rng, bytes, mutations);
  else bytes = applyAll(rng, bytes, mutations);
  // Sometimes several frames back to back, as a pipelined stream would carry them.
  if (rng.chance(0.05)) {
    const next = rng.pick(corpus).frame;
    const both = new Uint8Array(bytes.length + next.length);
    both.set(bytes);
    both.set(next, bytes.length);
    bytes = both;
    mutations.push("followedByValid");
  }
  return { dir: origin.dir, seed: origin.name, mutations, bytes };
}

/** The same bytes cut into 1-4 chunks at random places (how a socket may deliver them). */
export function chunks(rng: Rng, bytes: Uint8Array): Uint8Array[] {
  const cuts = new Set<number>();
  for (let n = rng.int(4); n > 0; n--) cuts.add(rng.int(bytes.length + 1));
  const sorted = [0, ...[...cuts].sort((a, b) => a - b), bytes.length];
  const out: Uint8Array[] = [];
  for (let i = 1; i < sorted.length; i++) out.push(bytes.subarray(sorted[i - 1], sorted[i]));
  return out;
}

/**
 * Mutates one whole frame (a copy) the way `generateCase` does, for servers that answer with
 * mutated replies; returns the bytes and the mutations applied.
 */
export function mutateFrame(rng: Rng, frame: Uint8Array): { bytes: Uint8Array; mutations: string[] } {
  const mutations: string[] = [];
  const copy = frame.slice();
  const bytes = copy[1] === 4 && rng.chance(0.6)
    ? mutateCompressed(rng, copy, mutations)
    : applyAll(rng, copy, mutations);
  return { bytes, mutations };
}
