package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thaw.Context;
import dev.thaw.EventSource;
import dev.thaw.lambda.EventCodec;
import dev.thaw.lambda.EventCodecs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.ProcessBuilder.Redirect;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code start-api}'s emulator path with a scripted function in place of the environment pool. */
class StartApiEmulatorTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private StartApi startApi(ScriptedFunction function) {
        return new StartApi(
                tmp,
                null,
                Path.of(System.getProperty("java.home")),
                "mvn",
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                function);
    }

    @Test
    void servesThroughTheEmulatorWithTheChosenFormatAndLimits() throws Exception {
        ScriptedFunction function = new ScriptedFunction(event -> ScriptedFunction.result(
                InvocationResult.Kind.RESPONSE,
                "{\"statusCode\":200,\"multiValueHeaders\":{\"content-type\":[\"text/plain\"]},\"body\":\"hi\"}",
                null));
        ScriptedFunction.packagedApp(tmp, "echo-app");
        StartApiOptions options = StartApiOptions.parse(List.of(
                "echo-app",
                "--port",
                "0",
                "--event-format",
                "v1",
                "--max-concurrency",
                "2",
                "--memory",
                "256",
                "--timeout",
                "5",
                "--idle-timeout",
                "60"));

        StartApi.Emulated api = startApi(function).startEmulated(options);
        HttpResponse<String> answer;
        try (HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            answer = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/users/42?x=1"))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } finally {
            api.close();
        }

        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("thaw start-api: serving echo-app on http://127.0.0.1:" + api.port()
                        + " through the Lambda emulator (event format v1, max concurrency 2, memory 256 MB,"
                        + " timeout 5 s)\n");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("hi");
        assertThat(answer.headers().firstValue("content-type")).contains("text/plain");

        byte[] event = function.events.getFirst();
        EventCodec codec = EventCodecs.forEvent(event).orElseThrow();
        assertThat(codec.source()).isEqualTo(EventSource.API_GATEWAY_REST);
        assertThat(codec.decode(event, Context.direct()).rawPath()).isEqualTo("/users/42");

        assertThat(function.config.name()).isEqualTo("echo-app");
        assertThat(function.config.memoryMb()).isEqualTo(256);
        assertThat(function.config.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(function.config.maxConcurrency()).isEqualTo(2);
        assertThat(function.config.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(function.closed).isTrue();
    }

    @Test
    void givesTheFunctionTheVariablesOfEnvFilesAndEnvOptions() throws Exception {
        ScriptedFunction function = new ScriptedFunction(event -> {
            throw new AssertionError("must not be invoked");
        });
        ScriptedFunction.packagedApp(tmp, "echo-app");
        Files.writeString(tmp.resolve(".env"), "THAW_RESPONSE_STREAMING=true\nSYNC_URL=http://127.0.0.1:1/sync\n");

        StartApi.Emulated api = startApi(function)
                .startEmulated(StartApiOptions.parse(List.of(
                        "echo-app",
                        "--port",
                        "0",
                        "--event-format",
                        "url",
                        "--env-file",
                        ".env",
                        "--env",
                        "SYNC_URL=http://127.0.0.1:2/sync")));
        api.close();

        assertThat(function.config.environment())
                .isEqualTo(Map.of("THAW_RESPONSE_STREAMING", "true", "SYNC_URL", "http://127.0.0.1:2/sync"));
    }

    @Test
    void refusesPortAndHostAsVariablesInDirectMode() {
        ScriptedFunction function = new ScriptedFunction(event -> {
            throw new AssertionError("must not be invoked");
        });

        assertThatThrownBy(() -> startApi(function)
                        .start(StartApiOptions.parse(List.of("--direct", "--env", "PORT=9000")), Redirect.DISCARD))
                .isInstanceOfSatisfying(
                        CliException.class, e -> assertThat(e.isUsage()).isTrue())
                .hasMessage("start-api: --env PORT: in --direct mode PORT comes from --port; set it there");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void failsClearlyAndStopsTheFunctionWhenThePortIsTaken() throws Exception {
        ScriptedFunction function = new ScriptedFunction(event -> {
            throw new AssertionError("must not be invoked");
        });
        ScriptedFunction.packagedApp(tmp, "echo-app");
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            StartApiOptions options =
                    StartApiOptions.parse(List.of("echo-app", "--port", Integer.toString(taken.getLocalPort())));

            assertThatThrownBy(() -> startApi(function).startEmulated(options))
                    .isInstanceOf(CliException.class)
                    .hasMessage("start-api: port " + taken.getLocalPort()
                            + " on 127.0.0.1 is already in use: stop what listens there or choose another port with"
                            + " --port N");
        }
        assertThat(function.closed).isTrue();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
