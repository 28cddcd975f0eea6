package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code thaw bench} for real, with small numbers, on a packaged copy of examples/users-api: fresh
 * function processes through the emulator, the floor compiled and its AOT cache trained. Skipped until the
 * example is built.
 */
class BenchCommandEndToEndTest {

    @TempDir
    Path tmp;

    @Test
    void measuresEveryConfigurationAndWritesTheReports() throws Exception {
        assumeTrue(PackagedUsersApi.isBuilt(), "build examples/users-api first: " + PackagedUsersApi.JAR);
        PackageApp.Written written = PackagedUsersApi.packageCopy(tmp);
        Path app = written.function().getParent().getParent();
        // the package without its runtime: bootstrap then runs the JDK bench was given, as --function does
        Path external = Files.createDirectories(tmp.resolve("external"));
        Files.copy(written.function().resolve("bootstrap"), external.resolve("bootstrap"));
        Files.createSymbolicLink(external.resolve("lib"), written.function().resolve("lib"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        BenchCommand bench = new BenchCommand(
                tmp,
                null,
                Path.of(System.getProperty("java.home")),
                "/never/run/mvn",
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                false);

        bench.run(
                BenchOptions.parse(List.of(
                        app.toString(),
                        "--runs",
                        "2",
                        "--warm",
                        "20",
                        "--no-build",
                        "--variant",
                        "noperfdata=-XX:-UsePerfData",
                        "--function",
                        "external=external")),
                "./thaw bench users-api --runs 2 --warm 20 --no-build --variant noperfdata=-XX:-UsePerfData"
                        + " --function external=external");

        String progress = err.toString(StandardCharsets.UTF_8);
        assertThat(progress).contains("thaw bench: run 1/2 plain: cold ").contains("thaw bench: run 2/2 floor: cold ");
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("config ").contains("\nplain ", "\nfloor ");

        Path benchDir = app.resolve("target/bench");
        Map<?, ?> report = (Map<?, ?>) JsonParser.parse(Files.readAllBytes(benchDir.resolve("report.json")));
        assertThat(keys(report)).contains("command", "date", "machine", "request", "runs", "warmInvocations");
        List<?> configs = (List<?>) report.get("configs");
        assertThat(configs)
                .extracting(config -> (Object) ((Map<?, ?>) config).get("config"))
                .containsExactly("plain", "tuned", "tuned+aot", "floor", "floor+aot", "noperfdata", "external");
        int measured = 0;
        for (Object entry : configs) {
            Map<?, ?> config = (Map<?, ?>) entry;
            if (config.get("available").equals(false)) {
                assertThat((String) config.get("unavailable")).isNotBlank();
                continue;
            }
            measured++;
            for (String figure : List.of("initMs", "coldMs", "peakRssMb")) {
                Map<?, ?> stats = (Map<?, ?>) config.get(figure);
                assertThat(number(stats.get("min")))
                        .as(config.get("config") + " " + figure)
                        .isPositive();
                assertThat(number(stats.get("median"))).isBetween(number(stats.get("min")), number(stats.get("max")));
            }
            assertThat((List<?>) config.get("coldSamplesMs")).hasSize(2);
            assertThat(number(config.get("warmP50Ms"))).isPositive();
            assertThat(number(config.get("warmP99Ms"))).isGreaterThanOrEqualTo(number(config.get("warmP50Ms")));
            assertThat(number(config.get("warmPerSecond"))).isPositive();
            assertThat(number(config.get("classes")))
                    .as(config.get("config") + " classes")
                    .isGreaterThan(100);
        }
        assertThat(number(cold(configs, "floor"))).isLessThan(number(cold(configs, "plain")));

        String html = Files.readString(benchDir.resolve("report.html"));
        assertThat(html).contains("<svg");
        assertThat(Pattern.compile("<rect class=\"bar\"")
                        .matcher(html)
                        .results()
                        .count())
                .isEqualTo(measured);
    }

    private static Object cold(List<?> configs, String name) {
        for (Object entry : configs) {
            Map<?, ?> config = (Map<?, ?>) entry;
            if (config.get("config").equals(name)) {
                return ((Map<?, ?>) config.get("coldMs")).get("median");
            }
        }
        throw new AssertionError("no " + name + " in the report");
    }

    private static double number(Object value) {
        return ((Number) value).doubleValue();
    }

    private static List<Object> keys(Object map) {
        return new java.util.ArrayList<>(((Map<?, ?>) map).keySet());
    }
}
