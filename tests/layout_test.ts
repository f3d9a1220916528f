/**
 * Keeps the layering of DESIGN.md from rotting: scans the import specifiers of every .ts file and
 * checks who may import whom. Imports only point downwards (client → commands → cluster → net →
 * transport; everything → wire), the mock reuses the codecs but never the client, and only the
 * cross-check and the benchmarks may load the official `aerospike` npm client.
 */
import assert from "node:assert/strict";
import { test } from "./helpers/test.ts";

/** One import edge: `from` (repo-relative path) imports `spec`, which resolves to `target`. */
interface Edge {
  from: string;
  spec: string;
  /** Repo-relative path for relative specifiers; the specifier itself otherwise. */
  target: string;
}

const ROOT = new URL("../", import.meta.url);
const SKIP_DIRS = new Set([".git", "node_modules", "dist", "fixtures"]);

// `import x from`, `import * as x from`, `import { a } from`, `import type { a } from`,
// `export { a } from`, `export * from`, `export * as ns from`; line-anchored so JSDoc examples
// (lines starting with `*`) are not mistaken for imports.
const FROM_RE =
  /^[ \t]*(?:import|export)[ \t]+(?:type[ \t]+)?(?:\*[ \t]+as[ \t]+[\w$]+|\*|[\w$]+)?[ \t]*,?[ \t]*(?:\{[^}]*\})?[ \t]*from[ \t]*["']([^"']+)["']/gm;
const SIDE_EFFECT_RE = /^[ \t]*import[ \t]*["']([^"']+)["']/gm;
const DYNAMIC_RE = /\bimport[ \t]*\([ \t]*["']([^"']+)["'][ \t]*\)/g;
// `require("x")` through `createRequire` (how Node code loads the official CommonJS client).
const REQUIRE_RE = /\brequire[ \t]*\([ \t]*["']([^"']+)["'][ \t]*\)/g;

/** Normalises `a/b/../c` style paths; returns null when the path leaves the repository. */
function normalize(path: string): string | null {
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (out.length === 0) return null;
      out.pop();
    } else out.push(part);
  }
  return out.join("/");
}

/** Extracts the import edges of one file's source text. */
function importsOf(from: string, source: string): Edge[] {
  const edges: Edge[] = [];
  const dir = from.includes("/") ? from.slice(0, from.lastIndexOf("/")) : "";
  for (const re of [FROM_RE, SIDE_EFFECT_RE, DYNAMIC_RE, REQUIRE_RE]) {
    for (const m of source.matchAll(re)) {
      const spec = m[1];
      const relative = spec.startsWith("./") || spec.startsWith("../");
      const target = relative ? normalize(`${dir}/${spec}`) ?? `<outside the repository>/${spec}` : spec;
      edges.push({ from, spec, target });
    }
  }
  return edges;
}

const isTestFile = (path: string): boolean => /_test\.ts$/.test(path);
const under = (path: string, dir: string): boolean => path.startsWith(`${dir}/`);
const isNodeBuiltin = (spec: string): boolean => spec.startsWith("node:");
const isAerospikeNpm = (spec: string): boolean => /^(npm:)?aerospike(@[^/]*)?(\/|$)/.test(spec);

// The client layer: client.ts and the per-domain modules beside it (client_kv.ts, client_options.ts...).
const CLIENT = ["src/client.ts", "src/client_", "src/client/"];

/** Targets a layer must not import, by the importing file's directory. */
const FORBIDDEN_BELOW: [layer: string, forbidden: string[]][] = [
  ["src/transport", ["src/net/", "src/cluster/", "src/commands/", ...CLIENT]],
  ["src/net", ["src/cluster/", "src/commands/", ...CLIENT]],
  ["src/cluster", ["src/commands/", ...CLIENT]],
  // Fed by the command and tend loops; it must not reach back up into them.
  ["src/observe", ["src/commands/", "src/query/", ...CLIENT]],
];

/** Returns one message per layering violation of `edge`; empty when the edge is allowed. */
function violations(edge: Edge): string[] {
  const { from, target } = edge;
  const out: string[] = [];
  const bad = (why: string): number => out.push(`${from} imports "${edge.spec}": ${why}`);
  const testOnly = isTestFile(from) && (under(target, "tests/helpers") || isNodeBuiltin(target));

  if (target.startsWith("<outside")) bad("resolves outside the repository");
  if (isAerospikeNpm(target) && !under(from, "tests/cross") && !under(from, "bench")) {
    bad("only tests/cross and bench may load the official aerospike client");
  }
  if (under(from, "src") || from === "mod.ts") {
    if (under(target, "server_mock")) bad("the library must not depend on the mock");
    if (under(target, "tests") && !(isTestFile(from) && under(target, "tests/helpers"))) {
      bad("only *_test.ts files may import tests/helpers, nothing else under tests/");
    }
  }
  if (under(from, "src/wire") && !testOnly) {
    const ok = under(target, "src/wire") || target === "node:crypto" || target === "node:zlib";
    if (!ok) bad("src/wire may import only src/wire, node:crypto and node:zlib");
  }
  for (const [layer, forbidden] of FORBIDDEN_BELOW) {
    if (under(from, layer) && forbidden.some((f) => target === f || target.startsWith(f))) {
      bad(`${layer} must not import an upper layer`);
    }
  }
  if (under(from, "src/otel") && !testOnly) {
    // The OpenTelemetry adapter sees what users see: the public API and the tracing channel.
    const ok = target === "mod.ts" || target === "node:diagnostics_channel" ||
      target === "@opentelemetry/api";
    if (!ok) bad("src/otel may import only mod.ts, node:diagnostics_channel and @opentelemetry/api");
  }
  if (under(from, "server_mock") && !testOnly) {
    // The mock shares only the pure codecs (src/wire, frame reassembly and values included) and
    // the runtime transports with the client. bcryptjs: a secured mock hashes its configured
    // passwords as the clients do.
    // src/lua: the Lua runtime the mock runs UDFs in (the client runs aggregation reduces in it).
    const ok = ["server_mock", "src/wire", "src/transport", "src/lua"].some((d) => under(target, d)) ||
      isNodeBuiltin(target) || target === "bcryptjs";
    if (!ok) {
      bad("server_mock may import only server_mock, src/wire, src/transport, src/lua, node:, bcryptjs");
    }
  }
  if (under(from, "src/lua") && !testOnly) {
    const ok = ["src/lua", "src/wire"].some((d) => under(target, d)) || target === "wasmoon";
    if (!ok) bad("src/lua may import only src/lua, src/wire and (runtime.ts) wasmoon");
  }
  if (target === "wasmoon" && from !== "src/lua/runtime.ts" && !isTestFile(from)) {
    // The optional Lua runtime: src/lua/runtime.ts loads it with import() when Lua first runs. No
    // other import, not even of its types (they need the DOM library; lua_api.ts declares ours).
    bad("wasmoon is optional: only src/lua/runtime.ts loads it, at run time");
  }
  if (under(from, "cli") && !testOnly) {
    // The CLI is a user of the package: the public API and the mock's, nothing internal.
    const ok = under(target, "cli") || target === "mod.ts" || target === "server_mock/mod.ts" ||
      isNodeBuiltin(target);
    if (!ok) bad("cli may import only cli/, mod.ts, server_mock/mod.ts and node: modules");
  }
  return out;
}

// A `Buffer` in a type position (`: Buffer`, `<Buffer>`, `Buffer |`, `| Buffer`, `Buffer[]`).
const BUFFER_TYPE_RE = /(?::\s*|<\s*|\|\s*)Buffer\b|\bBuffer\s*(?:\||\[\])/;

/** Lines of a src/ file that put `Buffer` in a type (the API uses Uint8Array/DataView). */
function bufferTypeLines(path: string, source: string): string[] {
  return source.split("\n").flatMap((line, i) =>
    BUFFER_TYPE_RE.test(line) && !/^\s*(\*|\/\/)/.test(line) ? [`${path}:${i + 1}: ${line.trim()}`] : []
  );
}

/** Every .ts file under `dir` (repo-relative), skipping dependencies and fixtures. */
async function walk(dir: string): Promise<string[]> {
  const files: string[] = [];
  let entries: Deno.DirEntry[];
  try {
    entries = await Array.fromAsync(Deno.readDir(new URL(`${dir}/`, ROOT)));
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return files;
    throw err;
  }
  for (const e of entries) {
    const path = dir === "." ? e.name : `${dir}/${e.name}`;
    if (e.isDirectory && !SKIP_DIRS.has(e.name) && !SKIP_DIRS.has(path)) files.push(...await walk(path));
    else if (e.isFile && e.name.endsWith(".ts")) files.push(path);
  }
  return files.sort();
}

/** Loads every repository .ts file with its source. */
async function loadRepo(): Promise<Map<string, string>> {
  const sources = new Map<string, string>();
  for (const path of await walk(".")) sources.set(path, await Deno.readTextFile(new URL(path, ROOT)));
  return sources;
}

test("the import scanner finds static, type-only, re-export, side-effect, dynamic and require imports", () => {
  const source = [
    'import { a, type B } from "./a.ts";',
    "import {",
    "  c,",
    "  d,",
    '} from "../wire/c.ts";',
    'import type { E } from "./e.ts";',
    'import * as net from "node:net";',
    'export { f } from "./f.ts";',
    'export * from "./g.ts";',
    'import "./side.ts";',
    'const h = await import("./h.ts");',
    // Split so this file's own scan does not see a require of the official client.
    "const Aerospike = require(" + '"aerospike");',
    ' * import { Client } from "@aerolite/client";',
  ].join("\n");
  const targets = importsOf("src/net/x.ts", source).map((e) => e.target).sort();
  assert.deepEqual(targets, [
    "aerospike",
    "node:net",
    "src/net/a.ts",
    "src/net/e.ts",
    "src/net/f.ts",
    "src/net/g.ts",
    "src/net/h.ts",
    "src/net/side.ts",
    "src/wire/c.ts",
  ]);
});

test("the layering checker rejects each kind of upward or sideways import", () => {
  const cases: [from: string, spec: string][] = [
    ["src/wire/message.ts", "../transport/transport.ts"],
    ["src/wire/digest.ts", "node:buffer"],
    ["src/wire/message.ts", "../key.ts"],
    ["src/transport/node.ts", "../cluster/cluster.ts"],
    ["src/transport/node.ts", "../net/connection.ts"],
    ["src/net/connection.ts", "../commands/command.ts"],
    ["src/net/connection.ts", "../client.ts"],
    ["src/cluster/node.ts", "../commands/execute.ts"],
    ["src/cluster/node.ts", "../client.ts"],
    ["src/cluster/cluster.ts", "../client_options.ts"],
    ["src/net/connection.ts", "../client_kv.ts"],
    ["server_mock/store.ts", "../src/client.ts"],
    ["server_mock/store.ts", "../src/key.ts"],
    ["server_mock/session.ts", "../src/net/frame_reader.ts"],
    ["server_mock/handlers/query_filter.ts", "../../src/values.ts"],
    ["src/wire/particles.ts", "../values.ts"],
    ["server_mock/store.ts", "aerospike"],
    ["src/client.ts", "../server_mock/mod.ts"],
    ["src/client.ts", "../tests/helpers/test.ts"],
    ["src/wire/info_test.ts", "../../server_mock/mod.ts"],
    ["mod.ts", "./server_mock/mod.ts"],
    ["tests/client_test.ts", "npm:aerospike@6.7.1"],
    ["src/wire/proto.ts", "../../../ref/go/packer.go"],
    ["src/otel/mod.ts", "../observe/tracing.ts"],
    ["src/otel/mod.ts", "../client.ts"],
    ["cli/run.ts", "../src/client.ts"],
    ["cli/cmd_mock.ts", "../server_mock/cluster.ts"],
    ["cli/json.ts", "../src/wire/values.ts"],
  ];
  for (const [from, spec] of cases) {
    const found = importsOf(from, `import { x } from "${spec}";`).flatMap(violations);
    assert.equal(found.length >= 1, true, `${from} -> ${spec} should be a violation`);
  }
});

test("the layering checker accepts the imports DESIGN.md allows", () => {
  const cases: [from: string, spec: string][] = [
    ["src/wire/message.ts", "./proto.ts"],
    ["src/wire/msgpack.ts", "./values.ts"],
    ["src/wire/digest.ts", "node:crypto"],
    ["src/wire/compress.ts", "node:zlib"],
    ["src/wire/message_test.ts", "../../tests/helpers/test.ts"],
    ["src/wire/message_test.ts", "node:assert/strict"],
    ["src/net/connection.ts", "../transport/transport.ts"],
    ["src/cluster/node.ts", "../net/connection.ts"],
    ["src/commands/execute.ts", "../cluster/cluster.ts"],
    ["server_mock/node.ts", "../src/wire/message.ts"],
    ["server_mock/node.ts", "../src/transport/memory.ts"],
    ["server_mock/node.ts", "../src/wire/values.ts"],
    ["server_mock/session.ts", "../src/wire/frame_reader.ts"],
    ["server_mock/session.ts", "node:process"],
    ["cli/cmd_mock.ts", "../server_mock/mod.ts"],
    ["cli/run.ts", "../mod.ts"],
    ["cli/main.ts", "node:process"],
    ["tests/cross/kv.ts", "aerospike"],
    ["bench/throughput.ts", "aerospike"],
    ["src/otel/mod.ts", "../../mod.ts"],
    ["src/otel/mod.ts", "@opentelemetry/api"],
  ];
  for (const [from, spec] of cases) {
    assert.deepEqual(
      importsOf(from, `import { x } from "${spec}";`).flatMap(violations),
      [],
      `${from} -> ${spec}`,
    );
  }
});

test("the Buffer check flags Buffer in type positions only", () => {
  const lines = [
    "export function f(b: Buffer): void {}",
    "export function g(): Promise<Buffer> {}",
    "type T = Uint8Array | Buffer;",
    " * A Buffer is a Uint8Array subclass on Node.",
    "const bytes: Uint8Array = new Uint8Array(4);",
  ];
  assert.equal(bufferTypeLines("src/x.ts", lines.join("\n")).length, 3);
});

test("every import in the repository follows the layering of DESIGN.md", async () => {
  const sources = await loadRepo();
  const scanned = [...sources.keys()].filter((p) => under(p, "src") || under(p, "server_mock"));
  // The scan must see the tree, or it would pass vacuously.
  assert.equal(scanned.length >= 8, true, `only ${scanned.length} files found under src/ and server_mock/`);
  assert.ok(sources.has("src/wire/proto.ts") && sources.has("src/values.ts"));
  const edges = [...sources].flatMap(([path, source]) => importsOf(path, source));
  const local = edges.filter((e) => under(e.from, "src") && e.target.startsWith("src/"));
  assert.equal(local.length >= 5, true, `only ${local.length} imports inside src/ found`);
  assert.deepEqual(edges.flatMap(violations), []);
});

test("no src/ file puts Buffer in a type; the API uses Uint8Array and DataView", async () => {
  const sources = await loadRepo();
  const found = [...sources]
    .filter(([path]) => under(path, "src") && !isTestFile(path))
    .flatMap(([path, source]) => bufferTypeLines(path, source));
  assert.deepEqual(found, []);
});
