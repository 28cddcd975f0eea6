package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.thaw.testkit.FakeRuntimeApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures the packaged examples/users-api against the fake Runtime API on loopback, on demand only (no
 * assertion on time; figures drift with the machine's load):
 *
 * <pre>{@code
 * mvn -o -pl thaw-local verify -Dthaw.measure=true -Dtest=PackagedFunctionMeasurementTest -Dspotless.check.skip=true
 * }</pre>
 *
 * <p>It prints, and writes to {@code thaw-local/target/packaged-function-measurement.txt}: the cold start
 * (process start to the first answer recorded, a GET /users/42 HTTP API event queued before the start;
 * median of 10 runs) on {@code provided.al2023} and on the managed runtime through AWS's runtime interface
 * client, the warm latency (queued to answer recorded; median and p99 of 200) of the former, and the
 * classes its JVM loaded up to the first answer.
 */
@EnabledIfSystemProperty(named = "thaw.measure", matches = "true")
class PackagedFunctionMeasurementTest {

    private static final int COLD_RUNS = 10;
    private static final int WARM_INVOCATIONS = 200;

    @TempDir
    Path tmp;

    @Test
    void measuresColdStartWarmLatencyAndLoadedClasses() throws Exception {
        assumeTrue(PackagedUsersApi.isBuilt(), "build examples/users-api first: " + PackagedUsersApi.JAR);
        PackageApp.Written written = PackagedUsersApi.packageCopy(tmp);
        byte[] get = UsersApiEvents.sequence().get(1).event();

        long[] cold = new long[COLD_RUNS];
        long[] coldManaged = new long[COLD_RUNS];
        for (int run = 0; run < COLD_RUNS; run++) {
            cold[run] = coldStart(written, get, false);
            coldManaged[run] = coldStart(written, get, true);
        }

        long[] warm = new long[WARM_INVOCATIONS];
        long classes;
        Path classLog = tmp.resolve("class-load.log");
        try (FakeRuntimeApi api = FakeRuntimeApi.start();
                FunctionProcess function = FunctionProcess.bootstrap(
                        written.function(),
                        api.endpoint(),
                        Map.of("THAW_JAVA_OPTS", "-Xlog:class+load:file=" + classLog),
                        tmp.resolve("warm.log"))) {
            String first = api.enqueue(get);
            assertThat(api.awaitAnswer(first, Duration.ofSeconds(30)).kind())
                    .as(function::output)
                    .isEqualTo(FakeRuntimeApi.Answer.Kind.RESPONSE);
            // counted right after the first answer: an upper bound by the few classes loaded since
            classes = lines(classLog);
            for (int i = 0; i < WARM_INVOCATIONS; i++) {
                long start = System.nanoTime();
                String id = api.enqueue(get);
                FakeRuntimeApi.Answer answer = api.awaitAnswer(id, Duration.ofSeconds(10));
                warm[i] = System.nanoTime() - start;
                assertThat(answer.kind()).isEqualTo(FakeRuntimeApi.Answer.Kind.RESPONSE);
            }
        }

        String report = String.format(
                Locale.ROOT,
                """
                packaged users-api, GET /users/42 (HTTP API v2 event), fake Runtime API on loopback, %s %s
                cold start provided.al2023 (bootstrap, process start -> first answer), median of %d: %.1f ms (min %.1f, max %.1f)
                cold start managed runtime (AWS RIC + UsersHandler), median of %d: %.1f ms (min %.1f, max %.1f)
                warm latency provided.al2023 (enqueue -> answer recorded), %d invocations: median %.3f ms, p99 %.3f ms
                classes loaded up to the first answer (provided.al2023): %d
                """,
                System.getProperty("java.vm.name"),
                System.getProperty("java.version"),
                COLD_RUNS,
                median(cold) / 1e6,
                Arrays.stream(cold).min().orElseThrow() / 1e6,
                Arrays.stream(cold).max().orElseThrow() / 1e6,
                COLD_RUNS,
                median(coldManaged) / 1e6,
                Arrays.stream(coldManaged).min().orElseThrow() / 1e6,
                Arrays.stream(coldManaged).max().orElseThrow() / 1e6,
                WARM_INVOCATIONS,
                median(warm) / 1e6,
                percentile(warm, 0.99) / 1e6,
                classes);
        System.out.print(report);
        Files.writeString(Path.of("target", "packaged-function-measurement.txt"), report);
        assertThat(classes).isPositive();
    }

    /** Returns nanoseconds from starting a fresh function process to its answer to {@code event}. */
    private long coldStart(PackageApp.Written written, byte[] event, boolean managedRuntime) throws Exception {
        try (FakeRuntimeApi api = FakeRuntimeApi.start()) {
            String id = api.enqueue(event);
            Path log = tmp.resolve("cold.log");
            try (FunctionProcess function = managedRuntime
                    ? FunctionProcess.managedRuntime(
                            written.function(), written.jars(), PackagedUsersApi.HANDLER, api.endpoint(), log)
                    : FunctionProcess.bootstrap(written.function(), api.endpoint(), Map.of(), log)) {
                FakeRuntimeApi.Answer answer = api.awaitAnswer(id, Duration.ofSeconds(30));
                long elapsed = System.nanoTime() - function.startNanos();
                assertThat(answer.kind()).as(function.output()).isEqualTo(FakeRuntimeApi.Answer.Kind.RESPONSE);
                return elapsed;
            }
        }
    }

    private static long lines(Path file) throws IOException {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        }
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2.0;
    }

    private static long percentile(long[] values, double fraction) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(fraction * sorted.length) - 1)];
    }
}
