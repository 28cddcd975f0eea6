package dev.thaw.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuntimeApiClientTest {

    private static byte[] invocation(String id, String deadline, String event) {
        return deadline == null
                ? ScriptedRuntimeApi.reply(200, event, "Lambda-Runtime-Aws-Request-Id", id)
                : ScriptedRuntimeApi.reply(
                        200,
                        event,
                        "Lambda-Runtime-Aws-Request-Id",
                        id,
                        "Lambda-Runtime-Deadline-Ms",
                        deadline,
                        "Lambda-Runtime-Invoked-Function-Arn",
                        "arn:aws:lambda:eu-west-1:123456789012:function:users",
                        "Lambda-Runtime-Trace-Id",
                        "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1");
    }

    @Test
    void readsTheInvocationHeadersAndEvent() throws Exception {
        try (ScriptedRuntimeApi api = new ScriptedRuntimeApi(r -> invocation("abc", "1764288000123", "{\"x\":1}"));
                RuntimeApiClient client = new RuntimeApiClient(api.endpoint())) {
            Invocation invocation = client.next();
            assertThat(invocation.requestId()).isEqualTo("abc");
            assertThat(invocation.deadlineMillis()).isEqualTo(1764288000123L);
            assertThat(invocation.functionArn()).endsWith(":function:users");
            assertThat(invocation.traceId()).startsWith("Root=1-5759e988");
            assertThat(new String(invocation.event(), StandardCharsets.UTF_8)).isEqualTo("{\"x\":1}");
            ScriptedRuntimeApi.Received request = api.take();
            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.path()).isEqualTo("/2018-06-01/runtime/invocation/next");
        }
    }

    @ParameterizedTest
    @CsvSource(
            nullValues = "NULL",
            value = {"NULL", "''", "soon", "-5", "0", "12.5"})
    void aMissingOrMalformedDeadlineMeansNoDeadline(String header) throws Exception {
        try (ScriptedRuntimeApi api = new ScriptedRuntimeApi(r -> header == null
                        ? invocation("id", null, "{}")
                        : ScriptedRuntimeApi.reply(
                                200,
                                "{}",
                                "Lambda-Runtime-Aws-Request-Id",
                                "id",
                                "Lambda-Runtime-Deadline-Ms",
                                header));
                RuntimeApiClient client = new RuntimeApiClient(api.endpoint())) {
            assertThat(client.next().deadlineMillis()).isEqualTo(Long.MAX_VALUE);
        }
    }

    @Test
    void keepsOneConnectionAcrossExchanges() throws Exception {
        try (ScriptedRuntimeApi api = new ScriptedRuntimeApi(r -> r.method().equals("GET")
                        ? invocation("id", "1", "{}")
                        : ScriptedRuntimeApi.reply(202, "{\"status\":\"OK\"}"));
                RuntimeApiClient client = new RuntimeApiClient(api.endpoint())) {
            for (int i = 0; i < 5; i++) {
                client.next();
                assertThat(client.respond("id", "{}".getBytes(StandardCharsets.UTF_8)))
                        .isEqualTo(202);
            }
            assertThat(api.connections()).isEqualTo(1);
        }
    }

    @Test
    void postsTheResponseBodyAsIs() throws Exception {
        try (ScriptedRuntimeApi api = new ScriptedRuntimeApi(r -> ScriptedRuntimeApi.reply(202, ""));
                RuntimeApiClient client = new RuntimeApiClient(api.endpoint())) {
            assertThat(client.respond("req-1", "{\"statusCode\":200}".getBytes(StandardCharsets.UTF_8)))
                    .isEqualTo(202);
            ScriptedRuntimeApi.Received post = api.take();
            assertThat(post.path()).isEqualTo("/2018-06-01/runtime/invocation/req-1/response");
            assertThat(post.bodyText()).isEqualTo("{\"statusCode\":200}");
        }
    }

    @ParameterizedTest
    @CsvSource({"413", "400", "403"})
    void reportsRefusalsWithoutThrowing(int status) throws Exception {
        try (ScriptedRuntimeApi api =
                        new ScriptedRuntimeApi(r -> ScriptedRuntimeApi.reply(status, "{\"errorType\":\"x\"}"));
                RuntimeApiClient client = new RuntimeApiClient(api.endpoint())) {
            assertThat(client.respond("req", new byte[10])).isEqualTo(status);
        }
    }

    @Test
    void postsErrorsWithTheTypeHeaderAndJsonBody() throws Exception {
        try (ScriptedRuntimeApi api = new ScriptedRuntimeApi(r -> ScriptedRuntimeApi.reply(202, ""));
                RuntimeApiClient client = new RuntimeApiClient(api.endpoint())) {
            ErrorReport report =
                    ErrorReport.of("Function.UnhandledException", new IllegalStateException("bad \"state\""));
            client.respondError("req-2", report);
            ScriptedRuntimeApi.Received post = api.take();
            assertThat(post.path()).isEqualTo("/2018-06-01/runtime/invocation/req-2/error");
            assertThat(post.headers())
                    .containsEntry("lambda-runtime-function-error-type", "Function.UnhandledException");
            assertThat(post.bodyText())
                    .startsWith(
                            "{\"errorMessage\":\"bad \\\"state\\\"\",\"errorType\":\"java.lang.IllegalStateException\"")
                    .contains("\"stackTrace\":[\"dev.thaw.lambda.RuntimeApiClientTest");

            client.initError(new ErrorReport("Runtime.InitError", "Init", "no config", List.of()));
            ScriptedRuntimeApi.Received init = api.take();
            assertThat(init.path()).isEqualTo("/2018-06-01/runtime/init/error");
            assertThat(init.headers()).containsEntry("lambda-runtime-function-error-type", "Runtime.InitError");
        }
    }

    @ParameterizedTest
    @CsvSource({"Unhandled", "Function.unhandled", "Function.Un-handled", "Handler.Error", "Runtime."})
    void rejectsErrorTypesLambdaWouldRefuse(String category) {
        assertThatThrownBy(() -> new ErrorReport(category, "T", "m", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(category);
    }

    @Test
    void reconnectsWhenTheConnectionIsDropped() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (ScriptedRuntimeApi api = new ScriptedRuntimeApi(
                        r -> calls.incrementAndGet() == 1 ? null : invocation("after-reset", "1", "{}"));
                RuntimeApiClient client = new RuntimeApiClient(api.endpoint())) {
            assertThat(client.next().requestId()).isEqualTo("after-reset");
            assertThat(api.connections()).isEqualTo(2);
        }
    }

    @Test
    void givesUpWithAClearMessageWhenTheApiIsGone() throws Exception {
        ScriptedRuntimeApi api = new ScriptedRuntimeApi(r -> null);
        String endpoint = api.endpoint();
        api.close();
        try (RuntimeApiClient client = new RuntimeApiClient(endpoint)) {
            assertThatThrownBy(client::next)
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("invocation/next at " + endpoint)
                    .hasMessageContaining("gave up");
        }
    }

    @Test
    void streamsChunksWithErrorTrailers() throws Exception {
        try (ScriptedRuntimeApi api = new ScriptedRuntimeApi(r -> ScriptedRuntimeApi.reply(202, ""));
                RuntimeApiClient client = new RuntimeApiClient(api.endpoint())) {
            HttpConnection.ChunkedBody body =
                    client.openStream("req-3", "application/vnd.awslambda.http-integration-response");
            body.write("part one|".getBytes(StandardCharsets.UTF_8));
            body.flush();
            body.write("part two".getBytes(StandardCharsets.UTF_8));
            assertThat(body.finish(
                                    "Lambda-Runtime-Function-Error-Type",
                                    "Function.StreamError",
                                    "Lambda-Runtime-Function-Error-Body",
                                    "eyJ4IjoxfQ==")
                            .status())
                    .isEqualTo(202);
            ScriptedRuntimeApi.Received post = api.take();
            assertThat(post.headers())
                    .containsEntry("lambda-runtime-function-response-mode", "streaming")
                    .containsEntry("transfer-encoding", "chunked");
            assertThat(post.bodyText()).isEqualTo("part one|part two");
            assertThat(post.trailers()).containsEntry("Lambda-Runtime-Function-Error-Type", "Function.StreamError");
        }
    }

    @Test
    void rejectsAMalformedEndpoint() {
        assertThatThrownBy(() -> new RuntimeApiClient("localhost"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host:port");
    }
}
