package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code start-api} through the real emulator: a copy of the built examples/users-api is packaged by
 * start-api itself, run by the environment pool over a real Runtime API and reached over a real socket.
 * Skipped until the example is built.
 */
class StartApiEmulatorEndToEndTest {

    private static final Pattern REPORT = Pattern.compile("REPORT RequestId: [^\\n]*");

    @TempDir
    Path tmp;

    @Test
    void servesUsersApiColdThenWarmWithLambdaReportLines() throws Exception {
        assumeTrue(PackagedUsersApi.isBuilt(), "build examples/users-api first: " + PackagedUsersApi.JAR);
        Path app = copyOfUsersApi();
        ByteArrayOutputStream banner = new ByteArrayOutputStream();
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        StartApi startApi = new StartApi(
                tmp,
                null,
                Path.of(System.getProperty("java.home")),
                "/never/run/mvn",
                new PrintStream(banner, true, StandardCharsets.UTF_8),
                new PrintStream(console, true, StandardCharsets.UTF_8));

        StartApi.Emulated api = startApi.startEmulated(
                StartApiOptions.parse(List.of(app.toString(), "--port", "0", "--no-build", "--max-concurrency", "1")));
        try (api;
                HttpClient client = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .build()) {
            assertThat(Files.isExecutable(app.resolve("target/function/bootstrap")))
                    .isTrue();
            assertThat(banner.toString(StandardCharsets.UTF_8))
                    .startsWith("thaw start-api: serving users-api on http://127.0.0.1:" + api.port()
                            + " through the Lambda emulator (event format v2,");

            HttpResponse<String> user = get(client, api.port(), "/users/42");
            List<String> afterFirst = reports(console, 1);
            HttpResponse<String> health = get(client, api.port(), "/health");
            List<String> afterSecond = reports(console, 2);

            assertThat(user.statusCode()).isEqualTo(200);
            assertThat(user.body()).contains("\"id\":\"42\"").contains("\"name\":\"user-42\"");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"ok\"");
            assertThat(afterFirst).singleElement().asString().contains("Init Duration: ");
            assertThat(afterSecond).hasSize(2);
            assertThat(afterSecond.get(1))
                    .contains("Duration: ")
                    .contains("Memory Size: 512 MB")
                    .doesNotContain("Init Duration");
        }
    }

    private static HttpResponse<String> get(HttpClient client, int port, String path)
            throws IOException, InterruptedException {
        return client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Returns the REPORT lines once there are {@code expected} of them (the pool may log just after answering). */
    private static List<String> reports(ByteArrayOutputStream console, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            List<String> lines = REPORT.matcher(console.toString(StandardCharsets.UTF_8))
                    .results()
                    .map(MatchResult::group)
                    .toList();
            if (lines.size() >= expected || System.nanoTime() > deadline) {
                return lines;
            }
            Thread.sleep(10);
        }
    }

    /** Copies the example's pom, jar and target/lib, without any package: start-api must write it. */
    private Path copyOfUsersApi() throws IOException {
        Path app = Files.createDirectories(tmp.resolve("users-api")).toRealPath();
        Files.copy(PackagedUsersApi.USERS_API.resolve("pom.xml"), app.resolve("pom.xml"));
        Files.createDirectories(app.resolve("target/lib"));
        Files.copy(PackagedUsersApi.JAR, app.resolve("target/users-api.jar"));
        try (Stream<Path> libs = Files.list(PackagedUsersApi.USERS_API.resolve("target/lib"))) {
            for (Path lib : libs.toList()) {
                Files.copy(lib, app.resolve("target/lib").resolve(lib.getFileName()));
            }
        }
        return app;
    }
}
