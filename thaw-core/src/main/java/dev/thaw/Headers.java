package dev.thaw;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Immutable, case-insensitive, multi-valued HTTP headers. Names are kept in lower case (as HTTP/2 and
 * Lambda's HTTP API send them); values keep their order.
 *
 * <pre>{@code
 * Headers headers = Headers.builder().add("Accept", "text/html").add("accept", "application/json").build();
 * headers.all("ACCEPT"); // [text/html, application/json]
 * }</pre>
 */
public final class Headers {

    private static final Headers EMPTY = new Headers(Map.of());

    private final Map<String, List<String>> values;

    private Headers(Map<String, List<String>> values) {
        this.values = values;
    }

    /** Returns headers with no entries. */
    public static Headers empty() {
        return EMPTY;
    }

    /** Returns a builder for headers. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the first value of {@code name}.
     *
     * @param name header name, any case
     * @return the first value, or empty when the header is absent
     */
    public Optional<String> first(String name) {
        List<String> list = values.get(lower(name));
        return list == null ? Optional.empty() : Optional.of(list.get(0));
    }

    /**
     * Returns every value of {@code name} in the order received.
     *
     * @param name header name, any case
     * @return the values, empty when the header is absent
     */
    public List<String> all(String name) {
        List<String> list = values.get(lower(name));
        return list == null ? List.of() : list;
    }

    /** Returns whether {@code name} has at least one value. */
    public boolean contains(String name) {
        return values.containsKey(lower(name));
    }

    /** Returns the header names, in lower case, in first-seen order. */
    public Set<String> names() {
        return values.keySet();
    }

    /** Returns the headers as an unmodifiable map from lower-case name to values. */
    public Map<String, List<String>> asMap() {
        return values;
    }

    /** Returns the number of distinct names. */
    public int size() {
        return values.size();
    }

    /** Returns the number of field lines: every value of every name. */
    int lines() {
        int lines = 0;
        for (List<String> list : values.values()) {
            lines += list.size();
        }
        return lines;
    }

    /** Returns the characters of every name and value together, a name counted once per value. */
    long length() {
        long length = 0;
        for (Map.Entry<String, List<String>> entry : values.entrySet()) {
            List<String> list = entry.getValue();
            length += (long) entry.getKey().length() * list.size();
            for (int i = 0; i < list.size(); i++) {
                length += list.get(i).length();
            }
        }
        return length;
    }

    /** Returns whether there are no headers. */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** Returns a builder that starts with these headers. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        // the value lists are immutable: the builder shares them
        builder.values.putAll(values);
        return builder;
    }

    /** Returns a copy in which {@code name} has exactly {@code value}. */
    public Headers with(String name, String value) {
        String key = Builder.validKey(name, value);
        // The value lists are immutable: the copy shares them rather than rebuilding every one, as
        // toBuilder().set(...).build() would (twice), on every request that adds a header.
        LinkedHashMap<String, List<String>> copy = new LinkedHashMap<>((values.size() + 1) * 2);
        for (Map.Entry<String, List<String>> entry : values.entrySet()) {
            copy.put(entry.getKey(), entry.getValue());
        }
        copy.put(key, List.of(value));
        return new Headers(Collections.unmodifiableMap(copy));
    }

    /** Returns a copy without {@code name}. */
    public Headers without(String name) {
        String key = lower(name);
        if (!values.containsKey(key)) {
            return this;
        }
        if (values.size() == 1) {
            return EMPTY;
        }
        LinkedHashMap<String, List<String>> copy = new LinkedHashMap<>(values.size() * 2);
        for (Map.Entry<String, List<String>> entry : values.entrySet()) {
            if (!entry.getKey().equals(key)) {
                copy.put(entry.getKey(), entry.getValue());
            }
        }
        return new Headers(Collections.unmodifiableMap(copy));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Headers that && values.equals(that.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }

    static String lower(String name) {
        // ASCII fast path: most names are already lower case.
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                return name.toLowerCase(Locale.ROOT);
            }
        }
        return name;
    }

    /** Returns an immutable list of {@code list}'s values and then {@code value} (headers and query values). */
    static List<String> appended(List<String> list, String value) {
        String[] grown = list.toArray(new String[list.size() + 1]);
        grown[list.size()] = value;
        return List.of(grown);
    }

    /** Collects header values; names are case-insensitive. */
    public static final class Builder {
        // Every list in the map is immutable, and build() hands the map itself to the headers it returns
        // (no copy: the builder copies first if it is changed again). Most names have one value, and an
        // event's headers are built on every request.
        private LinkedHashMap<String, List<String>> values = new LinkedHashMap<>();
        private boolean shared;

        private Builder() {}

        /** Adds a value to {@code name}, keeping the values already there. */
        public Builder add(String name, String value) {
            String key = validKey(name, value);
            LinkedHashMap<String, List<String>> map = owned();
            List<String> list = map.get(key);
            map.put(key, list == null ? List.of(value) : appended(list, value));
            return this;
        }

        /** Adds every value to {@code name}. */
        public Builder addAll(String name, List<String> list) {
            for (String value : list) {
                add(name, value);
            }
            return this;
        }

        /** Replaces the values of {@code name} with {@code value}. */
        public Builder set(String name, String value) {
            String key = validKey(name, value);
            owned().put(key, List.of(value));
            return this;
        }

        /** Removes {@code name}. */
        public Builder remove(String name) {
            String key = lower(name);
            if (values.containsKey(key)) {
                owned().remove(key);
            }
            return this;
        }

        /** Returns whether {@code name} has been added. */
        public boolean contains(String name) {
            return values.containsKey(lower(name));
        }

        /** Returns the immutable headers. */
        public Headers build() {
            if (values.isEmpty()) {
                return EMPTY;
            }
            shared = true;
            return new Headers(Collections.unmodifiableMap(values));
        }

        /** Returns the map to change: a copy once headers built from it hold it. */
        private LinkedHashMap<String, List<String>> owned() {
            if (shared) {
                values = new LinkedHashMap<>(values);
                shared = false;
            }
            return values;
        }

        /** Checks {@code name} and {@code value} and returns the name in lower case, in one pass over it. */
        private static String validKey(String name, String value) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("header name is empty");
            }
            boolean upper = false;
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                // Controls, spaces and ':' in a name would let a value split or forge header lines.
                if (c <= 0x20 || c == 0x7f || c == ':') {
                    throw new IllegalArgumentException(
                            "invalid header name '" + name.strip() + "': contains a control character, space or ':'");
                }
                upper |= c >= 'A' && c <= 'Z';
            }
            requireValidValue(name, value);
            return upper ? name.toLowerCase(Locale.ROOT) : name;
        }

        private static void requireValidValue(String name, String value) {
            if (value == null) {
                throw new IllegalArgumentException("header " + name + ": value is null");
            }
            // String.indexOf rather than a loop of charAt: the JDK's own scan is compiled early, where a
            // loop here runs in the interpreter for the first hundred or so requests.
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || value.indexOf(0) >= 0) {
                throw new IllegalArgumentException("header " + name + ": value contains CR, LF or NUL");
            }
        }
    }
}
