/**
 * Push-back: at most `maxInFlight` commands run at once; up to `maxQueue` more wait in FIFO order;
 * beyond that a command is refused at once with a `BackpressureError`, so memory stays bounded
 * however fast callers submit. Queued commands can be cancelled (deadline, abort, close).
 * @module
 */
import { BackpressureError } from "../errors.ts";

/** A queued command waiting for a slot. */
export interface SlotWaiter {
  /** Called when a slot is handed over (the slot is then owned by the waiter). */
  grant(): void;
  /** Set when the waiter gave up; a cancelled waiter is skipped. */
  cancelled: boolean;
}

/**
 * In-flight cap plus bounded queue.
 * @example
 * ```ts
 * declare const waiter: SlotWaiter;
 * const bp = new Backpressure(5000, 100_000);
 * if (!bp.tryAcquire()) bp.enqueue(waiter); // throws BackpressureError when the queue is full
 * // ... run ...
 * bp.release();
 * ```
 */
export class Backpressure {
  /** Largest number of commands running at once. */
  readonly maxInFlight: number;
  /** Largest number of commands waiting for a slot. */
  readonly maxQueue: number;
  #inFlight = 0;
  #queued = 0;
  #queue: (SlotWaiter | undefined)[] = [];
  #head = 0;

  /**
   * @param maxInFlight commands running at once (>= 1)
   * @param maxQueue commands waiting (>= 0)
   */
  constructor(maxInFlight: number, maxQueue: number) {
    if (!Number.isInteger(maxInFlight) || maxInFlight < 1) {
      throw new RangeError(`maxCommandsInFlight must be an integer >= 1, got ${maxInFlight}`);
    }
    if (!Number.isInteger(maxQueue) || maxQueue < 0) {
      throw new RangeError(`maxQueueSize must be an integer >= 0, got ${maxQueue}`);
    }
    this.maxInFlight = maxInFlight;
    this.maxQueue = maxQueue;
  }

  /** Commands holding a slot. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Commands waiting for a slot. */
  get queued(): number {
    return this.#queued;
  }

  /** Takes a slot if one is free and nobody is queued ahead; returns whether it did. */
  tryAcquire(): boolean {
    if (this.#inFlight < this.maxInFlight && this.#queued === 0) {
      this.#inFlight++;
      return true;
    }
    return false;
  }

  /** Queues a waiter; throws `BackpressureError` at once when the queue is full. */
  enqueue(waiter: SlotWaiter): void {
    if (this.#queued >= this.maxQueue) {
      throw new BackpressureError(
        `${this.#inFlight} commands in flight and ${this.#queued} queued (maxQueueSize ${this.maxQueue})`,
      );
    }
    this.#queue.push(waiter);
    this.#queued++;
  }

  /** Removes a waiter that gave up (deadline, abort); its slot request is forgotten. */
  cancel(waiter: SlotWaiter): void {
    if (waiter.cancelled) return;
    waiter.cancelled = true;
    this.#queued--;
    this.#compact();
  }

  /** Returns a slot: hands it to the oldest live waiter, or frees it. */
  release(): void {
    while (this.#head < this.#queue.length) {
      const w = this.#queue[this.#head];
      this.#queue[this.#head++] = undefined;
      if (w === undefined || w.cancelled) continue;
      this.#queued--;
      w.cancelled = true; // no longer cancellable: it owns the slot now
      this.#compact();
      w.grant();
      return;
    }
    this.#inFlight--;
    this.#compact();
  }

  /** Takes every live waiter out of the queue (for close) and returns them. */
  drain(): SlotWaiter[] {
    const out: SlotWaiter[] = [];
    for (let i = this.#head; i < this.#queue.length; i++) {
      const w = this.#queue[i];
      if (w !== undefined && !w.cancelled) {
        w.cancelled = true;
        out.push(w);
      }
    }
    this.#queue = [];
    this.#head = 0;
    this.#queued = 0;
    return out;
  }

  // Drop consumed and cancelled slots from the front so the array never outgrows the live queue.
  #compact(): void {
    while (this.#head < this.#queue.length) {
      const w = this.#queue[this.#head];
      if (w !== undefined && !w.cancelled) break;
      this.#head++;
    }
    if (this.#head === this.#queue.length) {
      // Emptied: reuse the array (a new one per release was an allocation per command).
      if (this.#head > 0) {
        this.#queue.length = 0;
        this.#head = 0;
      }
    } else if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
  }
}
