package dev.thaw.client;

import dev.thaw.Context;
import dev.thaw.DeadlineExceededException;
import dev.thaw.Lazy;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;

/**
 * Outbound HTTP/1.1 client for handlers: keep-alive pool, each call limited to the invocation's remaining
 * time, trace context and request id forwarded. Create one, lazily, and share it.
 *
 * <pre>{@code
 * private static final Lazy<ThawClient> CLIENT = Lazy.of(ThawClient::create);
 *
 * Response sync(Request request) {
 *     OutboundResponse r = CLIENT.get().postJson(SYNC_URI, new SyncJob("42"), request.context());
 *     return Response.status(r.isSuccess() ? 202 : 502);
 * }
 * }</pre>
 *
 * <p>Each call's timeout is the smaller of its own ({@link OutboundRequest#timeout()} or the client's
 * default) and {@code context.remainingMillis() - deadlineMargin}. Below 1 ms the call is not sent and
 * {@link DeadlineExceededException} (answered as 504) is thrown; it is also thrown when the deadline runs
 * out while waiting. Running past its own timeout throws {@link OutboundTimeoutException}; any other failure
 * {@link OutboundException}. Idempotent calls (GET, HEAD, PUT, DELETE, OPTIONS) are retried at most twice,
 * only when the connection failed before any response byte arrived, and never past the budget.
 */
public final class ThawClient {

    private static final int MAX_RETRIES = 2;
    private static final long FIRST_BACKOFF_MILLIS = 20;

    private final long connectTimeoutMillis;
    private final long requestTimeoutMillis;
    private final long marginMillis;
    private final ConnectionPool pool;
    private final Lazy<SSLSocketFactory> tls;
    private final OutboundObserver observer;

    private ThawClient(Builder b) {
        this.connectTimeoutMillis = b.connectTimeout.toMillis();
        this.requestTimeoutMillis = b.requestTimeout.toMillis();
        this.marginMillis = b.deadlineMargin.toMillis();
        this.pool = new ConnectionPool(b.maxConnectionsPerHost, b.idleTimeout.toNanos());
        this.tls = Lazy.of(new TlsSockets(b.sslContext, b.trustStore));
        this.observer = b.observer;
    }

    /** Returns a client with the defaults listed on {@link Builder}. */
    public static ThawClient create() {
        return builder().build();
    }

    /** Returns a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Sends {@code request} within the invocation's remaining time and returns the whole response.
     *
     * @param request the request
     * @param context the invocation: its deadline limits the call, its trace header and request id are sent
     * @return the response, whatever its status
     * @throws DeadlineExceededException when too little time is left to send, or the deadline ran out waiting
     * @throws OutboundTimeoutException when the call's own timeout ran out
     * @throws OutboundException when connecting, TLS, or reading the response failed
     */
    public OutboundResponse send(OutboundRequest request, Context context) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(context, "context");
        if (observer == null) {
            return call(request, context, Map.of());
        }
        OutboundObserver.Call observed = ObservedCall.start(observer, request, context);
        if (observed == null) {
            return call(request, context, Map.of());
        }
        OutboundResponse response;
        try {
            response = call(request, context, ObservedCall.headers(observed, request));
        } catch (RuntimeException e) {
            ObservedCall.failed(observed, request, e);
            throw e;
        }
        ObservedCall.succeeded(observed, request, response.status());
        return response;
    }

    private OutboundResponse call(OutboundRequest request, Context context, Map<String, String> observerHeaders) {
        String call = request.toString();
        long own = request.timeout() != null ? request.timeout().toMillis() : requestTimeoutMillis;
        long remaining = context.remainingMillis();
        CallBudget budget = CallBudget.of(own, remaining, marginMillis);
        if (budget.exhausted()) {
            throw new DeadlineExceededException(downstream(call) + ": not sent, " + remaining
                    + " ms left before the deadline and "
                    + marginMillis + " ms kept as margin");
        }
        if (context.isCancelled()) {
            throw new DeadlineExceededException(downstream(call) + ": not sent, the invocation was cancelled");
        }
        long endNanos = System.nanoTime() + budget.millis() * 1_000_000L;
        CancelGuard guard = new CancelGuard();
        context.onCancel(guard);
        try {
            return exchange(request, context, observerHeaders, call, budget, endNanos, guard);
        } finally {
            guard.finish();
            context.removeOnCancel(guard);
        }
    }

    private OutboundResponse exchange(
            OutboundRequest request,
            Context context,
            Map<String, String> observerHeaders,
            String call,
            CallBudget budget,
            long endNanos,
            CancelGuard guard) {
        byte[] bytes = Http1.encode(request, forwardedHeaders(context, observerHeaders));
        URI uri = request.uri();
        boolean https = uri.getScheme().equalsIgnoreCase("https");
        String host = unbracket(uri.getHost());
        int port = uri.getPort() >= 0 ? uri.getPort() : https ? 443 : 80;
        String key = (https ? "https://" : "http://") + host.toLowerCase(Locale.ROOT) + ":" + port;
        boolean idempotent = request.isIdempotent();
        int retries = 0;
        boolean fresh = false;
        while (true) {
            Connection c = fresh ? null : pool.take(key);
            boolean pooled = c != null;
            try {
                if (c == null) {
                    c = Connection.open(key, host, port, https ? tls.get() : null, connectTimeoutMillis, endNanos);
                }
            } catch (IOException e) {
                if (System.nanoTime() - endNanos >= 0) {
                    throw timedOut(call, budget, e);
                }
                if (idempotent && isRetriable(e) && !context.isCancelled() && backOff(retries, endNanos)) {
                    retries++;
                    continue;
                }
                throw failed(call, "connect to " + host + ":" + port, e);
            }
            if (!guard.watch(c)) {
                c.close();
                throw cancelled(call);
            }
            try {
                c.write(bytes);
                Http1.Result r = Http1.read(c, request.method(), endNanos);
                guard.watch(null);
                if (r.reusable() && !c.hasBuffered()) {
                    pool.release(c);
                } else {
                    c.close();
                }
                return new OutboundResponse(call, r.status(), r.headers(), r.body());
            } catch (SocketTimeoutException e) {
                c.close();
                throw timedOut(call, budget, e);
            } catch (IOException e) {
                c.close();
                if (context.isCancelled()) {
                    throw cancelled(call);
                }
                boolean beforeResponse = !c.responseStarted();
                if (pooled && beforeResponse && idempotent && !fresh) {
                    // A pooled connection the server had already closed: one retry on a fresh one.
                    fresh = true;
                    continue;
                }
                fresh = true;
                if (beforeResponse && idempotent && isRetriable(e) && backOff(retries, endNanos)) {
                    retries++;
                    continue;
                }
                throw failed(call, beforeResponse ? "send request" : "read response", e);
            }
        }
    }

    /**
     * Sends a GET with {@code Accept: application/json} and reads a 2xx body as {@code type}.
     *
     * @throws OutboundException when the status is not 2xx or the body is not JSON of that shape; and as
     *     {@link #send}
     */
    public <T> T getJson(URI uri, Class<T> type, Context context) {
        OutboundRequest request = OutboundRequest.builder("GET", uri)
                .header("accept", "application/json")
                .build();
        OutboundResponse response = send(request, context);
        if (!response.isSuccess()) {
            throw new OutboundException(
                    request + ": status " + response.status() + ", expected 2xx with a JSON body", null);
        }
        return response.json(type);
    }

    /**
     * POSTs {@code value} as JSON (thaw's codec) with {@code Accept: application/json}.
     *
     * @return the response, whatever its status; read it with {@link OutboundResponse#json(Class)}
     */
    public OutboundResponse postJson(URI uri, Object value, Context context) {
        return send(
                OutboundRequest.builder("POST", uri)
                        .header("accept", "application/json")
                        .json(value)
                        .build(),
                context);
    }

    /**
     * Closes every idle pooled connection. Call it after a SnapStart restore: connections pooled before the
     * snapshot point at sockets that no longer exist.
     *
     * @return how many connections were closed
     */
    public int evictIdle() {
        return pool.evictAll();
    }

    /**
     * Creates the TLS context now rather than on the first https call; call it while priming (AOT training,
     * before a SnapStart checkpoint).
     */
    public void primeTls() {
        tls.get();
    }

    ConnectionPool pool() {
        return pool;
    }

    private static Map<String, String> forwardedHeaders(Context context, Map<String, String> observerHeaders) {
        Map<String, String> extra = new LinkedHashMap<>(4);
        String trace = context.traceHeader();
        if (trace != null && !trace.isEmpty()) {
            extra.put("X-Amzn-Trace-Id", trace);
            String traceparent = TraceContext.traceparent(trace);
            if (traceparent != null) {
                extra.put("traceparent", traceparent);
            }
        }
        extra.put("X-Request-Id", context.requestId());
        for (Map.Entry<String, String> header : observerHeaders.entrySet()) {
            // Replaces the context-derived header whatever its case: one traceparent, the observer's.
            for (Iterator<String> names = extra.keySet().iterator(); names.hasNext(); ) {
                if (names.next().equalsIgnoreCase(header.getKey())) {
                    names.remove();
                }
            }
            extra.put(header.getKey(), header.getValue());
        }
        return extra;
    }

    private RuntimeException timedOut(String call, CallBudget budget, IOException cause) {
        if (budget.deadlineBound()) {
            return new DeadlineExceededException(downstream(call) + ": no response within " + budget.millis()
                    + " ms, the invocation's remaining time less the " + marginMillis + " ms margin");
        }
        return new OutboundTimeoutException(
                call + ": no response within the " + budget.millis() + " ms timeout", cause);
    }

    private static DeadlineExceededException cancelled(String call) {
        return new DeadlineExceededException(downstream(call) + ": abandoned, the invocation was cancelled");
    }

    /**
     * Names a call for a {@link DeadlineExceededException}, whose detail reaches the HTTP client as the
     * 504 problem: the method only, never the downstream's address ({@code call} is "METHOD uri").
     */
    static String downstream(String call) {
        int space = call.indexOf(' ');
        return "a downstream " + (space > 0 ? call.substring(0, space) : "call");
    }

    private static OutboundException failed(String call, String step, IOException e) {
        String message = call + ": " + step + " failed: " + e;
        return e instanceof SocketTimeoutException
                ? new OutboundTimeoutException(message, e)
                : new OutboundException(message, e);
    }

    /** Connection failures are worth another try; a bad certificate or an unknown host are not. */
    private static boolean isRetriable(IOException e) {
        return !(e instanceof SSLException) && !(e instanceof UnknownHostException);
    }

    /** Sleeps before retry {@code retries + 1} and returns true, or returns false when that would overrun the budget. */
    private static boolean backOff(int retries, long endNanos) {
        if (retries >= MAX_RETRIES) {
            return false;
        }
        long delayMillis = FIRST_BACKOFF_MILLIS << retries;
        if (endNanos - System.nanoTime() <= (delayMillis + 1) * 1_000_000L) {
            return false;
        }
        try {
            Thread.sleep(delayMillis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /**
     * Builds a {@link ThawClient}. Defaults: connect timeout 2 s, request timeout 30 s, deadline margin
     * 50 ms, idle timeout 30 s, JDK default trust, and at most {@code AWS_LAMBDA_MAX_CONCURRENCY} idle
     * connections kept per host (1 on Lambda without it, the invocation concurrency there; 16 elsewhere).
     */
    public static final class Builder {
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration deadlineMargin = Duration.ofMillis(50);
        private Duration idleTimeout = Duration.ofSeconds(30);
        private int maxConnectionsPerHost = defaultMaxConnections();
        private SSLContext sslContext;
        private KeyStore trustStore;
        private OutboundObserver observer;

        private Builder() {}

        /** Sets how long connecting (TCP and TLS handshake start) may take; the call's budget still applies. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connect timeout");
            return this;
        }

        /** Sets the timeout of calls whose request sets none. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "request timeout");
            return this;
        }

        /** Sets the time kept back from the invocation's deadline so the handler can still answer. */
        public Builder deadlineMargin(Duration margin) {
            if (margin.isNegative()) {
                throw new IllegalArgumentException(
                        "Build thaw client: deadline margin must not be negative, was " + margin);
            }
            this.deadlineMargin = margin;
            return this;
        }

        /** Sets how many idle keep-alive connections are kept per host; busier moments open extra ones. */
        public Builder maxConnectionsPerHost(int max) {
            if (max < 1) {
                throw new IllegalArgumentException(
                        "Build thaw client: max connections per host must be at least 1, was " + max);
            }
            this.maxConnectionsPerHost = max;
            return this;
        }

        /** Sets how long a pooled connection may sit idle before it is closed instead of reused. */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = positive(timeout, "idle timeout");
            return this;
        }

        /** Uses {@code context} for https calls (client certificates, own trust managers). */
        public Builder sslContext(SSLContext context) {
            this.sslContext = Objects.requireNonNull(context, "context");
            return this;
        }

        /** Trusts the certificates in {@code trustStore} instead of the JDK's defaults for https calls. */
        public Builder trustStore(KeyStore trustStore) {
            this.trustStore = Objects.requireNonNull(trustStore, "trustStore");
            return this;
        }

        /**
         * Tells {@code observer} about every call (start, headers to add, outcome): how tracing makes client
         * spans and sends their ids downstream.
         */
        public Builder observer(OutboundObserver observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
            return this;
        }

        /** Returns the client. */
        public ThawClient build() {
            return new ThawClient(this);
        }

        private static Duration positive(Duration d, String what) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("Build thaw client: " + what + " must be positive, was " + d);
            }
            return d;
        }

        static int defaultMaxConnections() {
            String concurrency = System.getenv("AWS_LAMBDA_MAX_CONCURRENCY");
            if (concurrency != null) {
                try {
                    int n = Integer.parseInt(concurrency.trim());
                    if (n > 0) {
                        return n;
                    }
                } catch (NumberFormatException ignored) {
                    // fall through to the defaults below
                }
            }
            return System.getenv("AWS_LAMBDA_FUNCTION_NAME") != null ? 1 : 16;
        }
    }
}
