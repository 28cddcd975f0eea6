package dev.thaw;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP request, the same whatever carried it (local server, API Gateway REST or HTTP API, Function
 * URL, ALB). Immutable; the {@code with…} methods return copies.
 *
 * <pre>{@code
 * Request request = Request.builder("POST", "/users?dryRun=true")
 *         .header("content-type", "application/json")
 *         .body("{\"name\":\"ada\",\"email\":\"ada@example.com\"}")
 *         .build();
 * NewUser body = request.bodyAs(NewUser.class);
 * }</pre>
 */
public final class Request {

    private static final byte[] NO_BODY = new byte[0];

    private final String method;
    private final String rawPath;
    private final Query query;
    private final Headers headers;
    private final byte[] body;
    private final Context context;
    private final String sourceIp;
    private final Map<String, String> pathParams;
    private final String route;
    private final Limits limits;
    private volatile String decodedPath;
    private volatile Map<String, String> cookies;

    private Request(
            String method,
            String rawPath,
            Query query,
            Headers headers,
            byte[] body,
            Context context,
            String sourceIp,
            Map<String, String> pathParams,
            String route,
            Limits limits) {
        this.method = method;
        this.rawPath = rawPath;
        this.query = query;
        this.headers = headers;
        this.body = body;
        this.context = context;
        this.sourceIp = sourceIp;
        this.pathParams = pathParams;
        this.route = route;
        this.limits = limits;
    }

    /**
     * Returns a builder.
     *
     * @param method the HTTP method, any case (stored upper case)
     * @param target the raw path, optionally followed by {@code ?} and a raw query string
     * @return the builder
     * @throws HttpException 400 when the target does not start with {@code /}
     */
    public static Builder builder(String method, String target) {
        return new Builder(method, target);
    }

    /** Returns a GET request for {@code target}, for tests and priming. */
    public static Request get(String target) {
        return builder("GET", target).build();
    }

    /** Returns the method in upper case. */
    public String method() {
        return method;
    }

    /** Returns the path as received, still percent-encoded, without the query. */
    public String rawPath() {
        return rawPath;
    }

    /**
     * Returns the percent-decoded path.
     *
     * @throws HttpException 400 when the encoding is malformed
     */
    public String path() {
        String p = decodedPath;
        if (p == null) {
            p = PercentDecoder.decodePath(rawPath);
            decodedPath = p;
        }
        return p;
    }

    /** Returns the path parameters the router matched, by name. */
    public Map<String, String> pathParams() {
        return pathParams;
    }

    /**
     * Returns one path parameter.
     *
     * @param name the name in the route pattern ({@code {id}})
     * @return the decoded value
     * @throws IllegalArgumentException when the matched route has no such parameter (a programming error)
     */
    public String pathParam(String name) {
        String value = pathParams.get(name);
        if (value == null) {
            throw new IllegalArgumentException(
                    "route " + route + " has no path parameter '" + name + "' (has " + pathParams.keySet() + ")");
        }
        return value;
    }

    /** Returns the route pattern that matched ({@code /users/{id}}), or null before routing. */
    public String route() {
        return route;
    }

    /** Returns the query parameters. */
    public Query query() {
        return query;
    }

    /** Returns the first value of query parameter {@code key}. */
    public Optional<String> queryParam(String key) {
        return query.first(key);
    }

    /** Returns the headers. */
    public Headers headers() {
        return headers;
    }

    /** Returns the first value of header {@code name}, any case. */
    public Optional<String> header(String name) {
        return headers.first(name);
    }

    /** Returns the cookies sent in {@code Cookie} headers, by name (first value wins). */
    public Map<String, String> cookies() {
        Map<String, String> c = cookies;
        if (c == null) {
            c = parseCookies(headers);
            cookies = c;
        }
        return c;
    }

    /** Returns cookie {@code name}. */
    public Optional<String> cookie(String name) {
        return Optional.ofNullable(cookies().get(name));
    }

    /** Returns the body bytes (empty, never null). The array is shared: do not modify it. */
    public byte[] body() {
        return body;
    }

    /** Returns the body decoded with the content type's charset (UTF-8 by default). */
    public String bodyText() {
        return new String(body, charset(headers.first("content-type").orElse(null)));
    }

    /**
     * Decodes the JSON body with the compile-time generated adapter of {@code type}.
     *
     * @param type a type annotated for avaje-jsonb ({@code @Json})
     * @return the decoded value, never null
     * @throws HttpException 415 when the content type is not JSON, 400 when the body is empty, {@code null},
     *     malformed or nests objects and arrays deeper than the app's {@link Limits#maxJsonDepth()}
     */
    public <T> T bodyAs(Class<T> type) {
        String contentType = headers.first("content-type").orElse(null);
        if (contentType != null && !isJson(contentType)) {
            throw HttpException.of(415, "Expected a JSON body (application/json), got '" + contentType + "'");
        }
        if (body.length == 0) {
            throw HttpException.badRequest("Expected a JSON body, got an empty body");
        }
        T value = Json.fromBytes(body, type, limits.maxJsonDepth());
        if (value == null) {
            throw HttpException.badRequest("Expected a JSON body, got null");
        }
        return value;
    }

    /** Returns the per-invocation context. */
    public Context context() {
        return context;
    }

    /** Returns the client's IP address as the adapter saw it, or null. */
    public String sourceIp() {
        return sourceIp;
    }

    /** Returns a copy with header {@code name} set to exactly {@code value}. */
    public Request withHeader(String name, String value) {
        return new Request(
                method, rawPath, query, headers.with(name, value), body, context, sourceIp, pathParams, route, limits);
    }

    /** Returns a copy with the router's match: the route pattern and its decoded parameters. */
    public Request withRoute(String route, Map<String, String> pathParams) {
        return routed(route, Collections.unmodifiableMap(new LinkedHashMap<>(pathParams)));
    }

    /**
     * As {@link #withRoute}, keeping {@code pathParams} itself: the router hands over a map nobody else
     * holds, so the copy {@code withRoute} makes of a caller's map is not needed on every request.
     */
    Request routed(String route, Map<String, String> pathParams) {
        Request copy = new Request(method, rawPath, query, headers, body, context, sourceIp, pathParams, route, limits);
        copy.decodedPath = decodedPath;
        return copy;
    }

    /** Returns a copy with another method (HEAD answered by a GET route, for example). */
    public Request withMethod(String method) {
        return new Request(
                method.toUpperCase(Locale.ROOT),
                rawPath,
                query,
                headers,
                body,
                context,
                sourceIp,
                pathParams,
                route,
                limits);
    }

    /**
     * Returns a copy checked against {@code limits}, whose JSON depth limit {@link #bodyAs} then applies;
     * {@link App} makes it once a request is within its limits.
     */
    Request withLimits(Limits limits) {
        if (limits == this.limits) {
            return this;
        }
        Request copy = new Request(method, rawPath, query, headers, body, context, sourceIp, pathParams, route, limits);
        copy.decodedPath = decodedPath;
        return copy;
    }

    /** Returns the limits this request was checked against (the defaults before {@link App} sees it). */
    Limits limits() {
        return limits;
    }

    /** Returns a builder that starts from this request. */
    public Builder toBuilder() {
        Builder b = new Builder(method, rawPath);
        b.query = query;
        b.headers = headers;
        b.body = body;
        b.context = context;
        b.sourceIp = sourceIp;
        b.limits = limits;
        return b;
    }

    @Override
    public String toString() {
        return method + " " + rawPath + (query.isEmpty() ? "" : "?" + query.raw());
    }

    static boolean isJson(String contentType) {
        String type = contentType.toLowerCase(Locale.ROOT);
        int semi = type.indexOf(';');
        if (semi >= 0) {
            type = type.substring(0, semi);
        }
        type = type.trim();
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

    static Charset charset(String contentType) {
        if (contentType != null) {
            int at = contentType.toLowerCase(Locale.ROOT).indexOf("charset=");
            if (at >= 0) {
                String name = contentType.substring(at + 8).trim();
                int end = name.indexOf(';');
                if (end >= 0) {
                    name = name.substring(0, end).trim();
                }
                name = name.replace("\"", "");
                try {
                    return Charset.forName(name);
                } catch (RuntimeException e) {
                    throw HttpException.of(415, "Unsupported charset '" + name + "'");
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    private static Map<String, String> parseCookies(Headers headers) {
        LinkedHashMap<String, String> out = new LinkedHashMap<>();
        for (String header : headers.all("cookie")) {
            int start = 0;
            while (start < header.length()) {
                int end = header.indexOf(';', start);
                if (end < 0) {
                    end = header.length();
                }
                int eq = header.indexOf('=', start);
                if (eq > start && eq < end) {
                    String name = header.substring(start, eq).trim();
                    String value = header.substring(eq + 1, end).trim();
                    if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
                        value = value.substring(1, value.length() - 1);
                    }
                    if (!name.isEmpty()) {
                        out.putIfAbsent(name, value);
                    }
                }
                start = end + 1;
            }
        }
        return out.isEmpty() ? Map.of() : Collections.unmodifiableMap(out);
    }

    /** Builds a request. */
    public static final class Builder {
        private final String method;
        private final String rawPath;
        private Query query;
        // The headers as set; a builder of their own only once a header is added, so an adapter that
        // hands over built headers (every event, every local request) does not copy them twice.
        private Headers headers = Headers.empty();
        private Headers.Builder edits;
        private byte[] body = NO_BODY;
        private Context context;
        private String sourceIp;
        private Limits limits = Limits.defaults();

        private Builder(String method, String target) {
            if (method == null || method.isEmpty()) {
                throw HttpException.badRequest("Missing HTTP method");
            }
            if (target == null || target.isEmpty() || target.charAt(0) != '/') {
                throw HttpException.badRequest("Request target must start with '/', got '" + target + "'");
            }
            this.method = method.toUpperCase(Locale.ROOT);
            int q = target.indexOf('?');
            if (q >= 0) {
                this.rawPath = target.substring(0, q);
                this.query = Query.parse(target.substring(q + 1));
            } else {
                this.rawPath = target;
                this.query = Query.empty();
            }
        }

        /** Replaces the query. */
        public Builder query(Query query) {
            this.query = query;
            return this;
        }

        /** Adds a header value. */
        public Builder header(String name, String value) {
            if (edits == null) {
                edits = headers.toBuilder();
            }
            edits.add(name, value);
            return this;
        }

        /** Replaces all headers. */
        public Builder headers(Headers headers) {
            this.headers = Objects.requireNonNull(headers, "headers");
            this.edits = null;
            return this;
        }

        /** Sets the body bytes (not copied). */
        public Builder body(byte[] body) {
            this.body = body == null ? NO_BODY : body;
            return this;
        }

        /** Sets a UTF-8 text body. */
        public Builder body(String body) {
            this.body = body.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        /** Sets the context (a direct one is made when unset). */
        public Builder context(Context context) {
            this.context = context;
            return this;
        }

        /** Sets the client's IP address. */
        public Builder sourceIp(String sourceIp) {
            this.sourceIp = sourceIp;
            return this;
        }

        /** Returns the request. */
        public Request build() {
            return new Request(
                    method,
                    rawPath,
                    query,
                    edits != null ? edits.build() : headers,
                    body,
                    context != null ? context : Context.direct(),
                    sourceIp,
                    Map.of(),
                    null,
                    limits);
        }
    }
}
