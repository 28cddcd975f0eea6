package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.thaw.Json;
import dev.thaw.testkit.FakeRuntimeApi;
import dev.thaw.testkit.GoldenEvents;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /users/{id}/sync} of the packaged examples/users-api, through its {@code bootstrap} and the
 * fake Runtime API, against a real downstream on a loopback socket: a downstream that never answers gets
 * a 504 before the invocation's deadline; a healthy one gets the user with the invocation's trace header,
 * a {@code traceparent} and its request id, and the caller a 202. Skipped until the example is built.
 */
class PackagedUsersApiSyncEndToEndTest {

    // the first answer waits for the JVM to start; a loaded CI machine can take seconds
    private static final Duration FIRST_ANSWER = Duration.ofSeconds(30);
    private static final Duration ANSWER = Duration.ofSeconds(10);
    private static final long DEADLINE_MILLIS = 1_500;

    private static final String TRACE = "Root=1-67a1b2c3-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1";
    private static final String TRACEPARENT = "00-67a1b2c30123456789abcdef01234567-53995c3f42cd8ad8-01";

    @TempDir
    Path tmp;

    private PackageApp.Written written;

    @BeforeEach
    void packageUsersApi() throws Exception {
        assumeTrue(PackagedUsersApi.isBuilt(), "build examples/users-api first: " + PackagedUsersApi.JAR);
        written = PackagedUsersApi.packageCopy(tmp);
    }

    @Test
    void answersGatewayTimeoutBeforeTheDeadlineWhenTheSyncServiceNeverAnswers() throws Exception {
        try (SilentServer silent = SilentServer.start();
                FakeRuntimeApi api = FakeRuntimeApi.start();
                FunctionProcess function = started(api, "http://127.0.0.1:" + silent.port() + "/sync", "silent")) {
            long deadline = System.currentTimeMillis() + DEADLINE_MILLIS;
            String id = api.enqueue(
                    syncEvent("42"),
                    Map.of(FakeRuntimeApi.DEADLINE_MS, Long.toString(deadline), FakeRuntimeApi.TRACE_ID, TRACE));

            FakeRuntimeApi.Answer answer = await(api, id, ANSWER, function);
            long answeredAt = System.currentTimeMillis();

            assertThat(answeredAt)
                    .as("answered %d ms before the deadline", deadline - answeredAt)
                    .isLessThan(deadline);
            assertThat(answer.kind()).as(answer.bodyText()).isEqualTo(FakeRuntimeApi.Answer.Kind.RESPONSE);
            Map<String, Object> json = GoldenEvents.parse(answer.body());
            assertThat(json.get("statusCode")).as(answer.bodyText()).isEqualTo(504L);
            assertThat(header(json, "content-type")).startsWith("application/problem+json");
            String problem = (String) json.get("body");
            assertThat(GoldenEvents.parse(problem))
                    .containsEntry("status", 504L)
                    .containsKey("detail");
            assertThat(problem).doesNotContain("Exception", "\tat ", ".java:", "127.0.0.1");
            assertThat(silent.accepted())
                    .as("the sync call reached the downstream")
                    .isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void answersAcceptedAndForwardsTraceAndRequestIdToAHealthySyncService() throws Exception {
        List<Received> received = new CopyOnWriteArrayList<>();
        HttpServer downstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        downstream.createContext("/sync", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                var headers = exchange.getRequestHeaders();
                received.add(new Received(
                        exchange.getRequestMethod(),
                        headers.getFirst("x-amzn-trace-id"),
                        headers.getFirst("traceparent"),
                        headers.getFirst("x-request-id"),
                        body));
                exchange.sendResponseHeaders(204, -1);
            }
        });
        downstream.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        downstream.start();
        try (FakeRuntimeApi api = FakeRuntimeApi.start();
                FunctionProcess function = started(
                        api, "http://127.0.0.1:" + downstream.getAddress().getPort() + "/sync", "healthy")) {
            String id = api.enqueue(
                    syncEvent("42"),
                    Map.of(
                            FakeRuntimeApi.REQUEST_ID,
                            "e2e-sync-healthy",
                            FakeRuntimeApi.DEADLINE_MS,
                            Long.toString(System.currentTimeMillis() + DEADLINE_MILLIS),
                            FakeRuntimeApi.TRACE_ID,
                            TRACE));

            FakeRuntimeApi.Answer answer = await(api, id, ANSWER, function);

            Map<String, Object> json = GoldenEvents.parse(answer.body());
            assertThat(json.get("statusCode")).as(answer.bodyText()).isEqualTo(202L);
            assertThat(GoldenEvents.parse((String) json.get("body"))).isEqualTo(Map.of("id", "42", "synced", true));
            assertThat(received).singleElement().satisfies(r -> {
                assertThat(r.method()).isEqualTo("POST");
                assertThat(r.amznTraceId()).isEqualTo(TRACE);
                assertThat(r.traceparent()).isEqualTo(TRACEPARENT);
                assertThat(r.requestId()).isEqualTo("e2e-sync-healthy");
                assertThat(GoldenEvents.parse(r.body()))
                        .isEqualTo(Map.of("id", "42", "name", "user-42", "email", "user-42@example.com"));
            });
        } finally {
            downstream.stop(0);
        }
    }

    record Received(String method, String amznTraceId, String traceparent, String requestId, String body) {}

    /**
     * Starts the bootstrap with {@code SYNC_URL} and waits until it has answered a {@code GET /health}, so
     * the deadline of the next invocation is not spent starting the JVM.
     */
    private FunctionProcess started(FakeRuntimeApi api, String syncUrl, String name) throws IOException {
        String warmUp = api.enqueue(UsersApiEvents.httpApiGet("/health"));
        FunctionProcess function = FunctionProcess.bootstrap(
                written.function(), api.endpoint(), Map.of("SYNC_URL", syncUrl), tmp.resolve(name + ".log"));
        try {
            FakeRuntimeApi.Answer health = await(api, warmUp, FIRST_ANSWER, function);
            assertThat(GoldenEvents.parse(health.body()).get("statusCode")).isEqualTo(200L);
        } catch (RuntimeException | AssertionError e) {
            function.close();
            throw e;
        }
        return function;
    }

    private static FakeRuntimeApi.Answer await(
            FakeRuntimeApi api, String id, Duration timeout, FunctionProcess function) {
        try {
            return api.awaitAnswer(id, timeout);
        } catch (AssertionError e) {
            throw new AssertionError(
                    "no answer to " + id + " (process " + (function.isAlive() ? "running" : "ended")
                            + "); its output:\n" + function.output(),
                    e);
        }
    }

    /** Returns an HTTP API (payload 2.0) {@code POST /users/<id>/sync} with no body and no x-request-id. */
    @SuppressWarnings("unchecked")
    private static byte[] syncEvent(String userId) {
        Map<String, Object> event = GoldenEvents.parse(GoldenEvents.load("apigw-v2-post-json.json"));
        String path = "/users/" + userId + "/sync";
        event.put("rawPath", path);
        event.put("routeKey", "POST " + path);
        event.put("rawQueryString", "");
        event.remove("queryStringParameters");
        event.remove("body");
        event.put("isBase64Encoded", false);
        Map<String, Object> headers = (Map<String, Object>) event.get("headers");
        headers.remove("content-length");
        headers.remove("content-type");
        headers.remove("x-request-id");
        Map<String, Object> context = (Map<String, Object>) event.get("requestContext");
        context.put("routeKey", "POST " + path);
        ((Map<String, Object>) context.get("http")).put("path", path);
        return Json.jsonb().type(Object.class).toJsonBytes(event);
    }

    @SuppressWarnings("unchecked")
    private static String header(Map<String, Object> json, String name) {
        return json.get("headers") instanceof Map<?, ?> headers
                ? (String) ((Map<String, Object>) headers).get(name)
                : null;
    }

    /** A downstream that accepts connections, reads what comes and never answers. */
    private static final class SilentServer implements AutoCloseable {

        private final ServerSocket server;
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private final Thread acceptor;

        private SilentServer(ServerSocket server) {
            this.server = server;
            this.acceptor = Thread.ofVirtual().start(this::acceptAll);
        }

        static SilentServer start() throws IOException {
            return new SilentServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        }

        int port() {
            return server.getLocalPort();
        }

        int accepted() {
            return sockets.size();
        }

        private void acceptAll() {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    sockets.add(socket);
                    Thread.ofVirtual().start(() -> drain(socket));
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        private static void drain(Socket socket) {
            try (InputStream in = socket.getInputStream()) {
                in.transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                // the client gave up or the test closed it: either way nothing to answer
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket socket : sockets) {
                socket.close();
            }
            try {
                acceptor.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
