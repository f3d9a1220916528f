/**
 * Push-back: at most `maxInFlight` commands run at once; up to `maxQueue` more wait in FIFO order;
 * beyond that a command is refused at once with a `BackpressureError`, so memory stays bounded
 * however fast callers submit. Queued commands can be cancelled (deadline, abort, close).
 *
 * A command may also name a lane (its node): a lane holds at most its own cap of slots (what the
 * node's connections can carry), so that a burst waits here, in order, rather than holding slots
 * while it waits for a connection. Lanes do not block one another: a slot goes to the oldest
 * waiter whose lane has room, so a node whose connections are all busy does not hold back
 * commands for the others. A lane's waiters take queue room only beyond the slots left free:
 * `maxInFlight + maxQueue` commands are accepted in all, lanes or not.
 * @module
 */
import { BackpressureError } from "../errors.ts";

/** A queued command waiting for a slot. */
export interface SlotWaiter {
  /** Called when a slot is handed over (the slot is then owned by the waiter). */
  grant(): void;
  /** Set when the waiter gave up; a cancelled waiter is skipped. */
  cancelled: boolean;
  /** The lane it waits in (undefined: none). Set before `enqueue`, kept until its slot is released. */
  lane?: Lane;
  /** Order of arrival, set by `enqueue`. */
  seq?: number;
}

// A FIFO of waiters with cancelled ones skipped and dropped from the front.
class WaitQueue {
  live = 0;
  #items: (SlotWaiter | undefined)[] = [];
  #head = 0;

  push(w: SlotWaiter): void {
    this.#items.push(w);
    this.live++;
  }

  // The oldest live waiter, left in place.
  peek(): SlotWaiter | undefined {
    this.#compact();
    return this.#head < this.#items.length ? this.#items[this.#head] : undefined;
  }

  // Takes the oldest live waiter out.
  shift(): SlotWaiter | undefined {
    const w = this.peek();
    if (w === undefined) return undefined;
    this.#items[this.#head++] = undefined;
    this.live--;
    this.#compact();
    return w;
  }

  // A waiter in this queue gave up.
  dropped(): void {
    this.live--;
    this.#compact();
  }

  // Every live waiter, the queue emptied.
  takeAll(out: SlotWaiter[]): void {
    for (let i = this.#head; i < this.#items.length; i++) {
      const w = this.#items[i];
      if (w !== undefined && !w.cancelled) out.push(w);
    }
    this.#items = [];
    this.#head = 0;
    this.live = 0;
  }

  // Drop consumed and cancelled slots from the front so the array never outgrows the live queue.
  #compact(): void {
    const items = this.#items;
    while (this.#head < items.length) {
      const w = items[this.#head];
      if (w !== undefined && !w.cancelled) break;
      this.#head++;
    }
    if (this.#head === items.length) {
      // Emptied: reuse the array (a new one per release was an allocation per command).
      if (this.#head > 0) {
        items.length = 0;
        this.#head = 0;
      }
    } else if (this.#head > 1024 && this.#head * 2 > items.length) {
      this.#items = items.slice(this.#head);
      this.#head = 0;
    }
  }
}

/**
 * One node's share of the slots: at most `cap` held at once; waiters beyond it queue here.
 * Obtained from `Backpressure.lane()`.
 */
export class Lane {
  /** Largest number of slots held at once in this lane. */
  readonly cap: number;
  /** Slots held now. */
  held = 0;
  /** Waiters of this lane. */
  readonly waiting = new WaitQueue();
  /** Whether the lane is in its owner's list of lanes with waiters. */
  listed = false;

  /** @param cap slots held at once (>= 1) */
  constructor(cap: number) {
    this.cap = cap;
  }
}

/**
 * In-flight cap plus bounded queue, with optional per-node lanes.
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
  #seq = 0;
  // Waiters without a lane.
  #free = new WaitQueue();
  // Lanes by key (a node), and those with waiters now.
  #lanes = new WeakMap<object, Lane>();
  #waiting: Lane[] = [];
  #lastKey: object | undefined;
  #lastLane: Lane | undefined;

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

  /**
   * The lane of `key` (a node), created with `cap` slots the first time it is asked for (a
   * lane keeps its first cap; it is forgotten with its key).
   */
  lane(key: object, cap: number): Lane {
    // The last key asked for, without a lookup: commands mostly go to the node before them.
    if (key === this.#lastKey) return this.#lastLane!;
    let lane = this.#lanes.get(key);
    if (lane === undefined) this.#lanes.set(key, lane = new Lane(Math.max(1, cap)));
    this.#lastKey = key;
    this.#lastLane = lane;
    return lane;
  }

  /**
   * Takes a slot if one is free, nobody without a lane is queued ahead and, with a lane, the
   * lane has room and nobody queued in it; returns whether it did.
   */
  tryAcquire(lane?: Lane): boolean {
    if (this.#inFlight >= this.maxInFlight) return false;
    if (lane === undefined) {
      if (this.#free.live > 0) return false;
    } else {
      if (lane.held >= lane.cap || lane.waiting.live > 0) return false;
      lane.held++;
    }
    this.#inFlight++;
    return true;
  }

  /**
   * Queues a waiter (in its lane, if it has one); throws `BackpressureError` at once when the
   * queue is full. Slots left free because their lanes are full count as queue room: as many
   * commands are accepted in all (`maxInFlight + maxQueue`) as without lanes.
   */
  enqueue(waiter: SlotWaiter): void {
    if (this.#queued >= this.maxQueue + this.maxInFlight - this.#inFlight) {
      throw new BackpressureError(
        `${this.#inFlight} commands in flight and ${this.#queued} queued (maxQueueSize ${this.maxQueue})`,
      );
    }
    waiter.seq = this.#seq++;
    const lane = waiter.lane;
    if (lane === undefined) this.#free.push(waiter);
    else {
      lane.waiting.push(waiter);
      if (!lane.listed) {
        lane.listed = true;
        this.#waiting.push(lane);
      }
    }
    this.#queued++;
  }

  /** Removes a waiter that gave up (deadline, abort); its slot request is forgotten. */
  cancel(waiter: SlotWaiter): void {
    if (waiter.cancelled) return;
    waiter.cancelled = true;
    this.#queued--;
    if (waiter.lane === undefined) this.#free.dropped();
    else waiter.lane.waiting.dropped();
  }

  /**
   * Returns a slot (taken in `lane`, if any): hands it to the oldest live waiter whose lane has
   * room, or frees it.
   */
  release(lane?: Lane): void {
    this.#inFlight--;
    if (lane !== undefined) lane.held--;
    this.#grant();
  }

  // Hands a free slot to the oldest waiter that may take one: none without a lane, or the
  // oldest head of a lane with room.
  #grant(): void {
    if (this.#inFlight >= this.maxInFlight || this.#queued === 0) return;
    let best = this.#free.peek();
    let bestLane: Lane | undefined;
    const lanes = this.#waiting;
    for (let i = 0; i < lanes.length;) {
      const lane = lanes[i];
      const head = lane.waiting.peek();
      if (head === undefined) {
        // No one left in it: out of the list (order among lanes does not matter).
        lane.listed = false;
        lanes[i] = lanes[lanes.length - 1];
        lanes.pop();
        continue;
      }
      if (lane.held < lane.cap && (best === undefined || head.seq! < best.seq!)) {
        best = head;
        bestLane = lane;
      }
      i++;
    }
    if (best === undefined) return;
    if (bestLane === undefined) this.#free.shift();
    else {
      bestLane.waiting.shift();
      bestLane.held++;
    }
    this.#queued--;
    this.#inFlight++;
    best.cancelled = true; // no longer cancellable: it owns the slot now
    best.grant();
  }

  /** Takes every live waiter out of the queue (for close) and returns them. */
  drain(): SlotWaiter[] {
    const out: SlotWaiter[] = [];
    this.#free.takeAll(out);
    for (const lane of this.#waiting) {
      lane.waiting.takeAll(out);
      lane.listed = false;
    }
    this.#waiting = [];
    for (const w of out) w.cancelled = true;
    this.#queued = 0;
    return out;
  }
}
