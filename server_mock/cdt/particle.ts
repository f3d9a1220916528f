/**
 * Conversions between stored bin particles and the mock's CDT values: a bin read as a value
 * (for CDT calls and expressions) and a result written back as the particle a real node replies
 * with (integers as 8 bytes, strings without their type byte, lists and maps as msgpack).
 * @module
 */
import {
  PARTICLE_TYPE_BLOB,
  PARTICLE_TYPE_BOOL,
  PARTICLE_TYPE_FLOAT,
  PARTICLE_TYPE_GEOJSON,
  PARTICLE_TYPE_HLL,
  PARTICLE_TYPE_INTEGER,
  PARTICLE_TYPE_LIST,
  PARTICLE_TYPE_MAP,
  PARTICLE_TYPE_NULL,
  PARTICLE_TYPE_STRING,
} from "../../src/wire/particles.ts";
import { ResultCode } from "../../src/wire/result_code.ts";
import type { StoredBin } from "../store.ts";
import { BYTES_GEOJSON, BYTES_STRING, CdtError, type CdtValue, decodeCdt, encodeCdt } from "./value.ts";
import { geoParticle, geoParticleText, storeGeoFromWire } from "../geo_particle.ts";
import { isHll } from "./hll_sketch.ts";
import { normalizeWritten } from "./normalize.ts";

const enc = new TextEncoder();

/** A stored particle as a value (HLL bins read as blobs of type 18). */
export function binValue(bin: StoredBin): CdtValue {
  const d = bin.data;
  switch (bin.type) {
    case PARTICLE_TYPE_NULL:
      return { k: "nil" };
    case PARTICLE_TYPE_INTEGER:
      return { k: "int", v: new DataView(d.buffer, d.byteOffset, 8).getBigInt64(0) };
    case PARTICLE_TYPE_FLOAT:
      return { k: "float", v: new DataView(d.buffer, d.byteOffset, 8).getFloat64(0) };
    case PARTICLE_TYPE_BOOL:
      return { k: "bool", v: d[0] !== 0 };
    case PARTICLE_TYPE_LIST:
    case PARTICLE_TYPE_MAP:
      return decodeCdt(d);
    case PARTICLE_TYPE_STRING:
      return { k: "bytes", t: BYTES_STRING, v: d };
    case PARTICLE_TYPE_GEOJSON:
      // Flags byte, u16 cell count, the cells, then the JSON text.
      return { k: "bytes", t: BYTES_GEOJSON, v: geoParticleText(d) };
    default:
      return { k: "bytes", t: bin.type, v: d };
  }
}

function eight(write: (v: DataView) => void): Uint8Array {
  const b = new Uint8Array(8);
  write(new DataView(b.buffer));
  return b;
}

/** A value as the particle a node replies with (or stores in a bin). */
export function toParticle(v: CdtValue): StoredBin {
  switch (v.k) {
    case "nil":
    case "wild":
    case "inf":
      return { type: PARTICLE_TYPE_NULL, data: new Uint8Array(0) };
    case "bool":
      return { type: PARTICLE_TYPE_BOOL, data: new Uint8Array([v.v ? 1 : 0]) };
    case "int":
      return { type: PARTICLE_TYPE_INTEGER, data: eight((d) => d.setBigInt64(0, v.v)) };
    case "float":
      return { type: PARTICLE_TYPE_FLOAT, data: eight((d) => d.setFloat64(0, v.v)) };
    case "list":
      return { type: PARTICLE_TYPE_LIST, data: encodeCdt(v) };
    case "map":
      return { type: PARTICLE_TYPE_MAP, data: encodeCdt(v) };
    case "bytes":
      if (v.t === BYTES_STRING) return { type: PARTICLE_TYPE_STRING, data: v.v.slice() };
      if (v.t === BYTES_GEOJSON) {
        // With its S2 cells, as a node builds a GeoJSON bin from an expression (as_geojson_to_particle).
        const cells = geoParticle(v.v);
        if (cells !== undefined) return { type: PARTICLE_TYPE_GEOJSON, data: cells };
        const data = new Uint8Array(3 + v.v.length);
        data.set(v.v, 3);
        return { type: PARTICLE_TYPE_GEOJSON, data };
      }
      return {
        type: v.t === PARTICLE_TYPE_HLL ? PARTICLE_TYPE_HLL : v.t || PARTICLE_TYPE_BLOB,
        data: v.v.slice(),
      };
  }
}

/** A string value. */
export function str(s: string): CdtValue {
  return { k: "bytes", t: BYTES_STRING, v: enc.encode(s) };
}

/** The bin's particle checked against the kind an op needs (BIN_TYPE_ERROR otherwise). */
export function expectBin(bin: StoredBin | undefined, type: number, what: string): StoredBin | undefined {
  if (bin !== undefined && bin.type !== type) {
    throw new CdtError(ResultCode.BIN_TYPE_ERROR, `bin is not a ${what} (particle type ${bin.type})`);
  }
  return bin;
}

/**
 * The particle a node stores for a value a write op sends, or the result code refusing it: an HLL
 * must be well formed (flags 0, valid bit counts, exact size: PARAMETER_ERROR otherwise, as
 * `hll_from_wire`), GeoJSON must be a shape the node accepts (GEO_INVALID_GEOJSON) and is stored
 * with its own S2 cells; a list or map is checked and its unordered maps sorted by key
 * (normalize.ts: SERVER_ERROR for what a node refuses); anything else is stored as sent.
 * @example
 * ```ts
 * import { PARTICLE_TYPE_HLL } from "../../src/wire/particles.ts";
 * storedParticle(PARTICLE_TYPE_HLL, new Uint8Array(3)); // 4
 * ```
 */
export function storedParticle(type: number, data: Uint8Array): StoredBin | number {
  if (type === PARTICLE_TYPE_HLL) {
    return isHll(data) ? { type, data: data.slice() } : ResultCode.PARAMETER_ERROR;
  }
  if (type === PARTICLE_TYPE_GEOJSON) {
    const stored = storeGeoFromWire(data);
    return typeof stored === "number" ? stored : { type, data: stored };
  }
  if (type === PARTICLE_TYPE_LIST || type === PARTICLE_TYPE_MAP) {
    try {
      const v = decodeCdt(data);
      const n = normalizeWritten(v);
      return { type, data: n === v ? data.slice() : encodeCdt(n) };
    } catch (e) {
      if (e instanceof CdtError) {
        return e.code === ResultCode.PARAMETER_ERROR ? ResultCode.SERVER_ERROR : e.code;
      }
      throw e;
    }
  }
  return { type, data: data.slice() };
}
