package dev.thaw.client;

import dev.thaw.Headers;
import dev.thaw.HttpException;
import dev.thaw.Json;
import java.nio.charset.StandardCharsets;

/**
 * An immutable response to an outbound call: status, headers and the whole body.
 *
 * <pre>{@code
 * OutboundResponse response = client.send(request, context);
 * if (response.isSuccess()) {
 *     User user = response.json(User.class);
 * }
 * }</pre>
 */
public final class OutboundResponse {

    private final String call;
    private final int status;
    private final Headers headers;
    private final byte[] body;

    OutboundResponse(String call, int status, Headers headers, byte[] body) {
        this.call = call;
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    /** Returns the status code. */
    public int status() {
        return status;
    }

    /** Returns whether the status is 2xx. */
    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** Returns the response headers (names in lower case). */
    public Headers headers() {
        return headers;
    }

    /** Returns a copy of the body bytes; empty when there was none. */
    public byte[] body() {
        return body.clone();
    }

    /** Returns the body decoded as UTF-8. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * Reads the body as JSON through thaw's codec.
     *
     * @param type the target type: an {@code @Json} type, String, Number, Boolean, List or Map
     * @throws OutboundException when the body is not JSON of that shape (a downstream fault, not the caller's)
     */
    public <T> T json(Class<T> type) {
        try {
            return Json.fromBytes(body, type);
        } catch (HttpException e) {
            throw new OutboundException(
                    "Read JSON response of " + call + ": status " + status + ", " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "OutboundResponse[" + call + " -> " + status + ", " + body.length + " bytes]";
    }
}
