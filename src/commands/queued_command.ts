/**
 * A command waiting in the push-back queue for its slot, as one small object: what the executor
 * needs to start it later, its total deadline and the caller's promise. It has no `Run` yet (the
 * executor makes one when the slot is granted), no async frame and no promise of its own, so a
 * burst of thousands holds little memory per waiting command: the garbage collector copies, and
 * promotes to pages it must first fault in, that much less while the burst lasts.
 * @module
 */
import type { Lane, SlotWaiter } from "../cluster/backpressure.ts";
import type { AerospikeError } from "../errors.ts";
import type { CommandObservation } from "../observe/observer.ts";
import type { Command } from "./command.ts";
import type { DeadlineEntry } from "./deadline.ts";
import type { ExecPolicy } from "./exec_types.ts";
import type { Run } from "./run.ts";

/** What a queued command calls back into its executor. */
export interface QueueHooks {
  /** The command was handed a slot (called inside the push-back's release): give it a run, start it later. */
  granted(q: QueuedCommand): void;
  /** The command was interrupted (abort, close) or timed out while it still waited for its slot. */
  failed(q: QueuedCommand, err: AerospikeError): void;
  /** Its registered deadline passed while it waited (the real one may be later: warm-up grace). */
  expired(q: QueuedCommand, now: number): void;
}

/**
 * A queued command: its command and policy, when it was issued, and the caller's promise.
 * @example
 * ```ts
 * import type { Command } from "./command.ts";
 * import type { ExecPolicy } from "./exec_types.ts";
 * declare const cmd: Command<unknown>, policy: ExecPolicy, hooks: QueueHooks;
 * const epoch = Date.now();
 * const q = new QueuedCommand(cmd, policy, undefined, hooks, Date.now(), epoch, false);
 * const result = q.promise(); // settled by whoever runs the command once it has a slot
 * ```
 */
export class QueuedCommand implements DeadlineEntry, SlotWaiter {
  /**
   * Registered deadline (`Date.now()` clock) while it waits: its total deadline, or an earlier
   * bound of it for a command issued during the warm-up (see `QueueHooks.expired`).
   */
  deadline: number;
  /** Owned by the sweeper. */
  sweepBucket: number = -1;
  /** Owned by the sweeper. */
  sweepIndex: number = 0;
  /** Set by the push-back queue once the command no longer waits there. */
  cancelled: boolean = false;
  /** The push-back lane (first node) its slot is asked for; undefined: none. */
  lane: Lane | undefined = undefined;
  /** Order of arrival in the push-back queue (set there). */
  seq: number = 0;
  /** The command to run once a slot is granted. */
  readonly cmd: Command<unknown>;
  /** Its policy. */
  readonly policy: ExecPolicy;
  /** Its observation, if anyone observes commands. */
  readonly o: CommandObservation | undefined;
  /** When it was issued: ms since `epoch` (a small integer, stored without a heap number). */
  readonly start: number;
  /** Issued before its executor had any connection: the warm-up grace extends its total deadline. */
  readonly cold: boolean;
  /** Its abort listener, if it has a signal. */
  onAbort: (() => void) | undefined = undefined;
  /** The run it became once granted a slot: interrupts go there from then on. */
  run: Run | undefined = undefined;
  /** Fulfils the caller's promise. */
  resolve: (value: unknown) => void = noop;
  /** Rejects the caller's promise. */
  reject: (err: unknown) => void = noop;
  #hooks: QueueHooks;
  #failed = false;

  /**
   * @param cmd the command
   * @param policy its policy
   * @param o its observation
   * @param hooks the executor's side
   * @param now `Date.now()` at the call
   * @param epoch a `Date.now()` before any call (the executor's creation): `start` counts from it
   * @param cold whether the executor was still warming up (no connection yet)
   */
  constructor(
    cmd: Command<unknown>,
    policy: ExecPolicy,
    o: CommandObservation | undefined,
    hooks: QueueHooks,
    now: number,
    epoch: number,
    cold: boolean,
  ) {
    this.cmd = cmd;
    this.policy = policy;
    this.o = o;
    this.#hooks = hooks;
    this.start = now - epoch;
    this.cold = cold;
    this.deadline = policy.totalTimeout > 0 ? now + policy.totalTimeout : Infinity;
  }

  /** The caller's promise (call once). */
  promise<R>(): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.resolve = resolve as (value: unknown) => void;
      this.reject = reject;
    });
  }

  /** Push-back side: the slot is this command's now; the executor starts it. */
  grant(): void {
    this.#hooks.granted(this);
  }

  /** Sweeper side: its registered deadline passed. */
  expire(now: number): void {
    if (this.run === undefined) this.#hooks.expired(this, now);
  }

  /** Fails it while it waits (abort, close, deadline); once granted, interrupts its run instead. */
  interrupt(err: AerospikeError, terminal: boolean): void {
    if (this.run !== undefined) return this.run.interrupt(err, terminal);
    if (this.#failed) return;
    this.#failed = true;
    this.#hooks.failed(this, err);
  }
}

function noop(): void {}
