package dev.thaw.metrics;

import dev.thaw.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a line against the Embedded Metric Format specification's required structure, member by member, and
 * returns every violation found (none for a valid document).
 */
final class EmfSpec {

    static final Set<String> UNITS = Set.of(
            "Seconds",
            "Microseconds",
            "Milliseconds",
            "Bytes",
            "Kilobytes",
            "Megabytes",
            "Gigabytes",
            "Terabytes",
            "Bits",
            "Kilobits",
            "Megabits",
            "Gigabits",
            "Terabits",
            "Percent",
            "Count",
            "Bytes/Second",
            "Kilobytes/Second",
            "Megabytes/Second",
            "Gigabytes/Second",
            "Terabytes/Second",
            "Bits/Second",
            "Kilobits/Second",
            "Megabits/Second",
            "Gigabits/Second",
            "Terabits/Second",
            "Count/Second",
            "None");

    private EmfSpec() {}

    /** Parses {@code line} as one JSON object, with nothing before or after it. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String line) {
        Object root = Json.fromJson(line, Object.class);
        if (!(root instanceof Map)) {
            throw new AssertionError("not a JSON object: " + line);
        }
        return (Map<String, Object>) root;
    }

    static List<String> violations(String line) {
        List<String> out = new ArrayList<>();
        if (line.indexOf('\n') >= 0) {
            out.add("the document spans more than one line");
        }
        Map<String, Object> root = parse(line);
        if (!(root.get("_aws") instanceof Map<?, ?> aws)) {
            out.add("root: _aws must be an object");
            return out;
        }
        for (Object key : aws.keySet()) {
            if (!Set.of("Timestamp", "CloudWatchMetrics", "LogGroupName", "LogStreamName")
                    .contains(key)) {
                out.add("_aws: unexpected member " + key);
            }
        }
        if (!(aws.get("Timestamp") instanceof Number ts) || ts.doubleValue() != Math.rint(ts.doubleValue())) {
            out.add("_aws.Timestamp must be an integral number (epoch milliseconds), was " + aws.get("Timestamp"));
        } else if (Math.abs(ts.longValue() - System.currentTimeMillis()) > 3_600_000) {
            out.add("_aws.Timestamp is not a current epoch-millisecond time: " + ts);
        }
        if (!(aws.get("CloudWatchMetrics") instanceof List<?> directives)) {
            out.add("_aws.CloudWatchMetrics must be an array");
            return out;
        }
        for (int d = 0; d < directives.size(); d++) {
            checkDirective(root, "CloudWatchMetrics[" + d + "]", directives.get(d), out);
        }
        return out;
    }

    private static void checkDirective(Map<String, Object> root, String at, Object value, List<String> out) {
        if (!(value instanceof Map<?, ?> directive)) {
            out.add(at + " must be an object");
            return;
        }
        for (Object key : directive.keySet()) {
            if (!Set.of("Namespace", "Dimensions", "Metrics").contains(key)) {
                out.add(at + ": unexpected member " + key);
            }
        }
        if (!(directive.get("Namespace") instanceof String ns) || ns.isEmpty() || ns.length() > 255) {
            out.add(at + ".Namespace must be a string of 1 to 255 characters");
        }
        if (!(directive.get("Dimensions") instanceof List<?> sets)) {
            out.add(at + ".Dimensions must be an array of dimension sets");
        } else {
            for (int s = 0; s < sets.size(); s++) {
                if (!(sets.get(s) instanceof List<?> set)) {
                    out.add(at + ".Dimensions[" + s + "] must be an array");
                    continue;
                }
                if (set.size() > 30) {
                    out.add(at + ".Dimensions[" + s + "] has " + set.size() + " dimensions, at most 30");
                }
                for (Object name : set) {
                    if (!(name instanceof String key)) {
                        out.add(at + ".Dimensions[" + s + "]: " + name + " is not a string");
                    } else if (!(root.get(key) instanceof String v) || v.isEmpty() || v.length() > 1024) {
                        out.add(at + ": dimension " + key
                                + " has no string member of 1 to 1024 characters in the root");
                    }
                }
            }
        }
        if (!(directive.get("Metrics") instanceof List<?> metrics)) {
            out.add(at + ".Metrics must be an array");
            return;
        }
        if (metrics.size() > 100) {
            out.add(at + ".Metrics has " + metrics.size() + " metrics, at most 100");
        }
        for (Object m : metrics) {
            if (!(m instanceof Map<?, ?> definition)) {
                out.add(at + ".Metrics: " + m + " is not an object");
                continue;
            }
            for (Object key : definition.keySet()) {
                if (!Set.of("Name", "Unit", "StorageResolution").contains(key)) {
                    out.add(at + ".Metrics: unexpected member " + key);
                }
            }
            if (!(definition.get("Name") instanceof String name) || name.isEmpty() || name.length() > 255) {
                out.add(at + ".Metrics: Name must be a string of 1 to 255 characters, was " + definition.get("Name"));
                continue;
            }
            Object unit = definition.get("Unit");
            if (unit != null && !UNITS.contains(unit)) {
                out.add(at + ".Metrics: " + name + " has invalid unit " + unit);
            }
            Object target = root.get(name);
            if (target instanceof List<?> values) {
                if (values.isEmpty() || values.size() > 100) {
                    out.add("metric " + name + " has " + values.size() + " values, 1 to 100 allowed");
                }
                for (Object v : values) {
                    if (!(v instanceof Number)) {
                        out.add("metric " + name + " has a value that is not a number: " + v);
                    }
                }
            } else if (!(target instanceof Number)) {
                out.add("metric " + name + " has no numeric member in the root, found " + target);
            }
        }
    }
}
