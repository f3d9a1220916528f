import assert from "node:assert/strict";
import { context, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import {
  DataPointType,
  type HistogramMetricData,
  MeterProvider,
  MetricReader,
} from "@opentelemetry/sdk-metrics";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { Key, ServerError } from "../mod.ts";
import { DURATION_BUCKETS, instrument } from "../src/otel/mod.ts";
import { targetTest } from "./helpers/target.ts";
import { test } from "./helpers/test.ts";

/** A metric reader collected on demand (no export timer to leak). */
class PullReader extends MetricReader {
  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }
  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
}

function sdk(): {
  exporter: InMemorySpanExporter;
  tracerProvider: BasicTracerProvider;
  reader: PullReader;
  meterProvider: MeterProvider;
} {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const reader = new PullReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  return { exporter, tracerProvider, reader, meterProvider };
}

async function durations(reader: PullReader): Promise<HistogramMetricData | undefined> {
  const { resourceMetrics } = await reader.collect();
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const m of scope.metrics) {
      if (m.descriptor.name === "db.client.operation.duration") return m as HistogramMetricData;
    }
  }
  return undefined;
}

targetTest(
  "the OpenTelemetry adapter makes a client span per command with the database semantic conventions' attributes",
  async (t) => {
    const { exporter, tracerProvider, reader, meterProvider } = sdk();
    const otel = await instrument({ tracerProvider, meterProvider });
    const set = t.set("otel");
    const key = new Key(t.ns, set, "k1");
    try {
      await t.client.put(key, { a: 1 });
      await t.client.get(key);
      await assert.rejects(t.client.put(key, { a: 2 }, { exists: "create" }), ServerError);
    } finally {
      otel.disable();
    }
    await t.client.get(key); // after disable: no span
    await tracerProvider.forceFlush(); // the in-memory exporter settles each export on a 0 ms timer
    const spans = exporter.getFinishedSpans().filter((s) => s.attributes["db.collection.name"] === set);
    assert.deepEqual(spans.map((s) => s.name), [`put ${set}`, `get ${set}`, `put ${set}`]);
    const addresses = t.client.stats().nodes.map((n) => n.address);
    for (const s of spans) {
      assert.equal(s.kind, SpanKind.CLIENT);
      assert.equal(s.attributes["db.system.name"], "aerospike");
      assert.equal(s.attributes["db.namespace"], t.ns);
      assert.ok(addresses.includes(`${s.attributes["server.address"]}:${s.attributes["server.port"]}`));
    }
    assert.equal(spans[0].attributes["db.operation.name"], "put");
    assert.equal(spans[1].attributes["db.operation.name"], "get");
    assert.equal(spans[0].status.code, SpanStatusCode.UNSET);
    assert.equal(spans[0].attributes["error.type"], undefined);
    const failed = spans[2];
    assert.equal(failed.status.code, SpanStatusCode.ERROR);
    assert.equal(failed.attributes["db.response.status_code"], "5");
    assert.equal(failed.attributes["error.type"], "5");
    assert.equal(failed.events[0]?.name, "exception");

    const histogram = await durations(reader);
    assert.ok(histogram !== undefined, "no db.client.operation.duration histogram");
    assert.equal(histogram.dataPointType, DataPointType.HISTOGRAM);
    assert.equal(histogram.descriptor.unit, "s");
    const points = histogram.dataPoints.filter((p) => p.attributes["db.collection.name"] === set);
    const count = (op: string, failedOnly: boolean): number =>
      points.filter((p) =>
        p.attributes["db.operation.name"] === op && (p.attributes["error.type"] !== undefined) === failedOnly
      ).reduce((n, p) => n + p.value.count, 0);
    assert.equal(count("put", false), 1);
    assert.equal(count("get", false), 1);
    assert.equal(count("put", true), 1);
    assert.deepEqual(points[0].value.buckets.boundaries, DURATION_BUCKETS);
    await meterProvider.shutdown();
    await tracerProvider.shutdown();
  },
);

test("instrument() with traces and metrics off subscribes but records nothing, and disable() is idempotent", async () => {
  const { exporter, tracerProvider, reader, meterProvider } = sdk();
  const otel = await instrument({ tracerProvider, meterProvider, traces: false, metrics: false });
  otel.disable();
  otel.disable();
  assert.equal(exporter.getFinishedSpans().length, 0);
  assert.equal(await durations(reader), undefined);
  await assert.rejects(instrument(null as never), TypeError);
});

targetTest("a command's span is the child of the span active where the command was called", async (t) => {
  const { exporter, tracerProvider } = sdk();
  const manager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(manager);
  const otel = await instrument({ tracerProvider, metrics: false });
  const key = new Key(t.ns, t.set("parent"), "k");
  try {
    const tracer = tracerProvider.getTracer("app");
    await tracer.startActiveSpan("handle request", async (parent) => {
      await t.client.put(key, { a: 1 });
      await Promise.all([t.client.get(key), t.client.exists(key)]);
      parent.end();
    });
    await t.client.get(key); // no active span: a root span
  } finally {
    otel.disable();
    context.disable(); // unregisters and disables the global manager
  }
  await tracerProvider.forceFlush(); // the in-memory exporter settles each export on a 0 ms timer
  const spans = exporter.getFinishedSpans();
  const parent = spans.find((s) => s.name === "handle request")!;
  const mine = spans.filter((s) => s.attributes["db.collection.name"] === key.set);
  // get and exists run at once: either may finish (and be exported) first.
  const names = mine.map((s) => s.name);
  assert.deepEqual([names[0], ...names.slice(1, 3).sort(), names[3]], [
    `put ${key.set}`,
    `exists ${key.set}`,
    `get ${key.set}`,
    `get ${key.set}`,
  ]);
  for (const s of mine.slice(0, 3)) {
    assert.equal(s.spanContext().traceId, parent.spanContext().traceId);
    assert.equal(s.parentSpanContext?.spanId, parent.spanContext().spanId);
  }
  assert.notEqual(mine[3].spanContext().traceId, parent.spanContext().traceId);
  assert.equal(mine[3].parentSpanContext, undefined);
  assert.equal(trace.getActiveSpan(), undefined);
  await tracerProvider.shutdown();
});
