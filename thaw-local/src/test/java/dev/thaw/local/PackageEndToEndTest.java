package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code package} on a copy of the real examples/users-api build, then its bootstrap started by {@code sh}
 * without a Runtime API, so the app serves its local server; skipped until that app is built.
 */
class PackageEndToEndTest {

    @TempDir
    Path tmp;

    @Test
    void packagesUsersApiWhoseBootstrapServesHealth() throws Exception {
        assumeTrue(PackagedUsersApi.isBuilt(), "build examples/users-api first: " + PackagedUsersApi.JAR);
        PackageApp.Written written = PackagedUsersApi.packageCopy(tmp);

        assertThat(written.mainClass()).isEqualTo("dev.thaw.examples.users.Main");
        assertThat(written.handlers().handlers()).containsExactly("dev.thaw.examples.users.UsersHandler");
        assertThat(Files.readString(written.template()))
                .contains("Handler: dev.thaw.examples.users.UsersHandler::handleRequest");
        assertThat(written.jars()).first().isEqualTo("users-api.jar");
        assertThat(written.jars()).contains("thaw-core-0.1.0-SNAPSHOT.jar", "thaw-server-0.1.0-SNAPSHOT.jar");

        int port = PortCheck.free("127.0.0.1", 0);
        Path log = tmp.resolve("bootstrap.log");
        ProcessBuilder builder = new ProcessBuilder(
                        "/bin/sh", written.function().resolve("bootstrap").toString())
                .directory(tmp.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.remove("AWS_LAMBDA_RUNTIME_API");
        env.remove("LAMBDA_TASK_ROOT");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("PORT", Integer.toString(port));
        env.put("HOST", "127.0.0.1");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "256");
        Process process = builder.start();
        try {
            HttpResponse<String> health = getWhenListening(process, "http://127.0.0.1:" + port + "/health", log);

            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"ok\"");
        } finally {
            // bootstrap execs java: the shell's process is the JVM
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        assertThat(process.isAlive()).isFalse();
    }

    private static HttpResponse<String> getWhenListening(Process process, String url, Path log) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(5))
                .build();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        try (HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            while (true) {
                try {
                    return client.send(request, HttpResponse.BodyHandlers.ofString());
                } catch (IOException notYetListening) {
                    if (!process.isAlive() || System.nanoTime() > deadline) {
                        throw new AssertionError(
                                "packaged users-api did not answer GET " + url + "; its output:\n"
                                        + (Files.exists(log) ? Files.readString(log) : "(none)"),
                                notYetListening);
                    }
                    Thread.sleep(25);
                }
            }
        }
    }
}
