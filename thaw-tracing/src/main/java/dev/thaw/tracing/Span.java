package dev.thaw.tracing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One span being recorded: ids, name, kind, times in epoch nanoseconds, attributes (String, Long or Boolean
 * values, in the order first set) and whether it ended in error. Guarded by its own lock: a client span may
 * end on another thread than the one that exports it.
 */
final class Span {

    /** OTLP {@code SPAN_KIND_SERVER}. */
    static final int SERVER = 2;

    /** OTLP {@code SPAN_KIND_CLIENT}. */
    static final int CLIENT = 3;

    final String traceId;
    final String spanId;
    final String parentSpanId;
    final int kind;
    final long startEpochNanos;
    private final Map<String, Object> attributes = new LinkedHashMap<>();
    private String name;
    private long endEpochNanos;
    private boolean error;
    private String statusMessage;

    Span(String traceId, String spanId, String parentSpanId, int kind, String name, long startEpochNanos) {
        this.traceId = traceId;
        this.spanId = spanId;
        this.parentSpanId = parentSpanId;
        this.kind = kind;
        this.name = name;
        this.startEpochNanos = startEpochNanos;
    }

    synchronized Span attribute(String key, Object value) {
        if (value != null) {
            attributes.put(key, value);
        }
        return this;
    }

    synchronized Object attribute(String key) {
        return attributes.get(key);
    }

    synchronized void rename(String name) {
        this.name = name;
    }

    synchronized void fail(String message) {
        this.error = true;
        this.statusMessage = message;
    }

    synchronized void end(long epochNanos) {
        if (endEpochNanos == 0) {
            endEpochNanos = Math.max(epochNanos, startEpochNanos);
        }
    }

    synchronized boolean ended() {
        return endEpochNanos != 0;
    }

    synchronized String name() {
        return name;
    }

    synchronized long endEpochNanos() {
        return endEpochNanos;
    }

    synchronized boolean error() {
        return error;
    }

    synchronized String statusMessage() {
        return statusMessage;
    }

    synchronized Map<String, Object> attributes() {
        return new LinkedHashMap<>(attributes);
    }

    /** Returns the W3C {@code traceparent} naming this span as the parent of what it calls. */
    String traceparent() {
        return "00-" + traceId + "-" + spanId + "-01";
    }
}
