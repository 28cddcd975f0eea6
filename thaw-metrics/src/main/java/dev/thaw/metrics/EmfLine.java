package dev.thaw.metrics;

import dev.thaw.Json;
import dev.thaw.internal.Decimals;
import java.util.Map;

/**
 * Writes one Embedded Metric Format document: the {@code _aws} metadata with one directive for the built-in
 * metrics and, when the handler recorded any, directives of at most 100 of its metrics each; then every
 * dimension, metric value and property as a member of the root object.
 */
final class EmfLine {

    static final int MAX_METRICS_PER_DIRECTIVE = 100;

    private EmfLine() {}

    static String write(
            EmfMetrics owner,
            long timestampMillis,
            boolean coldStart,
            double durationMillis,
            int status,
            String requestId,
            Map<String, Metrics.Series> metrics,
            Map<String, String> dimensions,
            Map<String, Object> properties) {
        StringBuilder out = new StringBuilder(512 + 64 * metrics.size());
        out.append("{\"_aws\":{\"Timestamp\":").append(timestampMillis).append(",\"CloudWatchMetrics\":[");
        out.append(owner.builtInDirective(coldStart));
        int inDirective = 0;
        for (Map.Entry<String, Metrics.Series> m : metrics.entrySet()) {
            if (inDirective == MAX_METRICS_PER_DIRECTIVE) {
                out.append("]}");
                inDirective = 0;
            }
            if (inDirective == 0) {
                out.append(',');
                directiveStart(out, owner, dimensions);
            } else {
                out.append(',');
            }
            definition(out, m.getKey(), m.getValue().unit);
            inDirective++;
        }
        if (inDirective > 0) {
            out.append("]}");
        }
        out.append("]}");
        out.append(owner.dimensionMembers());
        for (Map.Entry<String, String> d : dimensions.entrySet()) {
            member(out, d.getKey());
            Json.appendQuoted(out, d.getValue());
        }
        if (coldStart) {
            member(out, EmfMetrics.COLD_START).append('1');
        }
        member(out, EmfMetrics.DURATION);
        Decimals.append(out, durationMillis);
        member(out, EmfMetrics.ERRORS).append(status >= 400 && status < 500 ? '1' : '0');
        member(out, EmfMetrics.FAULTS).append(status >= 500 ? '1' : '0');
        for (Map.Entry<String, Metrics.Series> m : metrics.entrySet()) {
            member(out, m.getKey());
            Metrics.Series series = m.getValue();
            if (series.size == 1) {
                Decimals.append(out, series.values[0]);
            } else {
                out.append('[');
                for (int i = 0; i < series.size; i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    Decimals.append(out, series.values[i]);
                }
                out.append(']');
            }
        }
        member(out, EmfMetrics.REQUEST_ID);
        Json.appendQuoted(out, requestId);
        member(out, EmfMetrics.STATUS_CODE).append(status);
        for (Map.Entry<String, Object> p : properties.entrySet()) {
            member(out, p.getKey());
            Object value = p.getValue();
            if (value instanceof String s) {
                Json.appendQuoted(out, s);
            } else if (value instanceof Double || value instanceof Float) {
                Decimals.append(out, ((Number) value).doubleValue());
            } else {
                out.append(value); // an integral Number or a Boolean: already JSON
            }
        }
        return out.append('}').toString();
    }

    /**
     * Returns the directive of the built-in metrics ({@code ColdStart} first when {@code coldStart}): the
     * same on every line of {@code owner}, which makes it once.
     */
    static String builtInDirective(EmfMetrics owner, boolean coldStart) {
        StringBuilder out = new StringBuilder(256);
        directiveStart(out, owner, null);
        if (coldStart) {
            definition(out, EmfMetrics.COLD_START, Unit.COUNT).append(',');
        }
        definition(out, EmfMetrics.DURATION, Unit.MILLISECONDS).append(',');
        definition(out, EmfMetrics.ERRORS, Unit.COUNT).append(',');
        definition(out, EmfMetrics.FAULTS, Unit.COUNT).append("]}");
        return out.toString();
    }

    /** Returns the members naming {@code owner}'s dimensions and their values ({@code ,"Service":"…"}). */
    static String dimensionMembers(EmfMetrics owner) {
        StringBuilder out = new StringBuilder(64);
        String[] names = owner.dimensionNames();
        String[] values = owner.dimensionValues();
        for (int i = 0; i < names.length; i++) {
            member(out, names[i]);
            Json.appendQuoted(out, values[i]);
        }
        return out.toString();
    }

    /** Opens a directive whose dimension set is the middleware's plus {@code extra} (null for none). */
    private static void directiveStart(StringBuilder out, EmfMetrics owner, Map<String, String> extra) {
        out.append("{\"Namespace\":");
        Json.appendQuoted(out, owner.namespace()).append(",\"Dimensions\":[[");
        String[] names = owner.dimensionNames();
        for (int i = 0; i < names.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            Json.appendQuoted(out, names[i]);
        }
        if (extra != null) {
            for (Map.Entry<String, String> d : extra.entrySet()) {
                out.append(',');
                Json.appendQuoted(out, d.getKey());
            }
        }
        out.append("]],\"Metrics\":[");
    }

    private static StringBuilder definition(StringBuilder out, String name, Unit unit) {
        out.append("{\"Name\":");
        Json.appendQuoted(out, name).append(",\"Unit\":\"").append(unit.text()).append("\"}");
        return out;
    }

    private static StringBuilder member(StringBuilder out, String name) {
        out.append(',');
        Json.appendQuoted(out, name).append(':');
        return out;
    }
}
