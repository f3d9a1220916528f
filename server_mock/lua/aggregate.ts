/**
 * The server stage of an aggregation on the mock, as a CE 8.1 node runs it: the stream function
 * runs once per partition that has matching records (a partition without any outputs nothing),
 * over its records in digest order, with the stages up to and including the first reduce; every
 * value it outputs goes to the client in its own record message (a bin named SUCCESS). A Lua
 * error ends the query: the node sends "UDF: Execution Error 2 : <message>" in a FAILURE bin, then
 * a LAST message with code 1.
 * @module
 */
import type { LuaVm } from "../../src/lua/vm.ts";
import type { LuaVal } from "../../src/lua/value.ts";
import type { NamespaceStore, StoredRecord } from "../store.ts";
import { recordHost, RecordView } from "./record_udf.ts";

/** What one partition's run gives: its output values, or the text of the failure. */
export type PartitionResult = { values: LuaVal[] } | { failure: string };

/** Runs the server stage over one partition's records. */
export type PartitionAggregator = (records: readonly StoredRecord[]) => PartitionResult;

/**
 * The server stage of `fn(stream, ...args)` of a module's state, for the records of `ns`.
 * @example
 * ```ts
 * import type { LuaVm } from "../../src/lua/vm.ts";
 * import type { NamespaceStore, StoredRecord } from "../store.ts";
 * declare const ns: NamespaceStore, vm: LuaVm, recs: StoredRecord[];
 * aggregator(ns, vm, "sum", [], 1000)(recs); // { values: [...] }
 * ```
 */
export function aggregator(
  ns: NamespaceStore,
  vm: LuaVm,
  fn: string,
  args: readonly LuaVal[],
  timeMs: number,
): PartitionAggregator {
  return (records) => {
    const views = records.map((rec) => ({
      host: recordHost(
        { ns, set: rec.set, digest: rec.digest, write: false },
        new RecordView(rec),
        () => ns.nowMs(),
      ),
    }));
    let i = 0;
    const values: LuaVal[] = [];
    vm.setTimeLimit(timeMs);
    const r = vm.stream(
      fn,
      1,
      () => (i < records.length ? { record: ++i } : undefined),
      (v) => {
        if (v !== undefined && v.k !== "nil") values.push(v);
      },
      args,
      (op, a) => {
        const id = a[0]?.k === "int" ? Number(a[0].v) : 0;
        const entry = views[id - 1];
        if (entry === undefined) return undefined;
        // Records in a stream are read-only: create/update/remove change nothing.
        if (op === "create" || op === "update" || op === "remove") return { k: "int", v: -1n };
        return entry.host(op, a);
      },
    );
    return r.ok ? { values } : { failure: `UDF: Execution Error 2 : ${r.message}` };
  };
}
