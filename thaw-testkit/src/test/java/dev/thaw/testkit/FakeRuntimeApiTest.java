package dev.thaw.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The fake driven by plain sockets and HttpURLConnection, as a runtime would drive it. */
class FakeRuntimeApiTest {

    private static final String NEXT = "/2018-06-01/runtime/invocation/next";
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final FakeRuntimeApi api = FakeRuntimeApi.start();

    @AfterEach
    void stop() {
        api.close();
    }

    /** A reply as read off the socket. */
    record Reply(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** One keep-alive connection speaking raw HTTP/1.1. */
    static final class Client implements AutoCloseable {
        final Socket socket;
        final InputStream in;
        final OutputStream out;

        Client(String endpoint) throws IOException {
            int colon = endpoint.lastIndexOf(':');
            socket = new Socket();
            socket.connect(new InetSocketAddress(
                    endpoint.substring(0, colon), Integer.parseInt(endpoint.substring(colon + 1))));
            socket.setSoTimeout(10_000);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        Reply send(String method, String path, byte[] body, String... headers) throws IOException {
            StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: fake\r\n");
            for (int i = 0; i < headers.length; i += 2) {
                head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            }
            if (body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            return read();
        }

        Reply post(String path, String body, String... headers) throws IOException {
            return send("POST", path, body.getBytes(StandardCharsets.UTF_8), headers);
        }

        Reply read() throws IOException {
            String status = line();
            if (status == null) {
                return null;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            String header;
            while (!(header = line()).isEmpty()) {
                int colon = header.indexOf(':');
                headers.put(
                        header.substring(0, colon).toLowerCase(Locale.ROOT),
                        header.substring(colon + 1).trim());
            }
            byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
            return new Reply(Integer.parseInt(status.split(" ")[1]), headers, body);
        }

        String line() throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                if (b != '\r') {
                    bytes.write(b);
                }
            }
            return b < 0 && bytes.size() == 0 ? null : bytes.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private String responsePath(String requestId) {
        return "/2018-06-01/runtime/invocation/" + requestId + "/response";
    }

    /** Takes the next invocation on a fresh connection and returns its request id. */
    private String handOut(Client client) throws IOException {
        Reply reply = client.send("GET", NEXT, null);
        assertThat(reply.status()).isEqualTo(200);
        return reply.headers().get("lambda-runtime-aws-request-id");
    }

    @Test
    void nextBlocksUntilAnEventIsQueuedThenHandsItOutWithItsHeaders() throws Exception {
        HttpURLConnection poll = (HttpURLConnection)
                URI.create("http://" + api.endpoint() + NEXT).toURL().openConnection();
        CompletableFuture<Integer> status = CompletableFuture.supplyAsync(() -> {
            try {
                return poll.getResponseCode();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        assertThat(status).as("no event queued yet").isNotDone();

        long before = System.currentTimeMillis();
        String id = api.enqueue(utf8("{\"hello\":\"world\"}"));

        assertThat(status.get(5, TimeUnit.SECONDS)).isEqualTo(200);
        assertThat(poll.getHeaderField("Lambda-Runtime-Aws-Request-Id")).isEqualTo(id);
        assertThat(Long.parseLong(poll.getHeaderField("Lambda-Runtime-Deadline-Ms")))
                .isBetween(before + 29_000, System.currentTimeMillis() + 30_000);
        assertThat(poll.getHeaderField("Lambda-Runtime-Invoked-Function-Arn"))
                .isEqualTo(FakeRuntimeApi.DEFAULT_FUNCTION_ARN);
        assertThat(poll.getHeaderField("Lambda-Runtime-Trace-Id"))
                .matches("Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=1");
        assertThat(poll.getHeaderField("Lambda-Runtime-Client-Context")).isNull();
        try (InputStream body = poll.getInputStream()) {
            assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"hello\":\"world\"}");
        }
    }

    @Test
    void replacesOmitsAndAddsHeadersPerEvent() throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("lambda-runtime-aws-request-id", "chosen-id");
        headers.put(FakeRuntimeApi.DEADLINE_MS, null);
        headers.put(FakeRuntimeApi.TRACE_ID, "Root=1-00000001-000000000000000000000001");
        headers.put(FakeRuntimeApi.CLIENT_CONTEXT, "{\"custom\":{\"k\":\"v\"}}");
        headers.put(FakeRuntimeApi.TENANT_ID, "tenant-7");

        assertThat(api.enqueue(utf8("{}"), headers)).isEqualTo("chosen-id");
        api.enqueue(utf8("{}"), Map.of(FakeRuntimeApi.DEADLINE_MS, "soon"));

        try (Client client = new Client(api.endpoint())) {
            Reply first = client.send("GET", NEXT, null);
            assertThat(first.headers())
                    .containsEntry("lambda-runtime-aws-request-id", "chosen-id")
                    .doesNotContainKey("lambda-runtime-deadline-ms")
                    .containsEntry("lambda-runtime-trace-id", "Root=1-00000001-000000000000000000000001")
                    .containsEntry("lambda-runtime-client-context", "{\"custom\":{\"k\":\"v\"}}")
                    .containsEntry("lambda-runtime-aws-tenant-id", "tenant-7");
            assertThat(client.send("GET", NEXT, null).headers()).containsEntry("lambda-runtime-deadline-ms", "soon");
        }
    }

    @Test
    void refusesToQueueARequestIdTwice() {
        api.enqueue(utf8("{}"), Map.of(FakeRuntimeApi.REQUEST_ID, "same"));

        assertThatThrownBy(() -> api.enqueue(utf8("{}"), Map.of(FakeRuntimeApi.REQUEST_ID, "same")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("same");
    }

    @Test
    void acceptsOneAnswerPerInvocationAndRefusesASecondWith403() throws Exception {
        String id = api.enqueue(utf8("{}"));
        try (Client client = new Client(api.endpoint())) {
            handOut(client);

            Reply first = client.post(responsePath(id), "{\"statusCode\":200}", "Content-Type", "application/json");
            Reply second = client.post("/2018-06-01/runtime/invocation/" + id + "/error", "{}");

            assertThat(first.status()).isEqualTo(202);
            assertThat(first.text()).isEqualTo("{\"status\":\"OK\"}");
            assertThat(second.status()).isEqualTo(403);
            assertThat(second.text()).contains("\"errorType\":\"InvalidStateTransition\"");
        }
        FakeRuntimeApi.Answer answer = api.awaitAnswer(id, WAIT);
        assertThat(answer.kind()).isEqualTo(FakeRuntimeApi.Answer.Kind.RESPONSE);
        assertThat(answer.accepted()).isTrue();
        assertThat(answer.bodyText()).isEqualTo("{\"statusCode\":200}");
        assertThat(answer.header("Content-Type")).isEqualTo("application/json");
        assertThat(answer.streamed()).isFalse();
        assertThat(api.answers(id))
                .extracting(FakeRuntimeApi.Answer::kind, FakeRuntimeApi.Answer::status)
                .containsExactly(
                        tuple(FakeRuntimeApi.Answer.Kind.RESPONSE, 202), tuple(FakeRuntimeApi.Answer.Kind.ERROR, 403));
    }

    @Test
    void refusesAnswersForRequestIdsNotHandedOutWith400() throws Exception {
        String queued = api.enqueue(utf8("{}"));
        try (Client client = new Client(api.endpoint())) {
            Reply unknown = client.post(responsePath("never-issued"), "{}");
            Reply early = client.post(responsePath(queued), "{}");

            assertThat(unknown.status()).isEqualTo(400);
            assertThat(GoldenEvents.parse(unknown.body()))
                    .containsEntry("errorType", "InvalidRequestID")
                    .containsKey("errorMessage");
            assertThat(early.status()).as("queued but not handed out yet").isEqualTo(400);
        }
        assertThat(api.answers("never-issued"))
                .extracting(FakeRuntimeApi.Answer::status)
                .containsExactly(400);
    }

    @Test
    void refusesTheAnswerOfAForgottenInvocationWith400() throws Exception {
        String id = api.enqueue(utf8("{}"));
        try (Client client = new Client(api.endpoint())) {
            handOut(client);
            api.forget(id);

            assertThat(client.post(responsePath(id), "{}").status()).isEqualTo(400);
        }
    }

    @ParameterizedTest
    @CsvSource({"6291556, 202", "6291557, 413"})
    void refusesABufferedResponseOverSixMegabytes(int size, int status) throws Exception {
        String id = api.enqueue(utf8("{}"));
        try (Client client = new Client(api.endpoint())) {
            handOut(client);
            byte[] body = new byte[size];
            Arrays.fill(body, (byte) 'x');

            Reply reply = client.send("POST", responsePath(id), body);
            Reply again = client.post(responsePath(id), "{}");

            assertThat(reply.status()).isEqualTo(status);
            if (status == 413) {
                assertThat(reply.text()).contains("\"errorType\":\"RequestEntityTooLarge\"");
            }
            assertThat(again.status()).as("the invocation is over either way").isEqualTo(403);
        }
        assertThat(api.awaitAnswer(id, WAIT).body()).hasSize(size);
    }

    @ParameterizedTest
    @CsvSource({
        "Function.UnhandledException, true",
        "Runtime.InvalidEvent,        true",
        "Unhandled,                   false",
        "Function.unhandled,          false",
        "Handler.Error,               false",
    })
    void recordsTheErrorTypeAndFlagsOnesLambdaWouldNotClassify(String errorType, boolean valid) throws Exception {
        String id = api.enqueue(utf8("{}"));
        try (Client client = new Client(api.endpoint())) {
            handOut(client);

            Reply reply = client.post(
                    "/2018-06-01/runtime/invocation/" + id + "/error",
                    "{\"errorMessage\":\"boom\",\"errorType\":\"X\",\"stackTrace\":[]}",
                    "Lambda-Runtime-Function-Error-Type",
                    errorType);

            assertThat(reply.status()).isEqualTo(202);
        }
        FakeRuntimeApi.Answer answer = api.awaitAnswer(id, WAIT);
        assertThat(answer.kind()).isEqualTo(FakeRuntimeApi.Answer.Kind.ERROR);
        assertThat(answer.errorType()).isEqualTo(errorType);
        assertThat(answer.errorTypeValid()).isEqualTo(valid);
    }

    @Test
    void recordsAnInitErrorBeforeTheFirstPollAndRefusesOneAfter() throws Exception {
        assertThat(api.initError(Duration.ofMillis(50))).isEmpty();
        try (Client client = new Client(api.endpoint())) {
            Reply init = client.post(
                    "/2018-06-01/runtime/init/error",
                    "{\"errorMessage\":\"no config\"}",
                    "Lambda-Runtime-Function-Error-Type",
                    "Runtime.InitError");
            assertThat(init.status()).isEqualTo(202);

            api.enqueue(utf8("{}"));
            handOut(client);
            assertThat(client.post("/2018-06-01/runtime/init/error", "{}").status())
                    .isEqualTo(403);
        }
        FakeRuntimeApi.Answer init = api.initError(WAIT).orElseThrow();
        assertThat(init.kind()).isEqualTo(FakeRuntimeApi.Answer.Kind.INIT_ERROR);
        assertThat(init.requestId()).isNull();
        assertThat(init.errorType()).isEqualTo("Runtime.InitError");
        assertThat(init.bodyText()).contains("no config");
    }

    @Test
    void recordsAStreamedResponseWithItsChunksAndTrailers() throws Exception {
        String id = api.enqueue(utf8("{}"));
        try (Client client = new Client(api.endpoint())) {
            handOut(client);
            String request = "POST " + responsePath(id) + " HTTP/1.1\r\nHost: fake\r\n"
                    + "Lambda-Runtime-Function-Response-Mode: streaming\r\n"
                    + "Transfer-Encoding: chunked\r\n"
                    + "Trailer: Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body\r\n\r\n"
                    + "9\r\npart one|\r\n"
                    + "8;ext=1\r\npart two\r\n"
                    + "0\r\n"
                    + "Lambda-Runtime-Function-Error-Type: Function.StreamError\r\n"
                    + "Lambda-Runtime-Function-Error-Body: eyJ4IjoxfQ==\r\n\r\n";
            client.out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            client.out.flush();

            assertThat(client.read().status()).isEqualTo(202);
        }
        FakeRuntimeApi.Answer answer = api.awaitAnswer(id, WAIT);
        assertThat(answer.streamed()).isTrue();
        assertThat(answer.bodyText()).isEqualTo("part one|part two");
        assertThat(answer.trailer("Lambda-Runtime-Function-Error-Body")).isEqualTo("eyJ4IjoxfQ==");
        assertThat(answer.errorType()).isEqualTo("Function.StreamError");
        assertThat(answer.errorTypeValid()).isTrue();
    }

    @Test
    void keepsOneConnectionForManyExchanges() throws Exception {
        try (Client client = new Client(api.endpoint())) {
            for (int i = 0; i < 5; i++) {
                String id = api.enqueue(utf8("{\"n\":" + i + "}"));
                assertThat(handOut(client)).isEqualTo(id);
                assertThat(client.post(responsePath(id), "{}").status()).isEqualTo(202);
            }
        }
        assertThat(api.connections()).isEqualTo(1);
        assertThat(api.answers()).hasSize(5).allMatch(FakeRuntimeApi.Answer::accepted);
    }

    @Test
    void aCloseConnectionFaultDropsThePollAndKeepsTheEventForTheNext() throws Exception {
        api.failNextPoll(FakeRuntimeApi.Fault.closeConnection());
        String id = api.enqueue(utf8("{}"));

        try (Client dropped = new Client(api.endpoint())) {
            assertThat(dropped.send("GET", NEXT, null))
                    .as("closed without an answer")
                    .isNull();
        }
        try (Client client = new Client(api.endpoint())) {
            assertThat(handOut(client)).isEqualTo(id);
        }
        assertThat(api.connections()).isEqualTo(2);
    }

    @Test
    void aSlowFaultDelaysTheNextEvent() throws Exception {
        api.failNextPoll(FakeRuntimeApi.Fault.slow(Duration.ofMillis(300)));
        String id = api.enqueue(utf8("{}"));

        try (Client client = new Client(api.endpoint())) {
            long start = System.nanoTime();
            assertThat(handOut(client)).isEqualTo(id);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }
    }

    @Test
    void aStatusFaultAnswersThePollWithoutConsumingAnEventAfterTheQueuedOnes() throws Exception {
        String first = api.enqueue(utf8("{}"));
        api.failNextPoll(FakeRuntimeApi.Fault.status(500));
        String second = api.enqueue(utf8("{}"));

        try (Client client = new Client(api.endpoint())) {
            assertThat(handOut(client)).isEqualTo(first);
            Reply failed = client.send("GET", NEXT, null);
            assertThat(failed.status()).isEqualTo(500);
            assertThat(GoldenEvents.parse(failed.body())).containsEntry("errorType", "Fake.InjectedFault");
            assertThat(handOut(client)).isEqualTo(second);
        }
        assertThatThrownBy(() -> FakeRuntimeApi.Fault.status(200)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void endsWaitingPollsAndRefusesEventsOnceStopped() throws Exception {
        String endpoint = api.endpoint();
        Client waiting = new Client(endpoint);
        CompletableFuture<Reply> poll = CompletableFuture.supplyAsync(() -> {
            try {
                return waiting.send("GET", NEXT, null);
            } catch (IOException e) {
                return null;
            }
        });
        Thread.sleep(100);

        api.stop();

        assertThat(poll.get(5, TimeUnit.SECONDS))
                .as("the waiting poll sees its connection closed")
                .isNull();
        // (Whether a new connection is refused is not checked: another process may reuse the freed port.)
        assertThatThrownBy(() -> api.enqueue(utf8("{}"))).isInstanceOf(IllegalStateException.class);
        waiting.close();
    }

    @Test
    void registersExtensionsWhoseEventNextWaitsUntilTheFakeCloses() throws Exception {
        try (Client client = new Client(api.endpoint())) {
            Reply registered = client.post(
                    "/2020-01-01/extension/register", "{\"events\":[]}", "Lambda-Extension-Name", "thaw-shutdown");
            assertThat(registered.status()).isEqualTo(200);
            String id = registered.headers().get("lambda-extension-identifier");
            assertThat(id).isNotBlank();
            assertThat(api.registeredExtensions()).containsExactly("thaw-shutdown");

            CompletableFuture<Reply> next = CompletableFuture.supplyAsync(() -> {
                try {
                    return client.send(
                            "GET", "/2020-01-01/extension/event/next", null, "Lambda-Extension-Identifier", id);
                } catch (IOException e) {
                    return null;
                }
            });
            Thread.sleep(200);
            assertThat(next).isNotDone();

            api.close();
            assertThat(next.get(5, TimeUnit.SECONDS)).isNull();
        }
    }

    @Test
    void refusesEventNextForAnUnknownExtension() throws Exception {
        try (Client client = new Client(api.endpoint())) {
            Reply reply =
                    client.send("GET", "/2020-01-01/extension/event/next", null, "Lambda-Extension-Identifier", "nope");
            assertThat(reply.status()).isEqualTo(403);
        }
    }

    @Test
    void answersUnknownPathsWith404AndMalformedRequestsWith400() throws Exception {
        try (Client client = new Client(api.endpoint())) {
            Reply missing = client.send("GET", "/2018-06-01/runtime/invocation/abc/status", null);
            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.text()).contains("/2018-06-01/runtime/invocation/abc/status");
            assertThat(client.send("PUT", NEXT, null).status()).isEqualTo(405);
        }
        try (Client client = new Client(api.endpoint())) {
            client.out.write("HELLO\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            client.out.flush();
            assertThat(client.read().status()).isEqualTo(400);
        }
    }

    @Test
    void awaitAnswerFailsClearlyWhenNoneArrives() {
        assertThatThrownBy(() -> api.awaitAnswer("missing", Duration.ofMillis(50)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("missing");
        assertThat(api.answers("missing")).isEmpty();
        assertThat(api.answers()).isEmpty();
        assertThat(api.endpoint()).startsWith("127.0.0.1:");
    }
}
