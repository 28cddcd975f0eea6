package dev.thaw.run;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Runs {@link ServeMain} in a real child JVM, as {@code java -cp … Main} would. */
class ThawProcessTest {

    private static final Pattern LISTENING = Pattern.compile("\\S+\tINFO\t-\tdev\\.thaw\\.server\\.LocalServer\t"
            + "serve-main listening on (http://127\\.0\\.0\\.1:\\d+) \\(started in \\d+ ms\\)");

    private static Process launch(Map<String, String> env) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(
                java,
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                ServeMain.class.getName()));
        builder.environment().remove("AWS_LAMBDA_RUNTIME_API");
        builder.environment().remove("AWS_LAMBDA_LOG_FORMAT");
        builder.environment().putAll(env);
        return builder.start();
    }

    /** Collects the lines of {@code process}'s standard output as they arrive. */
    private static BlockingQueue<String> lines(Process process) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofPlatform().daemon(true).start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("read failed: " + e);
            }
        });
        return lines;
    }

    @Test
    void servesOnPortFromEnvironmentAfterMainReturnsAndRunsHooksOnSigterm() throws Exception {
        Process process = launch(Map.of("PORT", "0"));
        try {
            BlockingQueue<String> stdout = lines(process);
            String first = stdout.poll(20, TimeUnit.SECONDS);
            assertThat(first).matches(LISTENING);
            Matcher m = LISTENING.matcher(first);
            assertThat(m.matches()).isTrue();
            URI base = URI.create(m.group(1));
            assertThat(stdout.poll(10, TimeUnit.SECONDS)).isEqualTo("main returned");

            // main has returned: only the server keeps the JVM alive and serving
            try (HttpClient http = HttpClient.newHttpClient()) {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(base.resolve("/hello")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("hello from " + process.pid());
            }
            assertThat(process.isAlive()).isTrue();

            // SIGTERM through the handle: Process.destroy() would also close the output being read
            assertThat(process.toHandle().destroy()).isTrue();
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(stdout.poll(5, TimeUnit.SECONDS)).isEqualTo("shutdown hook ran");
            assertThat(process.exitValue()).isEqualTo(143);
        } finally {
            process.destroyForcibly();
        }
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "PORT, http, read PORT from the environment: 'http' is not a port number (0–65535)",
    })
    void exitsWithStatusOneAndOneLineWhenItCannotServe(String variable, String value, String message) throws Exception {
        assertExitsWithOneLine(Map.of(variable, value), message);
    }

    @Test
    void exitsWithStatusOneWhenThePortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();

            assertExitsWithOneLine(
                    Map.of("PORT", Integer.toString(port)),
                    "start local server for serve-main on 127.0.0.1:" + port
                            + ": Address already in use (is another process using the port? set PORT)");
        }
    }

    private static void assertExitsWithOneLine(Map<String, String> env, String line) throws Exception {
        Process process = launch(env);
        try {
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();

            assertThat(process.exitValue()).isEqualTo(1);
            // one FATAL line in thaw's text log format on its one log stream, standard output
            String out = new String(process.getInputStream().readAllBytes(), UTF_8);
            assertThat(out).doesNotContain("listening").endsWith("\n").containsOnlyOnce("\n");
            assertThat(out.strip().split("\t")).hasSize(5).endsWith("FATAL", "-", "dev.thaw.run.Thaw", line);
            assertThat(new String(process.getErrorStream().readAllBytes(), UTF_8))
                    .isEmpty();
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void servesLambdaInvocationsAndRunsShutdownHooksOnSigterm() throws Exception {
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        AtomicInteger handedOut = new AtomicInteger();
        CountDownLatch finished = new CountDownLatch(1);
        HttpServer api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        api.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        api.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            seen.add(exchange.getRequestMethod() + " " + path + " " + new String(body, UTF_8));
            if (path.equals("/2020-01-01/extension/register")) {
                exchange.getResponseHeaders().add("Lambda-Extension-Identifier", "ext-1");
                exchange.sendResponseHeaders(200, -1);
            } else if (path.endsWith("/invocation/next") && handedOut.getAndIncrement() == 0) {
                byte[] event = ("{\"version\":\"2.0\",\"routeKey\":\"$default\",\"rawPath\":\"/hello\","
                                + "\"rawQueryString\":\"\",\"headers\":{},\"requestContext\":{\"http\":"
                                + "{\"method\":\"GET\",\"path\":\"/hello\",\"sourceIp\":\"203.0.113.1\"},"
                                + "\"stage\":\"$default\"},\"isBase64Encoded\":false}")
                        .getBytes(UTF_8);
                exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", "req-1");
                exchange.getResponseHeaders()
                        .add("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 30_000));
                exchange.sendResponseHeaders(200, event.length);
                exchange.getResponseBody().write(event);
            } else if (exchange.getRequestMethod().equals("GET")) {
                // The extension's event/next and the second invocation/next wait, as Lambda's do.
                try {
                    finished.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.sendResponseHeaders(500, -1);
            } else {
                exchange.sendResponseHeaders(202, -1);
            }
            exchange.close();
        });
        api.start();
        try {
            Process process = launch(Map.of(
                    "AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + api.getAddress().getPort()));
            try {
                BlockingQueue<String> stdout = lines(process);
                List<String> requests = new ArrayList<>();
                while (requests.stream().noneMatch(r -> r.startsWith("POST /2018-06-01/runtime/invocation/req-1"))) {
                    String next = seen.poll(20, TimeUnit.SECONDS);
                    assertThat(next).as("requests so far: %s", requests).isNotNull();
                    requests.add(next);
                }
                assertThat(requests.get(0))
                        .as("the extension registers during init, before the first invocation/next")
                        .isEqualTo("POST /2020-01-01/extension/register {\"events\":[]}");
                assertThat(requests.getLast())
                        .startsWith("POST /2018-06-01/runtime/invocation/req-1/response {")
                        .contains("\"statusCode\":200")
                        .contains("hello from " + process.pid());

                // Lambda sends SIGTERM at shutdown: the app's hooks run, then the JVM exits.
                assertThat(process.toHandle().destroy()).isTrue();
                assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
                assertThat(stdout.poll(5, TimeUnit.SECONDS)).isEqualTo("shutdown hook ran");
                assertThat(process.exitValue()).isEqualTo(143);
            } finally {
                process.destroyForcibly();
            }
        } finally {
            finished.countDown();
            api.stop(0);
        }
    }
}
