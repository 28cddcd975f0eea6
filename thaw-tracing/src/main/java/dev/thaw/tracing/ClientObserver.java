package dev.thaw.tracing;

import dev.thaw.Context;
import dev.thaw.client.OutboundObserver;
import java.net.URI;
import java.util.Map;

/**
 * Makes a client span for each call a {@code ThawClient} makes inside a traced invocation, and sends that
 * span's id downstream as the {@code traceparent} parent.
 */
final class ClientObserver implements OutboundObserver {

    static final ClientObserver INSTANCE = new ClientObserver();

    private ClientObserver() {}

    @Override
    public Call start(String method, URI uri, Context context) {
        InvocationTrace trace = InvocationTrace.of(context);
        if (trace == null) {
            return null;
        }
        Span span = trace.startClient(method, uri);
        if (span == null) {
            return null;
        }
        span.attribute("http.request.method", method)
                .attribute("server.address", host(uri))
                .attribute("server.port", (long) port(uri))
                .attribute("url.full", withoutQuery(uri));
        return new ClientCall(trace, span);
    }

    private static String host(URI uri) {
        String host = uri.getHost();
        return host != null && host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** The URL without user info, query or fragment: those may carry credentials or personal data. */
    static String withoutQuery(URI uri) {
        StringBuilder url =
                new StringBuilder(64).append(uri.getScheme()).append("://").append(uri.getHost());
        if (uri.getPort() >= 0) {
            url.append(':').append(uri.getPort());
        }
        String path = uri.getRawPath();
        return url.append(path == null || path.isEmpty() ? "/" : path).toString();
    }

    /** One observed call: a client span ended with the call's outcome. */
    private static final class ClientCall implements Call {
        private final InvocationTrace trace;
        private final Span span;

        ClientCall(InvocationTrace trace, Span span) {
            this.trace = trace;
            this.span = span;
        }

        @Override
        public Map<String, String> headers() {
            return Map.of("traceparent", span.traceparent());
        }

        @Override
        public void succeeded(int status) {
            span.attribute("http.response.status_code", (long) status);
            if (status >= 400) {
                // For a client span every 4xx and 5xx is an error (OpenTelemetry HTTP conventions).
                span.attribute("error.type", Integer.toString(status));
                span.fail(null);
            }
            span.end(trace.epochNanosNow());
        }

        @Override
        public void failed(RuntimeException failure) {
            span.attribute("error.type", failure.getClass().getName());
            span.fail(failure.getMessage());
            span.end(trace.epochNanosNow());
        }
    }
}
