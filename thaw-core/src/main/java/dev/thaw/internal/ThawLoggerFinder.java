package dev.thaw.internal;

/**
 * Routes {@code System.getLogger(name)} to thaw's {@link Log}, so libraries logging through the JDK's
 * logger API write thaw's format and java.util.logging is never loaded. Registered in
 * {@code META-INF/services/java.lang.System$LoggerFinder}; the JDK finds it through ServiceLoader the
 * first time anything asks for a logger, never on thaw's own start-up path (thaw writes to {@link Log}
 * directly). Public with a public constructor only because the JDK instantiates it.
 */
public final class ThawLoggerFinder extends System.LoggerFinder {

    /** Called by the JDK's service lookup. */
    public ThawLoggerFinder() {}

    @Override
    public System.Logger getLogger(String name, Module module) {
        return new ThawLogger(name, Log.standard());
    }
}
