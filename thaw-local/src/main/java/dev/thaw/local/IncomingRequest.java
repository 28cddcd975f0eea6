package dev.thaw.local;

import java.util.List;
import java.util.Map;

/**
 * An HTTP request as the front door received it, before it becomes an event.
 *
 * @param method the method, such as {@code GET}
 * @param rawPath the path exactly as sent, still percent-encoded
 * @param rawQuery the query string without {@code ?}, still encoded; null or empty when there is none
 * @param headers every header line in arrival order, names as sent (repeated names keep each value)
 * @param body the body bytes, empty when there is none
 * @param sourceIp the address of the client's TCP connection
 * @param localPort the port the request arrived on ({@code x-forwarded-port})
 */
record IncomingRequest(
        String method,
        String rawPath,
        String rawQuery,
        List<Map.Entry<String, String>> headers,
        byte[] body,
        String sourceIp,
        int localPort) {}
