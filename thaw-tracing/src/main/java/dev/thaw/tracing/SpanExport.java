package dev.thaw.tracing;

import dev.thaw.Context;

/** Sends one invocation's spans somewhere; never throws (a failed export must not fail the invocation). */
interface SpanExport {

    /**
     * Exports {@code json}, an OTLP/JSON {@code ExportTraceServiceRequest} holding {@code spans} spans.
     *
     * @param invocation the invocation whose spans these are: its deadline bounds the export
     */
    void export(String json, int spans, Context invocation);
}
