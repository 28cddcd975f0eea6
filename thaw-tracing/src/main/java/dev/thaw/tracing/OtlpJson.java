package dev.thaw.tracing;

import dev.thaw.Json;
import java.util.List;
import java.util.Map;

/**
 * Encodes spans as an OTLP/JSON {@code ExportTraceServiceRequest}: field names in lowerCamelCase, trace and
 * span ids as lowercase hex (not base64), enums as numbers, 64-bit integers as decimal strings.
 */
final class OtlpJson {

    static final String SCOPE_NAME = "dev.thaw.tracing";
    static final String SCOPE_VERSION = "0.1.0";

    /** OTLP {@code STATUS_CODE_ERROR}. */
    static final int STATUS_ERROR = 2;

    private OtlpJson() {}

    static String encode(Map<String, Object> resource, List<Span> spans) {
        StringBuilder out = new StringBuilder(512 + 384 * spans.size());
        out.append("{\"resourceSpans\":[{\"resource\":{\"attributes\":");
        attributes(out, resource);
        out.append("},\"scopeSpans\":[{\"scope\":{\"name\":\"")
                .append(SCOPE_NAME)
                .append("\",\"version\":\"")
                .append(SCOPE_VERSION)
                .append("\"},\"spans\":[");
        for (int i = 0; i < spans.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            span(out, spans.get(i));
        }
        return out.append("]}]}]}").toString();
    }

    private static void span(StringBuilder out, Span span) {
        out.append("{\"traceId\":\"")
                .append(span.traceId)
                .append("\",\"spanId\":\"")
                .append(span.spanId);
        if (span.parentSpanId != null) {
            out.append("\",\"parentSpanId\":\"").append(span.parentSpanId);
        }
        out.append("\",\"name\":");
        Json.appendQuoted(out, span.name());
        out.append(",\"kind\":")
                .append(span.kind)
                .append(",\"startTimeUnixNano\":\"")
                .append(span.startEpochNanos)
                .append("\",\"endTimeUnixNano\":\"")
                .append(span.endEpochNanos())
                .append("\",\"attributes\":");
        attributes(out, span.attributes());
        if (span.error()) {
            out.append(",\"status\":{\"code\":").append(STATUS_ERROR);
            String message = span.statusMessage();
            if (message != null) {
                out.append(",\"message\":");
                Json.appendQuoted(out, message);
            }
            out.append('}');
        }
        out.append('}');
    }

    private static void attributes(StringBuilder out, Map<String, Object> attributes) {
        out.append('[');
        boolean first = true;
        for (Map.Entry<String, Object> a : attributes.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            out.append("{\"key\":");
            Json.appendQuoted(out, a.getKey()).append(",\"value\":{");
            Object value = a.getValue();
            if (value instanceof Boolean b) {
                out.append("\"boolValue\":").append(b.booleanValue());
            } else if (value instanceof Long || value instanceof Integer) {
                out.append("\"intValue\":\"").append(value).append('"');
            } else {
                out.append("\"stringValue\":");
                Json.appendQuoted(out, String.valueOf(value));
            }
            out.append("}}");
        }
        out.append(']');
    }
}
