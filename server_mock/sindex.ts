/**
 * Secondary index definitions of the mock cluster and the info commands that manage them
 * (`sindex-create`, `sindex-delete`, `sindex`, `sindex-list:`, `sindex/<ns>[/<name>]`,
 * `sindex-exists:`), in the formats of a CE 8.1 node (tests/fixtures/vectors/info*.json).
 * The mock keeps no index structure: a query evaluates its filter on every record of the
 * partitions it serves, which returns exactly what an index would. Indexes are ready at once
 * (`load_pct=100`).
 * @module
 */

/** Value type an index holds. */
export type IndexValueType = "numeric" | "string" | "blob" | "geo2dsphere";
/** Where in the bin the indexed values are. */
export type IndexCollection = "default" | "list" | "mapkeys" | "mapvalues";

/** One index definition. */
export interface IndexDef {
  /** Namespace. */
  ns: string;
  /** Set (undefined: the whole namespace). */
  set?: string;
  /** Index name. */
  name: string;
  /** Bin name. */
  bin: string;
  /** Value type. */
  type: IndexValueType;
  /** Collection type. */
  collection: IndexCollection;
  /** CDT context, base64 as sent (undefined: the bin itself). */
  context?: string;
  /** Expression of an expression index, base64 as sent (`bin` is then ""). */
  exp?: string;
}

const TYPES: Record<string, IndexValueType> = {
  NUMERIC: "numeric",
  STRING: "string",
  BLOB: "blob",
  GEO2DSPHERE: "geo2dsphere",
};
const COLLECTIONS: Record<string, IndexCollection> = {
  DEFAULT: "default",
  LIST: "list",
  MAPKEYS: "mapkeys",
  MAPVALUES: "mapvalues",
};

function params(cmd: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const pair of cmd.slice(cmd.indexOf(":") + 1).split(";")) {
    const eq = pair.indexOf("=");
    if (eq > 0) out.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  return out;
}

/** Counts the records an index covers (supplied by the node, which sees the store). */
export type EntryCounter = (def: IndexDef) => number;

/**
 * The indexes of one cluster.
 * @example
 * ```ts
 * const reg = new IndexRegistry();
 * reg.info("sindex-create:namespace=test;set=s;indexname=i;bin=n;type=NUMERIC", () => 0); // "ok"
 * ```
 */
export class IndexRegistry {
  #defs = new Map<string, IndexDef>();

  /** Every index of a namespace (all when omitted). */
  list(ns?: string): IndexDef[] {
    return [...this.#defs.values()].filter((d) => ns === undefined || d.ns === ns);
  }

  /** An index by namespace and name. */
  byName(ns: string, name: string): IndexDef | undefined {
    return this.#defs.get(`${ns}/${name}`);
  }

  /** The index a query filter uses: same namespace, bin, type, collection and context; set must fit. */
  find(
    ns: string,
    set: string,
    want: { bin: string; type: IndexValueType; collection: IndexCollection; context?: string },
  ): IndexDef | undefined {
    for (const d of this.#defs.values()) {
      if (d.ns !== ns || d.bin !== want.bin || d.type !== want.type) continue;
      if (d.collection !== want.collection || d.context !== want.context) continue;
      if (d.set === undefined || d.set === set) return d;
    }
    return undefined;
  }

  /** The expression index on `exp` (base64) of this value type that covers `set`. */
  byExp(ns: string, set: string, exp: string, type: IndexValueType): IndexDef | undefined {
    for (const d of this.#defs.values()) {
      if (d.ns !== ns || d.exp !== exp || d.type !== type) continue;
      if (d.set === undefined || d.set === set) return d;
    }
    return undefined;
  }

  /** Answers an sindex info command, or undefined when `cmd` is not one. */
  info(cmd: string, entries: EntryCounter): string | undefined {
    if (cmd === "sindex" || cmd === "sindex-list" || cmd === "sindex-list:") return this.#listing();
    if (cmd.startsWith("sindex-list:")) {
      return this.#listing(params(cmd).get("ns") ?? params(cmd).get("namespace"));
    }
    if (cmd.startsWith("sindex-create:")) return this.#create(params(cmd));
    if (cmd.startsWith("sindex-delete:")) {
      // CE 8.1 answers "ok" also for an index (or a namespace) it does not know.
      const p = params(cmd);
      const ns = p.get("namespace") ?? p.get("ns");
      if (ns === undefined) return "ERROR:20:missing 'namespace'";
      const name = p.get("indexname");
      if (name === undefined) return "ERROR:4:missing 'indexname'";
      this.#defs.delete(`${ns}/${name}`);
      return "ok";
    }
    if (cmd.startsWith("sindex-exists:")) {
      const p = params(cmd);
      return this.byName(p.get("ns") ?? p.get("namespace") ?? "", p.get("indexname") ?? "")
        ? "true"
        : "false";
    }
    if (cmd.startsWith("sindex/")) {
      // As CE 8.1 reads it: the namespace up to the next "/", the index name all the rest ("/" included).
      const rest = cmd.slice("sindex/".length);
      const slash = rest.indexOf("/");
      if (slash < 0) return this.#listing(rest);
      const ns = rest.slice(0, slash);
      const name = rest.slice(slash + 1);
      const d = this.byName(ns, name);
      if (d === undefined) return "ERROR:201:no index";
      const n = entries(d);
      return `entries=${n};used_bytes=16777216;entries_per_bval=${n > 0 ? 1 : 0};` +
        `entries_per_rec=${n > 0 ? 1 : 0};load_pct=100;load_time=0;stat_gc_recs=0`;
    }
    return undefined;
  }

  #listing(ns?: string): string {
    // As CE 8.1 lists them: "null" for no set or context, entries joined by ";".
    return this.list(ns).map((d) =>
      `ns=${d.ns}:indexname=${d.name}:set=${d.set ?? "null"}:bin=${d.bin || "null"}:type=${d.type}:` +
      `indextype=${d.collection}:context=${d.context ?? "null"}:exp=${d.exp ?? "null"}:state=RW`
    ).join(";");
  }

  #create(p: Map<string, string>): string {
    const ns = p.get("namespace") ?? p.get("ns");
    const name = p.get("indexname");
    if (ns === undefined || ns === "" || name === undefined || name === "") {
      return "ERROR:4:missing namespace or indexname";
    }
    if (name.length > 255) return "ERROR:205:index name too long";
    let bin = p.get("bin");
    let typeText = p.get("type");
    const data = p.get("indexdata"); // older form: indexdata=<bin>,<type>
    if (data !== undefined) [bin, typeText] = data.split(",");
    const type = TYPES[(typeText ?? "").toUpperCase()];
    const collection = COLLECTIONS[(p.get("indextype") ?? "DEFAULT").toUpperCase()];
    const exp = p.get("exp");
    if (exp !== undefined && exp !== "" && bin === undefined) bin = "";
    else if (bin === "") bin = undefined;
    if (bin === undefined || type === undefined || collection === undefined) {
      return "ERROR:4:bad bin, type or indextype";
    }
    const set = p.get("set");
    const def: IndexDef = { ns, name, bin, type, collection };
    if (set !== undefined && set !== "") def.set = set;
    const context = p.get("context");
    if (context !== undefined && context !== "") def.context = context;
    if (exp !== undefined && exp !== "") def.exp = exp;
    const existing = this.#defs.get(`${ns}/${name}`);
    if (existing !== undefined) {
      const same = JSON.stringify(existing) === JSON.stringify(def);
      return same ? "ok" : "ERROR:200:index with the same name already exists";
    }
    this.#defs.set(`${ns}/${name}`, def);
    return "ok";
  }
}
