package dev.thaw.server;

import java.time.Duration;
import java.util.Map;

/**
 * How a {@link LocalServer} listens: host, port, request body limit and shutdown grace. Immutable.
 *
 * <pre>{@code
 * ServerOptions options = ServerOptions.fromEnvironment(System.getenv())   // PORT, HOST
 *         .toBuilder()
 *         .maxBodyBytes(1_048_576)
 *         .build();
 * }</pre>
 */
public final class ServerOptions {

    /** The port used when {@code PORT} is not set. */
    public static final int DEFAULT_PORT = 8080;

    /** The host used when {@code HOST} is not set: loopback only, as a development server should. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    /** The default request body limit, 6 MB, as Lambda's synchronous invocation payload limit. */
    public static final int DEFAULT_MAX_BODY_BYTES = 6_291_456;

    /** How long {@link LocalServer#close()} waits for requests in flight by default. */
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(5);

    // Leaves room for the one extra byte read to detect an oversized chunked body.
    private static final int MAX_BODY_LIMIT = Integer.MAX_VALUE - 16;

    private final String host;
    private final int port;
    private final int maxBodyBytes;
    private final Duration shutdownGrace;

    private ServerOptions(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.maxBodyBytes = b.maxBodyBytes;
        this.shutdownGrace = b.shutdownGrace;
    }

    /** Returns a builder with the defaults: 127.0.0.1, port 8080, 6 MB bodies, 5 s grace. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads {@code PORT} (default 8080) and {@code HOST} (default 127.0.0.1) from {@code env}; blank
     * values count as unset.
     *
     * @param env the environment, usually {@code System.getenv()}
     * @return the options
     * @throws IllegalArgumentException when {@code PORT} is not a number in 0–65535
     */
    public static ServerOptions fromEnvironment(Map<String, String> env) {
        Builder b = builder();
        String host = env.get("HOST");
        if (host != null && !host.isBlank()) {
            b.host(host.trim());
        }
        String port = env.get("PORT");
        if (port != null && !port.isBlank()) {
            int parsed = -1;
            try {
                parsed = Integer.parseInt(port.trim());
            } catch (NumberFormatException e) {
                // reported below with the range
            }
            if (parsed < 0 || parsed > 65_535) {
                throw new IllegalArgumentException(
                        "read PORT from the environment: '" + port + "' is not a port number (0–65535)");
            }
            b.port(parsed);
        }
        return b.build();
    }

    /** Returns the host or address to bind. */
    public String host() {
        return host;
    }

    /** Returns the port to bind; 0 picks a free one (see {@link LocalServer#port()}). */
    public int port() {
        return port;
    }

    /** Returns the largest request body accepted; larger ones are answered 413. */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /** Returns how long {@link LocalServer#close()} waits for requests in flight. */
    public Duration shutdownGrace() {
        return shutdownGrace;
    }

    /** Returns a builder that starts from these options. */
    public Builder toBuilder() {
        return builder().host(host).port(port).maxBodyBytes(maxBodyBytes).shutdownGrace(shutdownGrace);
    }

    @Override
    public String toString() {
        return "ServerOptions[host=" + host + ", port=" + port + ", maxBodyBytes=" + maxBodyBytes + ", shutdownGrace="
                + shutdownGrace + "]";
    }

    /** Builds {@link ServerOptions}; each setter checks its value. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private Duration shutdownGrace = DEFAULT_SHUTDOWN_GRACE;

        private Builder() {}

        /** Sets the host name or address to bind ({@code 0.0.0.0} for every interface). */
        public Builder host(String host) {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("server host must not be empty");
            }
            this.host = host;
            return this;
        }

        /** Sets the port, 0–65535; 0 picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("server port must be 0–65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /** Sets the request body limit in bytes. */
        public Builder maxBodyBytes(int maxBodyBytes) {
            if (maxBodyBytes < 0 || maxBodyBytes > MAX_BODY_LIMIT) {
                throw new IllegalArgumentException(
                        "server maxBodyBytes must be 0–" + MAX_BODY_LIMIT + ", was " + maxBodyBytes);
            }
            this.maxBodyBytes = maxBodyBytes;
            return this;
        }

        /** Sets how long {@link LocalServer#close()} waits for requests in flight. */
        public Builder shutdownGrace(Duration shutdownGrace) {
            if (shutdownGrace == null || shutdownGrace.isNegative()) {
                throw new IllegalArgumentException(
                        "server shutdownGrace must be zero or positive, was " + shutdownGrace);
            }
            this.shutdownGrace = shutdownGrace;
            return this;
        }

        /** Returns the options. */
        public ServerOptions build() {
            return new ServerOptions(this);
        }
    }
}
