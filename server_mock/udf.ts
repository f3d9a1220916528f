/**
 * UDF modules registered on the mock cluster (cluster-wide, as the server replicates them) and
 * the info commands that manage them: `udf-put`, `udf-get`, `udf-remove`, `udf-list`. A module is
 * compiled and run once when it is registered, as a node does: a syntax or load error refuses it
 * with `error=compile_error;file=<name>;line=<n>;message=<base64 text>`. The modules run in
 * `lua/engine.ts`.
 * @module
 */
import { createHash } from "node:crypto";
import { MockLua } from "./lua/engine.ts";

/** One registered module. */
export interface UdfModule {
  /** File name as registered (`vecudf.lua`). */
  filename: string;
  /** The source, base64 as the client sent it. */
  content: string;
  /** SHA-1 of the source, hex (what `udf-list` reports as hash). */
  hash: string;
  /** Language: always "LUA". */
  type: string;
  /** The source text. */
  source: string;
}

function params(cmd: string): Map<string, string> {
  const out = new Map<string, string>();
  const colon = cmd.indexOf(":");
  for (const pair of cmd.slice(colon + 1).split(";")) {
    const eq = pair.indexOf("=");
    if (eq > 0) out.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  return out;
}

function decodeBase64(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return undefined;
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * The modules of one cluster.
 * @example
 * ```ts
 * const udfs = new UdfRegistry();
 * udfs.info("udf-put:filename=m.lua;content=LS0=;content-len=4;udf-type=LUA;"); // "ok"
 * udfs.info("udf-list"); // "filename=m.lua,hash=...,type=LUA;"
 * ```
 */
export class UdfRegistry {
  #modules = new Map<string, UdfModule>();
  /** The Lua states of the modules. */
  readonly lua: MockLua = new MockLua();

  /** A module by file name or by module name (without `.lua`). */
  get(name: string): UdfModule | undefined {
    return this.#modules.get(name) ?? this.#modules.get(`${name}.lua`);
  }

  /** Every module in registration order. */
  list(): UdfModule[] {
    return [...this.#modules.values()];
  }

  /** Answers a UDF info command, or undefined when `cmd` is not one. */
  info(cmd: string): string | undefined {
    if (cmd === "udf-list" || cmd.startsWith("udf-list:")) {
      return this.list().map((m) => `filename=${m.filename},hash=${m.hash},type=${m.type};`).join("");
    }
    if (cmd.startsWith("udf-put:")) return this.#put(params(cmd));
    if (cmd.startsWith("udf-get:")) {
      const m = this.get(params(cmd).get("filename") ?? "");
      if (m === undefined) return "error=not_found";
      return `gen=${m.hash};type=${m.type};content=${m.content};`;
    }
    if (cmd.startsWith("udf-remove:")) {
      const name = params(cmd).get("filename") ?? "";
      if (!this.#modules.delete(name)) return "error=not_found";
      this.lua.drop(name);
      return "ok";
    }
    return undefined;
  }

  #put(p: Map<string, string>): string {
    const filename = p.get("filename") ?? "";
    const content = p.get("content") ?? "";
    const type = (p.get("udf-type") ?? "LUA").toUpperCase();
    if (filename === "" || content === "") return "error=invalid_filename_or_content";
    if (type !== "LUA") return "error=invalid_udf_type";
    const lenText = p.get("content-len");
    if (lenText !== undefined && Number(lenText) !== content.length) return "error=invalid_content_len";
    const source = decodeBase64(content);
    if (source === undefined) return "error=invalid_base64_content";
    const text = new TextDecoder().decode(source);
    const err = this.lua.compile(filename, text);
    if (err !== undefined) {
      const message = btoa(String.fromCharCode(...new TextEncoder().encode(err.message)));
      return `error=compile_error;file=${filename};line=${err.line};message=${message}`;
    }
    const hash = createHash("sha1").update(source).digest("hex");
    this.#modules.set(filename, { filename, content, hash, type, source: text });
    this.lua.drop(filename);
    return "ok";
  }
}
