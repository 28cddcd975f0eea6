package dev.thaw.lambda;

import dev.thaw.Context;
import dev.thaw.EventSource;
import dev.thaw.Headers;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Checks and conversions every codec's decode shares. */
final class EventFields {

    private static final byte[] NO_BODY = new byte[0];
    private static final int MAX_METHOD = 32;

    private EventFields() {}

    /**
     * Returns what a decoder throws for {@code failure}: a decoder answers a bad event with an
     * {@link InvalidEventException} and nothing else, so any other exception is wrapped in one.
     */
    static InvalidEventException invalid(String action, RuntimeException failure) {
        if (failure instanceof InvalidEventException invalid) {
            return invalid;
        }
        return InvalidEventException.invalid(action + ": " + failure.getMessage(), failure);
    }

    /** Returns {@code method} when it is an HTTP token. */
    static String method(String method, String field, String action) {
        if (method == null || method.isEmpty()) {
            throw InvalidEventException.invalid(action + ": field \"" + field + "\" is missing");
        }
        boolean token = method.length() <= MAX_METHOD;
        for (int i = 0; i < method.length() && token; i++) {
            char c = method.charAt(i);
            token = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        }
        if (!token) {
            throw InvalidEventException.invalid(action + ": field \"" + field + "\" is not an HTTP method");
        }
        return method;
    }

    /**
     * Returns the body bytes: the text as UTF-8, or the base64 decoded.
     *
     * @param rawBody the {@code body} field as raw JSON (a string literal, {@code null}, or absent)
     */
    static byte[] body(String rawBody, Boolean base64Encoded, String action) {
        String body = jsonString(rawBody, action);
        if (body == null || body.isEmpty()) {
            return NO_BODY;
        }
        if (!Boolean.TRUE.equals(base64Encoded)) {
            return body.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw InvalidEventException.invalid(
                    action + ": field \"body\" is marked isBase64Encoded but is not valid base64 (" + e.getMessage()
                            + ")",
                    e);
        }
    }

    /**
     * Returns the text of the JSON string literal {@code raw}, or null for {@code null} or no value.
     *
     * @throws InvalidEventException when {@code raw} is another JSON value or a malformed string
     */
    static String jsonString(String raw, String action) {
        if (raw == null) {
            return null;
        }
        String value = raw.strip();
        if (value.equals("null")) {
            return null;
        }
        int end = value.length() - 1;
        if (end < 1 || value.charAt(0) != '"' || value.charAt(end) != '"') {
            throw notAString(action, "a JSON value that is not a string");
        }
        StringBuilder text = null;
        int copied = 1;
        for (int i = 1; i < end; i++) {
            char c = value.charAt(i);
            if (c < 0x20) {
                throw notAString(action, "a control character inside the string");
            }
            if (c != '\\') {
                continue;
            }
            if (text == null) {
                text = new StringBuilder(end);
            }
            text.append(value, copied, i);
            if (i + 1 >= end) {
                throw notAString(action, "a string ending in a lone backslash");
            }
            char e = value.charAt(++i);
            switch (e) {
                case '"', '\\', '/' -> text.append(e);
                case 'b' -> text.append('\b');
                case 'f' -> text.append('\f');
                case 'n' -> text.append('\n');
                case 'r' -> text.append('\r');
                case 't' -> text.append('\t');
                case 'u' -> {
                    if (i + 4 >= end) {
                        throw notAString(action, "a truncated \\u escape");
                    }
                    int code = 0;
                    for (int k = 1; k <= 4; k++) {
                        int digit = Character.digit(value.charAt(i + k), 16);
                        if (digit < 0 || value.charAt(i + k) > 'f') {
                            throw notAString(action, "a malformed \\u escape");
                        }
                        code = code * 16 + digit;
                    }
                    text.append((char) code);
                    i += 4;
                }
                default -> throw notAString(action, "an invalid escape \\" + e);
            }
            copied = i + 1;
        }
        if (text == null) {
            return value.substring(1, end);
        }
        return text.append(value, copied, end).toString();
    }

    private static InvalidEventException notAString(String action, String what) {
        return InvalidEventException.invalid(
                action + ": malformed JSON or a field of the wrong type (near field \"body\"): expected a string, got "
                        + what);
    }

    /**
     * Returns headers from a multi-value map and a single-value one: every multi value, then the
     * single-value names the multi-value map lacks. Null names and values are skipped.
     */
    static Headers.Builder headers(Map<String, List<String>> multi, Map<String, String> single) {
        Headers.Builder headers = Headers.builder();
        if (multi != null) {
            for (Map.Entry<String, List<String>> entry : multi.entrySet()) {
                String name = entry.getKey();
                List<String> values = entry.getValue();
                if (name != null && values != null) {
                    for (String value : values) {
                        if (value != null) {
                            headers.add(name, value);
                        }
                    }
                }
            }
        }
        if (single != null) {
            for (Map.Entry<String, String> entry : single.entrySet()) {
                String name = entry.getKey();
                String value = entry.getValue();
                if (name != null && value != null && !headers.contains(name)) {
                    headers.add(name, value);
                }
            }
        }
        return headers;
    }

    /**
     * Returns {@code context} tagged with {@code source} ({@link Context#withSource}: a copy cancelled with
     * the runtime's context when the source differs), or a fresh context when there is none.
     */
    static Context context(Context context, EventSource source) {
        return context == null ? Context.builder().source(source).build() : context.withSource(source);
    }
}
