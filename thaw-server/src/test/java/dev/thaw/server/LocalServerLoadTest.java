package dev.thaw.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A bounded load test of the local server over loopback: the server runs in a process of its own
 * ({@link LoadServerMain}, a 64 MB heap touched from the start) and 16 keep-alive clients send {@code GET /users/{id}} and
 * {@code POST /echo} for about 12 s. Every request must be answered with its own answer, and memory must
 * stay flat: the server's heap kept after a full GC and its resident memory are sampled after each of six
 * phases, and neither may grow beyond a bound once warm.
 * Figures go to {@code target/load-local-server.txt}.
 */
class LocalServerLoadTest {

    private static final int CLIENTS = 16;
    private static final int PHASES = 6;
    private static final Duration PHASE = Duration.ofSeconds(2);
    /** Growth of the heap kept after a full GC, first warm sample to the last, that counts as a leak. */
    private static final long HEAP_GROWTH_BOUND = 4L * 1024 * 1024;
    /** The server's heap limit: a leak then shows as growth (or an OutOfMemoryError), not as a bigger heap. */
    private static final int MAX_HEAP_MB = 64;
    /** Growth of the server's resident memory, first warm sample to the last, that counts as a leak. */
    private static final long RSS_GROWTH_BOUND = 40L * 1024 * 1024;
    /** The server's resident memory must stay below this. */
    private static final long RSS_BOUND = 256L * 1024 * 1024;

    @Test
    void servesSixteenClientsForTwelveSecondsWithoutErrorLossOrMemoryGrowth() throws Exception {
        AtomicLong sent = new AtomicLong();
        AtomicLong answered = new AtomicLong();
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        List<long[]> samples = new ArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Process server = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xms" + MAX_HEAP_MB + "m",
                        "-Xmx" + MAX_HEAP_MB + "m",
                        // The whole heap resident from the start: RSS growth then means memory outside it.
                        "-XX:+AlwaysPreTouch",
                        "-cp",
                        System.getProperty("java.class.path"),
                        LoadServerMain.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try (HttpClient sampler = HttpClient.newHttpClient()) {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), UTF_8));
            String line = out.readLine();
            while (line != null && !line.startsWith("port ")) {
                line = out.readLine();
            }
            assertThat(line).as("the server's port line").isNotNull();
            URI base = URI.create("http://127.0.0.1:" + line.substring("port ".length()));
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.add(Thread.ofPlatform()
                        .name("load-client-" + c)
                        .start(() -> drive(base, client, running, sent, answered, errors)));
            }
            for (int phase = 0; phase < PHASES; phase++) {
                Thread.sleep(PHASE);
                samples.add(memory(sampler, base, server.pid()));
            }
            running.set(false);
            for (Thread client : clients) {
                client.join();
            }
        } finally {
            server.getOutputStream().close();
            if (!server.waitFor(5, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }

        String report = report(sent.get(), answered.get(), errors.size(), samples);
        System.out.print(report);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/load-local-server.txt"), report);
        assertThat(errors).as("errors").isEmpty();
        assertThat(answered.get()).isEqualTo(sent.get()).isGreaterThan(1_000);
        assertThat(server.exitValue()).as("the server stopped cleanly").isZero();
        // The first phase warms up (class loading); the JIT still fills its code cache for several seconds
        // after, which the RSS bound allows for. A run of 40 s with wrk stays within 1 MB after 5 s.
        long[] warm = samples.get(1);
        long[] last = samples.get(PHASES - 1);
        assertThat(last[0] - warm[0]).as("heap growth after GC, bytes").isLessThan(HEAP_GROWTH_BOUND);
        assertThat(last[1] - warm[1]).as("RSS growth, bytes").isLessThan(RSS_GROWTH_BOUND);
        assertThat(last[1]).as("RSS, bytes").isLessThan(RSS_BOUND);
    }

    /** Sends requests until told to stop, checking each answer is the one asked for. */
    private static void drive(
            URI base, int client, AtomicBoolean running, AtomicLong sent, AtomicLong answered, List<String> errors) {
        try (HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build()) {
            for (int i = 0; running.get(); i++) {
                boolean echo = i % 4 == 3;
                String id = Integer.toString(client * 1_000_000 + i);
                HttpRequest request = echo
                        ? HttpRequest.newBuilder(base.resolve("/echo"))
                                .POST(HttpRequest.BodyPublishers.ofString("echo-" + id))
                                .timeout(Duration.ofSeconds(10))
                                .build()
                        : HttpRequest.newBuilder(base.resolve("/users/" + id))
                                .timeout(Duration.ofSeconds(10))
                                .build();
                sent.incrementAndGet();
                try {
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    answered.incrementAndGet();
                    String expected = echo ? "echo-" + id : "{\"id\":\"" + id + "\",\"name\":\"user-" + id + "\"}";
                    if (response.statusCode() != 200 || !response.body().equals(expected)) {
                        errors.add(request.uri() + ": " + response.statusCode() + " " + response.body());
                    }
                } catch (IOException e) {
                    errors.add(request.uri() + ": " + e);
                }
            }
        } catch (InterruptedException e) {
            errors.add("client " + client + " interrupted");
        }
    }

    /** Returns the server's {heap used after a full GC, resident set size}, in bytes. */
    private static long[] memory(HttpClient sampler, URI base, long pid) throws IOException, InterruptedException {
        long heap = Long.parseLong(sampler.send(
                        HttpRequest.newBuilder(base.resolve("/_heap")).build(), HttpResponse.BodyHandlers.ofString())
                .body());
        long rss = -1;
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return new long[] {heap, rss};
    }

    private static String report(long sent, long answered, int errors, List<long[]> samples) {
        StringBuilder out = new StringBuilder(String.format(
                Locale.ROOT,
                "local server load test (loopback): %d keep-alive clients for %d s, GET /users/{id} and POST /echo%n"
                        + "sent: %d, answered: %d, errors: %d, requests/s: %.0f%n",
                CLIENTS,
                PHASES * PHASE.toSeconds(),
                sent,
                answered,
                errors,
                answered / (double) (PHASES * PHASE.toSeconds())));
        for (int i = 0; i < samples.size(); i++) {
            out.append(String.format(
                    Locale.ROOT,
                    "after %2d s: server heap after GC %.1f MB, server RSS %.1f MB%n",
                    (i + 1) * PHASE.toSeconds(),
                    samples.get(i)[0] / 1048576.0,
                    samples.get(i)[1] / 1048576.0));
        }
        return out.toString();
    }
}
