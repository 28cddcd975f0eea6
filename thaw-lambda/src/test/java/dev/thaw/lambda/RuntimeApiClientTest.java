package dev.thaw.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thaw.testkit.FakeRuntimeApi;
import dev.thaw.testkit.FakeRuntimeApi.Answer;
import dev.thaw.testkit.FakeRuntimeApi.Fault;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The client against the testkit's fake Runtime API, which answers as Lambda does; replies Lambda never
 * sends (a 200 without a request id, a chunked reply) come from {@link ScriptedRuntimeApi}.
 */
class RuntimeApiClientTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final FakeRuntimeApi api = FakeRuntimeApi.start();

    @AfterEach
    void stopApi() {
        api.close();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsTheInvocationHeadersAndEvent() throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(FakeRuntimeApi.REQUEST_ID, "abc");
        headers.put(FakeRuntimeApi.DEADLINE_MS, "1764288000123");
        headers.put(FakeRuntimeApi.FUNCTION_ARN, "arn:aws:lambda:eu-west-1:123456789012:function:users");
        headers.put(
                FakeRuntimeApi.TRACE_ID, "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1");
        headers.put(FakeRuntimeApi.CLIENT_CONTEXT, "{\"client\":{\"app_title\":\"users\"}}");
        headers.put(FakeRuntimeApi.COGNITO_IDENTITY, "{\"cognitoIdentityId\":\"eu-west-1:1234\"}");
        headers.put(FakeRuntimeApi.TENANT_ID, "tenant-7");
        api.enqueue(utf8("{\"x\":1}"), headers);

        try (RuntimeApiClient client = new RuntimeApiClient(api.endpoint())) {
            Invocation invocation = client.next();

            assertThat(invocation.requestId()).isEqualTo("abc");
            assertThat(invocation.deadlineMillis()).isEqualTo(1764288000123L);
            assertThat(invocation.functionArn()).endsWith(":function:users");
            assertThat(invocation.traceId()).startsWith("Root=1-5759e988");
            assertThat(invocation.clientContext()).isEqualTo("{\"client\":{\"app_title\":\"users\"}}");
            assertThat(invocation.cognitoIdentity()).isEqualTo("{\"cognitoIdentityId\":\"eu-west-1:1234\"}");
            assertThat(invocation.tenantId()).isEqualTo("tenant-7");
            assertThat(new String(invocation.event(), StandardCharsets.UTF_8)).isEqualTo("{\"x\":1}");
        }
    }

    @Test
    void leavesAbsentOptionalHeadersNull() throws Exception {
        api.enqueue(utf8("{}"));

        try (RuntimeApiClient client = new RuntimeApiClient(api.endpoint())) {
            Invocation invocation = client.next();

            assertThat(invocation.functionArn()).isEqualTo(FakeRuntimeApi.DEFAULT_FUNCTION_ARN);
            assertThat(invocation.clientContext()).isNull();
            assertThat(invocation.cognitoIdentity()).isNull();
            assertThat(invocation.tenantId()).isNull();
            assertThat(invocation.deadlineMillis())
                    .isBetween(System.currentTimeMillis(), System.currentTimeMillis() + 30_000);
        }
    }

    @ParameterizedTest
    @CsvSource(
            nullValues = "OMITTED",
            value = {"OMITTED", "''", "soon", "-5", "0", "12.5"})
    void aMissingOrMalformedDeadlineMeansNoDeadline(String header) throws Exception {
        api.enqueue(utf8("{}"), Collections.singletonMap(FakeRuntimeApi.DEADLINE_MS, header));

        try (RuntimeApiClient client = new RuntimeApiClient(api.endpoint())) {
            assertThat(client.next().deadlineMillis()).isEqualTo(Long.MAX_VALUE);
        }
    }

    @Test
    void keepsOneConnectionAcrossExchanges() throws Exception {
        try (RuntimeApiClient client = new RuntimeApiClient(api.endpoint())) {
            for (int i = 0; i < 5; i++) {
                String id = api.enqueue(utf8("{}"));
                assertThat(client.next().requestId()).isEqualTo(id);
                assertThat(client.respond(id, utf8("{}"))).isEqualTo(202);
            }
        }
        assertThat(api.connections()).isEqualTo(1);
    }

    @Test
    void postsTheResponseBodyAsIs() throws Exception {
        String id = api.enqueue(utf8("{}"));
        try (RuntimeApiClient client = new RuntimeApiClient(api.endpoint())) {
            client.next();

            assertThat(client.respond(id, utf8("{\"statusCode\":200}"))).isEqualTo(202);
        }
        Answer answer = api.awaitAnswer(id, WAIT);
        assertThat(answer.kind()).isEqualTo(Answer.Kind.RESPONSE);
        assertThat(answer.bodyText()).isEqualTo("{\"statusCode\":200}");
        assertThat(answer.header("content-type")).isEqualTo("application/json");
    }

    @Test
    void reportsRefusalsWithoutThrowing() throws Exception {
        String id = api.enqueue(utf8("{}"));
        try (RuntimeApiClient client = new RuntimeApiClient(api.endpoint())) {
            client.next();

            assertThat(client.respond("never-handed-out", utf8("{}")))
                    .as("unknown id")
                    .isEqualTo(400);
            assertThat(client.respond(id, new byte[FakeRuntimeApi.MAX_RESPONSE_BYTES + 1]))
                    .as("too large")
                    .isEqualTo(413);
            assertThat(client.respond(id, utf8("{}"))).as("already answered").isEqualTo(403);
        }
        assertThat(api.answers(id)).extracting(Answer::status).containsExactly(413, 403);
    }

    @Test
    void postsErrorsWithTheTypeHeaderAndJsonBody() throws Exception {
        try (RuntimeApiClient client = new RuntimeApiClient(api.endpoint())) {
            assertThat(client.initError(new ErrorReport("Runtime.InitError", "Init", "no config", List.of())))
                    .isEqualTo(202);
            String id = api.enqueue(utf8("{}"));
            client.next();

            ErrorReport report =
                    ErrorReport.of("Function.UnhandledException", new IllegalStateException("bad \"state\""));
            assertThat(client.respondError(id, report)).isEqualTo(202);

            Answer error = api.awaitAnswer(id, WAIT);
            assertThat(error.kind()).isEqualTo(Answer.Kind.ERROR);
            assertThat(error.errorType()).isEqualTo("Function.UnhandledException");
            assertThat(error.errorTypeValid()).isTrue();
            assertThat(error.bodyText())
                    .startsWith(
                            "{\"errorMessage\":\"bad \\\"state\\\"\",\"errorType\":\"java.lang.IllegalStateException\"")
                    .contains("\"stackTrace\":[\"dev.thaw.lambda.RuntimeApiClientTest");
        }
        Answer init = api.initError(WAIT).orElseThrow();
        assertThat(init.errorType()).isEqualTo("Runtime.InitError");
        assertThat(init.bodyText()).contains("\"errorMessage\":\"no config\"");
    }

    @ParameterizedTest
    @CsvSource({
        "Unhandled",
        "Function.unhandled",
        "Function.Un-handled",
        "Handler.Error",
        "Runtime.",
        "Function.",
        "Runtime.A1",
        "'Runtime.Ab '",
        "RuntimeX.Error",
        "Function.Error.More",
        "runtime.Error"
    })
    void rejectsErrorTypesLambdaWouldRefuse(String category) {
        assertThatThrownBy(() -> new ErrorReport(category, "T", "m", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(category);
    }

    @ParameterizedTest
    @CsvSource({"Runtime.A", "Runtime.InvalidEvent", "Function.UnhandledError", "Function.ZZtop", "Runtime.ExitError"})
    void acceptsErrorTypesOfLambdasFormat(String category) {
        assertThat(new ErrorReport(category, "T", "m", List.of()).category()).isEqualTo(category);
    }

    @Test
    void reconnectsWhenTheConnectionIsDroppedOnNext() throws Exception {
        api.failNextPoll(Fault.closeConnection());
        String id = api.enqueue(utf8("{}"));

        try (RuntimeApiClient client = new RuntimeApiClient(api.endpoint())) {
            assertThat(client.next().requestId()).isEqualTo(id);
        }
        assertThat(api.connections()).isEqualTo(2);
    }

    @Test
    void waitsForASlowNextWithoutATimeout() throws Exception {
        api.failNextPoll(Fault.slow(Duration.ofMillis(300)));
        String id = api.enqueue(utf8("{}"));

        try (RuntimeApiClient client = new RuntimeApiClient(api.endpoint())) {
            assertThat(client.next().requestId()).isEqualTo(id);
        }
        assertThat(api.connections()).isEqualTo(1);
    }

    @Test
    void failsWithTheStatusAndBodyWhenNextIsRefused() throws Exception {
        api.failNextPoll(Fault.status(500));

        try (RuntimeApiClient client = new RuntimeApiClient(api.endpoint())) {
            assertThatThrownBy(client::next)
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("GET /2018-06-01/runtime/invocation/next: 500")
                    .hasMessageContaining("Fake.InjectedFault");
        }
    }

    @Test
    void givesUpWithAClearMessageWhenTheApiIsGone() {
        String endpoint = api.endpoint();
        api.stop();

        try (RuntimeApiClient client = new RuntimeApiClient(endpoint)) {
            assertThatThrownBy(client::next)
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("invocation/next at " + endpoint)
                    .hasMessageContaining("gave up");
        }
    }

    @Test
    void streamsChunksWithErrorTrailers() throws Exception {
        String id = api.enqueue(utf8("{}"));
        try (RuntimeApiClient client = new RuntimeApiClient(api.endpoint())) {
            client.next();
            HttpConnection.ChunkedBody body = client.openStream(id, StreamingResponder.HTTP_INTEGRATION);
            body.write(utf8("part one|"));
            body.flush();
            body.write(utf8("part two"));

            assertThat(body.finish(
                                    "Lambda-Runtime-Function-Error-Type",
                                    "Function.StreamError",
                                    "Lambda-Runtime-Function-Error-Body",
                                    "eyJ4IjoxfQ==")
                            .status())
                    .isEqualTo(202);
        }
        Answer answer = api.awaitAnswer(id, WAIT);
        assertThat(answer.streamed()).isTrue();
        assertThat(answer.header("transfer-encoding")).isEqualTo("chunked");
        assertThat(answer.bodyText()).isEqualTo("part one|part two");
        assertThat(answer.errorType()).isEqualTo("Function.StreamError");
        assertThat(answer.trailer("Lambda-Runtime-Function-Error-Body")).isEqualTo("eyJ4IjoxfQ==");
    }

    @Test
    void refusesA200WithoutARequestId() throws Exception {
        try (ScriptedRuntimeApi scripted = new ScriptedRuntimeApi(
                        r -> ScriptedRuntimeApi.reply(200, "{}", "Lambda-Runtime-Deadline-Ms", "1"));
                RuntimeApiClient client = new RuntimeApiClient(scripted.endpoint())) {
            assertThatThrownBy(client::next)
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("200 without lambda-runtime-aws-request-id");
        }
    }

    @Test
    void readsAChunkedReply() throws Exception {
        byte[] chunked = ("HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: chunky\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n4\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        try (ScriptedRuntimeApi scripted = new ScriptedRuntimeApi(r -> chunked);
                RuntimeApiClient client = new RuntimeApiClient(scripted.endpoint())) {
            Invocation invocation = client.next();

            assertThat(invocation.requestId()).isEqualTo("chunky");
            assertThat(new String(invocation.event(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
        }
    }

    @Test
    void rejectsAMalformedEndpoint() {
        assertThatThrownBy(() -> new RuntimeApiClient("localhost"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host:port");
    }
}
