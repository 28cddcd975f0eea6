package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuntimeApiServerTest {

    private static final String NEXT = "/2018-06-01/runtime/invocation/next";
    private static final String ARN = "arn:aws:lambda:us-east-1:012345678912:function:fake";

    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    private RuntimeApiServer server;
    private final List<RawHttp> clients = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = RuntimeApiServer.start("fake", ARN, warnings::add);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        for (RawHttp client : clients) {
            client.close();
        }
    }

    private RawHttp client() throws IOException {
        RawHttp client = new RawHttp(server.port());
        clients.add(client);
        return client;
    }

    private static PendingInvocation invocation(String event) {
        return new PendingInvocation(event.getBytes(StandardCharsets.UTF_8), null, null, null, 3_000);
    }

    private static String path(PendingInvocation invocation, String action) {
        return "/2018-06-01/runtime/invocation/" + invocation.requestId() + "/" + action;
    }

    /** Takes the invocation through {@code /next} on {@code runtime}. */
    private PendingInvocation delivered(RawHttp runtime, String event) throws IOException {
        PendingInvocation invocation = invocation(event);
        server.submit(invocation);
        assertThat(runtime.send("GET", NEXT, (byte[]) null).status()).isEqualTo(200);
        return invocation;
    }

    @Test
    void nextBlocksUntilAnInvocationIsSubmittedThenCarriesLambdasHeaders() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<String>> next = http.sendAsync(
                HttpRequest.newBuilder(URI.create("http://" + server.endpoint() + NEXT))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        server.ready().get(10, TimeUnit.SECONDS);
        Thread.sleep(200);
        assertThat(next).isNotDone();

        PendingInvocation invocation = new PendingInvocation(
                "{\"hello\":1}".getBytes(StandardCharsets.UTF_8), "{\"client\":{}}", null, null, 3_000);
        long before = System.currentTimeMillis();
        server.submit(invocation);
        HttpResponse<String> response = next.get(10, TimeUnit.SECONDS);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"hello\":1}");
        assertThat(response.headers().firstValue("Lambda-Runtime-Aws-Request-Id"))
                .hasValue(invocation.requestId());
        assertThat(Long.parseLong(response.headers()
                        .firstValue("Lambda-Runtime-Deadline-Ms")
                        .orElseThrow()))
                .isBetween(before + 3_000, System.currentTimeMillis() + 3_000);
        assertThat(response.headers().firstValue("Lambda-Runtime-Invoked-Function-Arn"))
                .hasValue(ARN);
        assertThat(response.headers().firstValue("Lambda-Runtime-Trace-Id").orElseThrow())
                .matches("Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0");
        assertThat(response.headers().firstValue("Lambda-Runtime-Client-Context"))
                .hasValue("{\"client\":{}}");
        assertThat(response.headers().firstValue("Lambda-Runtime-Cognito-Identity"))
                .isEmpty();
        assertThat(invocation.delivered()).isDone();
    }

    @Test
    void acceptsAResponseAndKeepsTheConnectionForTheNextInvocation() throws Exception {
        RawHttp runtime = client();
        for (int i = 0; i < 3; i++) {
            PendingInvocation invocation = delivered(runtime, "event " + i);

            RawHttp.Reply reply = runtime.send("POST", path(invocation, "response"), "answer " + i);

            assertThat(reply.status()).isEqualTo(202);
            assertThat(reply.text()).isEqualTo("{\"status\":\"OK\"}");
            PendingInvocation.Answer answer = invocation.answer().get(5, TimeUnit.SECONDS);
            assertThat(answer.kind()).isEqualTo(InvocationResult.Kind.RESPONSE);
            assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("answer " + i);
            assertThat(answer.streamed()).isFalse();
        }
    }

    @Test
    void answersInvalidRequestIdForAnUnknownRequestId() throws Exception {
        RawHttp runtime = client();
        PendingInvocation invocation = delivered(runtime, "e");

        RawHttp.Reply reply = runtime.send("POST", "/2018-06-01/runtime/invocation/not-an-id/response", "x");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.text())
                .isEqualTo("{\"errorMessage\":\"Invalid request ID\",\"errorType\":\"InvalidRequestID\"}");
        assertThat(invocation.answer()).isNotDone();
        // the connection still works
        assertThat(runtime.send("POST", path(invocation, "response"), "ok").status())
                .isEqualTo(202);
    }

    @Test
    void refusesASecondAnswerForTheSameInvocation() throws Exception {
        RawHttp runtime = client();
        PendingInvocation invocation = delivered(runtime, "e");
        assertThat(runtime.send("POST", path(invocation, "response"), "first").status())
                .isEqualTo(202);

        RawHttp.Reply again = runtime.send("POST", path(invocation, "response"), "second");
        RawHttp.Reply error = runtime.send(
                "POST", path(invocation, "error"), "{}", RuntimeApiServer.ERROR_TYPE_HEADER, "Function.Late");

        assertThat(again.status()).isEqualTo(403);
        assertThat(again.text())
                .isEqualTo("{\"errorMessage\":\"State transition from RuntimeResponseSentState to InvocationResponse"
                        + " failed for runtime. Error: State transition is not allowed\","
                        + "\"errorType\":\"InvalidStateTransition\"}");
        assertThat(error.status()).isEqualTo(403);
        assertThat(new String(invocation.answer().get().body(), StandardCharsets.UTF_8))
                .isEqualTo("first");
    }

    @ParameterizedTest
    @CsvSource({"6291556, 202, RESPONSE, ", "6291557, 413, ERROR, Function.ResponseSizeTooLarge"})
    void limitsBufferedResponsesToSixMegabytes(int size, int status, InvocationResult.Kind kind, String errorType)
            throws Exception {
        RawHttp runtime = client();
        PendingInvocation invocation = delivered(runtime, "e");
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) 'a');

        RawHttp.Reply reply = runtime.send("POST", path(invocation, "response"), body);

        assertThat(reply.status()).isEqualTo(status);
        PendingInvocation.Answer answer = invocation.answer().get(5, TimeUnit.SECONDS);
        assertThat(answer.kind()).isEqualTo(kind);
        assertThat(answer.errorType()).isEqualTo(errorType);
        if (status == 413) {
            assertThat(reply.text())
                    .isEqualTo("{\"errorMessage\":\"Exceeded maximum allowed payload size (6291556 bytes).\","
                            + "\"errorType\":\"RequestEntityTooLarge\"}");
            assertThat(new String(answer.body(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"errorMessage\":\"Response payload size exceeded maximum allowed payload size"
                            + " (6291556 bytes).\",\"errorType\":\"Function.ResponseSizeTooLarge\"}");
        } else {
            assertThat(answer.body()).hasSize(size);
        }
        // the runtime carries on with /next on the same connection
        PendingInvocation following = delivered(runtime, "next one");
        assertThat(following.isDelivered()).isTrue();
    }

    @Test
    void recordsAnInvocationErrorWithItsErrorType() throws Exception {
        RawHttp runtime = client();
        PendingInvocation invocation = delivered(runtime, "e");
        String error = "{\"errorMessage\":\"boom\",\"errorType\":\"IllegalStateException\",\"stackTrace\":[]}";

        RawHttp.Reply reply = runtime.send(
                "POST", path(invocation, "error"), error, RuntimeApiServer.ERROR_TYPE_HEADER, "Function.IllegalState");

        assertThat(reply.status()).isEqualTo(202);
        PendingInvocation.Answer answer = invocation.answer().get(5, TimeUnit.SECONDS);
        assertThat(answer.kind()).isEqualTo(InvocationResult.Kind.ERROR);
        assertThat(answer.errorType()).isEqualTo("Function.IllegalState");
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo(error);
        assertThat(warnings).isEmpty();
    }

    @ParameterizedTest(name = "[{index}] ''{0}'' is recorded as {1}")
    @CsvSource(
            value = {
                "Runtime.NoSuchHandler | Runtime.NoSuchHandler",
                "Function.Custom | Function.Custom",
                "oops | Runtime.Unknown",
                "Function.lowercase | Function.Unknown",
                "Runtime.X | Runtime.Unknown",
                "Unhandled Function.Wrapped | Unhandled Function.Wrapped",
                "<none> | Runtime.Unknown"
            },
            delimiter = '|')
    void acceptsAnyErrorTypeButRecordsInvalidOnesAsLambdaDoes(String header, String recorded) throws Exception {
        RawHttp runtime = client();
        PendingInvocation invocation = delivered(runtime, "e");

        RawHttp.Reply reply = header.equals("<none>")
                ? runtime.send("POST", path(invocation, "error"), "{}")
                : runtime.send("POST", path(invocation, "error"), "{}", RuntimeApiServer.ERROR_TYPE_HEADER, header);

        assertThat(reply.status()).isEqualTo(202);
        assertThat(invocation.answer().get(5, TimeUnit.SECONDS).errorType()).isEqualTo(recorded);
        if (header.equals(recorded)) {
            assertThat(warnings).isEmpty();
        } else {
            assertThat(warnings).singleElement().asString().contains("Lambda records it as " + recorded);
        }
    }

    @Test
    void passesStreamedChunksToTheListenerAsTheyArriveThenTheTrailers() throws Exception {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch firstChunk = new CountDownLatch(1);
        Invoker.StreamListener listener = new Invoker.StreamListener() {
            @Override
            public void start(String contentType) {
                seen.add("start " + contentType);
            }

            @Override
            public void chunk(byte[] bytes, int offset, int length) {
                seen.add("chunk " + new String(bytes, offset, length, StandardCharsets.UTF_8));
                firstChunk.countDown();
            }
        };
        PendingInvocation invocation =
                new PendingInvocation("e".getBytes(StandardCharsets.UTF_8), null, null, listener, 3_000);
        server.submit(invocation);
        RawHttp runtime = client();
        runtime.send("GET", NEXT, (byte[]) null);

        runtime.write("POST " + path(invocation, "response") + " HTTP/1.1\r\nHost: x\r\n"
                + "Lambda-Runtime-Function-Response-Mode: streaming\r\nContent-Type: text/plain\r\n"
                + "Transfer-Encoding: chunked\r\n"
                + "Trailer: Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body\r\n\r\n");
        runtime.chunk("hello ");
        // the first piece reaches the listener before the function writes the next one
        assertThat(firstChunk.await(5, TimeUnit.SECONDS)).isTrue();
        runtime.write("5;ext=1\r\nworld\r\n");
        runtime.write("0\r\nLambda-Runtime-Function-Error-Type: Function.StreamFailed\r\n"
                + "Lambda-Runtime-Function-Error-Body: eyJlcnJvck1lc3NhZ2UiOiJsYXRlIn0=\r\n\r\n");
        RawHttp.Reply reply = runtime.read();

        assertThat(reply.status()).isEqualTo(202);
        PendingInvocation.Answer answer = invocation.answer().get(5, TimeUnit.SECONDS);
        assertThat(seen).containsExactly("start text/plain", "chunk hello ", "chunk world");
        assertThat(answer.kind()).isEqualTo(InvocationResult.Kind.RESPONSE);
        assertThat(answer.streamed()).isTrue();
        assertThat(answer.body()).isEmpty();
        assertThat(answer.errorType()).isEqualTo("Function.StreamFailed");
        assertThat(answer.trailers())
                .containsEntry("Lambda-Runtime-Function-Error-Type", "Function.StreamFailed")
                .containsEntry("lambda-runtime-function-error-body", "eyJlcnJvck1lc3NhZ2UiOiJsYXRlIn0=");
    }

    @Test
    void collectsAStreamedBodyWhenNobodyListens() throws Exception {
        RawHttp runtime = client();
        PendingInvocation invocation = delivered(runtime, "e");
        runtime.write("POST " + path(invocation, "response") + " HTTP/1.1\r\nHost: x\r\n"
                + "Lambda-Runtime-Function-Response-Mode: streaming\r\nTransfer-Encoding: chunked\r\n\r\n");
        runtime.chunk("part one, ");
        runtime.chunk("part two");
        runtime.write("0\r\n\r\n");

        assertThat(runtime.read().status()).isEqualTo(202);
        PendingInvocation.Answer answer = invocation.answer().get(5, TimeUnit.SECONDS);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("part one, part two");
        assertThat(answer.streamed()).isTrue();
        assertThat(answer.errorType()).isNull();
        assertThat(answer.trailers()).isEmpty();
    }

    @Test
    void failsTheInvocationOnAnUnknownResponseMode() throws Exception {
        RawHttp runtime = client();
        PendingInvocation invocation = delivered(runtime, "e");

        RawHttp.Reply reply = runtime.send(
                "POST", path(invocation, "response"), "x", RuntimeApiServer.RESPONSE_MODE_HEADER, "buffered");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.text()).contains("\"errorType\":\"InvalidFunctionResponseMode\"");
        assertThat(invocation.answer().get(5, TimeUnit.SECONDS).errorType())
                .isEqualTo("Runtime.InvalidResponseModeHeader");
    }

    @Test
    void anInitErrorFailsThePendingInvocationAndEndsTheRuntimesLifecycle() throws Exception {
        PendingInvocation invocation = invocation("e");
        server.submit(invocation);
        RawHttp runtime = client();
        String error = "{\"errorMessage\":\"no table\",\"errorType\":\"ConfigError\"}";

        RawHttp.Reply reply = runtime.send(
                "POST", "/2018-06-01/runtime/init/error", error, RuntimeApiServer.ERROR_TYPE_HEADER, "Runtime.Config");

        assertThat(reply.status()).isEqualTo(202);
        PendingInvocation.Answer answer = invocation.answer().get(5, TimeUnit.SECONDS);
        assertThat(answer.kind()).isEqualTo(InvocationResult.Kind.ERROR);
        assertThat(answer.errorType()).isEqualTo("Runtime.Config");
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo(error);
        assertThat(server.initFailure()).isNotNull();
        assertThat(runtime.send("POST", "/2018-06-01/runtime/init/error", "{}").status())
                .isEqualTo(403);
        assertThat(runtime.send("GET", NEXT, (byte[]) null).status()).isEqualTo(403);
        // an invocation submitted later fails the same way
        PendingInvocation later = invocation("later");
        server.submit(later);
        assertThat(later.answer().get(1, TimeUnit.SECONDS).errorType()).isEqualTo("Runtime.Config");
    }

    @Test
    void refusesAnInitErrorAfterInit() throws Exception {
        RawHttp runtime = client();
        delivered(runtime, "e");

        RawHttp.Reply reply = runtime.send("POST", "/2018-06-01/runtime/init/error", "{}");

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.text()).contains("\"errorType\":\"InvalidStateTransition\"");
    }

    @Test
    void handsTheCurrentInvocationOutAgainToARuntimeThatAsksBeforeAnswering() throws Exception {
        RawHttp runtime = client();
        PendingInvocation invocation = delivered(runtime, "e");

        RawHttp.Reply again = client().send("GET", NEXT, (byte[]) null);

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.header("Lambda-Runtime-Aws-Request-Id")).isEqualTo(invocation.requestId());
        assertThat(again.header("Lambda-Runtime-Deadline-Ms"))
                .isEqualTo(Long.toString(invocation.deadlineEpochMillis()));
    }

    @Test
    void registersAnExtensionAndSendsItShutdownWhenTheEnvironmentGoesAway() throws Exception {
        RawHttp extension = client();
        RawHttp.Reply registered = extension.send(
                "POST",
                "/2020-01-01/extension/register",
                "{\"events\":[\"SHUTDOWN\"]}",
                "Lambda-Extension-Name",
                "thaw-shutdown");
        assertThat(registered.status()).isEqualTo(200);
        String id = registered.header("Lambda-Extension-Identifier");
        assertThat(id).matches("[0-9a-f-]{36}");
        assertThat(registered.text())
                .isEqualTo("{\"functionName\":\"fake\",\"functionVersion\":\"$LATEST\",\"handler\":\"bootstrap\"}");
        HttpClient http = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<String>> event = http.sendAsync(
                HttpRequest.newBuilder(URI.create("http://" + server.endpoint() + "/2020-01-01/extension/event/next"))
                        .header("Lambda-Extension-Identifier", id)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        // init ends with the runtime's first /next; registration closes then
        delivered(client(), "e");
        assertThat(client().send(
                                "POST",
                                "/2020-01-01/extension/register",
                                "{\"events\":[]}",
                                "Lambda-Extension-Name",
                                "late")
                        .status())
                .isEqualTo(403);
        Thread.sleep(200);
        assertThat(event).isNotDone();

        assertThat(server.shutdownExtensions(1_234_567L)).isTrue();

        HttpResponse<String> shutdown = event.get(5, TimeUnit.SECONDS);
        assertThat(shutdown.statusCode()).isEqualTo(200);
        assertThat(shutdown.body())
                .isEqualTo("{\"eventType\":\"SHUTDOWN\",\"shutdownReason\":\"spindown\",\"deadlineMs\":1234567}");
        assertThat(server.extensionNames()).containsExactly("thaw-shutdown");
    }

    @Test
    void sendsInvokeEventsToExtensionsThatSubscribed() throws Exception {
        RawHttp extension = client();
        String id = extension
                .send(
                        "POST",
                        "/2020-01-01/extension/register",
                        "{ \"events\" : [ \"INVOKE\", \"SHUTDOWN\" ] }",
                        "Lambda-Extension-Name",
                        "watcher")
                .header("Lambda-Extension-Identifier");
        PendingInvocation invocation = delivered(client(), "e");

        RawHttp.Reply event = extension.send(
                "GET", "/2020-01-01/extension/event/next", (byte[]) null, "Lambda-Extension-Identifier", id);

        assertThat(event.text())
                .startsWith("{\"eventType\":\"INVOKE\",\"deadlineMs\":" + invocation.deadlineEpochMillis()
                        + ",\"requestId\":\"" + invocation.requestId() + "\",\"invokedFunctionArn\":\"" + ARN + "\"")
                .contains("\"tracing\":{\"type\":\"X-Amzn-Trace-Id\",\"value\":\"Root=1-");
    }

    @ParameterizedTest
    @CsvSource({
        "'', 403, Extension.MissingExtensionIdentifier",
        "not-a-uuid, 403, Extension.InvalidExtensionIdentifier",
        "00000000-0000-0000-0000-000000000000, 403, Extension.UnknownExtensionIdentifier"
    })
    void refusesEventNextWithoutAKnownExtensionIdentifier(String id, int status, String errorType) throws Exception {
        RawHttp.Reply reply = id.isEmpty()
                ? client().send("GET", "/2020-01-01/extension/event/next", (byte[]) null)
                : client().send(
                                "GET",
                                "/2020-01-01/extension/event/next",
                                (byte[]) null,
                                "Lambda-Extension-Identifier",
                                id);

        assertThat(reply.status()).isEqualTo(status);
        assertThat(reply.text()).contains("\"errorType\":\"" + errorType + "\"");
    }

    @Test
    void answersUnknownPathsWithJson404OnAKeptAliveConnection() throws Exception {
        RawHttp runtime = client();

        RawHttp.Reply first = runtime.send("GET", "/2018-06-01/runtime/nope", (byte[]) null);
        RawHttp.Reply second = runtime.send("POST", "/other", "body");
        RawHttp.Reply wrongMethod = runtime.send("POST", NEXT, "x");

        assertThat(first.status()).isEqualTo(404);
        assertThat(first.header("Content-Type")).isEqualTo("application/json");
        assertThat(first.text()).startsWith("{\"errorMessage\":").contains("\"errorType\":\"NotFound\"");
        assertThat(second.status()).isEqualTo(404);
        assertThat(wrongMethod.status()).isEqualTo(405);
    }

    @Test
    void answersContinueBeforeReadingABodyTheClientWaitsToSend() throws Exception {
        RawHttp runtime = client();
        PendingInvocation invocation = delivered(runtime, "e");
        runtime.write("POST " + path(invocation, "response") + " HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                + "Content-Length: 4\r\n\r\n");
        Thread.sleep(100);
        runtime.write("done");

        assertThat(runtime.read().status()).isEqualTo(202);
        assertThat(new String(invocation.answer().get(5, TimeUnit.SECONDS).body(), StandardCharsets.UTF_8))
                .isEqualTo("done");
    }

    @Test
    void closesTheConnectionAfterAMalformedRequest() throws Exception {
        RawHttp runtime = client();
        runtime.write("NONSENSE\r\n\r\n");

        RawHttp.Reply reply = runtime.read();

        assertThat(reply.status()).isEqualTo(400);
        assertThat(runtime.closedByServer()).isTrue();
    }

    @Test
    void refusesASecondQueuedInvocation() {
        server.submit(invocation("one"));

        assertThatThrownBy(() -> server.submit(invocation("two")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("still waiting for the runtime");
    }
}
