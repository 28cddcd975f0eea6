package dev.thaw.tracing;

import dev.thaw.Context;
import dev.thaw.Handler;
import dev.thaw.HttpException;
import dev.thaw.Middleware;
import dev.thaw.Request;
import dev.thaw.Response;
import dev.thaw.client.OutboundObserver;
import dev.thaw.internal.Log;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * OpenTelemetry-compatible tracing without the OpenTelemetry SDK: one SERVER span per invocation, a CLIENT
 * span per call made through a {@code ThawClient} that has {@link #observer()}, exported when the invocation
 * ends as OTLP/JSON — one line on standard output, or a POST to a collector when an OTLP endpoint is set.
 *
 * <pre>{@code
 * App app = App.builder()
 *         .use(Tracing.create(), Recovery.create())
 *         .routes(...)
 *         .build();
 * ThawClient client = ThawClient.builder().observer(Tracing.observer()).build();
 * }</pre>
 *
 * <p>The trace continues the caller's: from the request's W3C {@code traceparent} header when valid, else
 * from the {@code Root} and {@code Parent} of the invocation's {@code X-Amzn-Trace-Id}
 * ({@link Context#traceHeader()}), else a new random trace. Every invocation is recorded and exported (no
 * sampling: tracing is opt-in); outbound calls carry {@code traceparent} with the client span as parent and
 * the sampled flag set.
 *
 * <p>Environment: {@code OTEL_SERVICE_NAME} (else {@code AWS_LAMBDA_FUNCTION_NAME}) names the service;
 * {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} (used as is) or {@code OTEL_EXPORTER_OTLP_ENDPOINT} (plus
 * {@code /v1/traces}) switches to OTLP/HTTP with JSON bodies; {@code OTEL_EXPORTER_OTLP_TRACES_HEADERS} or
 * {@code OTEL_EXPORTER_OTLP_HEADERS} add headers ({@code key=value,…}); {@code OTEL_EXPORTER_OTLP_TRACES_TIMEOUT}
 * or {@code OTEL_EXPORTER_OTLP_TIMEOUT} (milliseconds, default 1000 here rather than OpenTelemetry's 10 s,
 * as the export runs before the response is returned) bound the POST; {@code OTEL_RESOURCE_ATTRIBUTES} adds
 * resource attributes.
 *
 * <p>The router matches routes inside the chain, after this middleware has seen the request: the
 * {@code http.route} attribute (and the span name {@code "METHOD route"}) comes from the route the router
 * recorded on the invocation's {@link Context#route()} once the handler returns; no handler needs to
 * report it.
 */
public final class Tracing implements Middleware {

    static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(1000);

    private final Map<String, Object> resource;
    private final SpanExport export;
    private final URI endpoint;

    private Tracing(Map<String, Object> resource, SpanExport export, URI endpoint) {
        this.resource = resource;
        this.export = export;
        this.endpoint = endpoint;
    }

    /**
     * Returns tracing configured from the process environment.
     *
     * @throws IllegalArgumentException when an OTLP endpoint variable is not an absolute http(s) URL
     */
    public static Tracing create() {
        return builder().build();
    }

    /** Returns a builder that reads the process environment unless given another. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the observer to give a {@code ThawClient} ({@code ThawClient.Builder.observer}): each call it
     * makes inside a traced invocation becomes a CLIENT span, child of the invocation's SERVER span, and the
     * call's {@code traceparent} names that client span as the parent. Calls outside a traced invocation are
     * left alone.
     */
    public static OutboundObserver observer() {
        return ClientObserver.INSTANCE;
    }

    /**
     * Records the route the router matched for {@code request} on its invocation's server span: attribute
     * {@code http.route}, span name {@code "METHOD route"}, before the handler returns (the span gets it
     * when the handler returns anyway, from {@link Context#route()}). Does nothing when the invocation is
     * not traced or the request was not routed.
     *
     * @param request the request as the route handler received it
     */
    public static void routeMatched(Request request) {
        String route = request.route();
        InvocationTrace trace = InvocationTrace.of(request.context());
        if (route != null && trace != null) {
            trace.server.attribute("http.route", route).rename(request.method() + " " + route);
        }
    }

    /** Returns the service name sent as the {@code service.name} resource attribute. */
    public String serviceName() {
        return (String) resource.get("service.name");
    }

    /** Returns the OTLP traces URL spans are POSTed to, or null when they are written to standard output. */
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public Handler wrap(Handler next) {
        return new Traced(next, this);
    }

    /** Starts the server span of {@code request}'s invocation; null when an outer middleware already did. */
    private InvocationTrace begin(Request request) {
        long startNanoTime = System.nanoTime();
        long startEpochNanos = System.currentTimeMillis() * 1_000_000L;
        Context context = request.context();
        TraceIds.Parent parent =
                TraceIds.fromTraceparent(request.header("traceparent").orElse(null));
        if (parent == null) {
            parent = TraceIds.fromAmznTraceId(context.traceHeader());
        }
        String traceId = parent != null ? parent.traceId() : TraceIds.randomTraceId();
        String parentSpanId = parent != null ? parent.spanId() : null;
        Span server = new Span(
                traceId, TraceIds.randomSpanId(), parentSpanId, Span.SERVER, request.method(), startEpochNanos);
        server.attribute("http.request.method", request.method())
                .attribute("url.path", request.rawPath())
                .attribute("faas.trigger", "http")
                .attribute("faas.invocation_id", context.requestId())
                .attribute("faas.coldstart", context.coldStart());
        if (request.route() != null) {
            server.attribute("http.route", request.route()).rename(request.method() + " " + request.route());
        }
        return InvocationTrace.begin(context, server, startNanoTime);
    }

    private void finish(InvocationTrace trace, Context context, int status, Throwable failure) {
        Span server = trace.server;
        String route = context.route();
        if (route != null && server.attribute("http.route") == null) {
            server.attribute("http.route", route).rename(server.attribute("http.request.method") + " " + route);
        }
        server.attribute("http.response.status_code", (long) status);
        if (status >= 500) {
            // Server spans are errors on 5xx only; a 4xx is the client's mistake (OpenTelemetry HTTP conventions).
            server.attribute("error.type", failure != null ? failure.getClass().getName() : Integer.toString(status));
            server.fail(failure != null ? failure.getMessage() : null);
        }
        List<Span> spans = trace.end(context);
        String json;
        try {
            json = OtlpJson.encode(resource, spans);
        } catch (RuntimeException e) {
            Log.standard()
                    .write(
                            Log.WARN,
                            "dev.thaw.tracing",
                            "encode the spans of invocation " + context.requestId() + " failed: " + e);
            return;
        }
        export.export(json, spans.size(), context);
    }

    /** Builds a {@link Tracing}. */
    public static final class Builder {
        private Map<String, String> env;
        private String serviceName;
        private URI endpoint;
        private Duration timeout;
        private Consumer<String> sink;

        private Builder() {}

        /** Reads {@code OTEL_*} and {@code AWS_*} variables from {@code env} instead of the process's. */
        public Builder env(Map<String, String> env) {
            this.env = Map.copyOf(env);
            return this;
        }

        /** Sets {@code service.name}, overriding {@code OTEL_SERVICE_NAME}. */
        public Builder serviceName(String serviceName) {
            if (serviceName == null || serviceName.isBlank()) {
                throw new IllegalArgumentException("Build tracing: service name must not be blank");
            }
            this.serviceName = serviceName;
            return this;
        }

        /** POSTs spans to {@code tracesUrl} (the full URL, {@code …/v1/traces}), overriding the environment. */
        public Builder endpoint(URI tracesUrl) {
            this.endpoint = checkHttp(tracesUrl, "endpoint");
            return this;
        }

        /** Sets how long one export may take (default 1 s), overriding the environment. */
        public Builder exportTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("Build tracing: export timeout must be positive, was " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** Hands each OTLP/JSON line to {@code sink} instead of standard output, when no endpoint is set. */
        public Builder sink(Consumer<String> sink) {
            this.sink = Objects.requireNonNull(sink, "sink");
            return this;
        }

        /**
         * Returns the middleware.
         *
         * @throws IllegalArgumentException when an endpoint variable is not an absolute http(s) URL
         */
        public Tracing build() {
            Map<String, String> e = env != null ? env : System.getenv();
            Map<String, Object> resource = resource(e, serviceName);
            URI url = endpoint;
            if (url == null) {
                url = endpointFrom(e);
            }
            Duration exportTimeout = timeout != null ? timeout : timeoutFrom(e);
            SpanExport export = url != null
                    ? new HttpExport(url, headersFrom(e), exportTimeout)
                    : new LineExport(sink != null ? sink : Log.stdout());
            // Not wrapped unmodifiable: it never leaves this class, and walking a wrapper loads its view classes.
            return new Tracing(resource, export, url);
        }

        private static Map<String, Object> resource(Map<String, String> env, String serviceName) {
            Map<String, Object> resource = new LinkedHashMap<>();
            String function = blankToNull(env.get("AWS_LAMBDA_FUNCTION_NAME"));
            String service = serviceName != null ? serviceName : blankToNull(env.get("OTEL_SERVICE_NAME"));
            resource.put(
                    "service.name", service != null ? service : function != null ? function : "unknown_service:java");
            resource.put("cloud.provider", "aws");
            if (function != null) {
                resource.put("cloud.platform", "aws_lambda");
                resource.put("faas.name", function);
            }
            putIfSet(resource, "cloud.region", env.get("AWS_REGION"));
            putIfSet(resource, "faas.version", env.get("AWS_LAMBDA_FUNCTION_VERSION"));
            String memory = blankToNull(env.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"));
            if (memory != null) {
                try {
                    resource.put("faas.max_memory", Long.parseLong(memory.trim()) * 1024 * 1024);
                } catch (NumberFormatException ignored) {
                    // not a number: leave the attribute out rather than fail start-up
                }
            }
            resource.put("telemetry.sdk.name", "thaw");
            resource.put("telemetry.sdk.language", "java");
            for (Map.Entry<String, String> pair :
                    pairs(env.get("OTEL_RESOURCE_ATTRIBUTES")).entrySet()) {
                // OTEL_SERVICE_NAME and the builder win over service.name given here.
                if (!(pair.getKey().equals("service.name") && (service != null))) {
                    resource.put(pair.getKey(), pair.getValue());
                }
            }
            return resource;
        }

        static URI endpointFrom(Map<String, String> env) {
            String traces = blankToNull(env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"));
            if (traces != null) {
                return parse(traces.trim(), "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
            }
            String base = blankToNull(env.get("OTEL_EXPORTER_OTLP_ENDPOINT"));
            if (base == null) {
                return null;
            }
            String b = base.trim();
            while (b.endsWith("/")) {
                b = b.substring(0, b.length() - 1);
            }
            return parse(b + "/v1/traces", "OTEL_EXPORTER_OTLP_ENDPOINT");
        }

        static Duration timeoutFrom(Map<String, String> env) {
            String value = blankToNull(env.get("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT"));
            if (value == null) {
                value = blankToNull(env.get("OTEL_EXPORTER_OTLP_TIMEOUT"));
            }
            if (value != null) {
                try {
                    long millis = Long.parseLong(value.trim());
                    if (millis > 0) {
                        return Duration.ofMillis(millis);
                    }
                } catch (NumberFormatException ignored) {
                    // fall back to the default below
                }
                Log.standard()
                        .write(
                                Log.WARN,
                                "dev.thaw.tracing",
                                "OTLP timeout '" + value + "' is not a positive number of" + " milliseconds; using "
                                        + DEFAULT_TIMEOUT.toMillis() + " ms");
            }
            return DEFAULT_TIMEOUT;
        }

        static Map<String, String> headersFrom(Map<String, String> env) {
            String value = blankToNull(env.get("OTEL_EXPORTER_OTLP_TRACES_HEADERS"));
            return pairs(value != null ? value : env.get("OTEL_EXPORTER_OTLP_HEADERS"));
        }

        /** Reads {@code key=value,key2=value2} with percent-encoded values, skipping malformed entries. */
        static Map<String, String> pairs(String list) {
            Map<String, String> out = new LinkedHashMap<>();
            if (list == null) {
                return out;
            }
            for (String entry : list.split(",")) {
                int eq = entry.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String key = entry.substring(0, eq).trim();
                String value = entry.substring(eq + 1).trim();
                if (!key.isEmpty()) {
                    try {
                        value = java.net.URLDecoder.decode(
                                value.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
                    } catch (IllegalArgumentException ignored) {
                        // a stray '%': keep the value as written
                    }
                    out.put(key, value);
                }
            }
            return out;
        }

        private static URI parse(String value, String variable) {
            try {
                return checkHttp(new URI(value), variable);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(
                        "Read " + variable + ": '" + value + "' is not a valid URL (" + e.getMessage() + ")", e);
            }
        }

        private static URI checkHttp(URI uri, String what) {
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new IllegalArgumentException(
                        "Read " + what + ": '" + uri + "' is not an absolute http(s) URL with a host");
            }
            return uri;
        }

        private static void putIfSet(Map<String, Object> resource, String key, String value) {
            String v = blankToNull(value);
            if (v != null) {
                resource.put(key, v);
            }
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value;
        }
    }

    /** The wrapped handler: a named class rather than a lambda, which would spin a class at first use. */
    private static final class Traced implements Handler {
        private final Handler next;
        private final Tracing tracing;

        Traced(Handler next, Tracing tracing) {
            this.next = next;
            this.tracing = tracing;
        }

        @Override
        public Response handle(Request request) throws Exception {
            InvocationTrace trace = tracing.begin(request);
            if (trace == null) {
                return next.handle(request); // an outer tracing middleware already traces this invocation
            }
            int status = 500;
            Throwable failure = null;
            try {
                Response response = next.handle(request);
                status = response.status();
                return response;
            } catch (HttpException e) {
                status = e.status();
                failure = e;
                throw e;
            } catch (Throwable t) {
                failure = t;
                throw t;
            } finally {
                tracing.finish(trace, request.context(), status, failure);
            }
        }
    }
}
