package dev.thaw.local;

/**
 * What {@code thaw bench} measured for one configuration; all times in milliseconds.
 *
 * @param config the configuration
 * @param unavailable why it was not measured, or null when it was
 * @param init process start to the first {@code /next}, per run
 * @param cold process start to the first response posted, per run
 * @param rssMb peak resident memory at the first response, per run, in MiB
 * @param warmP50 the median warm latency (event queued to response posted): the median over environments
 *     of each one's median
 * @param warmP99 the 99th percentile warm latency, the median over environments
 * @param warmP50s each environment's median warm latency, per run
 * @param warm every warm latency of the last environment, in invocation order (how the latency falls as
 *     the JVM compiles the request path)
 * @param warmPerSecond warm invocations completed per second, one after another (median over
 *     environments), or -1 when unknown
 * @param classes classes loaded up to the first response, -1 when unknown
 */
record BenchResult(
        BenchConfig config,
        String unavailable,
        double[] init,
        double[] cold,
        double[] rssMb,
        double warmP50,
        double warmP99,
        double[] warmP50s,
        double[] warm,
        double warmPerSecond,
        long classes) {

    /** Returns a result for a configuration that could not be measured, saying why. */
    static BenchResult unavailable(BenchConfig config, String reason) {
        return new BenchResult(
                config,
                reason,
                new double[0],
                new double[0],
                new double[0],
                -1,
                -1,
                new double[0],
                new double[0],
                -1,
                -1);
    }

    boolean available() {
        return unavailable == null;
    }
}
