package dev.thaw.examples.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import dev.thaw.Context;
import dev.thaw.DeadlineExceededException;
import dev.thaw.HttpException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link HttpSyncClient}, through the shared thaw-client, against a real HTTP server on an ephemeral loopback port. */
class HttpSyncClientTest {

    private static final User ADA = new User("7", "ada", "ada@example.com");
    private static final String TRACE = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile int answer = 204;
    private volatile boolean hang;
    private HttpServer downstream;
    private URI syncUrl;

    record Received(String method, String path, Headers headers, String body) {}

    @BeforeEach
    void startDownstream() throws IOException {
        downstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        downstream.createContext("/sync", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                received.add(new Received(
                        exchange.getRequestMethod(),
                        exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders(),
                        body));
                if (hang) {
                    release.await(10, TimeUnit.SECONDS);
                    return;
                }
                byte[] reply = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
                if (answer == 204) {
                    exchange.sendResponseHeaders(204, -1);
                } else {
                    exchange.sendResponseHeaders(answer, reply.length);
                    exchange.getResponseBody().write(reply);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        downstream.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        downstream.start();
        syncUrl = URI.create("http://127.0.0.1:" + downstream.getAddress().getPort() + "/sync");
    }

    @AfterEach
    void stopDownstream() {
        release.countDown();
        downstream.stop(0);
    }

    @Test
    void postsTheUserWithRequestIdAndTraceHeader() throws IOException {
        Context context = Context.builder()
                .deadlineMillis(System.currentTimeMillis() + 10_000)
                .traceHeader(TRACE)
                .build();

        HttpSyncClient.create(syncUrl).sync(ADA, context, "req-42");

        assertThat(received).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/sync");
            assertThat(r.body()).isEqualTo("{\"id\":\"7\",\"name\":\"ada\",\"email\":\"ada@example.com\"}");
            assertThat(r.headers().getFirst("content-type")).isEqualTo("application/json");
            assertThat(r.headers().getFirst("x-request-id")).isEqualTo("req-42");
            assertThat(r.headers().getFirst("x-amzn-trace-id")).isEqualTo(TRACE);
            assertThat(r.headers().getFirst("traceparent"))
                    .isEqualTo("00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01");
        });
    }

    @Test
    void leavesOutTheTraceHeaderWhenTheContextHasNone() throws IOException {
        HttpSyncClient client = HttpSyncClient.create(syncUrl);
        answer = 200;

        client.sync(ADA, Context.direct(), "req-1");
        client.sync(ADA, Context.direct(), "req-2");

        assertThat(received).hasSize(2);
        assertThat(received.get(0).headers().containsKey("x-amzn-trace-id")).isFalse();
        assertThat(received.get(0).headers().containsKey("traceparent")).isFalse();
        assertThat(received.get(1).headers().getFirst("x-request-id")).isEqualTo("req-2");
    }

    @Test
    void dropsThePooledConnectionWhenTheRestoreHookRuns() throws IOException {
        HttpSyncClient.create(syncUrl).sync(ADA, Context.direct(), "req-1");

        assertThat(HttpSyncClient.evictIdleConnections()).isGreaterThanOrEqualTo(1);
        assertThat(HttpSyncClient.evictIdleConnections()).isZero();
        HttpSyncClient.create(syncUrl).sync(ADA, Context.direct(), "req-2");
        assertThat(received).hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(ints = {302, 400, 404, 409, 500, 503})
    void reportsANon2xxAnswerAsAnIoFailure(int status) {
        answer = status;

        assertThatThrownBy(() -> HttpSyncClient.create(syncUrl).sync(ADA, Context.direct(), "req-1"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("answered " + status);
    }

    @Test
    void reportsAnUnreachableServiceAsAnIoFailure() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        HttpSyncClient client = HttpSyncClient.create(URI.create("http://127.0.0.1:" + closedPort + "/sync"));

        assertThatThrownBy(() -> client.sync(ADA, Context.direct(), "req-1"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("could not reach the sync service")
                .hasRootCauseInstanceOf(java.net.ConnectException.class);
    }

    @Test
    void givesUpBeforeTheDeadlineWhenDownstreamNeverAnswers() {
        hang = true;
        long deadline = System.currentTimeMillis() + 300;
        Context context = Context.builder().deadlineMillis(deadline).build();
        HttpSyncClient client = HttpSyncClient.create(syncUrl);

        long start = System.currentTimeMillis();
        long remaining = deadline - start;
        assertThatThrownBy(() -> client.sync(ADA, context, "req-1"))
                .isInstanceOf(DeadlineExceededException.class)
                .satisfies(e -> assertThat(((HttpException) e).status()).isEqualTo(504))
                .hasMessageContaining("user 7");
        long elapsed = System.currentTimeMillis() - start;

        assertThat(elapsed).isLessThan(remaining);
        assertThat(received).hasSize(1);
    }

    @Test
    void failsFastWithoutCallingWhenTooLittleTimeIsLeft() {
        Context context = Context.builder()
                .deadlineMillis(System.currentTimeMillis() + 30)
                .build();

        assertThatThrownBy(() -> HttpSyncClient.create(syncUrl).sync(ADA, context, "req-1"))
                .isInstanceOf(DeadlineExceededException.class)
                .hasMessageContaining("user 7")
                .hasMessageContaining("deadline");
        assertThat(received).isEmpty();
    }

    @Test
    void reportsItsOwnTimeoutAsAnIoFailureWhenNoDeadlineIsNear() {
        hang = true;
        HttpSyncClient client = HttpSyncClient.create(syncUrl, Duration.ofMillis(200));

        assertThatThrownBy(() -> client.sync(ADA, Context.direct(), "req-1"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("did not answer within the 200 ms timeout");
    }

    @Test
    void answersServiceUnavailableWhenSyncUrlIsUnset() {
        for (Map<String, String> env : List.of(Map.<String, String>of(), Map.of(HttpSyncClient.SYNC_URL, "  "))) {
            SyncClient client = HttpSyncClient.fromEnv(env);

            assertThat(client).isNotInstanceOf(HttpSyncClient.class);
            assertThatThrownBy(() -> client.sync(ADA, Context.direct(), "req-1"))
                    .isInstanceOfSatisfying(
                            HttpException.class, e -> assertThat(e.status()).isEqualTo(503))
                    .hasMessageContaining("SYNC_URL");
        }
    }

    @Test
    void readsTheUrlFromTheEnvironment() {
        SyncClient client = HttpSyncClient.fromEnv(Map.of(HttpSyncClient.SYNC_URL, " " + syncUrl + " "));

        assertThat(client).isInstanceOfSatisfying(HttpSyncClient.class, c -> {
            assertThat(c.uri()).isEqualTo(syncUrl);
            assertThat(c.timeout()).isEqualTo(HttpSyncClient.DEFAULT_TIMEOUT);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a url", "ftp://example.com/sync", "/sync", "http:///sync", "mailto:a@example.com"})
    void rejectsASyncUrlThatIsNotAnAbsoluteHttpUrl(String value) {
        assertThatThrownBy(() -> HttpSyncClient.fromEnv(Map.of(HttpSyncClient.SYNC_URL, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(value.trim());
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -5})
    void rejectsATimeoutBelowOneMillisecond(long millis) {
        assertThatThrownBy(() -> HttpSyncClient.create(syncUrl, Duration.ofMillis(millis)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timeout");
    }
}
