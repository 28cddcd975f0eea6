package dev.thaw.internal;

/** A main that logs as a library would, through {@code System.getLogger}; run by {@link ThawLoggerFinderTest}. */
public final class LoggerProbe {

    private LoggerProbe() {}

    /** Logs an INFO line with a parameter, a DEBUG line (filtered at INFO) and an ERROR with an exception. */
    public static void main(String[] args) {
        System.Logger logger = System.getLogger("probe.Library");
        logger.log(System.Logger.Level.INFO, "hello {0}", "world");
        logger.log(System.Logger.Level.DEBUG, "hidden at INFO");
        logger.log(System.Logger.Level.ERROR, "failed", new IllegalStateException("boom"));
    }
}
