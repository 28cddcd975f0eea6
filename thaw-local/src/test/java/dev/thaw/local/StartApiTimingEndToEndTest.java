package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code start-api} through the real emulator against {@link TimingApp}, a thaw app compiled here whose
 * routes take time: a Function URL response streamed to the client while the function still writes it, and
 * concurrent slow requests that start exactly {@code --max-concurrency} environments. Skipped until
 * examples/users-api (whose thaw jars the app is built with) is built.
 */
class StartApiTimingEndToEndTest {

    private static final Pattern REPORT = Pattern.compile("\\[timing-app (\\d+)] REPORT RequestId: [^\\n]*");

    @TempDir
    static Path work;

    private static Path app;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    @BeforeAll
    static void buildApp() throws IOException {
        assumeTrue(TimingApp.canBuild(), "build examples/users-api first: " + PackagedUsersApi.JAR);
        app = TimingApp.create(work);
    }

    private StartApi.Emulated start(String... options) {
        List<String> args = new ArrayList<>(List.of(app.toString(), "--port", "0", "--no-build"));
        args.addAll(List.of(options));
        StartApi startApi = new StartApi(
                work,
                null,
                Path.of(System.getProperty("java.home")),
                "/never/run/mvn",
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(console, true, StandardCharsets.UTF_8));
        return startApi.startEmulated(StartApiOptions.parse(args));
    }

    @Test
    void streamsAFunctionUrlResponseToTheClientWhileTheFunctionStillWritesIt() throws Exception {
        Path gate = work.resolve("gate-" + System.nanoTime());
        try (StartApi.Emulated api = start(
                        "--event-format",
                        "url",
                        "--env",
                        "THAW_RESPONSE_STREAMING=true",
                        "--env",
                        "GATE_FILE=" + gate);
                HttpClient client = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .build()) {
            HttpResponse<InputStream> response = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/stream"))
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                // the function writes "two" only once the gate exists, which happens after "one" arrived here
                String first = readLine(body);
                assertThat(Files.exists(gate)).isFalse();
                Files.createFile(gate);
                String rest = new String(body.readAllBytes(), StandardCharsets.UTF_8);

                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.headers().firstValue("content-type")).contains("text/plain");
                assertThat(first).isEqualTo("one\n");
                assertThat(first + rest).isEqualTo("one\ntwo\n");
            }
        }
        assertThat(reports(1))
                .singleElement()
                .satisfies(report -> assertThat(report.group()).contains("Init Duration: "));
    }

    @Test
    void startsExactlyMaxConcurrencyEnvironmentsForEightConcurrentSlowRequests() throws Exception {
        List<HttpResponse<String>> responses = new ArrayList<>();
        try (StartApi.Emulated api = start("--max-concurrency", "4");
                HttpClient client = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .build()) {
            List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                pending.add(client.sendAsync(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/slow?ms=500"))
                                .timeout(Duration.ofSeconds(60))
                                .build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> answer : pending) {
                responses.add(answer.get());
            }
        }

        Set<String> pids = new HashSet<>();
        for (HttpResponse<String> response : responses) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            pids.add(response.body());
        }
        assertThat(pids).hasSize(4).allSatisfy(pid -> assertThat(pid).containsOnlyDigits());
        List<MatchResult> reports = reports(8);
        assertThat(reports).hasSize(8);
        assertThat(reports.stream().map(report -> report.group(1)).distinct())
                .containsExactlyInAnyOrder("1", "2", "3", "4");
        assertThat(reports.stream().filter(report -> report.group().contains("Init Duration: ")))
                .hasSize(4);
    }

    /** Reads up to and including the first line feed. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0; b = in.read()) {
            line.write(b);
            if (b == '\n') {
                break;
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    /** Returns the REPORT lines once there are {@code expected} of them, or what there is after 5 s. */
    private List<MatchResult> reports(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            List<MatchResult> lines = REPORT.matcher(console.toString(StandardCharsets.UTF_8))
                    .results()
                    .toList();
            if (lines.size() >= expected || System.nanoTime() > deadline) {
                return lines;
            }
            Thread.sleep(10);
        }
    }
}
