package dev.thaw.metrics;

import dev.thaw.Context;
import dev.thaw.Handler;
import dev.thaw.HttpException;
import dev.thaw.Middleware;
import dev.thaw.Request;
import dev.thaw.Response;
import dev.thaw.internal.AfterResponse;
import dev.thaw.internal.Log;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Writes one CloudWatch Embedded Metric Format (EMF) line to standard output per invocation, when the handler
 * has answered: CloudWatch Logs turns it into metrics, with no network call and no agent.
 *
 * <pre>{@code
 * App app = App.builder()
 *         .use(RequestId.create(), EmfMetrics.middleware("users-api"), Recovery.create())
 *         .routes(...)
 *         .build();
 * }</pre>
 *
 * <p>Every line carries, under the dimension {@code Service} (the function's name on Lambda, else the
 * namespace) plus the builder's dimensions:
 * <ul>
 *   <li>{@code ColdStart} (Count, 1): only on the invocation that paid the cold start;
 *   <li>{@code Duration} (Milliseconds): from this middleware's entry until the handler returned;
 *   <li>{@code Errors} and {@code Faults} (Count, 0 or 1): status 4xx and 5xx. Their Sum counts failures,
 *       their Average is the failure rate, and the SampleCount of {@code Duration} counts requests.
 * </ul>
 * plus what the handler recorded through {@link Metrics#of(Request)}, in a directive of its own with the
 * handler's dimensions added, and the properties {@code requestId} (the invocation id, never a dimension)
 * and {@code statusCode}.
 *
 * <p>A handler that throws is counted with the exception's status ({@link HttpException}) or 500, and the
 * exception goes on; placed outside {@code Recovery} it sees the 500 Recovery answers. A streamed body is
 * measured until the handler returned the response, before the body is written.
 *
 * <p>Recording ends when the handler returns (later {@code Metrics} calls are dropped). Under thaw's
 * Lambda runtime and local server the line is then written once the response has been sent, before the
 * next invocation, so the caller does not wait for it; called directly, before the handler returns.
 */
public final class EmfMetrics implements Middleware {

    /** The dimension naming the service, always first. */
    public static final String SERVICE = "Service";

    static final String COLD_START = "ColdStart";
    static final String DURATION = "Duration";
    static final String ERRORS = "Errors";
    static final String FAULTS = "Faults";
    static final String REQUEST_ID = "requestId";
    static final String STATUS_CODE = "statusCode";

    private final String namespace;
    private final Map<String, String> dimensions;
    // The same dimensions as arrays: writing a line walks these, not the map, which would load its
    // iterator and view classes on the first request.
    private final String[] dimensionNames;
    private final String[] dimensionValues;
    private final Consumer<String> sink;
    // What every line repeats, made once: the built-in metrics' directive with and without ColdStart, and
    // the dimension members.
    private final String builtInCold;
    private final String builtInWarm;
    private final String dimensionMembers;

    private EmfMetrics(Builder b) {
        this.namespace = b.namespace;
        LinkedHashMap<String, String> dims = new LinkedHashMap<>();
        String service = b.service;
        if (service == null) {
            String function = System.getenv("AWS_LAMBDA_FUNCTION_NAME");
            service = function != null && !function.isBlank() ? function : namespace;
        }
        dims.put(SERVICE, service);
        dims.putAll(b.dimensions);
        this.dimensions = Collections.unmodifiableMap(dims);
        this.dimensionNames = new String[dims.size()];
        this.dimensionValues = new String[dims.size()];
        int i = 0;
        for (Map.Entry<String, String> d : dims.entrySet()) {
            dimensionNames[i] = d.getKey();
            dimensionValues[i++] = d.getValue();
        }
        this.sink = b.sink != null ? b.sink : Log.stdout();
        this.builtInCold = EmfLine.builtInDirective(this, true);
        this.builtInWarm = EmfLine.builtInDirective(this, false);
        this.dimensionMembers = EmfLine.dimensionMembers(this);
    }

    /**
     * Returns the middleware for {@code namespace}, writing to standard output.
     *
     * @param namespace the CloudWatch namespace: 1 to 255 of letters, digits and {@code . - _ / # :} or space,
     *     not starting with {@code AWS/}
     * @return the middleware
     * @throws IllegalArgumentException when the namespace is invalid
     */
    public static EmfMetrics middleware(String namespace) {
        return builder(namespace).build();
    }

    /**
     * Returns a builder for {@code namespace}.
     *
     * @param namespace the CloudWatch namespace, as for {@link #middleware(String)}
     * @return the builder
     * @throws IllegalArgumentException when the namespace is invalid
     */
    public static Builder builder(String namespace) {
        return new Builder(namespace);
    }

    /** Returns the CloudWatch namespace. */
    public String namespace() {
        return namespace;
    }

    /** Returns the dimensions of the built-in metrics, {@link #SERVICE} first. */
    public Map<String, String> dimensions() {
        return dimensions;
    }

    @Override
    public Handler wrap(Handler next) {
        return new Measured(next, this);
    }

    int dimensionCount() {
        return dimensionNames.length;
    }

    String[] dimensionNames() {
        return dimensionNames;
    }

    String[] dimensionValues() {
        return dimensionValues;
    }

    String builtInDirective(boolean coldStart) {
        return coldStart ? builtInCold : builtInWarm;
    }

    String dimensionMembers() {
        return dimensionMembers;
    }

    /** Returns what {@code name} already is on every line ("a built-in metric"…), or null when it is free. */
    String reservedKind(String name) {
        if (name.equals(COLD_START) || name.equals(DURATION) || name.equals(ERRORS) || name.equals(FAULTS)) {
            return "a built-in metric";
        }
        if (dimensions.containsKey(name)) {
            return "a dimension of the metrics middleware";
        }
        if (name.equals(REQUEST_ID) || name.equals(STATUS_CODE) || name.equals("_aws")) {
            return "a built-in member";
        }
        return null;
    }

    void emit(String line) {
        try {
            sink.accept(line);
        } catch (RuntimeException e) {
            // Metrics must never fail the invocation they describe.
            Log.standard()
                    .write(
                            Log.WARN,
                            "dev.thaw.metrics",
                            "write the metrics line of namespace " + namespace + " failed: " + e);
        }
    }

    /** Builds an {@link EmfMetrics}. */
    public static final class Builder {
        private final String namespace;
        private String service;
        private final Map<String, String> dimensions = new LinkedHashMap<>();
        private Consumer<String> sink;

        private Builder(String namespace) {
            this.namespace = checkNamespace(namespace);
        }

        /** Sets the {@link #SERVICE} dimension's value (default: {@code AWS_LAMBDA_FUNCTION_NAME}, else the namespace). */
        public Builder service(String service) {
            Metrics.checkName("value of dimension " + SERVICE + ",", service, 1024);
            this.service = service;
            return this;
        }

        /**
         * Adds a dimension to every metric ({@code Stage=prod}, say).
         *
         * @throws IllegalArgumentException when the name or value is invalid, or there would be more than 30
         */
        public Builder dimension(String name, String value) {
            Metrics.checkName("dimension", name, 255);
            Metrics.checkName("value of dimension " + name + ",", value, 1024);
            if (name.equals(SERVICE)) {
                throw new IllegalArgumentException("Add dimension " + SERVICE + ": set it with service(...)");
            }
            if (!dimensions.containsKey(name) && dimensions.size() + 1 >= Metrics.MAX_DIMENSIONS) {
                throw new IllegalArgumentException("Add dimension " + name + ": at most " + Metrics.MAX_DIMENSIONS
                        + " dimensions, Service included");
            }
            dimensions.put(name, value);
            return this;
        }

        /** Hands each line to {@code sink} instead of standard output (tests, another log stream). */
        public Builder sink(Consumer<String> sink) {
            this.sink = Objects.requireNonNull(sink, "sink");
            return this;
        }

        /** Returns the middleware. */
        public EmfMetrics build() {
            return new EmfMetrics(this);
        }

        private static String checkNamespace(String namespace) {
            Metrics.checkName("namespace", namespace, 255);
            for (int i = 0; i < namespace.length(); i++) {
                char c = namespace.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z')
                        || (c >= 'A' && c <= 'Z')
                        || (c >= '0' && c <= '9')
                        || ".-_/#: ".indexOf(c) >= 0;
                if (!ok) {
                    throw new IllegalArgumentException("Create metrics for namespace '" + namespace
                            + "': only letters, digits, space and . - _ / # : are allowed, found '" + c + "'");
                }
            }
            if (namespace.startsWith("AWS/")) {
                throw new IllegalArgumentException(
                        "Create metrics for namespace '" + namespace + "': AWS/ is reserved for AWS services");
            }
            return namespace;
        }
    }

    /** The wrapped handler: a named class rather than a lambda, which would spin a class at start-up. */
    private static final class Measured implements Handler {
        private final Handler next;
        private final EmfMetrics owner;

        Measured(Handler next, EmfMetrics owner) {
            this.next = next;
            this.owner = owner;
        }

        @Override
        public Response handle(Request request) throws Exception {
            Context context = request.context();
            if (context.priming()) {
                // Synthetic requests before a snapshot are not traffic: no data points for them.
                return next.handle(request);
            }
            Metrics metrics = Metrics.begin(context, owner);
            if (metrics == null) {
                // An outer metrics middleware already records this invocation: one line per invocation.
                return next.handle(request);
            }
            long startMillis = System.currentTimeMillis();
            long startNanos = System.nanoTime();
            int status = 500;
            try {
                Response response = next.handle(request);
                status = response.status();
                return response;
            } catch (HttpException e) {
                status = e.status();
                throw e;
            } finally {
                double millis = Math.round((System.nanoTime() - startNanos) / 1_000.0) / 1_000.0;
                metrics.close(context);
                AfterResponse.later(new Line(owner, metrics, context, startMillis, millis, status));
            }
        }
    }

    /** One invocation's line, written once the response is sent (or at once where no runtime defers it). */
    private static final class Line implements Runnable {
        private final EmfMetrics owner;
        private final Metrics metrics;
        private final Context context;
        private final long startMillis;
        private final double millis;
        private final int status;

        Line(EmfMetrics owner, Metrics metrics, Context context, long startMillis, double millis, int status) {
            this.owner = owner;
            this.metrics = metrics;
            this.context = context;
            this.startMillis = startMillis;
            this.millis = millis;
            this.status = status;
        }

        @Override
        public void run() {
            owner.emit(metrics.line(context, startMillis, millis, status));
        }
    }
}
