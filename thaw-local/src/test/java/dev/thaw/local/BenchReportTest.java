package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BenchReportTest {

    private static final BenchResult PLAIN = new BenchResult(
            BenchConfig.PLAIN,
            null,
            new double[] {200, 220, 210},
            new double[] {330, 300, 310},
            new double[] {60, 61, 59},
            0.5,
            1.25,
            new double[] {0.5, 0.6, 0.4},
            new double[] {0.9, 0.5, 0.4},
            1200,
            1450);
    private static final BenchResult TUNED_AOT =
            BenchResult.unavailable(BenchConfig.TUNED_AOT, "no app.aot in the package");
    private static final BenchResult FLOOR = new BenchResult(
            BenchConfig.FLOOR,
            null,
            new double[] {50, 52, 51},
            new double[] {60, 62, 61},
            new double[] {40, 40, 41},
            0.2,
            0.4,
            new double[] {0.2, 0.2, 0.2},
            new double[] {0.2, 0.2, 0.4},
            3000,
            916);

    private static BenchReport report(BenchResult... results) {
        return new BenchReport(
                List.of(results),
                "./thaw bench examples/users-api --runs 3",
                "2026-01-31T12:00:00Z",
                2,
                "25.0.1+8",
                "GET /users/42 (HTTP_API event)",
                3,
                200,
                0.29);
    }

    @Test
    void tabulatesMediansRangesAndTheRatioToTheFloor() {
        assertThat(report(PLAIN, TUNED_AOT, FLOOR).table()).isEqualTo("""
                        config     init ms  cold ms (min-max)    x floor  warm p50/p99 ms  RSS MB  classes
                        plain      210.0    310.0 (300.0-330.0)  5.08     0.500/1.250      60      1450
                        tuned+aot  not available: no app.aot in the package
                        floor      51.0     61.0 (60.0-62.0)     1.00     0.200/0.400      40      916
                        """);
    }

    @Test
    void leavesTheRatioOutWhenTheFloorWithTheSameCacheStateIsMissing() {
        BenchResult tunedAot = new BenchResult(
                BenchConfig.TUNED_AOT,
                null,
                new double[] {1},
                new double[] {2},
                new double[] {3},
                0.1,
                0.2,
                new double[] {0.1},
                new double[] {0.1},
                -1,
                -1);
        BenchReport report = report(tunedAot, FLOOR);

        assertThat(report.ratio(tunedAot)).isNaN();
        assertThat(report.table().lines().toList().get(1)).contains(" -  ").endsWith(" -");
    }

    @Test
    void writesEveryFigureOfAMeasuredConfigurationToJson() {
        Object parsed = JsonParser.parse(
                JsonWriter.write(report(PLAIN, TUNED_AOT, FLOOR).json()));

        assertThat(parsed).isInstanceOf(Map.class);
        Map<?, ?> root = (Map<?, ?>) parsed;
        assertThat(root.get("command")).isEqualTo("./thaw bench examples/users-api --runs 3");
        assertThat(keys(root.get("machine"))).contains("cores", "jdk", "cpusPerFunction");
        assertThat(String.valueOf(((Map<?, ?>) root.get("machine")).get("cpusPerFunction")))
                .startsWith("0.29");
        List<?> configs = (List<?>) root.get("configs");
        assertThat(configs).hasSize(3);
        Map<?, ?> plain = (Map<?, ?>) configs.get(0);
        assertThat(plain.get("config")).isEqualTo("plain");
        assertThat(String.valueOf(((Map<?, ?>) plain.get("coldMs")).get("median")))
                .startsWith("310");
        assertThat(String.valueOf(plain.get("ratioToFloor"))).startsWith("5.082");
        assertThat(keys(plain))
                .contains("initMs", "coldSamplesMs", "warmP50Ms", "warmP99Ms", "warmPerSecond", "peakRssMb", "classes");
        assertThat((List<?>) plain.get("warmSamplesMs"))
                .hasSize(3)
                .first()
                .asString()
                .startsWith("0.9");
        Map<?, ?> unavailable = (Map<?, ?>) configs.get(1);
        assertThat(unavailable.get("available")).isEqualTo(false);
        assertThat(unavailable.get("unavailable")).isEqualTo("no app.aot in the package");
    }

    @Test
    void drawsOneBarWithAWhiskerPerMeasuredConfiguration() {
        String html = report(PLAIN, TUNED_AOT, FLOOR).html();

        assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg").doesNotContain("<script", "<link", "src=");
        assertThat(Pattern.compile("<rect class=\"bar\"")
                        .matcher(html)
                        .results()
                        .count())
                .isEqualTo(2);
        assertThat(Pattern.compile("<g class=\"whisker\"")
                        .matcher(html)
                        .results()
                        .count())
                .isEqualTo(2);
        assertThat(html)
                .contains("not available: no app.aot in the package")
                .contains("./thaw bench examples/users-api --runs 3")
                .contains("2 cores, JDK 25.0.1+8");
    }

    @Test
    void escapesTextInTheHtml() {
        BenchReport report =
                new BenchReport(List.of(FLOOR), "./thaw bench 'a<b>&c'", "now", 1, "25", "GET /x?a=1&b=2", 1, 1, 0);

        assertThat(report.html()).contains("a&lt;b&gt;&amp;c").contains("GET /x?a=1&amp;b=2");
        assertThat(new String(JsonWriter.write(report.json()), StandardCharsets.UTF_8))
                .contains("a<b>&c");
    }

    private static List<Object> keys(Object map) {
        return new java.util.ArrayList<>(((Map<?, ?>) map).keySet());
    }
}
