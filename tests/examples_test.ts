// The README's examples run against the target (the mock, or a real server), so they cannot rot: each example module exports its
// body as a function of a connected client (the script part only runs as a main module).
import assert from "node:assert/strict";
import { targetTest } from "./helpers/target.ts";
import { plain } from "./helpers/cdt_cases.ts";
import { updateDocument } from "../examples/nested_document.ts";
import { LIMIT, runCounter } from "../examples/counter_expressions.ts";
import { runSeats } from "../examples/udf_mock.ts";

const quiet = (): void => {};

targetTest("examples/nested_document.ts updates four levels of a document in one operate", async (t) => {
  const { client } = t;
  const { results, doc } = await updateDocument(client, t.ns, quiet);
  assert.deepEqual(results, [2, 2, 2, 15, 1, 1]);
  assert.deepEqual(plain(doc), {
    address: { city: "Paris", zip: "NW1" },
    name: "Ada",
    orders: [{ id: 1, items: ["book", "pen"], total: 15 }],
    settings: { theme: "dark" },
    tags: ["admin", "vip"],
  });
});

targetTest(
  "examples/counter_expressions.ts stops at the limit and computes the rest with exp.read",
  async (t) => {
    const { client } = t;
    const out = await runCounter(client, t.ns, LIMIT + 2, quiet);
    assert.deepEqual(out, { accepted: LIMIT, rejected: 2, remaining: 0, full: true });
  },
);

targetTest(
  "examples/udf_mock.ts books seats with a record UDF and sums them with an aggregation",
  async (t) => {
    const out = await runSeats(t.client, t.ns, quiet);
    assert.deepEqual(out, {
      bookings: [[true, 6], [false, 6], [true, 0]],
      missing: { code: 100, text: "seats.lua:3: no such show" },
      total: 9,
    });
  },
);
