/**
 * The cluster's options resolved once, at connect: defaults filled in and every number checked
 * (a RangeError before any I/O), the seeds parsed, TLS material loaded, and the peers command
 * chosen. Only what tending and the nodes need is kept, not the caller's option object.
 * @module
 */
import type { AuthMode } from "../auth/credentials.ts";
import { defaultConnector } from "../transport/auto.ts";
import { ObserverHub } from "../observe/hub.ts";
import { DEFAULT_MAX_FRAME_SIZE } from "../wire/proto.ts";
import type { ClusterOptions } from "./cluster.ts";
import type { NodeSettings } from "./node.ts";
import { parseHosts, type SeedHost } from "./seeds.ts";
import { resolveTls } from "./tls.ts";

/** `ClusterOptions` with defaults applied. */
export interface ClusterSettings {
  /** The seeds, parsed. */
  seeds: SeedHost[];
  /** Shared by every node (the authenticator is added once credentials exist). */
  node: NodeSettings;
  /** Pause between tend cycles, ms. */
  tendInterval: number;
  /** Connections kept open per node (at most the pool cap). */
  minConns: number;
  /** Idle connections older than this are closed on the next tend, ms. */
  maxIdleMs: number;
  /** The client's racks, most preferred first (`rackIds`, else `[rackId]`), when any is set. */
  racks: number[] | undefined;
  /** `peers-{clear|tls}-{std|alt}`. */
  peersCommand: string;
  /** Never connect to peers: tend the seeds only. */
  seedOnly: boolean;
  /** Tend cycles per circuit-breaker window (the error counts reset at its end). */
  errorRateWindow: number;
}

function option(value: number | undefined, name: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < min) {
    throw new RangeError(`${name} must be a number >= ${min}, got ${String(value)}`);
  }
  return value;
}

// rackIds (most preferred first) wins over rackId; undefined when neither is set.
function rackList(rackIds: readonly number[] | undefined, rackId: number | undefined): number[] | undefined {
  if (rackIds === undefined) return rackId === undefined ? undefined : [rackId];
  if (!Array.isArray(rackIds) || rackIds.length === 0) {
    throw new TypeError("rackIds must be a non-empty array of rack ids, most preferred first");
  }
  return rackIds.map((r, i) => integer(r, `rackIds[${i}]`, 0, 0));
}

function integer(value: number | undefined, name: string, fallback: number, min: number): number {
  const v = option(value, name, fallback, min);
  if (!Number.isInteger(v)) throw new RangeError(`${name} must be an integer >= ${min}, got ${v}`);
  return v;
}

/** Only the fields authentication needs, so no other option object is held on to. */
export function pickAuth(o: ClusterOptions): { user?: string; password?: string; authMode?: AuthMode } {
  return { user: o.user, password: o.password, authMode: o.authMode };
}

/** Applies defaults and checks every option; throws a TypeError or RangeError on a bad one. */
export function resolveClusterSettings(options: ClusterOptions, hub?: ObserverHub): ClusterSettings {
  const seeds = parseHosts(options.hosts);
  const connectTimeout = option(options.connectTimeout, "connectTimeout", 1000, 1);
  const node: NodeSettings = {
    connector: options.connector ?? defaultConnector(),
    tls: resolveTls(options.tls),
    connectTimeout,
    maxConns: option(options.maxConnsPerNode, "maxConnsPerNode", 100, 1),
    maxOpening: option(options.maxOpeningConnsPerNode, "maxOpeningConnsPerNode", 16, 1),
    clusterName: options.clusterName,
    maxFrameSize: option(options.maxFrameSize, "maxFrameSize", DEFAULT_MAX_FRAME_SIZE, 1024),
    maxErrorRate: integer(options.maxErrorRate, "maxErrorRate", 100, 0),
    observer: hub ?? new ObserverHub(),
  };
  const tendInterval = option(options.tendInterval, "tendInterval", 1000, 1);
  const minConns = Math.min(option(options.minConnsPerNode, "minConnsPerNode", 0, 0), node.maxConns);
  const maxIdleMs = option(options.maxSocketIdle, "maxSocketIdle", 55, 0) * 1000;
  const rackId = options.rackId === undefined ? undefined : integer(options.rackId, "rackId", 0, 0);
  const racks = rackList(options.rackIds, rackId);
  const kind = options.tls !== undefined ? "tls" : "clear";
  return {
    seeds,
    node,
    tendInterval,
    minConns,
    maxIdleMs,
    racks,
    peersCommand: `peers-${kind}-${options.useServicesAlternate ? "alt" : "std"}`,
    seedOnly: options.seedOnly === true,
    errorRateWindow: integer(options.errorRateWindow, "errorRateWindow", 1, 1),
  };
}
