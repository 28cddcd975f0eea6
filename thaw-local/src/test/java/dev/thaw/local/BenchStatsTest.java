package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BenchStatsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            # values          | median | min | max
            5                 | 5      | 5   | 5
            3 1 2             | 2      | 1   | 3
            4 1 3 2           | 2.5    | 1   | 4
            10 10 10 40       | 10     | 10  | 40
            9.5 0.5 7 1.5 100 | 7      | 0.5 | 100
            """)
    void summarisesMedianAndRange(String values, double median, double min, double max) {
        BenchStats stats = BenchStats.of(parse(values));

        assertThat(stats.median()).isEqualTo(median);
        assertThat(stats.min()).isEqualTo(min);
        assertThat(stats.max()).isEqualTo(max);
        assertThat(stats.count()).isEqualTo(parse(values).length);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            # values              | fraction | percentile
            1 2 3 4 5 6 7 8 9 10  | 0.5      | 5
            1 2 3 4 5 6 7 8 9 10  | 0.99     | 10
            1 2 3 4 5 6 7 8 9 10  | 0.1      | 1
            1 2 3 4 5 6 7 8 9 10  | 1.0      | 10
            10 9 8 7 6 5 4 3 2 1  | 0.9      | 9
            7                     | 0.99     | 7
            """)
    void takesNearestRankPercentiles(String values, double fraction, double percentile) {
        assertThat(BenchStats.percentile(parse(values), fraction)).isEqualTo(percentile);
    }

    @ParameterizedTest
    @CsvSource({"0", "1.5", "-0.1"})
    void refusesAFractionOutsideZeroToOne(double fraction) {
        assertThatThrownBy(() -> BenchStats.percentile(new double[] {1}, fraction))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fraction in (0, 1]");
    }

    @Test
    void refusesToSummariseNothing() {
        assertThatThrownBy(() -> BenchStats.of(new double[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BenchStats.median(new double[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void leavesTheCallersValuesUnsorted() {
        double[] values = {3, 1, 2};

        BenchStats.percentile(values, 0.5);
        BenchStats.of(values);

        assertThat(values).containsExactly(3, 1, 2);
    }

    private static double[] parse(String values) {
        String[] parts = values.trim().split("\\s+");
        double[] parsed = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            parsed[i] = Double.parseDouble(parts[i]);
        }
        return parsed;
    }
}
