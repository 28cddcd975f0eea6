package dev.thaw.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thaw.Context;
import dev.thaw.DeadlineExceededException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class OutboundObserverTest {

    private static final String TRACE = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
    private static final String CLIENT_PARENT = "00-5759e988bd862e3fe1be46a994272793-00f067aa0ba902b7-01";

    /** Records every callback as a line and asks for {@code headers} on each call. */
    static final class Recording implements OutboundObserver {
        final List<String> events = new CopyOnWriteArrayList<>();
        final Map<String, String> headers;

        Recording(Map<String, String> headers) {
            this.headers = headers;
        }

        @Override
        public Call start(String method, URI uri, Context context) {
            events.add("start " + method + " " + uri.getPath() + " " + context.requestId());
            return new Call() {
                @Override
                public Map<String, String> headers() {
                    return headers;
                }

                @Override
                public void succeeded(int status) {
                    events.add("succeeded " + status);
                }

                @Override
                public void failed(RuntimeException failure) {
                    events.add("failed " + failure.getClass().getSimpleName());
                }
            };
        }
    }

    @Test
    void reportsStartAndStatusOfEachCall() throws Exception {
        Recording observer = new Recording(Map.of());
        ThawClient client = ThawClient.builder().observer(observer).build();
        try (RawServer server = RawServer.answering("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")) {
            Context context = Context.builder().requestId("req-1").build();

            OutboundResponse response = client.send(OutboundRequest.get(server.uri("/a")), context);

            assertThat(response.status()).isEqualTo(404);
            assertThat(observer.events).containsExactly("start GET /a req-1", "succeeded 404");
        }
    }

    @Test
    void replacesTheForwardedTraceparentWithTheObserversWhateverItsCase() throws Exception {
        Recording observer = new Recording(Map.of("TraceParent", CLIENT_PARENT));
        ThawClient client = ThawClient.builder().observer(observer).build();
        List<String> heads = new CopyOnWriteArrayList<>();
        try (RawServer server = RawServer.start((s, srv) -> {
            heads.add(readHead(s.getInputStream()));
            s.getOutputStream().write(RawServer.ok("").getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
        })) {
            Context context = Context.builder().traceHeader(TRACE).build();

            client.send(OutboundRequest.get(server.uri("/t")), context);

            String head = heads.get(0).toLowerCase(Locale.ROOT);
            assertThat(head).contains("\r\ntraceparent: " + CLIENT_PARENT + "\r\n");
            assertThat(head)
                    .containsOnlyOnce("traceparent:")
                    .contains("x-amzn-trace-id: " + TRACE.toLowerCase(Locale.ROOT));
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }

    @Test
    void reportsACallNotSentForLackOfTimeAsFailed() {
        Recording observer = new Recording(Map.of());
        ThawClient client = ThawClient.builder().observer(observer).build();
        Context context = Context.builder()
                .deadlineMillis(System.currentTimeMillis() + 10)
                .build();

        assertThatThrownBy(() -> client.send(OutboundRequest.get(URI.create("http://127.0.0.1:9/x")), context))
                .isInstanceOf(DeadlineExceededException.class);
        assertThat(observer.events).hasSize(2).last().isEqualTo("failed DeadlineExceededException");
    }

    @Test
    void reportsAConnectionFailureAsFailed() throws Exception {
        Recording observer = new Recording(Map.of());
        ThawClient client = ThawClient.builder().observer(observer).build();
        // Each connection is closed at once, before any response byte. (A port freed by closing a server
        // is not a reliable failure: another test's server may be given it again.)
        try (RawServer server = RawServer.start((socket, raw) -> {})) {
            URI hangsUp = server.uri("/gone");

            assertThatThrownBy(() ->
                            client.send(OutboundRequest.builder("POST", hangsUp).build(), Context.direct()))
                    .isInstanceOf(OutboundException.class);
        }
        assertThat(observer.events).last().isEqualTo("failed OutboundException");
    }

    @Test
    void neverFailsACallBecauseTheObserverThrows() throws Exception {
        OutboundObserver broken = new OutboundObserver() {
            @Override
            public Call start(String method, URI uri, Context context) {
                throw new IllegalStateException("observer broke");
            }
        };
        ThawClient client = ThawClient.builder().observer(broken).build();
        try (RawServer server = RawServer.answering(RawServer.ok("fine"))) {
            OutboundResponse response = client.send(OutboundRequest.get(server.uri("/")), Context.direct());

            assertThat(response.text()).isEqualTo("fine");
        }
    }
}
