package dev.thaw.lambda;

import dev.thaw.HttpException;
import dev.thaw.Query;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Query strings from events: raw ones parsed, ALB's still-encoded pairs joined back into one. */
final class QueryStrings {

    private QueryStrings() {}

    /**
     * Parses a raw query string. A malformed escape ({@code %zz}, bad UTF-8) is kept as literal text
     * rather than failing: the event itself is fine, and failing here would answer the client with a
     * gateway error instead of letting the handler decide.
     */
    static Query parse(String raw) {
        if (raw == null || raw.isEmpty()) {
            return Query.empty();
        }
        try {
            return Query.parse(raw);
        } catch (HttpException malformedEscape) {
            return lenient(raw);
        }
    }

    /**
     * Joins ALB's query parameters, whose keys and values are still URL-encoded, into a raw query string:
     * the multi-value ones first, then single-value keys not already there.
     */
    static String join(Map<String, List<String>> multi, Map<String, String> single) {
        StringBuilder raw = new StringBuilder();
        if (multi != null) {
            for (Map.Entry<String, List<String>> entry : multi.entrySet()) {
                String key = entry.getKey();
                List<String> values = entry.getValue();
                if (key != null && values != null) {
                    for (String value : values) {
                        if (value != null) {
                            append(raw, key, value);
                        }
                    }
                }
            }
        }
        if (single != null) {
            for (Map.Entry<String, String> entry : single.entrySet()) {
                String key = entry.getKey();
                String value = entry.getValue();
                if (key != null && value != null && (multi == null || !multi.containsKey(key))) {
                    append(raw, key, value);
                }
            }
        }
        return raw.toString();
    }

    private static void append(StringBuilder raw, String key, String value) {
        if (!raw.isEmpty()) {
            raw.append('&');
        }
        raw.append(key).append('=').append(value);
    }

    private static Query lenient(String raw) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        int start = 0;
        while (start <= raw.length()) {
            int end = raw.indexOf('&', start);
            if (end < 0) {
                end = raw.length();
            }
            if (end > start) {
                int eq = raw.indexOf('=', start);
                boolean hasValue = eq >= 0 && eq < end;
                String key = decode(raw, start, hasValue ? eq : end);
                String value = hasValue ? decode(raw, eq + 1, end) : "";
                List<String> list = values.get(key);
                if (list == null) {
                    list = new ArrayList<>(1);
                    values.put(key, list);
                }
                list.add(value);
            }
            start = end + 1;
        }
        return Query.of(values);
    }

    private static String decode(String s, int start, int end) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(end - start);
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            int hi = c == '%' && i + 2 < end ? Character.digit(s.charAt(i + 1), 16) : -1;
            int lo = hi >= 0 ? Character.digit(s.charAt(i + 2), 16) : -1;
            if (lo >= 0) {
                bytes.write((hi << 4) | lo);
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else {
                int next = Character.isHighSurrogate(c) && i + 1 < end ? i + 2 : i + 1;
                byte[] utf8 = s.substring(i, next).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
                i = next - 1;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
