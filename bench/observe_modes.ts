/**
 * Observation modes shared by the observation benchmarks (observe_micro.ts, observe_overhead.ts):
 * a no-op subscriber on the command TracingChannel, and the OpenTelemetry adapter with the SDK's
 * in-memory exporter. Each returns the function that undoes it.
 */
import dc from "node:diagnostics_channel";
import { COMMAND_CHANNEL } from "../src/observe/tracing.ts";

/** Undoes a mode. */
export type StopMode = () => Promise<void>;

/** Subscribes a no-op to every event of the command TracingChannel. */
export function subscribeNoopTracing(): StopMode {
  const noop = { start() {}, end() {}, asyncStart() {}, asyncEnd() {}, error() {} };
  dc.tracingChannel(COMMAND_CHANNEL).subscribe(noop);
  return () => Promise.resolve(dc.tracingChannel(COMMAND_CHANNEL).unsubscribe(noop));
}

/** Turns the OpenTelemetry adapter on with a simple span processor and an in-memory exporter. */
export async function startOtel(): Promise<StopMode> {
  const { instrument } = await import("../src/otel/mod.ts");
  const { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } = await import(
    "@opentelemetry/sdk-trace-base"
  );
  const { MeterProvider } = await import("@opentelemetry/sdk-metrics");
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const meterProvider = new MeterProvider();
  const otel = await instrument({ tracerProvider, meterProvider });
  return async () => {
    otel.disable();
    exporter.reset();
    await tracerProvider.shutdown();
    await meterProvider.shutdown();
  };
}
