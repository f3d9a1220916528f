/**
 * A command waiting in the push-back queue for its slot, as one object: the `Run` plus what the
 * executor needs to start it later and the caller's promise to settle. It waits without an async
 * frame or a promise of its own, so a queue of thousands (a burst) holds about half the memory
 * per command, and the garbage collector copies that much less while the burst lasts.
 * @module
 */
import type { AerospikeError } from "../errors.ts";
import type { CommandObservation } from "../observe/observer.ts";
import type { Command } from "./command.ts";
import type { CommandCounters, ExecPolicy } from "./exec_types.ts";
import { Run } from "./run.ts";

/** What a queued run calls back into its executor. */
export interface QueueHooks {
  /** The run was handed a slot (called inside the push-back's release: start it later). */
  granted(run: QueuedRun): void;
  /** The run was interrupted (deadline, abort, close) while it still waited for its slot. */
  failed(run: QueuedRun, err: AerospikeError): void;
}

/**
 * A queued command: its run, its command and policy, and the caller's promise.
 * @example
 * ```ts
 * import type { Command } from "./command.ts";
 * import type { CommandCounters, ExecPolicy } from "./exec_types.ts";
 * declare const cmd: Command<unknown>, policy: ExecPolicy, counters: CommandCounters, hooks: QueueHooks;
 * const run = new QueuedRun(cmd, policy, undefined, hooks, counters);
 * const result = run.promise(); // settled by whoever continues the run
 * ```
 */
export class QueuedRun extends Run {
  /** The command to run once a slot is granted. */
  readonly cmd: Command<unknown>;
  /** Its policy. */
  readonly policy: ExecPolicy;
  /** Its observation, if anyone observes commands. */
  readonly o: CommandObservation | undefined;
  /** Its abort listener, if it has a signal (set once the run exists). */
  onAbort: (() => void) | undefined = undefined;
  /** Fulfils the caller's promise. */
  resolve: (value: unknown) => void = noop;
  /** Rejects the caller's promise. */
  reject: (err: unknown) => void = noop;
  #hooks: QueueHooks;
  #waiting = true;

  /**
   * @param cmd the command
   * @param policy its policy
   * @param o its observation
   * @param hooks the executor's side
   * @param counters where timeouts are counted
   * @param now the current `Date.now()`
   */
  constructor(
    cmd: Command<unknown>,
    policy: ExecPolicy,
    o: CommandObservation | undefined,
    hooks: QueueHooks,
    counters: CommandCounters,
    now?: number,
  ) {
    super(policy.totalTimeout, counters, now);
    this.cmd = cmd;
    this.policy = policy;
    this.o = o;
    this.#hooks = hooks;
  }

  /** The caller's promise (call once). */
  promise<R>(): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.resolve = resolve as (value: unknown) => void;
      this.reject = reject;
    });
  }

  /** Push-back side: the slot is this run's now; the executor starts it. */
  override grant(): void {
    this.granted = true;
    this.#waiting = false;
    this.#hooks.granted(this);
  }

  /** An interrupt while it waits for its slot ends it (after a grant, the attempt loop sees it). */
  override interrupt(err: AerospikeError, terminal: boolean): void {
    super.interrupt(err, terminal);
    if (!this.#waiting) return;
    this.#waiting = false;
    this.#hooks.failed(this, err);
  }
}

function noop(): void {}
