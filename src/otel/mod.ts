/**
 * OpenTelemetry for aerolite: turns the `aerolite:command` tracing channel into client spans and
 * a `db.client.operation.duration` histogram, following OpenTelemetry's database semantic
 * conventions (`db.system.name` "aerospike", `db.namespace`, `db.collection.name` = set,
 * `db.operation.name`, `server.address`, `server.port`, `db.response.status_code`,
 * `error.type`).
 *
 * `@opentelemetry/api` (1.x) is an optional peer dependency: only this module loads it, and only
 * when {@linkcode instrument} is called. Spans and measurements go to the providers you pass, or
 * to the globally registered ones (a no-op until an SDK registers itself).
 *
 * One span per command as the client runs it: a single-record command with all its retries; a
 * batch or a query gives one span per node it ran on. A span's parent is the context active where
 * the command was called.
 *
 * @example
 * ```ts
 * import { Client } from "@aerolite/client";
 * import { instrument } from "@aerolite/client/otel";
 *
 * const otel = await instrument(); // uses the global tracer and meter providers
 * const client = await Client.connect({ hosts: "127.0.0.1:3000" });
 * // ... every command now makes a span and a duration measurement
 * otel.disable();
 * ```
 * @module
 */
import dc from "node:diagnostics_channel";
import type { Attributes, Histogram, MeterProvider, Span, Tracer, TracerProvider } from "@opentelemetry/api";
import { COMMAND_CHANNEL, type CommandTraceContext } from "../../mod.ts";

/** An OpenTelemetry `TracerProvider` (the SDK's `BasicTracerProvider`, `NodeTracerProvider`, ...). */
export interface TracerProviderLike {
  /** Returns a tracer for an instrumentation scope. */
  getTracer(name: string, version?: string): unknown;
}

/** An OpenTelemetry `MeterProvider` (the SDK's `MeterProvider`). */
export interface MeterProviderLike {
  /** Returns a meter for an instrumentation scope. */
  getMeter(name: string, version?: string): unknown;
}

/** Options of {@linkcode instrument}. */
export interface InstrumentOptions {
  /**
   * Where spans go.
   * @default the global tracer provider (`trace.getTracerProvider()`)
   */
  tracerProvider?: TracerProviderLike;
  /**
   * Where the duration histogram goes.
   * @default the global meter provider (`metrics.getMeterProvider()`)
   */
  meterProvider?: MeterProviderLike;
  /**
   * Make spans.
   * @default true
   */
  traces?: boolean;
  /**
   * Record `db.client.operation.duration`.
   * @default true
   */
  metrics?: boolean;
}

/** A running instrumentation; `disable()` unsubscribes it. */
export interface Instrumentation {
  /** Stops making spans and measurements (commands in flight end their spans). Idempotent. */
  disable(): void;
}

/** Instrumentation scope name of the tracer and the meter. */
export const SCOPE_NAME = "@aerolite/client";

/** Bucket boundaries (seconds) the semantic conventions advise for `db.client.operation.duration`. */
export const DURATION_BUCKETS: readonly number[] = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10];

/**
 * Subscribes to the command channel and reports every command as a span and a measurement.
 * Rejects when `@opentelemetry/api` cannot be loaded.
 * @example
 * ```ts
 * import { trace } from "@opentelemetry/api";
 * const provider = trace.getTracerProvider();
 * const otel = await instrument({ tracerProvider: provider, metrics: false });
 * ```
 */
export async function instrument(options: InstrumentOptions = {}): Promise<Instrumentation> {
  if (options === null || typeof options !== "object") {
    throw new TypeError("instrument() options must be an object");
  }
  let api: typeof import("@opentelemetry/api");
  try {
    api = await import("@opentelemetry/api");
  } catch (cause) {
    throw new Error("@aerolite/client/otel needs the @opentelemetry/api package (npm i @opentelemetry/api)", {
      cause,
    });
  }
  const tracer: Tracer | undefined = options.traces === false
    ? undefined
    : ((options.tracerProvider ?? api.trace.getTracerProvider()) as TracerProvider).getTracer(SCOPE_NAME);
  const histogram: Histogram | undefined = options.metrics === false
    ? undefined
    : ((options.meterProvider ?? api.metrics.getMeterProvider()) as MeterProvider).getMeter(SCOPE_NAME)
      .createHistogram(
        "db.client.operation.duration",
        {
          description: "Duration of database client operations.",
          unit: "s",
          advice: { explicitBucketBoundaries: [...DURATION_BUCKETS] },
        },
      );
  const spans = new WeakMap<CommandTraceContext, Span>();
  const { SpanKind, SpanStatusCode } = api;

  const handlers = {
    start(message: unknown): void {
      if (tracer === undefined) return;
      const ctx = message as CommandTraceContext;
      const span = tracer.startSpan(spanName(ctx), {
        kind: SpanKind.CLIENT,
        attributes: baseAttributes(ctx),
      }, api.context.active());
      spans.set(ctx, span);
    },
    end(): void {},
    asyncStart(): void {},
    error(): void {},
    asyncEnd(message: unknown): void {
      const ctx = message as CommandTraceContext;
      const attrs = endAttributes(ctx);
      const span = spans.get(ctx);
      if (span !== undefined) {
        spans.delete(ctx);
        span.setAttributes(attrs);
        if (ctx.error !== undefined) {
          span.recordException(ctx.error);
          span.setStatus({ code: SpanStatusCode.ERROR, message: ctx.error.message });
        }
        span.end();
      }
      if (histogram !== undefined) {
        histogram.record(ctx.duration / 1000, { ...baseAttributes(ctx), ...attrs });
      }
    },
  };
  const channel = dc.tracingChannel(COMMAND_CHANNEL);
  channel.subscribe(handlers);
  let on = true;
  return {
    disable(): void {
      if (!on) return;
      on = false;
      channel.unsubscribe(handlers);
    },
  };
}

/** The operation as the semantic conventions name it: the client method (`get`, `put`, ...). */
function operationName(ctx: CommandTraceContext): string {
  return ctx.operation;
}

/** `{db.operation.name} {target}`, the target being the set, else the namespace. */
function spanName(ctx: CommandTraceContext): string {
  const target = ctx.set !== undefined && ctx.set !== "" ? ctx.set : ctx.namespace;
  return target === "" ? operationName(ctx) : `${operationName(ctx)} ${target}`;
}

function baseAttributes(ctx: CommandTraceContext): Attributes {
  const a: Attributes = { "db.system.name": "aerospike", "db.operation.name": operationName(ctx) };
  if (ctx.namespace !== "") a["db.namespace"] = ctx.namespace;
  if (ctx.set !== undefined && ctx.set !== "") a["db.collection.name"] = ctx.set;
  return a;
}

// What is known only once the command settled: where it ran and how it ended.
function endAttributes(ctx: CommandTraceContext): Attributes {
  const a: Attributes = {};
  if (ctx.serverAddress !== undefined) a["server.address"] = ctx.serverAddress;
  if (ctx.serverPort !== undefined) a["server.port"] = ctx.serverPort;
  if (ctx.error !== undefined) {
    a["db.response.status_code"] = String(ctx.resultCode);
    a["error.type"] = String(ctx.resultCode);
  }
  return a;
}
