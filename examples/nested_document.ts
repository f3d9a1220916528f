/**
 * A nested document (a map of maps and lists in one bin) updated in place with CDT contexts:
 * each operation names the path to the level it changes, so one round trip updates several
 * levels without reading and rewriting the whole document.
 *
 *   npx deno run --allow-net --allow-env examples/nested_document.ts
 *   AEROSPIKE_HOSTS=127.0.0.1:3000 npx deno run --allow-net --allow-env examples/nested_document.ts
 *
 * Without AEROSPIKE_HOSTS it starts a one-node mock cluster in the same process.
 * @module
 */
import { Client, ctx, Key, lists, maps } from "../mod.ts";
import { MockCluster } from "../server_mock/mod.ts";

/**
 * Writes a user document, updates it at four depths in one `operate`, and returns what the
 * operations answered and the document read back.
 * @example
 * ```ts
 * const { doc } = await updateDocument(client, "test");
 * ```
 */
export async function updateDocument(
  client: Client,
  ns: string,
  log: (...args: unknown[]) => void = console.log,
): Promise<{ results: unknown[]; doc: unknown }> {
  const key = new Key(ns, "docs", "user:ada");
  await client.put(key, {
    doc: {
      name: "Ada",
      address: { city: "London", zip: "NW1" },
      tags: ["admin"],
      orders: [{ id: 1, items: ["book"], total: 12 }],
    },
  });

  const lastOrder = [ctx.mapKey("orders"), ctx.listIndex(-1)];
  const { results } = await client.operate(key, [
    // doc.address.city = "Paris"  -> the address map's new size
    maps.put("doc", "city", "Paris", { ctx: [ctx.mapKey("address")] }),
    // doc.tags.push("vip")  -> the tags list's new size
    lists.append("doc", "vip", { ctx: [ctx.mapKey("tags")] }),
    // doc.orders[-1].items.push("pen")  -> 2
    lists.append("doc", "pen", { ctx: [...lastOrder, ctx.mapKey("items")] }),
    // doc.orders[-1].total += 3  -> 15
    maps.increment("doc", "total", 3, { ctx: lastOrder }),
    // doc.settings.theme = "dark", creating doc.settings as a key-ordered map  -> 1
    maps.put("doc", "theme", "dark", { ctx: [ctx.mapKeyCreate("settings", "keyOrdered")] }),
    // How many orders are there?  -> 1
    lists.size("doc", { ctx: [ctx.mapKey("orders")] }),
  ]);
  log("results, one per operation:", results);

  const rec = await client.get(key);
  log(
    "document now:",
    JSON.stringify(rec?.bins.doc, (_k, v) => v instanceof Map ? Object.fromEntries(v) : v),
  );
  await client.remove(key);
  return { results, doc: rec?.bins.doc };
}

if (import.meta.main) {
  const env = Deno.env.get("AEROSPIKE_HOSTS");
  const mock = env ? undefined : await MockCluster.start({ nodes: 1 });
  const client = await Client.connect({ hosts: env ?? mock!.seeds });
  try {
    await updateDocument(client, Deno.env.get("AEROSPIKE_NAMESPACE") ?? "test");
  } finally {
    await client.close();
    await mock?.close();
  }
}
