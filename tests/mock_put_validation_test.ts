/**
 * What the mock's write path checks and computes for HLL and GeoJSON bins, as a CE 8.1 node does
 * (`hll_from_wire`, `geojson_from_wire`): a malformed HLL is refused with PARAMETER_ERROR (4),
 * GeoJSON the node cannot parse with GEO_INVALID_GEOJSON (160), and a GeoJSON bin is stored with
 * the node's own S2 cells (the cells a client sends are ignored). Also the BVAL a geo query
 * reports for a region found by a point: the region's stored cell that holds the point.
 */
import assert from "node:assert/strict";
import { test, toHex } from "./helpers/test.ts";
import { oneRecord } from "./helpers/mock_ops.ts";
import { newHll } from "../server_mock/cdt/hll_sketch.ts";
import { compileFilter } from "../server_mock/handlers/query_filter.ts";
import { cellContains, latLngToCellId } from "../server_mock/geo_cells.ts";

const enc = new TextEncoder();
const OP_WRITE = 2;
const OP_READ = 1;

function geoWire(json: string, cells: bigint[] = []): Uint8Array {
  const text = enc.encode(json);
  const out = new Uint8Array(3 + cells.length * 8 + text.length);
  const v = new DataView(out.buffer);
  v.setUint16(1, cells.length);
  cells.forEach((c, i) => v.setBigUint64(3 + i * 8, c));
  out.set(text, 3 + cells.length * 8);
  return out;
}

test("a malformed HLL put answers PARAMETER_ERROR (4) and stores nothing; a well-formed one round-trips", () => {
  const good = newHll(8, 4);
  const flagged = good.slice();
  flagged[0] = 1;
  const bad: [string, Uint8Array][] = [
    ["too short", new Uint8Array(5)],
    ["flags set", flagged],
    ["index bits 3", newHll(8, 4).fill(3, 1, 2)],
    ["minhash bits 3", newHll(8, 4).fill(3, 2, 3)],
    ["one byte short", good.subarray(0, good.length - 1)],
    ["one byte long", new Uint8Array([...good, 0])],
  ];
  for (const [what, data] of bad) {
    const { run, read } = oneRecord();
    assert.equal(run([{ op: OP_WRITE, particleType: 18, name: "h", data }]).resultCode, 4, what);
    assert.equal(
      read([{ op: OP_READ, particleType: 0, name: "h", data: new Uint8Array(0) }]).resultCode,
      2,
      what,
    );
  }
  const { run, read } = oneRecord();
  assert.equal(run([{ op: OP_WRITE, particleType: 18, name: "h", data: good }]).resultCode, 0);
  const r = read([{ op: OP_READ, particleType: 0, name: "h", data: new Uint8Array(0) }]);
  assert.deepEqual([r.ops[0].particleType, toHex(r.ops[0].data)], [18, toHex(good)]);
});

test("GeoJSON the node cannot parse answers 160 and stores nothing", () => {
  const texts = ["{", '{"type":"Point","coordinates":[200,0]}', '{"type":"Circle","coordinates":[[0,0],1]}'];
  for (const json of texts) {
    const { run, read } = oneRecord();
    assert.equal(
      run([{ op: OP_WRITE, particleType: 23, name: "g", data: geoWire(json) }]).resultCode,
      160,
      json,
    );
    assert.equal(read([{ op: OP_READ, particleType: 0, name: "g", data: new Uint8Array(0) }]).resultCode, 2);
  }
  // A cell count running past the value is refused too.
  const { run } = oneRecord();
  assert.equal(
    run([{ op: OP_WRITE, particleType: 23, name: "g", data: new Uint8Array([0, 0, 9, 0x7b]) }]).resultCode,
    160,
  );
});

test("a GeoJSON bin is stored with the node's cells, whatever cells the client sent", () => {
  const { run, read } = oneRecord();
  const point = '{"type":"Point","coordinates":[103.9,1.3]}';
  assert.equal(
    run([{ op: OP_WRITE, particleType: 23, name: "g", data: geoWire(point, [1n, 2n]) }]).resultCode,
    0,
  );
  const got = read([{ op: OP_READ, particleType: 0, name: "g", data: new Uint8Array(0) }]).ops[0];
  assert.equal(toHex(got.data), "00000131da186fa847d593" + toHex(enc.encode(point)));
  const circle = '{"type":"AeroCircle","coordinates":[[103.8,1.35],200000]}';
  assert.equal(run([{ op: OP_WRITE, particleType: 23, name: "c", data: geoWire(circle) }]).resultCode, 0);
  const c = read([{ op: OP_READ, particleType: 0, name: "c", data: new Uint8Array(0) }]).ops[0].data;
  // Region flag, 12 cells (the S2 covering in mock_geo_cells_test.ts), then the text.
  assert.equal(toHex(c.subarray(0, 11)), "01000c2e27400000000000");
  assert.equal(new TextDecoder().decode(c.subarray(3 + 12 * 8)), circle);
});

test("a point query finds a stored region and reports the region cell holding the point as BVAL", () => {
  const { run, store } = oneRecord();
  const circle = '{"type":"AeroCircle","coordinates":[[103.8,1.35],200000]}';
  run([{ op: OP_WRITE, particleType: 23, name: "c", data: geoWire(circle) }]);
  let bins = new Map();
  for (let pid = 0; pid < 4096; pid++) for (const r of store.namespace("test")!.partition(pid)) bins = r.bins;
  const query = (lng: number, lat: number) =>
    compileFilter({
      bin: "c",
      particleType: 23,
      begin: enc.encode(JSON.stringify({ type: "Point", coordinates: [lng, lat] })),
      end: new Uint8Array(0),
    }, "default")(bins);
  const bval = query(103.9, 1.3)!;
  const cell = new DataView(bval.buffer, bval.byteOffset, 8).getBigUint64(0, true);
  assert.ok(cellContains(cell, latLngToCellId(1.3, 103.9)));
  assert.notEqual(cell, 0x2e27400000000000n, "the cell holding the point, not simply the first");
  assert.equal(query(-122.4, 37.8), undefined);
});
