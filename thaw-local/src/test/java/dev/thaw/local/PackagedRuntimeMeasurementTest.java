package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.thaw.testkit.FakeRuntimeApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures what the bundled runtime and the trained AOT cache do to the packaged examples/users-api's cold
 * start, on demand only (figures drift with the machine's load, so nothing is asserted about time):
 *
 * <pre>{@code
 * mvn -o -pl thaw-local verify -Dthaw.measure=true -Dtest=PackagedRuntimeMeasurementTest -Dspotless.check.skip=true
 * }</pre>
 *
 * <p>Cold start is process start to the first answer recorded by the fake Runtime API for a GET /users/42
 * HTTP API event queued before the start; median of 10 runs per configuration, interleaved so drift hits
 * all alike. It prints, and writes to {@code thaw-local/target/packaged-runtime-measurement.txt}, the
 * figures with the package's sizes and training time.
 */
@EnabledIfSystemProperty(named = "thaw.measure", matches = "true")
class PackagedRuntimeMeasurementTest {

    private static final int COLD_RUNS = 10;

    @TempDir
    Path tmp;

    @Test
    void measuresColdStartWithAndWithoutTheAotCache() throws Exception {
        assumeTrue(PackagedUsersApi.isBuilt(), "build examples/users-api first: " + PackagedUsersApi.JAR);
        long packaging = System.nanoTime();
        PackageApp.Written written = PackagedUsersApi.packageCopy(tmp, true);
        packaging = System.nanoTime() - packaging;
        byte[] get = UsersApiEvents.sequence().get(1).event();
        Map<String, String> cache = Map.of();
        Map<String, String> noCache = Map.of("THAW_AOT", "off");

        coldStart(written.function(), get, cache);
        long[] withCache = new long[COLD_RUNS];
        long[] without = new long[COLD_RUNS];
        for (int run = 0; run < COLD_RUNS; run++) {
            withCache[run] = coldStart(written.function(), get, cache);
            without[run] = coldStart(written.function(), get, noCache);
        }

        String report = String.format(
                Locale.ROOT,
                """
                packaged users-api with its jlinked runtime, GET /users/42 (HTTP API v2), fake Runtime API on loopback
                cold start with the AOT cache, median of %d: %.1f ms (min %.1f, max %.1f)
                cold start THAW_AOT=off, median of %d: %.1f ms (min %.1f, max %.1f)
                function.zip %.1f MiB, runtime/ %.1f MiB (%s), app.aot %.1f MiB trained in %.1f s, package %.1f s
                """,
                COLD_RUNS,
                median(withCache) / 1e6,
                Arrays.stream(withCache).min().orElseThrow() / 1e6,
                Arrays.stream(withCache).max().orElseThrow() / 1e6,
                COLD_RUNS,
                median(without) / 1e6,
                Arrays.stream(without).min().orElseThrow() / 1e6,
                Arrays.stream(without).max().orElseThrow() / 1e6,
                Files.size(written.zip()) / (1024.0 * 1024),
                written.image().bytes() / (1024.0 * 1024),
                String.join(",", written.image().modules()),
                written.trained().bytes() / (1024.0 * 1024),
                written.trained().millis() / 1000.0,
                packaging / 1e9);
        System.out.print(report);
        Files.writeString(Path.of("target", "packaged-runtime-measurement.txt"), report);
    }

    /** Returns nanoseconds from starting a fresh bootstrap to its answer to {@code event}. */
    private long coldStart(Path function, byte[] event, Map<String, String> env) throws Exception {
        try (FakeRuntimeApi api = FakeRuntimeApi.start()) {
            String id = api.enqueue(event);
            try (FunctionProcess process =
                    FunctionProcess.bootstrap(function, api.endpoint(), env, tmp.resolve("cold.log"))) {
                FakeRuntimeApi.Answer answer = api.awaitAnswer(id, Duration.ofSeconds(30));
                long elapsed = System.nanoTime() - process.startNanos();
                assertThat(answer.kind()).as(process.output()).isEqualTo(FakeRuntimeApi.Answer.Kind.RESPONSE);
                return elapsed;
            }
        }
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2.0;
    }
}
