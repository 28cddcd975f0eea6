package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The emulator when the function misbehaves, with real processes (the fake runtime of
 * {@link FakeFunction}): a process that crashes mid-invocation, one that never polls, one that answers
 * twice. Each caller gets exactly one answer and the next invocation is served.
 */
class EmulatorFaultTest {

    @TempDir
    static Path work;

    private static Path function;

    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private EnvironmentPool pool;
    private FrontDoor door;

    @BeforeAll
    static void installFakeFunction() throws IOException {
        function = FakeFunction.install(work, true);
    }

    @AfterEach
    void stop() {
        if (door != null) {
            door.close();
        }
        if (pool != null) {
            pool.close();
        }
    }

    private FunctionConfig config() {
        return FunctionConfig.of(function, "fake")
                .withLog(log)
                .withTimeout(Duration.ofSeconds(10))
                .withJavaHome(Path.of(System.getProperty("java.home")));
    }

    private String log() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }

    private long reports() {
        return Pattern.compile("(?m)^\\[fake \\d+] REPORT RequestId: ")
                .matcher(log())
                .results()
                .count();
    }

    private URI frontDoor(FunctionConfig config) throws IOException {
        pool = EnvironmentPool.create(config);
        door = FrontDoor.start(
                "127.0.0.1",
                0,
                EventFactory.of(EventFormat.HTTP_API, config.region()),
                pool,
                new PrintStream(console, true, StandardCharsets.UTF_8),
                "start-api");
        return URI.create("http://127.0.0.1:" + door.port());
    }

    private static HttpResponse<String> get(URI base, String path) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(
                    HttpRequest.newBuilder(base.resolve(path))
                            .timeout(Duration.ofSeconds(20))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    @Test
    void answersACrashMidInvocationAsTheGatewayDoesAndStartsAFreshEnvironmentNextTime() throws Exception {
        URI base = frontDoor(config());
        String firstPid = get(base, "/pid").body();

        HttpResponse<String> crashed = get(base, "/exit/3");

        // An HTTP API answers a failed function with 500; REST, Function URL and ALB with 502 (ResponseMapperTest).
        assertThat(crashed.statusCode()).isEqualTo(500);
        assertThat(crashed.body()).isEqualTo("{\"message\":\"Internal Server Error\"}");
        assertThat(ProcessHandle.of(Long.parseLong(firstPid)).map(ProcessHandle::isAlive))
                .as("the crashed process is gone")
                .isNotEqualTo(Optional.of(true));
        HttpResponse<String> next = get(base, "/pid");
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(next.body()).isNotEqualTo(firstPid);
        assertThat(pool.started()).isEqualTo(2);
        assertThat(log()).contains("Error: Runtime exited with error: exit status 3");
        assertThat(reports()).as("one REPORT per request").isEqualTo(3);
    }

    @Test
    void timesOutAFunctionThatNeverPollsAfterTheInitTimeout() throws Exception {
        EnvironmentPool direct = EnvironmentPool.create(
                config().withInitTimeout(Duration.ofSeconds(1)).withEnvironment(Map.of("FAKE_INIT_SLEEP", "60000")));
        pool = direct;

        long start = System.nanoTime();
        InvocationResult result = direct.invoke("pid".getBytes(StandardCharsets.UTF_8), null);

        assertThat(result.kind()).isEqualTo(InvocationResult.Kind.TIMEOUT);
        assertThat(result.errorType()).isEqualTo("Sandbox.Timedout");
        assertThat((System.nanoTime() - start) / 1e9)
                .as("seconds to the answer")
                .isLessThan(8);
        assertThat(direct.size()).as("the environment is gone").isZero();
        assertThat(log()).contains("Phase: init\tStatus: timeout");
        assertThat(reports()).isEqualTo(1);
    }

    @Test
    void keepsTheFirstOfTwoAnswersAndRefusesTheSecondWith403() throws Exception {
        URI base = frontDoor(config());
        String pid = get(base, "/pid").body();

        HttpResponse<String> twice = get(base, "/twice");

        assertThat(twice.statusCode()).isEqualTo(200);
        assertThat(twice.body()).as("the first answer").isEqualTo("1");
        HttpResponse<String> next = get(base, "/pid");
        assertThat(next.body()).as("the environment stays warm").isEqualTo(pid);
        assertThat(log()).contains("response refused: 403");
        assertThat(reports()).isEqualTo(3);
    }
}
