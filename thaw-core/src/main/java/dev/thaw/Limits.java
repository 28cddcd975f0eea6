package dev.thaw;

/**
 * The largest request an {@link App} accepts: header count and size, path and query length, query
 * parameter count, body size and JSON nesting depth. Every adapter (local server, Lambda Runtime API
 * loop, managed runtime) hands its requests to {@link App#handle}, which answers a request over a limit
 * with an {@code application/problem+json} 4xx before any middleware or route sees it. Immutable; the
 * {@code with…} methods return copies.
 *
 * <pre>{@code
 * App app = App.builder()
 *         .limits(Limits.defaults().withMaxBodyBytes(1_048_576).withMaxHeaders(150))
 *         .routes(r -> r.post("/upload", upload))
 *         .build();
 * }</pre>
 *
 * <p>Lengths are counted in characters of the request as received (still percent-encoded); the
 * request line and headers HTTP carries are ASCII, so these are bytes.
 */
public final class Limits {

    /** Default most header field lines: 100 (431 above it). */
    public static final int DEFAULT_MAX_HEADERS = 100;

    /** Default most characters in all header names and values together: 16 KiB (431 above it). */
    public static final int DEFAULT_MAX_HEADER_BYTES = 16_384;

    /** Default longest raw path: 8 KiB (414 above it). */
    public static final int DEFAULT_MAX_PATH_LENGTH = 8_192;

    /** Default longest raw query string: 16 KiB (414 above it). */
    public static final int DEFAULT_MAX_QUERY_LENGTH = 16_384;

    /** Default most query parameters, repeated keys counted each time: 256 (400 above it). */
    public static final int DEFAULT_MAX_QUERY_PARAMS = 256;

    /** Default largest body: 6 MB, Lambda's synchronous payload limit (413 above it). */
    public static final int DEFAULT_MAX_BODY_BYTES = 6_291_456;

    /** Default deepest nesting of JSON objects and arrays {@link Request#bodyAs} reads: 64 (400 above it). */
    public static final int DEFAULT_MAX_JSON_DEPTH = 64;

    private static final Limits DEFAULTS = new Limits(
            DEFAULT_MAX_HEADERS,
            DEFAULT_MAX_HEADER_BYTES,
            DEFAULT_MAX_PATH_LENGTH,
            DEFAULT_MAX_QUERY_LENGTH,
            DEFAULT_MAX_QUERY_PARAMS,
            DEFAULT_MAX_BODY_BYTES,
            DEFAULT_MAX_JSON_DEPTH);

    private final int maxHeaders;
    private final int maxHeaderBytes;
    private final int maxPathLength;
    private final int maxQueryLength;
    private final int maxQueryParams;
    private final int maxBodyBytes;
    private final int maxJsonDepth;

    private Limits(
            int maxHeaders,
            int maxHeaderBytes,
            int maxPathLength,
            int maxQueryLength,
            int maxQueryParams,
            int maxBodyBytes,
            int maxJsonDepth) {
        this.maxHeaders = maxHeaders;
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxPathLength = maxPathLength;
        this.maxQueryLength = maxQueryLength;
        this.maxQueryParams = maxQueryParams;
        this.maxBodyBytes = maxBodyBytes;
        this.maxJsonDepth = maxJsonDepth;
    }

    /** Returns the default limits (the {@code DEFAULT_…} constants). */
    public static Limits defaults() {
        return DEFAULTS;
    }

    /** Returns the most header field lines (a repeated header counts once per value). */
    public int maxHeaders() {
        return maxHeaders;
    }

    /** Returns the most characters in all header names and values together. */
    public int maxHeaderBytes() {
        return maxHeaderBytes;
    }

    /** Returns the longest raw (percent-encoded) path, without the query. */
    public int maxPathLength() {
        return maxPathLength;
    }

    /** Returns the longest raw query string, without the {@code ?}. */
    public int maxQueryLength() {
        return maxQueryLength;
    }

    /** Returns the most query parameters, a repeated key counted once per value. */
    public int maxQueryParams() {
        return maxQueryParams;
    }

    /** Returns the largest body in bytes. */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /** Returns the deepest nesting of JSON objects and arrays {@link Request#bodyAs} reads. */
    public int maxJsonDepth() {
        return maxJsonDepth;
    }

    /**
     * Returns a copy with another header count limit.
     *
     * @throws IllegalArgumentException when {@code maxHeaders} is below 1
     */
    public Limits withMaxHeaders(int maxHeaders) {
        return new Limits(
                positive("maxHeaders", maxHeaders),
                maxHeaderBytes,
                maxPathLength,
                maxQueryLength,
                maxQueryParams,
                maxBodyBytes,
                maxJsonDepth);
    }

    /**
     * Returns a copy with another header size limit.
     *
     * @throws IllegalArgumentException when {@code maxHeaderBytes} is below 1
     */
    public Limits withMaxHeaderBytes(int maxHeaderBytes) {
        return new Limits(
                maxHeaders,
                positive("maxHeaderBytes", maxHeaderBytes),
                maxPathLength,
                maxQueryLength,
                maxQueryParams,
                maxBodyBytes,
                maxJsonDepth);
    }

    /**
     * Returns a copy with another path length limit.
     *
     * @throws IllegalArgumentException when {@code maxPathLength} is below 1
     */
    public Limits withMaxPathLength(int maxPathLength) {
        return new Limits(
                maxHeaders,
                maxHeaderBytes,
                positive("maxPathLength", maxPathLength),
                maxQueryLength,
                maxQueryParams,
                maxBodyBytes,
                maxJsonDepth);
    }

    /**
     * Returns a copy with another query length limit.
     *
     * @throws IllegalArgumentException when {@code maxQueryLength} is negative
     */
    public Limits withMaxQueryLength(int maxQueryLength) {
        return new Limits(
                maxHeaders,
                maxHeaderBytes,
                maxPathLength,
                notNegative("maxQueryLength", maxQueryLength),
                maxQueryParams,
                maxBodyBytes,
                maxJsonDepth);
    }

    /**
     * Returns a copy with another query parameter count limit.
     *
     * @throws IllegalArgumentException when {@code maxQueryParams} is negative
     */
    public Limits withMaxQueryParams(int maxQueryParams) {
        return new Limits(
                maxHeaders,
                maxHeaderBytes,
                maxPathLength,
                maxQueryLength,
                notNegative("maxQueryParams", maxQueryParams),
                maxBodyBytes,
                maxJsonDepth);
    }

    /**
     * Returns a copy with another body size limit. The local server reads no more than the smaller of
     * this and its own {@code ServerOptions.maxBodyBytes}.
     *
     * @throws IllegalArgumentException when {@code maxBodyBytes} is negative
     */
    public Limits withMaxBodyBytes(int maxBodyBytes) {
        return new Limits(
                maxHeaders,
                maxHeaderBytes,
                maxPathLength,
                maxQueryLength,
                maxQueryParams,
                notNegative("maxBodyBytes", maxBodyBytes),
                maxJsonDepth);
    }

    /**
     * Returns a copy with another JSON nesting limit. Deep nesting costs stack in the JSON codec, which
     * recurses once per level: keep it in the hundreds at most.
     *
     * @throws IllegalArgumentException when {@code maxJsonDepth} is not 1–512
     */
    public Limits withMaxJsonDepth(int maxJsonDepth) {
        if (maxJsonDepth < 1 || maxJsonDepth > Json.MAX_DEPTH_CEILING) {
            throw new IllegalArgumentException(
                    "limit maxJsonDepth must be 1–" + Json.MAX_DEPTH_CEILING + ", was " + maxJsonDepth);
        }
        return new Limits(
                maxHeaders, maxHeaderBytes, maxPathLength, maxQueryLength, maxQueryParams, maxBodyBytes, maxJsonDepth);
    }

    /**
     * Returns the problem response for the first limit {@code request} goes over, or null when it is
     * within all of them. Allocation-free for a request within the limits.
     */
    Response refusal(Request request) {
        int path = request.rawPath().length();
        if (path > maxPathLength) {
            return refuse(414, "The request path is " + path + " characters long, over the limit of " + maxPathLength);
        }
        Query query = request.query();
        int queryLength = query.raw().length();
        if (queryLength > maxQueryLength) {
            return refuse(
                    414,
                    "The query string is " + queryLength + " characters long, over the limit of " + maxQueryLength);
        }
        int params = query.count();
        if (params > maxQueryParams) {
            return refuse(400, "The query has " + params + " parameters, over the limit of " + maxQueryParams);
        }
        Headers headers = request.headers();
        int lines = headers.lines();
        if (lines > maxHeaders) {
            return refuse(431, "The request has " + lines + " header fields, over the limit of " + maxHeaders);
        }
        long size = headers.length();
        if (size > maxHeaderBytes) {
            return refuse(
                    431, "The request headers are " + size + " characters long, over the limit of " + maxHeaderBytes);
        }
        int body = request.body().length;
        if (body > maxBodyBytes) {
            return refuse(413, "The request body is " + body + " bytes, over the limit of " + maxBodyBytes);
        }
        return null;
    }

    /** Returns {@code next} behind a check of these limits. */
    Handler guard(Handler next) {
        return new Guard(this, next);
    }

    private static Response refuse(int status, String detail) {
        return Problem.of(status, detail).toResponse();
    }

    private static int positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("limit " + name + " must be at least 1, was " + value);
        }
        return value;
    }

    private static int notNegative(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException("limit " + name + " must be zero or more, was " + value);
        }
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Limits that
                && maxHeaders == that.maxHeaders
                && maxHeaderBytes == that.maxHeaderBytes
                && maxPathLength == that.maxPathLength
                && maxQueryLength == that.maxQueryLength
                && maxQueryParams == that.maxQueryParams
                && maxBodyBytes == that.maxBodyBytes
                && maxJsonDepth == that.maxJsonDepth;
    }

    @Override
    public int hashCode() {
        int h = maxHeaders;
        h = 31 * h + maxHeaderBytes;
        h = 31 * h + maxPathLength;
        h = 31 * h + maxQueryLength;
        h = 31 * h + maxQueryParams;
        h = 31 * h + maxBodyBytes;
        return 31 * h + maxJsonDepth;
    }

    @Override
    public String toString() {
        return "Limits[maxHeaders=" + maxHeaders + ", maxHeaderBytes=" + maxHeaderBytes + ", maxPathLength="
                + maxPathLength + ", maxQueryLength=" + maxQueryLength + ", maxQueryParams=" + maxQueryParams
                + ", maxBodyBytes=" + maxBodyBytes + ", maxJsonDepth=" + maxJsonDepth + "]";
    }

    /**
     * Answers a request over a limit, passes the others on carrying the limits (for {@link
     * Request#bodyAs}); a named class, as a lambda would spin one at start-up.
     */
    private static final class Guard implements Handler {

        private final Limits limits;
        private final Handler next;

        Guard(Limits limits, Handler next) {
            this.limits = limits;
            this.next = next;
        }

        @Override
        public Response handle(Request request) throws Exception {
            Response refusal = limits.refusal(request);
            if (refusal != null) {
                return refusal;
            }
            return next.handle(request.withLimits(limits));
        }
    }
}
