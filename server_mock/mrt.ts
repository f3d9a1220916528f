/**
 * Multi-record transactions on strong-consistency namespaces, as an Aerospike 8 Enterprise node
 * runs them (from the official clients' protocol and the server's public headers; no Enterprise
 * server was available to compare with). The store always holds the committed records; a
 * transaction's writes live in a lock table beside it (digest -> transaction id and the
 * provisional record), so commands outside the transaction see the committed record, writes by
 * anyone else answer MRT_BLOCKED (120), and the transaction's own commands run against its
 * provisional record (swapped in for the duration of the synchronous handler, then swapped out).
 * The monitor record (set `<ERO~MRT`) is an ordinary record plus its deadline and roll-forward
 * mark; at the deadline the node rolls the transaction itself (forward when marked, else back).
 *
 * Codes: a transaction read or write of a record another transaction locked, or a plain write of
 * a locked record, 120; verify of a changed (or since deleted) record 121; a write or monitor
 * update after the deadline 122; more than 4096 written keys 123; mark roll-forward twice 124, after the
 * node aborted it 125; ON_LOCKING_ONLY on a record the transaction already locked 126. A
 * transaction field on a namespace without strong consistency answers 25 (what CE 8.1 answers).
 * @module
 */
import {
  type Field,
  FIELD_MRT_DEADLINE,
  FIELD_MRT_ID,
  FIELD_RECORD_VERSION,
  findField,
} from "../src/wire/fields.ts";
import {
  INFO2_DELETE,
  INFO4_MRT_ON_LOCKING_ONLY,
  INFO4_MRT_ROLL_BACK,
  INFO4_MRT_ROLL_FORWARD,
  INFO4_MRT_VERIFY_READ,
  type Message,
} from "../src/wire/message.ts";
import { OP_WRITE } from "../src/wire/operations.ts";
import { unpackValue } from "../src/wire/msgpack.ts";
import { ResultCode } from "../src/wire/result_code.ts";
import {
  decodeMrtId,
  decodeVersion,
  encodeDeadline,
  encodeVersion,
  MONITOR_SET,
  recordVersion,
} from "../src/wire/txn.ts";
import type { NamespaceStore, StoredRecord } from "./store.ts";
import { codeReply, type SingleTarget } from "./handlers/kv.ts";

/** The most keys one transaction may write (the monitor's `keyds` list). */
export const MAX_TXN_WRITES = 4096;
const MAX_DURATION = 120;

interface Lock {
  txnId: bigint;
  provisional: StoredRecord | undefined;
}

interface Monitor {
  txnId: bigint;
  deadline: number;
  fwd: boolean;
}

class MrtState {
  locks = new Map<string, Lock>();
  monitors = new Map<string, Monitor>();
  finished = new Map<string, "committed" | "aborted">();
}

const states = new WeakMap<NamespaceStore, MrtState>();

function stateOf(ns: NamespaceStore): MrtState {
  let s = states.get(ns);
  if (s === undefined) states.set(ns, s = new MrtState());
  return s;
}

function hex(d: Uint8Array): string {
  let s = "";
  for (let i = 0; i < d.length; i++) s += d[i].toString(16).padStart(2, "0");
  return s;
}

function fromHex(h: string): Uint8Array {
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(h.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Puts `rec` in the store under `digest`, or removes the record when `rec` is undefined. */
function place(ns: NamespaceStore, digest: Uint8Array, rec: StoredRecord | undefined): void {
  if (rec === undefined) ns.delete(digest);
  else ns.put(rec);
}

/** Runs `run` with `rec` standing in for the committed record; returns the reply and the result. */
function withRecord(
  ns: NamespaceStore,
  digest: Uint8Array,
  rec: StoredRecord | undefined,
  run: () => Message,
): { reply: Message; after: StoredRecord | undefined } {
  const committed = ns.get(digest);
  place(ns, digest, rec);
  try {
    const reply = run();
    return { reply, after: ns.get(digest) };
  } finally {
    place(ns, digest, committed);
  }
}

function versionField(rec: StoredRecord): Field {
  return { type: FIELD_RECORD_VERSION, data: encodeVersion(recordVersion(rec.lastUpdateMs, rec.generation)) };
}

/** Ends every transaction whose deadline passed: forward when it was marked, else back. */
function sweep(ns: NamespaceStore, st: MrtState): void {
  const now = ns.now();
  for (const [k, m] of st.monitors) {
    if (m.deadline > now) continue;
    rollAll(ns, st, m.txnId, m.fwd);
    ns.delete(fromHex(k));
    st.monitors.delete(k);
    st.finished.set(k, m.fwd ? "committed" : "aborted");
  }
}

function rollAll(ns: NamespaceStore, st: MrtState, txnId: bigint, forward: boolean): void {
  for (const [k, lock] of st.locks) {
    if (lock.txnId !== txnId) continue;
    if (forward) place(ns, fromHex(k), lock.provisional);
    st.locks.delete(k);
  }
}

function hasTxnInfo(req: Message): boolean {
  return (req.info4 & (INFO4_MRT_VERIFY_READ | INFO4_MRT_ROLL_FORWARD | INFO4_MRT_ROLL_BACK)) !== 0 ||
    findField(req.fields, FIELD_MRT_ID) !== undefined;
}

/**
 * Runs one single-record request (`run` is the plain handler) with the transaction rules of its
 * namespace. Requests on namespaces without strong consistency pass straight through, unless
 * they carry transaction fields (25).
 */
export function withTransactions(t: SingleTarget, req: Message, run: () => Message): Message {
  const ns = t.ns;
  if (!ns.strongConsistency) return hasTxnInfo(req) ? codeReply(ResultCode.ENTERPRISE_ONLY) : run();
  const st = stateOf(ns);
  sweep(ns, st);
  const k = hex(t.digest);
  if (t.set === MONITOR_SET) return monitorCommand(ns, st, t, req, run);
  if ((req.info4 & INFO4_MRT_VERIFY_READ) !== 0) return verify(ns, st, t, req);
  if ((req.info4 & (INFO4_MRT_ROLL_FORWARD | INFO4_MRT_ROLL_BACK)) !== 0) return roll(ns, st, t, req);
  const lock = st.locks.get(k);
  const idField = findField(req.fields, FIELD_MRT_ID);
  if (idField === undefined) {
    // Outside any transaction: reads see the committed record, writes wait for the lock.
    return lock !== undefined && t.write ? codeReply(ResultCode.MRT_BLOCKED) : run();
  }
  let id: bigint;
  try {
    id = decodeMrtId(idField.data);
  } catch {
    return codeReply(ResultCode.PARAMETER_ERROR);
  }
  if (lock !== undefined && lock.txnId !== id) return codeReply(ResultCode.MRT_BLOCKED);
  if (!t.write) {
    if (lock !== undefined) return withRecord(ns, t.digest, lock.provisional, run).reply;
    const reply = run();
    const rec = ns.get(t.digest);
    if (rec !== undefined) reply.fields = [...reply.fields, versionField(rec)];
    return reply;
  }
  const monitor = [...st.monitors.values()].find((m) => m.txnId === id);
  if (monitor === undefined) return codeReply(ResultCode.MRT_EXPIRED);
  if (findField(req.fields, FIELD_MRT_DEADLINE) === undefined) return codeReply(ResultCode.PARAMETER_ERROR);
  if (lock !== undefined && (req.info4 & INFO4_MRT_ON_LOCKING_ONLY) !== 0) {
    return codeReply(ResultCode.MRT_ALREADY_LOCKED);
  }
  const committed = ns.get(t.digest);
  const { reply, after } = withRecord(ns, t.digest, lock === undefined ? committed : lock.provisional, run);
  if (reply.resultCode === ResultCode.OK) st.locks.set(k, { txnId: id, provisional: after });
  else if (lock === undefined && committed !== undefined) {
    // Nothing was locked: the client keeps the version as a read to verify.
    reply.fields = [...reply.fields, versionField(committed)];
  }
  return reply;
}

function verify(ns: NamespaceStore, st: MrtState, t: SingleTarget, req: Message): Message {
  const f = findField(req.fields, FIELD_RECORD_VERSION);
  if (f === undefined) return codeReply(ResultCode.PARAMETER_ERROR);
  if (st.locks.has(hex(t.digest))) return codeReply(ResultCode.MRT_BLOCKED);
  const rec = ns.get(t.digest);
  let expected: bigint;
  try {
    expected = decodeVersion(f.data);
  } catch {
    return codeReply(ResultCode.PARAMETER_ERROR);
  }
  if (rec === undefined || recordVersion(rec.lastUpdateMs, rec.generation) !== expected) {
    return codeReply(ResultCode.MRT_VERSION_MISMATCH);
  }
  return codeReply(ResultCode.OK, rec.generation, rec.voidTime);
}

function roll(ns: NamespaceStore, st: MrtState, t: SingleTarget, req: Message): Message {
  const f = findField(req.fields, FIELD_MRT_ID);
  if (f === undefined || f.data.length !== 8) return codeReply(ResultCode.PARAMETER_ERROR);
  const id = decodeMrtId(f.data);
  const k = hex(t.digest);
  const lock = st.locks.get(k);
  // Rolling a record that is no longer locked by the transaction is a no-op (a retried roll).
  if (lock !== undefined && lock.txnId === id) {
    if ((req.info4 & INFO4_MRT_ROLL_FORWARD) !== 0) place(ns, t.digest, lock.provisional);
    st.locks.delete(k);
  }
  return codeReply(ResultCode.OK);
}

function writesBin(req: Message, name: string): Uint8Array | undefined {
  return req.ops.find((o) => o.op === OP_WRITE && o.name === name)?.data;
}

function keydsCount(rec: StoredRecord | undefined): number {
  const bin = rec?.bins.get("keyds");
  if (bin === undefined) return 0;
  try {
    const v = unpackValue(bin.data);
    return Array.isArray(v) ? v.length : 0;
  } catch {
    return 0;
  }
}

/** The monitor record: create (deadline from the ttl), add keys, mark roll-forward, close. */
function monitorCommand(
  ns: NamespaceStore,
  st: MrtState,
  t: SingleTarget,
  req: Message,
  run: () => Message,
): Message {
  if (!t.write) return run();
  const k = hex(t.digest);
  const monitor = st.monitors.get(k);
  if ((req.info2 & INFO2_DELETE) !== 0) {
    if (monitor === undefined) return codeReply(ResultCode.KEY_NOT_FOUND_ERROR);
    st.monitors.delete(k);
    st.finished.set(k, monitor.fwd ? "committed" : "aborted");
    ns.delete(t.digest);
    return codeReply(ResultCode.OK);
  }
  if (writesBin(req, "fwd") !== undefined) {
    if (monitor === undefined) {
      return codeReply(
        st.finished.get(k) === "committed" ? ResultCode.MRT_COMMITTED : ResultCode.MRT_ABORTED,
      );
    }
    if (monitor.fwd) return codeReply(ResultCode.MRT_COMMITTED);
    const reply = run();
    if (reply.resultCode === ResultCode.OK) monitor.fwd = true;
    return reply;
  }
  const idBytes = writesBin(req, "id");
  if (monitor === undefined && idBytes === undefined) return codeReply(ResultCode.MRT_EXPIRED);
  if (monitor !== undefined && monitor.fwd) return codeReply(ResultCode.MRT_COMMITTED);
  const before = ns.get(t.digest);
  // The ttl of the first update is the transaction's duration, not the record's.
  const duration = req.recordTtl === 0 ? ns.mrtDuration : Math.min(req.recordTtl, MAX_DURATION);
  req.recordTtl = 0;
  const reply = run();
  if (reply.resultCode !== ResultCode.OK) return reply;
  if (keydsCount(ns.get(t.digest)) > MAX_TXN_WRITES) {
    place(ns, t.digest, before);
    return codeReply(ResultCode.MRT_TOO_MANY_WRITES);
  }
  let m = monitor;
  if (m === undefined) {
    const id = new DataView(idBytes!.buffer, idBytes!.byteOffset, 8).getBigInt64(0);
    m = { txnId: id, deadline: ns.now() + duration, fwd: false };
    st.monitors.set(k, m);
  }
  reply.fields = [...reply.fields, { type: FIELD_MRT_DEADLINE, data: encodeDeadline(m.deadline) }];
  return reply;
}
