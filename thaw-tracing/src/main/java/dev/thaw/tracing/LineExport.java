package dev.thaw.tracing;

import dev.thaw.Context;
import dev.thaw.internal.Log;
import java.util.function.Consumer;

/** Writes each batch as one line: to standard output (CloudWatch Logs on Lambda) unless told otherwise. */
final class LineExport implements SpanExport {

    private final Consumer<String> sink;

    LineExport(Consumer<String> sink) {
        this.sink = sink;
    }

    @Override
    public void export(String json, int spans, Context invocation) {
        try {
            sink.accept(json);
        } catch (RuntimeException e) {
            Log.standard()
                    .write(
                            Log.WARN,
                            "dev.thaw.tracing",
                            "write " + spans + " spans of invocation " + invocation.requestId() + " failed: " + e);
        }
    }
}
