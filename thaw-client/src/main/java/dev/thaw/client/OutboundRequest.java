package dev.thaw.client;

import dev.thaw.Headers;
import dev.thaw.Json;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * An immutable outbound HTTP request: method, absolute {@code http} or {@code https} URI, headers, body and
 * an optional timeout of its own.
 *
 * <pre>{@code
 * OutboundRequest request = OutboundRequest.builder("PUT", URI.create("https://api.example.com/items/7"))
 *         .header("Authorization", "Bearer " + token)
 *         .json(item)
 *         .timeout(Duration.ofSeconds(2))
 *         .build();
 * }</pre>
 */
public final class OutboundRequest {

    private static final byte[] NO_BODY = new byte[0];

    private final String method;
    private final URI uri;
    private final Headers headers;
    private final byte[] body;
    private final Duration timeout;

    private OutboundRequest(Builder b) {
        this.method = b.method;
        this.uri = b.uri;
        this.headers = b.headers.build();
        this.body = b.body;
        this.timeout = b.timeout;
    }

    /**
     * Returns a builder.
     *
     * @param method the HTTP method, for example {@code GET}; upper-cased
     * @param uri an absolute {@code http} or {@code https} URI with a host
     * @throws IllegalArgumentException when the method is not a token or the URI is not absolute http(s)
     */
    public static Builder builder(String method, URI uri) {
        return new Builder(method, uri);
    }

    /** Returns a GET request for {@code uri} with no headers. */
    public static OutboundRequest get(URI uri) {
        return builder("GET", uri).build();
    }

    /** Returns the method, upper case. */
    public String method() {
        return method;
    }

    /** Returns the URI. */
    public URI uri() {
        return uri;
    }

    /** Returns the headers the caller set. */
    public Headers headers() {
        return headers;
    }

    /** Returns a copy of the body; empty when there is none. */
    public byte[] body() {
        return body.clone();
    }

    /** Returns the body length in bytes. */
    public int bodyLength() {
        return body.length;
    }

    /** Returns this request's own timeout, or null to use the client's default. */
    public Duration timeout() {
        return timeout;
    }

    /** Returns whether sending this request twice has the same effect as once (GET, HEAD, PUT, DELETE, OPTIONS). */
    public boolean isIdempotent() {
        return switch (method) {
            case "GET", "HEAD", "PUT", "DELETE", "OPTIONS" -> true;
            default -> false;
        };
    }

    byte[] bodyUnsafe() {
        return body;
    }

    @Override
    public String toString() {
        return method + " " + uri;
    }

    /** Builds an {@link OutboundRequest}. */
    public static final class Builder {
        private final String method;
        private final URI uri;
        private final Headers.Builder headers = Headers.builder();
        private byte[] body = NO_BODY;
        private Duration timeout;

        private Builder(String method, URI uri) {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(uri, "uri");
            if (method.isEmpty() || !isToken(method)) {
                throw new IllegalArgumentException("Build outbound request: method '" + method + "' is not a token");
            }
            String scheme = uri.getScheme();
            if (scheme == null
                    || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException(
                        "Build outbound request " + method + " " + uri + ": URI must be absolute http(s) with a host");
            }
            this.method = method.toUpperCase(Locale.ROOT);
            this.uri = uri;
        }

        /** Adds a header value, keeping values already there. */
        public Builder header(String name, String value) {
            headers.add(name, value);
            return this;
        }

        /** Replaces the values of a header. */
        public Builder setHeader(String name, String value) {
            headers.set(name, value);
            return this;
        }

        /** Sets the body bytes (copied). */
        public Builder body(byte[] body) {
            this.body = body.clone();
            return this;
        }

        /** Sets a UTF-8 text body; also sets {@code Content-Type} when it is not set yet. */
        public Builder body(String text, String contentType) {
            this.body = text.getBytes(StandardCharsets.UTF_8);
            if (!headers.contains("content-type")) {
                headers.set("content-type", contentType);
            }
            return this;
        }

        /**
         * Sets {@code value} as a JSON body through thaw's codec and {@code Content-Type: application/json}
         * unless a content type is set.
         */
        public Builder json(Object value) {
            this.body = Json.toBytes(value);
            if (!headers.contains("content-type")) {
                headers.set("content-type", "application/json");
            }
            return this;
        }

        /** Sets this request's own timeout, used instead of the client's default. */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("Build outbound request: timeout must be positive, was " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** Returns the request. */
        public OutboundRequest build() {
            return new OutboundRequest(this);
        }

        private static boolean isToken(String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c <= ' ' || c >= 127 || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                    return false;
                }
            }
            return true;
        }
    }
}
