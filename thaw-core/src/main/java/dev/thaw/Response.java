package dev.thaw;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An HTTP response: status, multi-valued headers, cookies to set and a body (bytes, or a
 * {@link StreamingBody}). Immutable; build one with {@link #status(int)} or the shortcuts.
 *
 * <pre>{@code
 * return Response.json(user);
 * return Response.status(201).header("location", "/users/" + user.id()).json(user);
 * return Response.status(204).empty();
 * }</pre>
 *
 * <p>{@code Set-Cookie} values are kept apart from the other headers ({@link #cookies()}) because every
 * event source carries them differently.
 */
public final class Response {

    private static final byte[] NO_BODY = new byte[0];

    private final int status;
    private final Headers headers;
    private final List<String> cookies;
    private final byte[] body;
    private final StreamingBody stream;

    private Response(int status, Headers headers, List<String> cookies, byte[] body, StreamingBody stream) {
        this.status = status;
        this.headers = headers;
        this.cookies = cookies;
        this.body = body;
        this.stream = stream;
    }

    /**
     * Starts a response with {@code status}.
     *
     * @param status 100–599
     * @return a builder; finish it with {@code json}, {@code text}, {@code bytes}, {@code stream} or
     *     {@code empty}
     */
    public static Builder status(int status) {
        return new Builder(status);
    }

    /** Returns 200 with {@code value} as JSON (through its generated adapter). */
    public static Response json(Object value) {
        return status(200).json(value);
    }

    /** Returns 200 with a UTF-8 {@code text/plain} body. */
    public static Response text(String text) {
        return status(200).text(text);
    }

    /** Returns 204 with no body. */
    public static Response noContent() {
        return status(204).empty();
    }

    /** Returns the status code. */
    public int status() {
        return status;
    }

    /** Returns the headers, without {@code Set-Cookie} (see {@link #cookies()}). */
    public Headers headers() {
        return headers;
    }

    /** Returns the first value of header {@code name}. */
    public Optional<String> header(String name) {
        return headers.first(name);
    }

    /** Returns the {@code Set-Cookie} values in order. */
    public List<String> cookies() {
        return cookies;
    }

    /** Returns the body bytes; empty for a streaming response. Shared: do not modify. */
    public byte[] body() {
        return body;
    }

    /** Returns the body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Returns whether the body is streamed. */
    public boolean isStreaming() {
        return stream != null;
    }

    /** Returns the streaming body, or null when the body is bytes. */
    public StreamingBody streamingBody() {
        return stream;
    }

    /** Returns a copy with header {@code name} set to exactly {@code value}. */
    public Response withHeader(String name, String value) {
        if (isSetCookie(name)) {
            List<String> copy = new ArrayList<>(cookies);
            copy.add(value);
            return new Response(status, headers, List.copyOf(copy), body, stream);
        }
        return new Response(status, headers.with(name, value), cookies, body, stream);
    }

    /** Returns a copy with header {@code name} removed. */
    public Response withoutHeader(String name) {
        if (isSetCookie(name)) {
            return new Response(status, headers, List.of(), body, stream);
        }
        return new Response(status, headers.without(name), cookies, body, stream);
    }

    /** Returns a copy with no body (as HEAD answers are sent); headers are kept. */
    public Response withoutBody() {
        return new Response(status, headers, cookies, NO_BODY, null);
    }

    /** Returns a builder that starts from this response. */
    public Builder toBuilder() {
        Builder b = new Builder(status);
        b.headers = headers.toBuilder();
        b.cookies.addAll(cookies);
        return b;
    }

    @Override
    public String toString() {
        return "Response[" + status + ", " + headers + (cookies.isEmpty() ? "" : ", cookies=" + cookies)
                + (stream != null ? ", streaming" : ", " + body.length + " bytes") + "]";
    }

    private static boolean isSetCookie(String name) {
        return name.equalsIgnoreCase("set-cookie");
    }

    /** Builds a response; each terminal method returns it. */
    public static final class Builder {
        private final int status;
        private Headers.Builder headers = Headers.builder();
        private final List<String> cookies = new ArrayList<>(0);

        private Builder(int status) {
            if (status < 100 || status > 599) {
                throw new IllegalArgumentException("HTTP status must be 100–599, was " + status);
            }
            this.status = status;
        }

        /** Adds a header value ({@code Set-Cookie} values go to the cookies). */
        public Builder header(String name, String value) {
            if (isSetCookie(name)) {
                cookies.add(value);
            } else {
                headers.add(name, value);
            }
            return this;
        }

        /** Adds a cookie to set. */
        public Builder cookie(Cookie cookie) {
            cookies.add(cookie.toSetCookie());
            return this;
        }

        /** Returns the response with {@code value} as JSON ({@code application/json}). */
        public Response json(Object value) {
            return bytes(Json.toBytes(value), "application/json");
        }

        /** Returns the response with a UTF-8 {@code text/plain} body. */
        public Response text(String text) {
            return bytes(text.getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
        }

        /** Returns the response with {@code body} (not copied) and its content type. */
        public Response bytes(byte[] body, String contentType) {
            if (contentType != null && !headers.contains("content-type")) {
                headers.set("content-type", contentType);
            }
            return new Response(status, headers.build(), List.copyOf(cookies), body == null ? NO_BODY : body, null);
        }

        /** Returns the response with a body written as it is produced. */
        public Response stream(String contentType, StreamingBody body) {
            if (contentType != null && !headers.contains("content-type")) {
                headers.set("content-type", contentType);
            }
            return new Response(status, headers.build(), List.copyOf(cookies), NO_BODY, body);
        }

        /** Returns the response without a body. */
        public Response empty() {
            return new Response(status, headers.build(), List.copyOf(cookies), NO_BODY, null);
        }
    }
}
