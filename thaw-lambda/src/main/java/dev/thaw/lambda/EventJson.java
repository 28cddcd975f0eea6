package dev.thaw.lambda;

import dev.thaw.Json;
import dev.thaw.internal.ThawJsonb;
import io.avaje.json.JsonException;
import io.avaje.json.JsonReader;
import io.avaje.jsonb.JsonType;
import java.nio.charset.StandardCharsets;

/** Reads event records and writes response records through their generated adapters. */
final class EventJson {

    private static final int MAX_FIELD_NAME = 64;

    /**
     * Deepest nesting of objects and arrays an event may have. Real events nest five or six levels; the
     * parser recurses once per level when it skips a value, so a few thousand levels would overflow the
     * stack.
     */
    static final int MAX_DEPTH = 64;

    private EventJson() {}

    /**
     * Registers the event adapters with the codec once, before the first event is read or written, for
     * paths that skip {@link JsonWarmup} (tests, the managed runtime's first call racing the warm-up).
     */
    static void registerAdapters() {
        Registered.ensure();
    }

    /** Holds the one registration: its class initialiser runs once, thread-safely, on first use. */
    private static final class Registered {
        static {
            ThawJsonb.internal(new LambdaAdapters());
        }

        private Registered() {}

        static void ensure() {
            // The class initialiser did the work.
        }
    }

    /**
     * Reads {@code event} as {@code type}.
     *
     * @param action what is being done, for the message ("Decode an API Gateway REST event")
     * @throws InvalidEventException when the JSON is malformed or a field has the wrong type
     */
    static <T> T read(byte[] event, Class<T> type, String action) {
        if (event == null || event.length == 0) {
            throw InvalidEventException.invalid(action + ": the event is empty");
        }
        requireShallow(event, action);
        registerAdapters();
        JsonReader reader = Json.jsonb().reader(event);
        try {
            T value = Json.jsonb().type(type).fromJson(reader);
            if (value == null) {
                throw InvalidEventException.invalid(action + ": the event is null, not a JSON object");
            }
            return value;
        } catch (JsonException | IllegalStateException | IndexOutOfBoundsException | NumberFormatException e) {
            throw malformed(action, event, e, reader.location());
        } finally {
            reader.close();
        }
    }

    /**
     * Refuses JSON that nests objects and arrays deeper than {@link #MAX_DEPTH}, before a parser recurses
     * into it. One pass over the bytes, skipping string contents.
     *
     * @throws InvalidEventException when the nesting is too deep
     */
    static void requireShallow(byte[] event, String action) {
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < event.length; i++) {
            byte b = event[i];
            if (inString) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                if (++depth > MAX_DEPTH) {
                    throw InvalidEventException.invalid(action + ": the JSON nests objects and arrays deeper than "
                            + MAX_DEPTH + " levels (at position " + i + ")");
                }
            } else if (b == '}' || b == ']') {
                depth--;
            }
        }
    }

    /** Writes {@code value} as UTF-8 JSON. */
    static <T> byte[] write(Class<T> type, T value) {
        registerAdapters();
        JsonType<T> jsonType = Json.jsonb().type(type);
        return jsonType.toJsonBytes(value);
    }

    /**
     * Returns the exception for a parser failure: the parser's words, the position and the field being
     * read there. The text around the position is left out: it may hold tokens or personal data that
     * must not reach logs.
     *
     * @param location the reader's location ("at position: 20, following: …")
     */
    static InvalidEventException malformed(String action, byte[] event, RuntimeException e, String location) {
        String message = withoutLocation(e.getMessage() == null ? "unreadable JSON" : e.getMessage());
        int position = position(location);
        StringBuilder text = new StringBuilder(action).append(": malformed JSON or a field of the wrong type");
        if (position >= 0) {
            text.append(" at position ").append(position);
            String field = fieldBefore(event, position);
            if (field != null) {
                text.append(" (near field \"").append(field).append("\")");
            }
        }
        return InvalidEventException.invalid(text.append(": ").append(message).toString(), e);
    }

    private static String withoutLocation(String message) {
        int at = message.indexOf(" at position:");
        String text = at >= 0 ? message.substring(0, at) : message;
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    private static int position(String location) {
        if (location == null) {
            return -1;
        }
        int at = location.indexOf("position: ");
        if (at < 0) {
            return -1;
        }
        int start = at + "position: ".length();
        int end = start;
        while (end < location.length() && end - start < 9 && Character.isDigit(location.charAt(end))) {
            end++;
        }
        return end > start ? Integer.parseInt(location.substring(start, end)) : -1;
    }

    /** Finds the last {@code "name":} that starts before {@code position}, scanning back from it. */
    static String fieldBefore(byte[] event, int position) {
        if (position <= 0) {
            return null;
        }
        int i = Math.min(position, event.length) - 1;
        while (i > 0) {
            if (event[i] == ':') {
                int j = i - 1;
                while (j >= 0 && isSpace(event[j])) {
                    j--;
                }
                if (j > 0 && event[j] == '"') {
                    int end = j;
                    int start = end - 1;
                    while (start >= 0 && event[start] != '"' && end - start <= MAX_FIELD_NAME) {
                        start--;
                    }
                    if (start >= 0 && event[start] == '"' && (start == 0 || event[start - 1] != '\\')) {
                        return new String(event, start + 1, end - start - 1, StandardCharsets.UTF_8);
                    }
                }
            }
            i--;
        }
        return null;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }
}
