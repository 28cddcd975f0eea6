package dev.thaw.local;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP response a front end sends its client.
 *
 * @param status the status code
 * @param headers header names to their values in order; a name with several values is sent as several
 *     lines (Set-Cookie)
 * @param body the body bytes
 * @param problem why the front end answered with an error of its own instead of the function's answer
 *     (shown on the console), or null when it passed the function's answer on
 */
record HttpAnswer(int status, Map<String, List<String>> headers, byte[] body, String problem) {

    /** Returns an answer of the front end's own: {@code body} as UTF-8 with the given content type. */
    static HttpAnswer own(int status, String contentType, String body, String problem) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Content-Type", new ArrayList<>(List.of(contentType)));
        return new HttpAnswer(status, headers, body.getBytes(StandardCharsets.UTF_8), problem);
    }

    /** Returns the first value of header {@code name} (case-insensitive), or null. */
    String header(String name) {
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty()) {
                return header.getValue().getFirst();
            }
        }
        return null;
    }

    /** Returns every value of header {@code name} (case-insensitive), in order. */
    List<String> headerValues(String name) {
        List<String> values = new ArrayList<>();
        headers.forEach((key, list) -> {
            if (key.equalsIgnoreCase(name)) {
                values.addAll(list);
            }
        });
        return values;
    }

    /** Returns the body as UTF-8 text. */
    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
