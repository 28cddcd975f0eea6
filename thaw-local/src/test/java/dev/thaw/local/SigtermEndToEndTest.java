package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.thaw.testkit.GoldenEvents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM reaching thaw's runtime in the middle of an invocation, with real processes: a small app with a
 * shutdown hook, built against the example's thaw jars, runs under the emulator; SIGTERM arrives while its
 * handler sleeps. The shutdown hook runs, the invocation ends with exactly one result (the platform's
 * {@code Runtime.ExitError}, as Lambda reports a runtime that exits mid-invocation), and the next
 * invocation starts a fresh environment. Skipped until the example is built.
 */
class SigtermEndToEndTest {

    private static final String SOURCE = """
            import dev.thaw.App;
            import dev.thaw.Response;
            import dev.thaw.lambda.LambdaRuntime;

            public class SigtermApp {
                public static void main(String[] args) {
                    App app = App.builder()
                            .routes(r -> r.get("/slow", request -> {
                                        System.out.println("handling " + request.context().requestId());
                                        Thread.sleep(20_000);
                                        return Response.text("slept");
                                    })
                                    .get("/pid", request -> Response.text(Long.toString(ProcessHandle.current().pid()))))
                            .onShutdown(() -> System.out.println("shutdown hook ran"))
                            .build();
                    LambdaRuntime.start(app);
                }
            }
            """;

    private static final Pattern REPORT = Pattern.compile("(?m)^\\[sigterm \\d+] REPORT RequestId: ");

    @TempDir
    Path work;

    private static byte[] get(String path) {
        return ("{\"version\":\"2.0\",\"routeKey\":\"$default\",\"rawPath\":\"" + path + "\",\"rawQueryString\":\"\","
                        + "\"headers\":{},\"requestContext\":{\"domainName\":\"api.example.com\",\"http\":{\"method\":"
                        + "\"GET\",\"path\":\"" + path + "\",\"sourceIp\":\"127.0.0.1\"},\"requestId\":\"r\","
                        + "\"stage\":\"$default\"},\"isBase64Encoded\":false}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void runsTheShutdownHooksAndReportsTheInFlightInvocationOnce() throws Exception {
        assumeTrue(PackagedUsersApi.isBuilt(), "build examples/users-api first: " + PackagedUsersApi.JAR);
        List<Path> jars;
        try (Stream<Path> lib = Files.list(PackagedUsersApi.USERS_API.resolve("target/lib"))) {
            jars = lib.filter(jar -> jar.toString().endsWith(".jar")).sorted().toList();
        }
        Path classes = Jars.compile(work, Map.of("SigtermApp.java", SOURCE), jars);
        StringBuilder classPath = new StringBuilder(classes.toString());
        jars.forEach(jar -> classPath.append(':').append(jar));
        Path function = Files.createDirectories(work.resolve("function"));
        Files.writeString(
                function.resolve("bootstrap"),
                "#!/bin/sh\nexec \"$JAVA_HOME/bin/java\" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp '" + classPath
                        + "' SigtermApp\n");
        ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
        FunctionConfig config = FunctionConfig.of(function, "sigterm")
                .withLog(new PrintStream(logBytes, true, StandardCharsets.UTF_8))
                .withTimeout(Duration.ofSeconds(30))
                .withJavaHome(Path.of(System.getProperty("java.home")));

        try (EnvironmentPool pool = EnvironmentPool.create(config)) {
            long pid = Long.parseLong((String)
                    GoldenEvents.parse(pool.invoke(get("/pid"), null).body()).get("body"));
            CompletableFuture<InvocationResult> slow = CompletableFuture.supplyAsync(() -> {
                try {
                    return pool.invoke(get("/slow"), null);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitLog(logBytes, "handling ");

            assertThat(ProcessHandle.of(pid).orElseThrow().destroy())
                    .as("SIGTERM sent")
                    .isTrue();

            InvocationResult result = slow.get(15, TimeUnit.SECONDS);
            assertThat(result.kind()).isEqualTo(InvocationResult.Kind.CRASH);
            assertThat(result.errorType()).isEqualTo("Runtime.ExitError");
            String log = logBytes.toString(StandardCharsets.UTF_8);
            assertThat(log).contains("shutdown hook ran").contains("Runtime exited with error: signal: terminated");
            assertThat(REPORT.matcher(log).results())
                    .as("one REPORT per invocation")
                    .hasSize(2);

            InvocationResult next = pool.invoke(get("/pid"), null);
            assertThat(next.coldStart()).as("a fresh environment").isTrue();
            assertThat(new String(next.body(), StandardCharsets.UTF_8)).contains("\"statusCode\":200");
        }
    }

    private static void awaitLog(ByteArrayOutputStream log, String text) throws InterruptedException, IOException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!log.toString(StandardCharsets.UTF_8).contains(text)) {
            if (System.nanoTime() > end) {
                throw new IOException("no '" + text + "' in the function's log within 15 s:\n"
                        + log.toString(StandardCharsets.UTF_8));
            }
            Thread.sleep(20);
        }
    }
}
