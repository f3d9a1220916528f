import assert from "node:assert/strict";
import { test } from "../../tests/helpers/test.ts";
import { BackpressureError } from "../errors.ts";
import { Backpressure, type Lane, type SlotWaiter } from "./backpressure.ts";

function waiter(name: string, granted: string[], lane?: Lane): SlotWaiter {
  return { cancelled: false, lane, grant: () => granted.push(name) };
}

test("a lane holds at most its cap of slots; the next command of that node queues", () => {
  const bp = new Backpressure(100, 10);
  const a = bp.lane({}, 2);
  assert.equal(bp.tryAcquire(a), true);
  assert.equal(bp.tryAcquire(a), true);
  assert.equal(bp.tryAcquire(a), false, "the lane is full though slots are free");
  const granted: string[] = [];
  bp.enqueue(waiter("a3", granted, a));
  assert.equal(bp.queued, 1);
  assert.equal(bp.inFlight, 2);
  bp.release(a);
  assert.deepEqual(granted, ["a3"]);
  assert.equal(bp.inFlight, 2);
  assert.equal(a.held, 2);
});

test("a full lane does not hold back another node's commands", () => {
  const bp = new Backpressure(100, 10);
  const a = bp.lane({}, 1);
  const b = bp.lane({}, 1);
  const granted: string[] = [];
  assert.equal(bp.tryAcquire(a), true);
  bp.enqueue(waiter("a2", granted, a));
  // Node b's command runs at once, though a command of node a was queued before it.
  assert.equal(bp.tryAcquire(b), true);
  assert.equal(bp.tryAcquire(), true, "a command without a lane too");
  bp.release(b);
  assert.deepEqual(granted, [], "b's slot does not go to a's waiter: a's lane is still full");
  bp.release(a);
  assert.deepEqual(granted, ["a2"]);
});

test("a freed slot goes to the oldest waiter whose lane has room", () => {
  const bp = new Backpressure(2, 10);
  const a = bp.lane({}, 5);
  const b = bp.lane({}, 5);
  const granted: string[] = [];
  assert.equal(bp.tryAcquire(a), true);
  assert.equal(bp.tryAcquire(b), true);
  bp.enqueue(waiter("b1", granted, b));
  bp.enqueue(waiter("free1", granted));
  bp.enqueue(waiter("a1", granted, a));
  bp.release(a);
  bp.release(b);
  assert.deepEqual(granted, ["b1", "free1"], "in arrival order across lanes");
  assert.equal(bp.tryAcquire(a), false, "a1 is still queued ahead in lane a");
  bp.release(b);
  assert.deepEqual(granted, ["b1", "free1", "a1"]);
  assert.equal(bp.queued, 0);
});

test("a lane's cancelled waiter is skipped; drain returns every live waiter of every lane", () => {
  const bp = new Backpressure(1, 10);
  const a = bp.lane({}, 1);
  const granted: string[] = [];
  assert.equal(bp.tryAcquire(a), true);
  const gone = waiter("gone", granted, a);
  bp.enqueue(gone);
  bp.enqueue(waiter("a2", granted, a));
  bp.enqueue(waiter("free", granted));
  bp.cancel(gone);
  assert.equal(bp.queued, 2);
  assert.throws(() => {
    for (let i = 0; i < 9; i++) bp.enqueue(waiter(`x${i}`, granted));
  }, BackpressureError);
  const drained = bp.drain();
  assert.equal(drained.length, 10);
  assert.ok(drained.every((w) => w.cancelled));
  assert.equal(bp.queued, 0);
  bp.release(a);
  assert.deepEqual(granted, [], "nobody is left to grant");
  assert.equal(bp.inFlight, 0);
});

test("the same key gives the same lane, with the cap it was first given", () => {
  const bp = new Backpressure(10, 10);
  const key = {};
  const lane = bp.lane(key, 3);
  assert.equal(bp.lane(key, 7), lane);
  assert.equal(lane.cap, 3);
  assert.notEqual(bp.lane({}, 3), lane);
});

test("slots a full lane leaves free count as queue room: as many commands are accepted in all", () => {
  const bp = new Backpressure(4, 1);
  const a = bp.lane({}, 1);
  const granted: string[] = [];
  assert.equal(bp.tryAcquire(a), true);
  // 3 slots free but lane a is full: 3 + 1 (maxQueue) may wait.
  for (let i = 0; i < 4; i++) bp.enqueue(waiter(`a${i}`, granted, a));
  assert.throws(() => bp.enqueue(waiter("a4", granted, a)), BackpressureError);
  assert.equal(bp.inFlight + bp.queued, 5, "maxInFlight + maxQueue");
  bp.release(a);
  assert.deepEqual(granted, ["a0"]);
});
