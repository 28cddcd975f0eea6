package dev.thaw.local;

import java.util.Arrays;

/**
 * The statistics {@code thaw bench} reports: medians with their range, and nearest-rank percentiles.
 *
 * @param median the median (the mean of the two middle values for an even count)
 * @param min the smallest value
 * @param max the largest value
 * @param count how many values there were
 */
record BenchStats(double median, double min, double max, int count) {

    /**
     * Summarises {@code values}.
     *
     * @throws IllegalArgumentException when there are none
     */
    static BenchStats of(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("bench: no values to summarise");
        }
        double[] sorted = sorted(values);
        return new BenchStats(median(sorted), sorted[0], sorted[sorted.length - 1], sorted.length);
    }

    /** Returns the median of {@code values}, which must not be empty. */
    static double median(double[] values) {
        double[] sorted = sorted(values);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2.0;
    }

    /**
     * Returns the nearest-rank percentile: the smallest value with at least {@code fraction} of all values
     * at or below it (p50 of 1..10 is 5, p99 of 200 values is the 198th smallest).
     *
     * @param fraction in (0, 1]
     */
    static double percentile(double[] values, double fraction) {
        if (values.length == 0) {
            throw new IllegalArgumentException("bench: no values for a percentile");
        }
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("bench: a percentile needs a fraction in (0, 1], got " + fraction);
        }
        double[] sorted = sorted(values);
        int rank = (int) Math.ceil(fraction * sorted.length);
        return sorted[Math.clamp(rank - 1, 0, sorted.length - 1)];
    }

    private static double[] sorted(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("bench: no values for a median");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted;
    }
}
