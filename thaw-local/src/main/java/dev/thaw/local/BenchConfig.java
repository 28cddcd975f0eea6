package dev.thaw.local;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A configuration {@code thaw bench} measures: the app or the floor, with which JVM flags and whether an
 * AOT cache is used. Every one runs a {@code bootstrap} written by {@link Bootstrap}; the differences are
 * the variables bootstrap honours: {@code THAW_AOT=off} skips the package's AOT cache,
 * {@code THAW_BOOT_CLASSPATH=off} keeps the jars on the class path and
 * {@code THAW_JAVA_OPTS} comes after bootstrap's own flags, so a later flag overrides an earlier one.
 *
 * <p>Besides the five standard configurations, a <em>variant</em> is the packaged app with flags of its own
 * (an ablation: one flag changed at a time), and an <em>external</em> function is any directory with a
 * {@code bootstrap}, such as a comparison function built elsewhere, run on the JDK bench runs on.
 */
final class BenchConfig {
    /** Undoes bootstrap's flags (SerialGC, C1 only, compile thresholds); -Xshare:auto is the JDK's default too. */
    static final String JDK_DEFAULTS =
            "-XX:-UseSerialGC -XX:TieredStopAtLevel=4 -XX:CompileThresholdScaling=1 -Xshare:auto";

    /**
     * The same on fewer than two CPUs ({@code bench --cpu}), where the JDK's own default collector is
     * SerialGC: disabling it would leave the JVM without one.
     */
    static final String JDK_DEFAULTS_ONE_CPU = "-XX:TieredStopAtLevel=4 -XX:CompileThresholdScaling=1 -Xshare:auto";

    /**
     * The app with the JDK's defaults: bootstrap's GC, JIT and CDS flags set back to theirs, and the jars
     * on the class path.
     */
    static final BenchConfig PLAIN = new BenchConfig("plain", false, false, JDK_DEFAULTS, null);
    /** The app with bootstrap's flags and no AOT cache. */
    static final BenchConfig TUNED = new BenchConfig("tuned", false, false, "", null);
    /** The app as packaged: bootstrap's flags and the trained AOT cache {@code app.aot}. */
    static final BenchConfig TUNED_AOT = new BenchConfig("tuned+aot", false, true, "", null);
    /** The raw-socket floor with bootstrap's flags. */
    static final BenchConfig FLOOR = new BenchConfig("floor", true, false, "", null);
    /** The floor with bootstrap's flags and its own AOT cache. */
    static final BenchConfig FLOOR_AOT = new BenchConfig("floor+aot", true, true, "", null);

    /** The standard configurations, in report order. */
    static final List<BenchConfig> STANDARD = List.of(PLAIN, TUNED, TUNED_AOT, FLOOR, FLOOR_AOT);

    /** The package's AOT cache that bootstrap uses when it exists. */
    static final String APP_CACHE = "app.aot";

    /** A variant whose name contains this runs without the package's AOT cache. */
    static final String NO_CACHE_MARK = "noaot";

    private final String label;
    private final boolean floor;
    private final boolean cache;
    private final String flags;
    private final Path function;

    private BenchConfig(String label, boolean floor, boolean cache, String flags, Path function) {
        this.label = label;
        this.floor = floor;
        this.cache = cache;
        this.flags = flags;
        this.function = function;
    }

    /**
     * Returns the packaged app with {@code flags} after bootstrap's own, with the AOT cache unless
     * {@code label} contains {@value #NO_CACHE_MARK}.
     */
    static BenchConfig variant(String label, String flags) {
        return new BenchConfig(label, false, !label.contains(NO_CACHE_MARK), flags.strip(), null);
    }

    /**
     * Returns the function in {@code dir} (its {@code bootstrap}), run on bench's JDK, with its own AOT cache
     * (bootstrap decides) unless {@code label} contains {@value #NO_CACHE_MARK}.
     */
    static BenchConfig external(String label, Path dir) {
        return new BenchConfig(label, false, !label.contains(NO_CACHE_MARK), "", dir);
    }

    /** Returns the configuration's name on the command line and in the report. */
    String label() {
        return label;
    }

    /** Returns whether this is the floor rather than the app. */
    boolean isFloor() {
        return floor;
    }

    /** Returns whether an AOT cache is in use. */
    boolean usesCache() {
        return cache;
    }

    /** Returns the external function's directory, or null when this runs the package or the floor. */
    Path function() {
        return function;
    }

    /** Returns the floor configuration with the same cache state, which ratios are taken against. */
    BenchConfig reference() {
        return cache ? FLOOR_AOT : FLOOR;
    }

    /**
     * Returns the variables that select this configuration in bootstrap.
     *
     * @param floorCache the floor's trained cache (absolute), used by {@link #FLOOR_AOT} only
     * @param extraFlags flags appended last (class-load logging), or empty
     */
    Map<String, String> environment(String floorCache, String extraFlags) {
        return environment(floorCache, extraFlags, 0);
    }

    /**
     * Returns the variables that select this configuration in bootstrap, for a function limited to
     * {@code cpus} CPUs (0: not limited).
     */
    Map<String, String> environment(String floorCache, String extraFlags, double cpus) {
        Map<String, String> env = new LinkedHashMap<>();
        String all = this == FLOOR_AOT
                ? "-XX:AOTCache=" + floorCache
                : this == PLAIN && cpus > 0 && cpus < 2 ? JDK_DEFAULTS_ONE_CPU : flags;
        if (floor || !cache) {
            env.put("THAW_AOT", "off");
        }
        if (this == PLAIN) {
            env.put("THAW_BOOT_CLASSPATH", "off");
        } else if (this == FLOOR_AOT) {
            // its cache was trained there: a THAW_JAVA_OPTS archive otherwise keeps the class path
            env.put("THAW_BOOT_CLASSPATH", "on");
        }
        // always set, so a THAW_JAVA_OPTS of the caller's shell cannot leak into a configuration
        env.put("THAW_JAVA_OPTS", (all + " " + extraFlags).strip());
        return env;
    }

    /** Returns the standard configuration called {@code label}, or null. */
    static BenchConfig named(String label) {
        for (BenchConfig config : STANDARD) {
            if (config.label.equals(label)) {
                return config;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return label;
    }
}
