// The compress policy against the target: Community Edition refuses compressed requests with
// ENTERPRISE_ONLY (25), as ../fixtures/vectors/put_compressed.json recorded; Enterprise Edition
// takes them and compresses its replies. The test asks the server which edition it is and checks
// the behaviour that edition must show; the mock runs as CE here (`compression: false`); its EE
// behaviour is covered by tests/client_compress_test.ts.
import assert from "node:assert/strict";
import { type Target, targetTest } from "../helpers/target.ts";
import { AerospikeError, type Client, Key, ResultCode } from "../../mod.ts";

const big = "compressible ".repeat(200);
/** The mock answers compressed requests as CE does. */
const CE_MOCK = { mock: { compression: false } };

async function withClient(
  t: Target,
  fn: (c: Client, community: boolean, ns: string, set: string) => Promise<void>,
): Promise<void> {
  await fn(t.client, /community/i.test(await t.client.info("edition")), t.ns, t.set("compress"));
}

async function refusal(p: Promise<unknown>): Promise<AerospikeError | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    assert.ok(e instanceof AerospikeError, String(e));
    return e;
  }
}

targetTest(
  "a large compressed put is refused by CE with 25 naming the policy, and round-trips on EE",
  async (t) => {
    await withClient(t, async (client, community, ns, set) => {
      const key = new Key(ns, set, "put");
      const e = await refusal(client.put(key, { s: big }, { compress: true }));
      if (community) {
        assert.equal(e?.code, ResultCode.ENTERPRISE_ONLY, e?.message);
        assert.match(e!.message, /compress: true/);
        assert.equal(await client.get(key), null, "a refused put writes nothing");
        // Small requests stay uncompressed under the same policy and are accepted.
        await client.put(key, { s: "tiny" }, { compress: true });
      } else {
        assert.equal(e, undefined, e?.message);
        assert.equal((await client.get(key, undefined, { compress: true }))?.bins.s, big);
      }
      await client.remove(key);
    });
  },
  CE_MOCK,
);

targetTest(
  "a compressed scan is refused by CE with 25 naming the policy, and reads every record on EE",
  async (t) => {
    await withClient(t, async (client, community, ns, set) => {
      const keys = [1, 2, 3].map((i) => new Key(ns, set, `scan${i}`));
      for (const k of keys) await client.put(k, { s: big });
      try {
        const read = async (): Promise<number> => {
          let n = 0;
          for await (const _ of client.query(ns, set, { policy: { compress: true } })) n++;
          return n;
        };
        if (community) {
          const e = await refusal(read());
          assert.equal(e?.code, ResultCode.ENTERPRISE_ONLY, e?.message);
          assert.match(e!.message, /compress: true/);
        } else {
          assert.ok((await read()) >= keys.length);
        }
      } finally {
        for (const k of keys) await client.remove(k);
      }
    });
  },
  CE_MOCK,
);
