package dev.thaw.lambda;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The Lambda Runtime API (2018-06-01) over one keep-alive connection. One client per poll loop; not
 * thread-safe. Statuses are handled as the protocol asks: a 413 on a response means that invocation
 * failed and the loop goes on; 400 and 403 are reported to the caller, never fatal; a dropped
 * connection is re-opened. A {@code POST} is sent a second time only when the first provably did not
 * reach the Runtime API (connect or write failed); one dropped after it was written is reported, never
 * repeated, so no invocation is answered twice.
 */
final class RuntimeApiClient implements Closeable {

    static final String PREFIX = "/2018-06-01/runtime";
    private static final int NEXT_ATTEMPTS = 6;

    private final String endpoint;
    private final HttpConnection connection;

    /**
     * Creates a client for {@code AWS_LAMBDA_RUNTIME_API}.
     *
     * @param endpoint {@code host:port}
     */
    RuntimeApiClient(String endpoint) {
        this.endpoint = endpoint;
        this.connection = connect(endpoint);
    }

    /**
     * Returns an unopened connection to {@code host:port}.
     *
     * @throws IllegalArgumentException when the endpoint is not {@code host:port}
     */
    static HttpConnection connect(String endpoint) {
        int colon = endpoint.lastIndexOf(':');
        if (colon <= 0 || colon == endpoint.length() - 1) {
            throw new IllegalArgumentException("AWS_LAMBDA_RUNTIME_API must be host:port, was '" + endpoint + "'");
        }
        int port;
        try {
            port = Integer.parseInt(endpoint.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("AWS_LAMBDA_RUNTIME_API must be host:port, was '" + endpoint + "'", e);
        }
        return new HttpConnection(endpoint.substring(0, colon), port);
    }

    /**
     * Waits for the next invocation, without a timeout. A dropped connection is re-opened a few times
     * with a growing pause before giving up.
     *
     * @throws IOException when the Runtime API stays unreachable or answers something other than 200
     */
    Invocation next() throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < NEXT_ATTEMPTS; attempt++) {
            if (attempt > 0) {
                pause(attempt);
            }
            HttpConnection.Reply reply;
            StartupTrace.mark(StartupTrace.NEXT_SENT);
            try {
                reply = connection.exchange("GET", PREFIX + "/invocation/next", null);
            } catch (IOException e) {
                last = e;
                continue;
            }
            StartupTrace.mark(StartupTrace.EVENT_READ);
            if (reply.status() != 200) {
                throw new IOException(
                        "GET " + PREFIX + "/invocation/next: " + reply.status() + " " + truncate(reply.bodyText()));
            }
            String requestId = reply.header(RuntimeApiHeaders.REQUEST_ID);
            if (requestId == null || requestId.isEmpty()) {
                throw new IOException(
                        "GET " + PREFIX + "/invocation/next: 200 without " + RuntimeApiHeaders.REQUEST_ID);
            }
            return new Invocation(
                    requestId,
                    deadline(reply.header(RuntimeApiHeaders.DEADLINE_MS)),
                    reply.header(RuntimeApiHeaders.FUNCTION_ARN),
                    reply.header(RuntimeApiHeaders.TRACE_ID),
                    reply.header(RuntimeApiHeaders.CLIENT_CONTEXT),
                    reply.header(RuntimeApiHeaders.COGNITO_IDENTITY),
                    reply.header(RuntimeApiHeaders.TENANT_ID),
                    reply.body());
        }
        throw new IOException(
                "GET " + PREFIX + "/invocation/next at " + endpoint + ": gave up after " + NEXT_ATTEMPTS + " attempts: "
                        + (last == null ? "unknown" : last.getMessage()),
                last);
    }

    /**
     * Posts the response of {@code requestId}.
     *
     * @return the Runtime API's status: 202 accepted, 413 too large (the invocation failed), 400/403
     *     refused
     */
    int respond(String requestId, byte[] body) throws IOException {
        return post(PREFIX + "/invocation/" + requestId + "/response", body, "Content-Type", "application/json");
    }

    /** Posts an invocation error; returns the Runtime API's status. */
    int respondError(String requestId, ErrorReport error) throws IOException {
        return post(
                PREFIX + "/invocation/" + requestId + "/error",
                error.toJson().getBytes(StandardCharsets.UTF_8),
                "Content-Type",
                "application/json",
                RuntimeApiHeaders.ERROR_TYPE,
                error.category());
    }

    /** Posts an init error (the application could not start); returns the Runtime API's status. */
    int initError(ErrorReport error) throws IOException {
        return post(
                PREFIX + "/init/error",
                error.toJson().getBytes(StandardCharsets.UTF_8),
                "Content-Type",
                "application/json",
                RuntimeApiHeaders.ERROR_TYPE,
                error.category());
    }

    /**
     * Opens a streamed response for {@code requestId}: {@code Lambda-Runtime-Function-Response-Mode:
     * streaming}, chunked.
     */
    HttpConnection.ChunkedBody openStream(String requestId, String contentType) throws IOException {
        return connection.startChunked(
                "POST",
                PREFIX + "/invocation/" + requestId + "/response",
                "Content-Type",
                contentType,
                RuntimeApiHeaders.RESPONSE_MODE,
                "streaming",
                "Trailer",
                RuntimeApiHeaders.ERROR_TYPE + ", " + RuntimeApiHeaders.ERROR_BODY);
    }

    /** Waits for the SnapStart restore signal ({@code GET /runtime/restore/next}). */
    void restoreNext() throws IOException {
        HttpConnection.Reply reply = connection.exchange("GET", PREFIX + "/restore/next", null);
        if (reply.status() != 200) {
            throw new IOException(
                    "GET " + PREFIX + "/restore/next: " + reply.status() + " " + truncate(reply.bodyText()));
        }
    }

    /** Returns {@code host:port}. */
    String endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        connection.close();
    }

    private int post(String path, byte[] body, String... headers) throws IOException {
        HttpConnection.Reply reply;
        try {
            reply = connection.exchange("POST", path, body, headers);
        } catch (HttpConnection.NotSent first) {
            // Only a request that provably never arrived is sent again: one that was written in full may
            // have been accepted, and a second answer would be refused (403) or, worse, answer twice.
            reply = connection.exchange("POST", path, body, headers);
        }
        return reply.status();
    }

    static long deadline(String header) {
        if (header == null || header.isEmpty()) {
            return Long.MAX_VALUE;
        }
        try {
            long millis = Long.parseLong(header.trim());
            return millis > 0 ? millis : Long.MAX_VALUE;
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static void pause(int attempt) throws IOException {
        try {
            Thread.sleep(Math.min(1000L, 10L << (2 * (attempt - 1))));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reconnecting to the Runtime API", e);
        }
    }

    private static String truncate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
