/**
 * The transaction side of `Client`: `commit(txn)` and `abort(txn)` over src/txn/roll.ts, with the
 * step policy (timeouts and retries of verify, mark, roll and close) checked and merged, and the
 * strong-consistency check commands in a transaction use.
 * @module
 */
import type { Cluster } from "./cluster/cluster.ts";
import type { ExecCluster, Executor } from "./commands/execute.ts";
import { type BasePolicy, mergePolicies } from "./policy.ts";
import { shape } from "./validate.ts";
import {
  abort as abortTxn,
  type AbortStatus,
  commit as commitTxn,
  type CommitStatus,
  DEFAULT_TXN_STEP_POLICY,
  type TxnStepPolicy,
} from "./txn/roll.ts";
import { Transaction } from "./txn/transaction.ts";
import type { ScCheck } from "./txn/track.ts";

/** Timing of `commit()` and `abort()` steps; every step (verify, mark, roll, close) uses it. */
export type TxnPolicy = Pick<
  BasePolicy,
  "socketTimeout" | "totalTimeout" | "maxRetries" | "sleepBetweenRetries"
>;

const TXN_POLICY = shape("transaction policy", {
  socketTimeout: "ms",
  totalTimeout: "ms",
  maxRetries: "uint",
  sleepBetweenRetries: "ms",
});

/** What commit and abort need from the client. */
export interface TxnContext {
  /** The execute loop. */
  executor: Executor;
  /** Routing. */
  cluster: ExecCluster;
}

/**
 * Whether `ns` is strong-consistency as the partition maps say (an SC namespace reports a
 * non-zero regime); undefined while no node has reported the namespace.
 */
export function scCheck(cluster: Cluster): ScCheck {
  return (ns) => {
    const p = cluster.partitions.get(ns);
    return p === undefined ? undefined : p.regimes.some((r) => r !== 0);
  };
}

function check(txn: unknown, where: string): Transaction {
  if (!(txn instanceof Transaction)) throw new TypeError(`${where} needs a Transaction`);
  return txn;
}

function stepPolicy(policy: TxnPolicy | undefined, where: string): TxnStepPolicy {
  return policy === undefined
    ? DEFAULT_TXN_STEP_POLICY
    : mergePolicies<TxnStepPolicy>(TXN_POLICY, where, DEFAULT_TXN_STEP_POLICY, policy);
}

/** `client.commit(txn, policy?)`. */
export function commit(ctx: TxnContext, txn: Transaction, policy?: TxnPolicy): Promise<CommitStatus> {
  try {
    return commitTxn(ctx, check(txn, "commit()"), stepPolicy(policy, "commit()"));
  } catch (e) {
    return Promise.reject(e);
  }
}

/** `client.abort(txn, policy?)`. */
export function abort(ctx: TxnContext, txn: Transaction, policy?: TxnPolicy): Promise<AbortStatus> {
  try {
    return abortTxn(ctx, check(txn, "abort()"), stepPolicy(policy, "abort()"));
  } catch (e) {
    return Promise.reject(e);
  }
}
