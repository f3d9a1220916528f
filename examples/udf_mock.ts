/**
 * Your own Lua UDFs, tested without a server: the in-process mock runs record UDFs and the
 * server stage of aggregations in Lua 5.4 (the optional npm package `wasmoon`, loaded on the first
 * UDF), with a node's answers: values keep their types, writes happen once when the function
 * succeeds, and a Lua error is UDF_BAD_RESPONSE (100) with file:line, as on a real node.
 *
 *   npx deno run --allow-net --allow-env --allow-read examples/udf_mock.ts
 *   AEROSPIKE_HOSTS=127.0.0.1:3000 npx deno run --allow-net --allow-env --allow-read examples/udf_mock.ts
 *
 * Without AEROSPIKE_HOSTS it starts a one-node mock cluster in the same process.
 * @module
 */
import { AerospikeError, Client, Key, ResultCode } from "../mod.ts";
import { MockCluster } from "../server_mock/mod.ts";

/** The module under test: a record UDF that books seats, and a stream UDF that sums bookings. */
export const SEATS_LUA = `
function book(rec, n)
  if not aerospike:exists(rec) then error("no such show") end
  local free = rec.free
  if n > free then return list{false, free} end
  rec.free = free - n
  local log = rec.log or list()
  list.append(log, n)
  rec.log = log
  aerospike:update(rec)
  return list{true, rec.free}
end

local function add(a, b) return a + b end
function booked(stream)
  return stream : map(function(rec) return rec.seats - rec.free end) : reduce(add)
end
`;

/** What the example saw. */
export interface SeatsOutcome {
  /** `book` results in call order: [ok, free seats left]. */
  bookings: unknown[];
  /** The error code and text of booking a show that does not exist. */
  missing: { code: number; text: string };
  /** Seats booked across all shows (the aggregation). */
  total: unknown;
}

/**
 * Registers the module, books seats, and sums the bookings with an aggregation.
 * @example
 * ```ts
 * const { bookings, total } = await runSeats(client, "test");
 * ```
 */
export async function runSeats(
  client: Client,
  ns: string,
  log: (...args: unknown[]) => void = console.log,
): Promise<SeatsOutcome> {
  await client.udfRegister("seats.lua", SEATS_LUA);
  const set = "shows";
  const a = new Key(ns, set, "matinee");
  const b = new Key(ns, set, "evening");
  await client.put(a, { seats: 10, free: 10 });
  await client.put(b, { seats: 5, free: 5 });
  const bookings = [
    await client.apply(a, "seats", "book", [4]),
    await client.apply(a, "seats", "book", [7]), // only 6 left: refused, nothing written
    await client.apply(b, "seats", "book", [5]),
  ];
  log("bookings:", bookings);
  let missing = { code: 0, text: "" };
  try {
    await client.apply(new Key(ns, set, "cancelled"), "seats", "book", [1]);
  } catch (e) {
    if (!(e instanceof AerospikeError) || e.code !== ResultCode.UDF_BAD_RESPONSE) throw e;
    missing = {
      code: e.code,
      text: e.message.slice(e.message.indexOf("seats.lua")).replace(/ \[node .*$/, ""),
    };
    log("missing show:", missing.text);
  }
  const [total] = await client.queryAggregate(ns, set, { module: "seats", fn: "booked" });
  log("seats booked:", total);
  await client.remove(a);
  await client.remove(b);
  await client.udfRemove("seats.lua");
  return { bookings, missing, total };
}

if (import.meta.main) {
  const env = Deno.env.get("AEROSPIKE_HOSTS");
  const mock = env ? undefined : await MockCluster.start({ nodes: 1 });
  const client = await Client.connect({ hosts: env ?? mock!.seeds });
  try {
    await runSeats(client, Deno.env.get("AEROSPIKE_NAMESPACE") ?? "test");
  } finally {
    await client.close();
    await mock?.close();
  }
}
