package dev.thaw.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thaw.Context;
import dev.thaw.DeadlineExceededException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ThawClientTest {

    private static final String TRACE = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";

    private final ThawClient client =
            ThawClient.builder().maxConnectionsPerHost(2).build();

    private static Context deadlineIn(long millis) {
        return Context.builder()
                .deadlineMillis(System.currentTimeMillis() + millis)
                .build();
    }

    @Test
    void failsFastWithoutSendingWhenTheDeadlineIsCloserThanTheMargin() throws Exception {
        try (RawServer server = RawServer.answering(RawServer.ok("hi"))) {
            assertThatThrownBy(() -> client.send(OutboundRequest.get(server.uri("/")), deadlineIn(40)))
                    .isInstanceOf(DeadlineExceededException.class)
                    .hasMessageContaining("a downstream GET")
                    .hasMessageContaining("not sent")
                    // the detail becomes the 504 body: never the downstream's address
                    .hasMessageNotContaining("127.0.0.1");
            Thread.sleep(50);
            assertThat(server.accepted()).isZero();
        }
    }

    @Test
    void answersDeadlineExceededBeforeTheDeadlineWhenTheServerNeverAnswers() throws Exception {
        try (RawServer server = RawServer.start((s, srv) -> {
            srv.readRequest(s.getInputStream());
            Thread.sleep(10_000);
        })) {
            Context context = deadlineIn(300);
            long start = System.nanoTime();

            assertThatThrownBy(() -> client.send(OutboundRequest.get(server.uri("/slow")), context))
                    .isInstanceOf(DeadlineExceededException.class)
                    .hasMessageContaining("a downstream GET: no response within")
                    .hasMessageNotContaining("/slow");
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(context.remainingMillis()).isPositive();
            assertThat(tookMillis).isBetween(200L, 299L);
        }
    }

    @Test
    void abandonsTheCallWhenTheInvocationIsCancelled() throws Exception {
        try (RawServer server = RawServer.start((s, srv) -> {
            srv.readRequest(s.getInputStream());
            Thread.sleep(10_000);
        })) {
            Context context = deadlineIn(5_000);
            Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                context.cancel();
            });
            long start = System.nanoTime();

            assertThatThrownBy(() -> client.send(OutboundRequest.get(server.uri("/slow")), context))
                    .isInstanceOf(DeadlineExceededException.class)
                    .hasMessageContaining("cancelled");
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);
            assertThatThrownBy(() -> client.send(OutboundRequest.get(server.uri("/")), context))
                    .isInstanceOf(DeadlineExceededException.class)
                    .hasMessageContaining("not sent");
        }
    }

    @Test
    void throwsOutboundTimeoutWhenTheCallsOwnTimeoutRunsOut() throws Exception {
        try (RawServer server = RawServer.start((s, srv) -> {
            srv.readRequest(s.getInputStream());
            Thread.sleep(10_000);
        })) {
            OutboundRequest request = OutboundRequest.builder("GET", server.uri("/slow"))
                    .timeout(Duration.ofMillis(150))
                    .build();

            assertThatThrownBy(() -> client.send(request, deadlineIn(5_000)))
                    .isInstanceOf(OutboundTimeoutException.class)
                    .hasMessageContaining("150 ms timeout");
        }
    }

    @Test
    void reusesOneConnectionForSequentialCalls() throws Exception {
        try (RawServer server = RawServer.answering(RawServer.ok("pong"))) {
            for (int i = 0; i < 5; i++) {
                OutboundResponse response = client.send(OutboundRequest.get(server.uri("/ping")), Context.direct());
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.text()).isEqualTo("pong");
            }
            assertThat(server.accepted()).isEqualTo(1);
            assertThat(server.received()).hasSize(5);
        }
    }

    @Test
    void opensExtraConnectionsUnderConcurrencyWithoutWaitingAndKeepsAtMostTheLimit() throws Exception {
        int calls = 6;
        CountDownLatch allArrived = new CountDownLatch(calls);
        try (RawServer server = RawServer.start((s, srv) -> {
                    while (srv.readRequest(s.getInputStream()) != null) {
                        allArrived.countDown();
                        // Answer only once every call is in flight: proves none waited for a pooled connection.
                        allArrived.await(5, TimeUnit.SECONDS);
                        s.getOutputStream().write(RawServer.ok("ok").getBytes(StandardCharsets.ISO_8859_1));
                    }
                });
                ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<OutboundResponse>> futures = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                futures.add(pool.submit(() -> client.send(OutboundRequest.get(server.uri("/")), deadlineIn(3_000))));
            }
            for (Future<OutboundResponse> f : futures) {
                assertThat(f.get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
            }
            assertThat(server.accepted()).isEqualTo(calls);
            String key = "http://127.0.0.1:" + server.uri("/").getPort();
            assertThat(client.pool().idleCount(key)).isEqualTo(2);

            client.send(OutboundRequest.get(server.uri("/")), Context.direct());
            client.send(OutboundRequest.get(server.uri("/")), Context.direct());
            assertThat(server.accepted()).isEqualTo(calls);
        }
    }

    /** Answers one request per connection but claims keep-alive, so the pooled connection goes stale. */
    private static RawServer closingAfterEachResponse() throws Exception {
        return RawServer.start((s, srv) -> {
            srv.readRequest(s.getInputStream());
            s.getOutputStream().write(RawServer.ok("once").getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
        });
    }

    @Test
    void retriesAStalePooledConnectionOnceForGet() throws Exception {
        try (RawServer server = closingAfterEachResponse()) {
            client.send(OutboundRequest.get(server.uri("/a")), Context.direct());
            Thread.sleep(50);

            OutboundResponse second = client.send(OutboundRequest.get(server.uri("/b")), Context.direct());

            assertThat(second.text()).isEqualTo("once");
            assertThat(server.accepted()).isEqualTo(2);
        }
    }

    @Test
    void doesNotRetryAStalePooledConnectionForPost() throws Exception {
        try (RawServer server = closingAfterEachResponse()) {
            client.send(OutboundRequest.get(server.uri("/a")), Context.direct());
            Thread.sleep(50);
            OutboundRequest post = OutboundRequest.builder("POST", server.uri("/b"))
                    .body("{}", "application/json")
                    .build();

            assertThatThrownBy(() -> client.send(post, Context.direct()))
                    .isInstanceOf(OutboundException.class)
                    .hasMessageStartingWith("POST " + server.uri("/b") + ": ");
            assertThat(server.accepted()).isEqualTo(1);
        }
    }

    @Test
    void retriesIdempotentCallsTwiceWhenTheConnectionDropsBeforeAResponse() throws Exception {
        try (RawServer server = RawServer.start((s, srv) -> {})) {
            assertThatThrownBy(() -> client.send(OutboundRequest.get(server.uri("/")), Context.direct()))
                    .isInstanceOf(OutboundException.class)
                    .hasMessageContaining("GET " + server.uri("/"));
            assertThat(server.accepted()).isEqualTo(3);
        }
    }

    @Test
    void neverRetriesPost() throws Exception {
        try (RawServer server = RawServer.start((s, srv) -> {})) {
            OutboundRequest post =
                    OutboundRequest.builder("POST", server.uri("/")).build();

            assertThatThrownBy(() -> client.send(post, Context.direct())).isInstanceOf(OutboundException.class);
            assertThat(server.accepted()).isEqualTo(1);
        }
    }

    @Test
    void stopsRetryingAtTheDeadline() throws Exception {
        try (RawServer server = RawServer.start((s, srv) -> {})) {
            // 50 ms margin + 30 ms budget: room for the 20 ms backoff, not for the 40 ms one.
            Context context = deadlineIn(80);

            assertThatThrownBy(() -> client.send(OutboundRequest.get(server.uri("/")), context))
                    .isInstanceOf(OutboundException.class);
            assertThat(context.remainingMillis()).isPositive();
            assertThat(server.accepted()).isBetween(1, 2);
        }
    }

    @Test
    void failsWithTheTargetWhenNothingListens() throws Exception {
        // A socket bound but never listening holds the port, so no other server can be handed it meanwhile
        // and a connect to it is refused (a port freed by closing a server can be reused by another).
        try (Socket reserved = new Socket()) {
            reserved.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            URI uri = URI.create("http://127.0.0.1:" + reserved.getLocalPort() + "/gone");

            assertThatThrownBy(() -> client.send(OutboundRequest.get(uri), Context.direct()))
                    .isInstanceOf(OutboundException.class)
                    .hasMessageContaining("GET " + uri + ": connect to 127.0.0.1:" + uri.getPort() + " failed");
        }
    }

    @Test
    void forwardsTraceHeaderTraceparentAndRequestId() throws Exception {
        try (RawServer server = RawServer.answering(RawServer.ok(""))) {
            Context context =
                    Context.builder().requestId("req-123").traceHeader(TRACE).build();

            client.send(OutboundRequest.get(server.uri("/t?x=1")), context);

            RawServer.Received r = server.received().get(0);
            assertThat(r.target()).isEqualTo("/t?x=1");
            assertThat(r.headers())
                    .containsEntry("x-amzn-trace-id", TRACE)
                    .containsEntry("traceparent", "00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01")
                    .containsEntry("x-request-id", "req-123")
                    .containsEntry("host", "127.0.0.1:" + server.uri("/").getPort());
        }
    }

    @Test
    void keepsForwardedHeadersTheCallerSet() throws Exception {
        try (RawServer server = RawServer.answering(RawServer.ok(""))) {
            Context context =
                    Context.builder().requestId("req-123").traceHeader(TRACE).build();
            OutboundRequest request = OutboundRequest.builder("GET", server.uri("/"))
                    .header("traceparent", "00-11111111111111111111111111111111-2222222222222222-00")
                    .header("X-Request-Id", "mine")
                    .build();

            client.send(request, context);

            assertThat(server.received().get(0).headers())
                    .containsEntry("traceparent", "00-11111111111111111111111111111111-2222222222222222-00")
                    .containsEntry("x-request-id", "mine")
                    .containsEntry("x-amzn-trace-id", TRACE);
        }
    }

    @Test
    void readsAChunkedResponseAndKeepsTheConnection() throws Exception {
        String chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n"
                + "5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nTrailer: x\r\n\r\n";
        try (RawServer server = RawServer.answering(chunked)) {
            OutboundResponse first = client.send(OutboundRequest.get(server.uri("/")), Context.direct());
            OutboundResponse second = client.send(OutboundRequest.get(server.uri("/")), Context.direct());

            assertThat(first.text()).isEqualTo("hello, world");
            assertThat(first.headers().first("content-type")).hasValue("text/plain");
            assertThat(second.text()).isEqualTo("hello, world");
            assertThat(server.accepted()).isEqualTo(1);
        }
    }

    @Test
    void readsABodyDelimitedByConnectionClose() throws Exception {
        try (RawServer server = RawServer.start((s, srv) -> {
            srv.readRequest(s.getInputStream());
            s.getOutputStream().write("HTTP/1.0 200 OK\r\n\r\nuntil the end".getBytes(StandardCharsets.ISO_8859_1));
        })) {
            assertThat(client.send(OutboundRequest.get(server.uri("/")), Context.direct())
                            .text())
                    .isEqualTo("until the end");
        }
    }

    @Test
    void postsAndReadsJson() throws Exception {
        String json = "{\"id\":\"42\",\"tags\":[\"a\",\"b\"]}";
        try (RawServer server = RawServer.start((s, srv) -> {
            RawServer.Received r;
            while ((r = srv.readRequest(s.getInputStream())) != null) {
                String body = r.method().equals("POST") ? r.text() : json;
                String head = "HTTP/1.1 " + (r.method().equals("POST") ? 201 : 200)
                        + " X\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n";
                s.getOutputStream().write((head + body).getBytes(StandardCharsets.UTF_8));
            }
        })) {
            OutboundResponse posted = client.postJson(server.uri("/users"), Map.of("name", "Ada"), Context.direct());
            Map<?, ?> fetched = client.getJson(server.uri("/users/42"), Map.class, Context.direct());

            assertThat(posted.status()).isEqualTo(201);
            assertThat(posted.json(Map.class).get("name")).isEqualTo("Ada");
            assertThat(server.received().get(0).headers())
                    .containsEntry("content-type", "application/json")
                    .containsEntry("accept", "application/json");
            assertThat(fetched.get("id")).isEqualTo("42");
            assertThat(fetched.get("tags")).isEqualTo(List.of("a", "b"));
        }
    }

    @Test
    void getJsonRefusesANonSuccessStatus() throws Exception {
        String notFound = "HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\n{}";
        try (RawServer server = RawServer.answering(notFound)) {
            assertThatThrownBy(() -> client.getJson(server.uri("/users/9"), Map.class, Context.direct()))
                    .isInstanceOf(OutboundException.class)
                    .hasMessageContaining("GET " + server.uri("/users/9") + ": status 404");
        }
    }

    @Test
    void evictIdleClosesPooledConnections() throws Exception {
        try (RawServer server = RawServer.answering(RawServer.ok("x"))) {
            client.send(OutboundRequest.get(server.uri("/")), Context.direct());

            assertThat(client.evictIdle()).isEqualTo(1);
            client.send(OutboundRequest.get(server.uri("/")), Context.direct());
            assertThat(server.accepted()).isEqualTo(2);
        }
    }

    @Test
    void dropsConnectionsIdleLongerThanTheIdleTimeout() throws Exception {
        ThawClient shortIdle =
                ThawClient.builder().idleTimeout(Duration.ofMillis(30)).build();
        try (RawServer server = RawServer.answering(RawServer.ok("x"))) {
            shortIdle.send(OutboundRequest.get(server.uri("/")), Context.direct());
            Thread.sleep(60);
            shortIdle.send(OutboundRequest.get(server.uri("/")), Context.direct());

            assertThat(server.accepted()).isEqualTo(2);
        }
    }
}
