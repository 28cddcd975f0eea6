/**
 * Opt-in, OpenTelemetry-compatible tracing for thaw applications without the OpenTelemetry SDK: a SERVER span
 * per invocation, CLIENT spans for calls through {@code thaw-client}, exported as OTLP/JSON to standard output
 * or to a collector's {@code /v1/traces}.
 *
 * <pre>{@code
 * Tracing tracing = Tracing.create();                       // OTEL_* variables
 * App app = App.builder().use(tracing, Recovery.create()).routes(...).build();
 * ThawClient client = ThawClient.builder().observer(Tracing.observer()).build();
 * }</pre>
 *
 * <p>{@link dev.thaw.tracing.Tracing} is the only entry point.
 */
package dev.thaw.tracing;
