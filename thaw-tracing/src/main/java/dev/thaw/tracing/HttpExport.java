package dev.thaw.tracing;

import dev.thaw.Context;
import dev.thaw.Lazy;
import dev.thaw.client.OutboundRequest;
import dev.thaw.client.OutboundResponse;
import dev.thaw.client.ThawClient;
import dev.thaw.internal.Log;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * POSTs each batch as OTLP/HTTP with a JSON body to a collector's traces endpoint, through a
 * {@link ThawClient} of its own (no observer, so exporting never makes spans), within a short timeout and the
 * invocation's deadline. A failure or a non-2xx answer is reported on standard error, never thrown.
 */
final class HttpExport implements SpanExport {

    private final URI endpoint;
    private final Map<String, String> headers;
    private final Duration timeout;
    private final Lazy<ThawClient> client;

    HttpExport(URI endpoint, Map<String, String> headers, Duration timeout) {
        this.endpoint = endpoint;
        this.headers = Map.copyOf(headers);
        this.timeout = timeout;
        this.client = Lazy.of(new NewClient(timeout));
    }

    URI endpoint() {
        return endpoint;
    }

    @Override
    public void export(String json, int spans, Context invocation) {
        try {
            OutboundRequest.Builder request = OutboundRequest.builder("POST", endpoint)
                    .body(json, "application/json")
                    .timeout(timeout);
            for (Map.Entry<String, String> header : headers.entrySet()) {
                request.header(header.getKey(), header.getValue());
            }
            Context bounded = Context.builder()
                    .requestId(invocation.requestId())
                    .deadlineMillis(invocation.deadlineMillis())
                    .build();
            OutboundResponse response = client.get().send(request.build(), bounded);
            if (!response.isSuccess()) {
                String body = response.text();
                Log.standard()
                        .write(
                                Log.WARN,
                                "dev.thaw.tracing",
                                "export " + spans + " spans to " + endpoint
                                        + ": the collector answered " + response.status() + " "
                                        + (body.length() > 200 ? body.substring(0, 200) + "…" : body));
            }
        } catch (RuntimeException e) {
            Log.standard()
                    .write(Log.WARN, "dev.thaw.tracing", "export " + spans + " spans to " + endpoint + " failed: " + e);
        }
    }

    /** Makes the exporter's client on the first export; a named class, as a lambda would spin one. */
    private static final class NewClient implements Supplier<ThawClient> {
        private final Duration timeout;

        NewClient(Duration timeout) {
            this.timeout = timeout;
        }

        @Override
        public ThawClient get() {
            return ThawClient.builder()
                    .connectTimeout(timeout)
                    .requestTimeout(timeout)
                    .maxConnectionsPerHost(2)
                    .build();
        }
    }
}
