package dev.thaw.local;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A configuration {@code thaw bench} measures: the app or the floor, with which JVM flags and whether an
 * AOT cache is used. Every one runs a {@code bootstrap} written by {@link Bootstrap}; the differences are
 * the variables bootstrap honours: {@code THAW_AOT=off} skips the package's AOT cache and
 * {@code THAW_JAVA_OPTS} comes after bootstrap's own flags, so a later flag overrides an earlier one.
 */
enum BenchConfig {
    /** The app with the JDK's defaults: bootstrap's GC, JIT and CDS flags set back to theirs. */
    PLAIN("plain", false, false),
    /** The app with bootstrap's flags and no AOT cache. */
    TUNED("tuned", false, false),
    /** The app as packaged: bootstrap's flags and the trained AOT cache {@code app.aot}. */
    TUNED_AOT("tuned+aot", false, true),
    /** The raw-socket floor with bootstrap's flags. */
    FLOOR("floor", true, false),
    /** The floor with bootstrap's flags and its own AOT cache. */
    FLOOR_AOT("floor+aot", true, true);

    /** Undoes bootstrap's provisional flags (SerialGC, C1 only); -Xshare:auto is the JDK's default too. */
    static final String JDK_DEFAULTS = "-XX:-UseSerialGC -XX:TieredStopAtLevel=4 -Xshare:auto";

    /** The package's AOT cache that bootstrap uses when it exists. */
    static final String APP_CACHE = "app.aot";

    private final String label;
    private final boolean floor;
    private final boolean cache;

    BenchConfig(String label, boolean floor, boolean cache) {
        this.label = label;
        this.floor = floor;
        this.cache = cache;
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
        Map<String, String> env = new LinkedHashMap<>();
        String flags = switch (this) {
            case PLAIN -> JDK_DEFAULTS;
            case FLOOR_AOT -> "-XX:AOTCache=" + floorCache;
            default -> "";
        };
        if (this != TUNED_AOT) {
            env.put("THAW_AOT", "off");
        }
        // always set, so a THAW_JAVA_OPTS of the caller's shell cannot leak into a configuration
        env.put("THAW_JAVA_OPTS", (flags + " " + extraFlags).strip());
        return env;
    }

    /** Returns the configuration called {@code label}, or null. */
    static BenchConfig named(String label) {
        for (BenchConfig config : values()) {
            if (config.label.equals(label)) {
                return config;
            }
        }
        return null;
    }
}
