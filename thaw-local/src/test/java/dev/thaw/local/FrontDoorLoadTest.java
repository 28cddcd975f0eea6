package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.thaw.testkit.GoldenEvents;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded load test over loopback: 2,000 {@code GET /users/{1..100}} from 16 concurrent clients
 * (java.net.http, one connection each) through the front door and the real environment pool (at most 4
 * environments of the packaged examples/users-api). Every request must be answered 200 with its own user;
 * the throughput and latency percentiles go to {@code target/load-front-door.txt} and standard output.
 * Skipped until the example is built.
 */
class FrontDoorLoadTest {

    private static final int REQUESTS = 2_000;
    private static final int CLIENTS = 16;
    private static final int MAX_CONCURRENCY = 4;
    private static final int USERS = 100;
    /** Requests sent first and not measured: the cold starts, and the JIT compiling the hot paths. */
    private static final int WARM_UP = 400;

    private static final Pattern REPORT = Pattern.compile("(?m)^\\[users-api \\d+] REPORT RequestId: ");

    @TempDir
    Path tmp;

    /** What the clients saw: one latency per answered request, and every problem. */
    private record Outcome(long[] latencyNanos, List<String> errors, int answered, long wallNanos) {}

    @Test
    void answersTwoThousandRequestsFromSixteenClientsWithoutErrorOrLoss() throws Exception {
        assumeTrue(PackagedUsersApi.isBuilt(), "build examples/users-api first: " + PackagedUsersApi.JAR);
        Path function = PackagedUsersApi.packageCopy(tmp).function();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        FunctionConfig config = FunctionConfig.of(function, "users-api")
                .withMaxConcurrency(MAX_CONCURRENCY)
                .withLog(new PrintStream(log, true, StandardCharsets.UTF_8));

        Outcome warmUp;
        Outcome load;
        int started;
        try (EnvironmentPool pool = EnvironmentPool.create(config);
                FrontDoor door = FrontDoor.start(
                        "127.0.0.1",
                        0,
                        EventFactory.of(EventFormat.HTTP_API, config.region()),
                        pool,
                        new PrintStream(console, true, StandardCharsets.UTF_8),
                        "start-api")) {
            URI base = URI.create("http://127.0.0.1:" + door.port());
            warmUp = run(base, WARM_UP);
            load = run(base, REQUESTS);
            started = pool.started();
        }

        String report = report(load, started);
        System.out.print(report);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/load-front-door.txt"), report);

        assertThat(warmUp.errors()).isEmpty();
        assertThat(load.errors()).as(console.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(load.answered()).isEqualTo(REQUESTS);
        assertThat(load.latencyNanos()).hasSize(REQUESTS);
        assertThat(started).isBetween(1, MAX_CONCURRENCY);
        // one invocation, so one REPORT line, per request: none lost, none retried
        assertThat(REPORT.matcher(log.toString(StandardCharsets.UTF_8)).results())
                .hasSize(warmUp.answered() + REQUESTS);
    }

    /**
     * Sends {@code requests} GETs of users 1 to 100 in turn from {@link #CLIENTS} threads, each with a client
     * of its own, all starting together; checks each answer's status and user id.
     */
    private static Outcome run(URI base, int requests) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        long[] latencies = new long[requests];
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            clients.add(Thread.ofPlatform().name("load-client-" + c).start(() -> {
                try (HttpClient client = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(10))
                        .build()) {
                    go.await();
                    for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                        String id = Integer.toString(i % USERS + 1);
                        HttpRequest request = HttpRequest.newBuilder(base.resolve("/users/" + id))
                                .timeout(Duration.ofSeconds(30))
                                .build();
                        long sent = System.nanoTime();
                        try {
                            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                            latencies[i] = System.nanoTime() - sent;
                            answered.incrementAndGet();
                            check(id, response, errors);
                        } catch (IOException e) {
                            errors.add("GET /users/" + id + ": " + e);
                        }
                    }
                } catch (InterruptedException e) {
                    errors.add(Thread.currentThread().getName() + " interrupted");
                }
            }));
        }
        long start = System.nanoTime();
        go.countDown();
        for (Thread client : clients) {
            client.join();
        }
        long wall = System.nanoTime() - start;
        return new Outcome(
                Arrays.stream(latencies).filter(n -> n > 0).toArray(), List.copyOf(errors), answered.get(), wall);
    }

    private static void check(String id, HttpResponse<String> response, List<String> errors) {
        if (response.statusCode() != 200) {
            errors.add("GET /users/" + id + ": " + response.statusCode() + " " + response.body());
            return;
        }
        Object answeredId = GoldenEvents.parse(response.body()).get("id");
        if (!id.equals(answeredId)) {
            errors.add("GET /users/" + id + ": answered user " + answeredId + ": " + response.body());
        }
    }

    private static String report(Outcome load, int started) {
        long[] sorted = load.latencyNanos().clone();
        Arrays.sort(sorted);
        double seconds = load.wallNanos() / 1e9;
        return String.format(
                Locale.ROOT,
                "front door load test (loopback): %d GET /users/{1..%d} from %d clients, HTTP API v2 events,"
                        + " max concurrency %d (%d environments started), after a warm-up of %d requests%n"
                        + "answered: %d, errors: %d, wall time: %.2f s, requests/s: %.0f%n"
                        + "latency: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                REQUESTS,
                USERS,
                CLIENTS,
                MAX_CONCURRENCY,
                started,
                WARM_UP,
                load.answered(),
                load.errors().size(),
                seconds,
                load.answered() / seconds,
                percentile(sorted, 50),
                percentile(sorted, 90),
                percentile(sorted, 99),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
    }

    /** Returns the nearest-rank percentile of sorted latencies, in milliseconds. */
    private static double percentile(long[] sorted, int percent) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }
}
