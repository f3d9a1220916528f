/**
 * The mock's S2 cells for GeoJSON (server_mock/geo_cells.ts, geo_shapes.ts, geo_polygon.ts,
 * geo_cover.ts, geo_particle.ts). Point cells and whole particles are checked against the CE 8.1
 * captures (more/get_geo, more/query_paginate); region coverings and point containment against
 * values computed with the S2 library itself (libs2 0.10, called the way the node calls it:
 * `S2RegionCoverer` with min level 1, max level 30, 12 cells, level mod 1 on an `S2Cap` or an
 * `S2Polygon` of normalized loops, `Contains(S2CellId(p).ToPoint())`).
 */
import assert from "node:assert/strict";
import { test, toHex } from "./helpers/test.ts";
import { loadStep, opsOf } from "./helpers/vectors.ts";
import {
  cellChildBegin,
  cellFaceIJ,
  cellLevel,
  cellParent,
  cellRangeMax,
  cellRangeMin,
  commonAncestorLevel,
  faceCellId,
  fromFaceIJ,
  latLngToCellId,
  latLngToPoint,
  pointToCellId,
  vertexNeighbors,
} from "../server_mock/geo_cells.ts";
import { Cap, cellIdToPoint } from "../server_mock/geo_shapes.ts";
import { Polygon } from "../server_mock/geo_polygon.ts";
import { cover, normalizeCells } from "../server_mock/geo_cover.ts";
import { geoParticle, parseGeoShape, storeGeoFromWire } from "../server_mock/geo_particle.ts";

const enc = new TextEncoder();
const ids = (s: string): bigint[] => s.trim().split(/\s+/).map((h) => BigInt(`0x${h}`));
const hexIds = (xs: bigint[]): string => xs.map((x) => x.toString(16).padStart(16, "0")).join(" ");

/** [lat, lng] rings as the polygon the node builds (closing vertex dropped). */
function polygon(...rings: [number, number][][]): Polygon {
  return new Polygon(rings.map((r) => r.slice(0, -1).map(([lat, lng]) => latLngToPoint(lat, lng))));
}

test("a point's stored particle is byte-identical to the one a CE 8.1 node returned (more/get_geo)", async () => {
  const step = await loadStep("more/get_geo");
  const loc = opsOf(step.frames[1].bytes).find((o) => o.name === "loc")!;
  assert.equal(toHex(loc.data.subarray(0, 11)), "00000131da186fa847d593");
  const json = loc.data.subarray(11);
  assert.deepEqual(geoParticle(json), loc.data);
  // The put sent no cells (flags 0, count 0): the node computed its own.
  const put = opsOf((await loadStep("more/put_geo")).frames[0].bytes).find((o) => o.name === "loc")!;
  assert.equal(toHex(put.data.subarray(0, 3)), "000000");
  assert.deepEqual(storeGeoFromWire(put.data), loc.data);
});

test("leaf cell ids of both captured points match the node's (Singapore and San Francisco)", async () => {
  assert.equal(latLngToCellId(1.3, 103.9), 0x31da186fa847d593n);
  const page = (await loadStep("more/query_paginate")).frames.map((f) => f.hex).join("");
  // loc bin op: particle 23, name "loc", then flags 00, count 0001 and the cell.
  const cells = [...page.matchAll(/1700036c6f6300([0-9a-f]{4})([0-9a-f]{16})/g)].map((m) => m[1] + m[2]);
  assert.ok(cells.includes("00018085805f0d32c5bf"));
  assert.equal(latLngToCellId(37.8, -122.4), 0x8085805f0d32c5bfn);
});

test("cell id algebra: levels, parents, faces, ranges and (i, j) round trips", () => {
  const leaf = latLngToCellId(1.3, 103.9);
  assert.equal(cellLevel(leaf), 30);
  assert.equal(cellLevel(faceCellId(1)), 0);
  assert.equal(cellParent(leaf, 0), faceCellId(1));
  assert.equal(cellLevel(cellParent(leaf, 12)), 12);
  const { face, i, j } = cellFaceIJ(leaf);
  assert.equal(fromFaceIJ(face, i, j), leaf);
  const p = cellParent(leaf, 7);
  assert.ok(cellRangeMin(p) <= leaf && leaf <= cellRangeMax(p));
  assert.equal(commonAncestorLevel(leaf, cellParent(leaf, 9)), 9);
  assert.equal(commonAncestorLevel(faceCellId(0), faceCellId(5)), -1);
  assert.equal(cellChildBegin(faceCellId(0), 1), 0x0400000000000000n);
  // The leaf's centre maps back to the same leaf.
  assert.equal(pointToCellId(cellIdToPoint(leaf)), leaf);
  // Four vertex neighbours sharing the nearest level-10 vertex, all at level 10.
  const n = vertexNeighbors(leaf, 10);
  assert.equal(n.length, 4);
  assert.ok(n.every((c) => cellLevel(c) === 10));
  // Four siblings normalize to their parent.
  const kids = [0n, 1n, 2n, 3n].map((k) => cellChildBegin(p, 8) + k * (1n << 45n));
  assert.deepEqual(normalizeCells(kids.reverse()), [p]);
});

/** Coverings the S2 library computes with the node's options (see the module doc). */
const CAP_COVERS: [number, number, number, string][] = [
  [
    1.35,
    103.8,
    200000,
    "2e27400000000000 2e27c00000000000 2e28400000000000 2e29d00000000000 31c3500000000000 31c5000000000000 31cf000000000000 31d1000000000000 31d3000000000000 31d4400000000000 31d7000000000000 31dc000000000000",
  ],
  [
    0,
    0,
    1,
    "0555555555554000 0fffffffffff9000 0fffffffffffa400 0fffffffffffb400 0fffffffffffbc00 0fffffffffffd000 0ffffffffffff000 1000000000004000 1aaaaaaaaaaac000",
  ],
  [
    37.42,
    -122.08,
    1000,
    "808fb0ab00000000 808fb75400000000 808fb75900000000 808fb75a10000000 808fb9e300000000 808fb9e500000000 808fb9f100000000 808fb9f700000000 808fb9fc00000000 808fba0400000000 808fba1b40000000 808fba1d00000000",
  ],
  [
    -33.86,
    151.2,
    50000,
    "6b0d354000000000 6b0d500000000000 6b0d700000000000 6b12c00000000000 6b6d300000000000 6b6d500000000000 6b6d640000000000 6b6d681000000000 6b729c0000000000 6b72b00000000000 6b72c9ff00000000 6b72cb0000000000",
  ],
  [
    89.9,
    0,
    20000,
    "4555450000000000 45554c0000000000 4555540000000000 45555c0000000000 4fffe40000000000 4fffef0000000000 4ffff40000000000 4ffffc0000000000 5000040000000000 50001d5555554000 5aaaac0000000000 5aaab2aaaaaac000",
  ],
  [
    10,
    10,
    5000,
    "1055194000000000 1055198400000000 10551a3000000000 10551a5000000000 10551affc0000000 10551b1000000000 10551b7000000000 10551bc000000000 10551c4000000000 10551c9000000000 10551cf400000000 10551ec000000000",
  ],
  [
    45,
    45,
    3000000,
    "12c0000000000000 1340000000000000 13c0000000000000 1500000000000000 3900000000000000 3f00000000000000 4100000000000000 4300000000000000 4440000000000000 44c0000000000000 45c0000000000000 4700000000000000",
  ],
];

test("AeroCircle coverings match the S2 library's cell for cell", () => {
  for (const [lat, lng, radius, want] of CAP_COVERS) {
    const got = cover(new Cap(latLngToPoint(lat, lng), radius / 6371000));
    assert.equal(hexIds(got), hexIds(ids(want)), `circle ${radius} m at ${lat}, ${lng}`);
  }
});

const SQUARE: [number, number][] = [[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]];
const POLY_COVERS: [[number, number][][], string][] = [
  [
    [SQUARE],
    "0555555555555555 0ffe400000000000 0fffd00000000000 0ffff00000000000 1001000000000000 1aaa0c0000000000 1aaa700000000000 1aaa900000000000 1aaab00000000000",
  ],
  // The same square clockwise: the node normalizes the loop to its smaller side.
  [
    [[...SQUARE].reverse()],
    "0555555555555555 0ffe400000000000 0fffd00000000000 0ffff00000000000 1001000000000000 1aaa0c0000000000 1aaa700000000000 1aaa900000000000 1aaab00000000000",
  ],
  [
    [[[37.7, -122.5], [37.7, -122.3], [37.85, -122.3], [37.85, -122.5], [37.7, -122.5]]],
    "80857f0000000000 8085810000000000 808583c000000000 8085850000000000 8085870000000000 808f78c000000000 808f792b00000000 808f7d0000000000 808f7f0000000000 808f810000000000 808f824000000000 808f83c000000000",
  ],
  [
    [
      [[-1, 0.095], [-1, 0.205], [1, 0.205], [1, 0.095], [-1, 0.095]],
      [[-0.5, 0.12], [0.5, 0.12], [0.5, 0.18], [-0.5, 0.18], [-0.5, 0.12]],
    ],
    "1000100000000000 1000300000000000 1001d00000000000 1001e40000000000 1001e90000000000 1001ef0000000000 1aaab00000000000 1aaad00000000000 1aab300000000000 1aab440000000000 1aab490000000000 1aab4f0000000000",
  ],
  [
    [[[51.5, -0.13], [51.52, -0.1], [51.49, -0.09], [51.5, -0.13]]],
    "4876035c00000000 4876036100000000 48760497ffc00000 4876049900000000 4876049f00000000 487604b000000000 487604c400000000 487604c900000000 487604cf55500000 487604db40000000 48761b4d40000000 48761b5400000000",
  ],
  [
    [[[-22.9, -43.2], [-22.95, -43.1], [-23.0, -43.15], [-23.02, -43.25], [-22.97, -43.3], [-22.91, -43.28], [
      -22.9,
      -43.2,
    ]]],
    "00997dc000000000 00997f0000000000 0099810000000000 009a2a7c00000000 009a2ac000000000 009a2b2b00000000 009bd15500000000 009bd3f7f0000000 009bd3f900000000 009bd3ff00000000 009bd50000000000 009bd70000000000",
  ],
];

test("Polygon coverings (holes and clockwise rings included) match the S2 library's", () => {
  for (const [rings, want] of POLY_COVERS) {
    assert.equal(hexIds(cover(polygon(...rings))), hexIds(ids(want)), JSON.stringify(rings));
  }
});

test("containment is the S2 library's: geodesic edges, leaf-cell centres, holes", () => {
  const at = (lat: number, lng: number) => cellIdToPoint(latLngToCellId(lat, lng));
  const cap = new Cap(latLngToPoint(1.35, 103.8), 200000 / 6371000);
  const capPts: [number, number][] = [[1.3, 103.9], [37.8, -122.4], [1.35, 105.59], [1.35, 105.61], [
    3.14,
    103.8,
  ], [3.16, 103.8]];
  assert.equal(capPts.map(([a, b]) => (cap.containsPoint(at(a, b)) ? 1 : 0)).join(""), "101010");
  const sq = polygon(SQUARE);
  const sqPts: [number, number][] = [[0.5, 0.5], [1.5, 0.5], [0, 0], [0.999, 0.001], [-0.001, 0.5]];
  assert.equal(sqPts.map(([a, b]) => (sq.containsPoint(at(a, b)) ? 1 : 0)).join(""), "10110");
  const holed = polygon(POLY_COVERS[3][0][0], POLY_COVERS[3][0][1]);
  const hPts: [number, number][] = [[0, 0.1], [0, 0.15], [0.9, 0.15], [0, 0.3]];
  assert.equal(hPts.map(([a, b]) => (holed.containsPoint(at(a, b)) ? 1 : 0)).join(""), "1010");
  // The southern edge along latitude 60 is a geodesic bulging north to about 60.38 at lng 0.
  const band = polygon([[60, -10], [60, 10], [61, 10], [61, -10], [60, -10]]);
  assert.equal(
    [[60.2, 0], [60.5, 0], [60.9, 9.99]].map(([a, b]) => (band.containsPoint(at(a, b)) ? 1 : 0)).join(""),
    "011",
  );
});

test("GeoJSON the node refuses parses to nothing; a circle over a hemisphere has too many cells", () => {
  const bad = [
    "not json",
    "[1,2]",
    '{"type":"Point"}',
    '{"type":"Point","coordinates":[1]}',
    '{"type":"Point","coordinates":["1",2]}',
    '{"type":"Point","coordinates":[181,0]}',
    '{"type":"Point","coordinates":[0,90.5]}',
    '{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0.5]]]}',
    '{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}',
    '{"type":"AeroCircle","coordinates":[[0,0]]}',
    '{"type":"LineString","coordinates":[[0,0],[1,1]]}',
    '{"type":"Feature","geometry":{"type":"Feature"}}',
  ];
  for (const text of bad) assert.equal(parseGeoShape(text), undefined, text);
  assert.equal(
    parseGeoShape('{"type":"Feature","geometry":{"type":"Point","coordinates":[103.9,1.3]}}')?.kind,
    "point",
  );
  assert.equal(geoParticle(enc.encode('{"type":"AeroCircle","coordinates":[[0,0],20000000]}')), undefined);
  assert.equal(storeGeoFromWire(new Uint8Array([0, 0, 1, 7])), 160);
  const circle = geoParticle(enc.encode('{"type":"AeroCircle","coordinates":[[103.8,1.35],200000]}'))!;
  assert.deepEqual([circle[0], (circle[1] << 8) | circle[2]], [1, 12]);
});
