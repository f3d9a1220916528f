// A background query over a set a node holds no record of: CE answers KEY_NOT_FOUND_ERROR (2) from
// that node, which the official clients read as "nothing to do there". On 3 real nodes a set with a
// few records is absent from some node, and the job failed with code 2.
import { targetTest } from "./helpers/target.ts";
import { ops } from "../mod.ts";

targetTest("a background query over a set no node holds a record of starts and completes", async (t) => {
  const job = await t.client.queryBackground(t.ns, t.set("bg_empty"), { ops: [ops.touch()] });
  await job.wait(); // rejected with KEY_NOT_FOUND_ERROR (2) on a real node before
});
