// The README's examples run against the mock, so they cannot rot: each example module exports its
// body as a function of a connected client (the script part only runs as a main module).
import assert from "node:assert/strict";
import { test } from "./helpers/test.ts";
import { withCluster } from "./helpers/cluster.ts";
import { plain } from "./helpers/cdt_cases.ts";
import { updateDocument } from "../examples/nested_document.ts";
import { LIMIT, runCounter } from "../examples/counter_expressions.ts";

const quiet = (): void => {};

test("examples/nested_document.ts updates four levels of a document in one operate", async () => {
  await withCluster({ nodes: 1 }, async ({ client }) => {
    const { results, doc } = await updateDocument(client, "test", quiet);
    assert.deepEqual(results, [2, 2, 2, 15, 1, 1]);
    assert.deepEqual(plain(doc), {
      address: { city: "Paris", zip: "NW1" },
      name: "Ada",
      orders: [{ id: 1, items: ["book", "pen"], total: 15 }],
      settings: { theme: "dark" },
      tags: ["admin", "vip"],
    });
  });
});

test("examples/counter_expressions.ts stops at the limit and computes the rest with exp.read", async () => {
  await withCluster({ nodes: 1 }, async ({ client }) => {
    const out = await runCounter(client, "test", LIMIT + 2, quiet);
    assert.deepEqual(out, { accepted: LIMIT, rejected: 2, remaining: 0, full: true });
  });
});
