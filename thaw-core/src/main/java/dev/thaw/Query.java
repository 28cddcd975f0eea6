package dev.thaw;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Immutable query parameters with repeated keys, decoded from a raw query string.
 *
 * <pre>{@code
 * Query query = Query.parse("tag=a&tag=b&q=hello%20world");
 * query.all("tag");   // [a, b]
 * query.first("q");   // Optional[hello world]
 * }</pre>
 */
public final class Query {

    private static final Query EMPTY = new Query("", Map.of());

    private final String raw;
    private final Map<String, List<String>> values;

    private Query(String raw, Map<String, List<String>> values) {
        this.raw = raw;
        this.values = values;
    }

    /** Returns a query with no parameters. */
    public static Query empty() {
        return EMPTY;
    }

    /**
     * Parses a raw query string ({@code a=1&b=2}, without the {@code ?}). {@code +} decodes to a space,
     * percent escapes are decoded as UTF-8; a key without {@code =} has the empty value.
     *
     * @param raw the raw query string, may be null or empty
     * @return the parsed query
     * @throws HttpException 400 when a percent escape or its UTF-8 is malformed
     */
    public static Query parse(String raw) {
        if (raw == null || raw.isEmpty()) {
            return EMPTY;
        }
        LinkedHashMap<String, List<String>> values = new LinkedHashMap<>();
        int start = 0;
        while (start <= raw.length()) {
            int end = raw.indexOf('&', start);
            if (end < 0) {
                end = raw.length();
            }
            if (end > start) {
                int eq = raw.indexOf('=', start);
                String key;
                String value;
                if (eq < 0 || eq > end) {
                    key = PercentDecoder.decodeQueryComponent(raw, start, end);
                    value = "";
                } else {
                    key = PercentDecoder.decodeQueryComponent(raw, start, eq);
                    value = PercentDecoder.decodeQueryComponent(raw, eq + 1, end);
                }
                // immutable lists from the start: a key almost always has one value
                List<String> list = values.get(key);
                values.put(key, list == null ? List.of(value) : Headers.appended(list, value));
            }
            start = end + 1;
        }
        return new Query(raw, Collections.unmodifiableMap(values));
    }

    /**
     * Builds a query from already-decoded values (as Lambda's REST and ALB events carry them).
     *
     * @param values decoded keys and their values, in order; keys without values are dropped
     * @return the query; {@link #raw()} is re-encoded from the values
     */
    public static Query of(Map<String, List<String>> values) {
        if (values.isEmpty()) {
            return EMPTY;
        }
        LinkedHashMap<String, List<String>> copy = new LinkedHashMap<>();
        StringBuilder raw = new StringBuilder();
        for (Map.Entry<String, List<String>> entry : values.entrySet()) {
            String key = entry.getKey();
            List<String> list = entry.getValue();
            if (list.isEmpty()) {
                // A key without values carries nothing; keeping it would make first() fail.
                continue;
            }
            copy.put(key, new ArrayList<>(list));
            for (String value : list) {
                if (!raw.isEmpty()) {
                    raw.append('&');
                }
                raw.append(PercentEncoder.encodeQueryComponent(key))
                        .append('=')
                        .append(PercentEncoder.encodeQueryComponent(value));
            }
        }
        if (copy.isEmpty()) {
            return EMPTY;
        }
        return new Query(raw.toString(), freeze(copy));
    }

    /** Returns the first value of {@code key}, or empty. */
    public Optional<String> first(String key) {
        List<String> list = values.get(key);
        return list == null ? Optional.empty() : Optional.of(list.get(0));
    }

    /** Returns every value of {@code key} in order, or an empty list. */
    public List<String> all(String key) {
        List<String> list = values.get(key);
        return list == null ? List.of() : list;
    }

    /** Returns the keys in first-seen order. */
    public Set<String> keys() {
        return values.keySet();
    }

    /** Returns the parameters as an unmodifiable map. */
    public Map<String, List<String>> asMap() {
        return values;
    }

    /** Returns the raw (still encoded) query string, without {@code ?}; empty when there is none. */
    public String raw() {
        return raw;
    }

    /** Returns the number of parameters, a repeated key counted once per value. */
    int count() {
        int count = 0;
        for (List<String> list : values.values()) {
            count += list.size();
        }
        return count;
    }

    /** Returns whether there are no parameters. */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Query that && values.equals(that.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }

    private static Map<String, List<String>> freeze(LinkedHashMap<String, List<String>> values) {
        for (Map.Entry<String, List<String>> entry : values.entrySet()) {
            entry.setValue(List.copyOf(entry.getValue()));
        }
        return Collections.unmodifiableMap(values);
    }
}
