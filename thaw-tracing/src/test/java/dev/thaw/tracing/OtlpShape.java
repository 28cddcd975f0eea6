package dev.thaw.tracing;

import dev.thaw.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an OTLP/JSON {@code ExportTraceServiceRequest} and checks the encoding rules member by member: ids as
 * lowercase hex of the right length, kind and status code as enum numbers, 64-bit times as decimal strings,
 * attributes as {@code {key, value:{stringValue|intValue|boolValue}}}.
 */
final class OtlpShape {

    private OtlpShape() {}

    /** One decoded span: its members, and its attributes as plain Java values (String, Long, Boolean). */
    record DecodedSpan(Map<String, Object> json, Map<String, Object> attributes) {
        String traceId() {
            return (String) json.get("traceId");
        }

        String spanId() {
            return (String) json.get("spanId");
        }

        String parentSpanId() {
            return (String) json.get("parentSpanId");
        }

        int kind() {
            return ((Number) json.get("kind")).intValue();
        }

        String name() {
            return (String) json.get("name");
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> status() {
            return (Map<String, Object>) json.get("status");
        }
    }

    /** The decoded batch: resource attributes and spans, plus every rule the document broke. */
    record Batch(Map<String, Object> resource, List<DecodedSpan> spans, List<String> violations) {}

    @SuppressWarnings("unchecked")
    static Batch read(String json) {
        List<String> violations = new ArrayList<>();
        Map<String, Object> root = (Map<String, Object>) Json.fromJson(json, Object.class);
        expectKeys("root", root, Set.of("resourceSpans"), violations);
        List<Object> resourceSpans = (List<Object>) root.get("resourceSpans");
        if (resourceSpans == null || resourceSpans.size() != 1) {
            violations.add("resourceSpans must hold one element");
            return new Batch(Map.of(), List.of(), violations);
        }
        Map<String, Object> rs = (Map<String, Object>) resourceSpans.get(0);
        expectKeys("resourceSpans[0]", rs, Set.of("resource", "scopeSpans"), violations);
        Map<String, Object> resource = (Map<String, Object>) rs.get("resource");
        Map<String, Object> resourceAttributes = attributes("resource", resource.get("attributes"), violations);
        List<Object> scopeSpans = (List<Object>) rs.get("scopeSpans");
        Map<String, Object> ss = (Map<String, Object>) scopeSpans.get(0);
        expectKeys("scopeSpans[0]", ss, Set.of("scope", "spans"), violations);
        Map<String, Object> scope = (Map<String, Object>) ss.get("scope");
        if (!(scope.get("name") instanceof String name) || name.isEmpty()) {
            violations.add("scope.name must be a non-empty string");
        }
        List<DecodedSpan> spans = new ArrayList<>();
        for (Object o : (List<Object>) ss.get("spans")) {
            Map<String, Object> span = (Map<String, Object>) o;
            String at = "span " + span.get("name");
            expectKeys(
                    at,
                    span,
                    Set.of(
                            "traceId",
                            "spanId",
                            "parentSpanId",
                            "name",
                            "kind",
                            "startTimeUnixNano",
                            "endTimeUnixNano",
                            "attributes",
                            "status"),
                    violations);
            hex(at + ".traceId", span.get("traceId"), 32, violations);
            hex(at + ".spanId", span.get("spanId"), 16, violations);
            if (span.containsKey("parentSpanId")) {
                hex(at + ".parentSpanId", span.get("parentSpanId"), 16, violations);
            }
            if (!(span.get("kind") instanceof Number kind) || kind.intValue() < 1 || kind.intValue() > 5) {
                violations.add(at + ".kind must be an enum number 1..5, was " + span.get("kind"));
            }
            long start = nanos(at + ".startTimeUnixNano", span.get("startTimeUnixNano"), violations);
            long end = nanos(at + ".endTimeUnixNano", span.get("endTimeUnixNano"), violations);
            if (end < start) {
                violations.add(at + " ends before it starts");
            }
            if (span.get("status") instanceof Map<?, ?> status
                    && !(status.get("code") instanceof Number code && code.intValue() >= 0 && code.intValue() <= 2)) {
                violations.add(at + ".status.code must be an enum number 0..2, was " + status.get("code"));
            }
            spans.add(new DecodedSpan(span, attributes(at, span.get("attributes"), violations)));
        }
        return new Batch(resourceAttributes, spans, violations);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> attributes(String at, Object list, List<String> violations) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (!(list instanceof List<?> attributes)) {
            violations.add(at + ".attributes must be an array");
            return out;
        }
        for (Object o : attributes) {
            Map<String, Object> kv = (Map<String, Object>) o;
            expectKeys(at + " attribute", kv, Set.of("key", "value"), violations);
            String key = (String) kv.get("key");
            Map<String, Object> value = (Map<String, Object>) kv.get("value");
            if (value == null || value.size() != 1) {
                violations.add(at + " attribute " + key + " must have exactly one typed value");
                continue;
            }
            Map.Entry<String, Object> typed = value.entrySet().iterator().next();
            switch (typed.getKey()) {
                case "stringValue" -> out.put(key, (String) typed.getValue());
                case "boolValue" -> out.put(key, (Boolean) typed.getValue());
                case "intValue" -> {
                    if (!(typed.getValue() instanceof String s) || !s.matches("-?[0-9]+")) {
                        violations.add(at + " attribute " + key + ": intValue must be a decimal string");
                    } else {
                        out.put(key, Long.parseLong(s));
                    }
                }
                default -> violations.add(at + " attribute " + key + " has unexpected value type " + typed.getKey());
            }
        }
        return out;
    }

    private static void hex(String at, Object value, int length, List<String> violations) {
        if (!(value instanceof String s) || !s.matches("[0-9a-f]{" + length + "}") || s.matches("0+")) {
            violations.add(at + " must be " + length + " lowercase hex digits, not all zero; was " + value);
        }
    }

    private static long nanos(String at, Object value, List<String> violations) {
        if (!(value instanceof String s) || !s.matches("[0-9]+")) {
            violations.add(at + " must be a decimal string, was " + value);
            return 0;
        }
        long nanos = Long.parseLong(s);
        if (Math.abs(nanos / 1_000_000 - System.currentTimeMillis()) > 3_600_000) {
            violations.add(at + " is not a current epoch time in nanoseconds: " + s);
        }
        return nanos;
    }

    private static void expectKeys(
            String at, Map<String, Object> object, Set<String> allowed, List<String> violations) {
        for (String key : object.keySet()) {
            if (!allowed.contains(key)) {
                violations.add(at + ": unexpected member " + key);
            }
        }
    }
}
