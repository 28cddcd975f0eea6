package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.ProcessBuilder.Redirect;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** start-api against the real examples/users-api jar, over a real socket; skipped until that jar is built. */
class StartApiEndToEndTest {

    // surefire runs in the module directory
    private static final Path REPO = Path.of("").toAbsolutePath().getParent();
    private static final Path USERS_API_JAR = REPO.resolve("examples/users-api/target/users-api.jar");

    @TempDir
    Path tmp;

    @Test
    void servesUsersApiHealthOnAFreePortThenStops() throws Exception {
        assumeTrue(Files.isRegularFile(USERS_API_JAR), "build examples/users-api first: " + USERS_API_JAR);
        ByteArrayOutputStream banner = new ByteArrayOutputStream();
        StartApi startApi = new StartApi(
                REPO,
                REPO,
                Path.of(System.getProperty("java.home")),
                "mvn",
                new PrintStream(banner, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        Path log = tmp.resolve("users-api.log");

        // --no-build: the test serves the jar as built, it never starts Maven
        AppProcess app = startApi.start(
                StartApiOptions.parse(List.of("examples/users-api", "--port", "0", "--no-build", "--direct")),
                Redirect.to(log.toFile()));
        try {
            assertThat(app.port()).isPositive();
            assertThat(banner.toString(StandardCharsets.UTF_8))
                    .isEqualTo("thaw start-api: serving examples/users-api on http://127.0.0.1:" + app.port()
                            + " (direct mode: the app's local server)\n");

            HttpResponse<String> health = getWhenListening(app, "/health", log);

            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.headers().firstValue("content-type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            assertThat(health.body()).contains("\"status\":\"ok\"");
        } finally {
            app.stop(AppProcess.STOP_GRACE);
        }
        assertThat(app.isAlive()).isFalse();
    }

    @Test
    void givesTheAppTheVariablesOfEnvOptionsInDirectMode() throws Exception {
        assumeTrue(Files.isRegularFile(USERS_API_JAR), "build examples/users-api first: " + USERS_API_JAR);
        StartApi startApi = new StartApi(
                REPO,
                REPO,
                Path.of(System.getProperty("java.home")),
                "mvn",
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        Path log = tmp.resolve("users-api.log");
        Files.writeString(tmp.resolve("cors.env"), "CORS_ORIGINS=http://from-file.test\n");

        AppProcess app = startApi.start(
                StartApiOptions.parse(List.of(
                        "examples/users-api",
                        "--port",
                        "0",
                        "--no-build",
                        "--direct",
                        "--env-file",
                        tmp.resolve("cors.env").toString(),
                        "--env",
                        "CORS_ORIGINS=http://app.example.test")),
                Redirect.to(log.toFile()));
        try {
            // users-api allows the origins CORS_ORIGINS lists; the --env value overrides the file's
            HttpResponse<String> preflight = sendWhenListening(
                    app,
                    HttpRequest.newBuilder(URI.create(app.url() + "/users"))
                            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                            .header("Origin", "http://app.example.test")
                            .header("Access-Control-Request-Method", "POST")
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    log);

            assertThat(preflight.statusCode()).isEqualTo(204);
            assertThat(preflight.headers().firstValue("access-control-allow-origin"))
                    .contains("http://app.example.test");
        } finally {
            app.stop(AppProcess.STOP_GRACE);
        }
    }

    private static HttpResponse<String> getWhenListening(AppProcess app, String path, Path log) throws Exception {
        return sendWhenListening(
                app,
                HttpRequest.newBuilder(URI.create(app.url() + path))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                log);
    }

    private static HttpResponse<String> sendWhenListening(AppProcess app, HttpRequest request, Path log)
            throws Exception {
        String path = request.method() + " " + request.uri().getPath();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        try (HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            while (true) {
                try {
                    return client.send(request, HttpResponse.BodyHandlers.ofString());
                } catch (IOException notYetListening) {
                    if (!app.isAlive() || System.nanoTime() > deadline) {
                        throw new AssertionError(
                                "users-api did not answer " + path + " on " + app.url() + "; its output:\n"
                                        + (Files.exists(log) ? Files.readString(log) : "(none)"),
                                notYetListening);
                    }
                    Thread.sleep(25);
                }
            }
        }
    }
}
