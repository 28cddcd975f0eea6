package dev.thaw.internal;

import java.text.MessageFormat;
import java.util.ResourceBundle;

/** A {@link System.Logger} that writes through {@link Log}. */
final class ThawLogger implements System.Logger {

    private final String name;
    private final Log log;

    ThawLogger(String name, Log log) {
        this.name = name;
        this.log = log;
    }

    /**
     * Maps a JDK level to thaw's by severity (not a switch over the enum, which would add a synthetic
     * class); {@code OFF} maps to {@link Log#OFF}, which is never written.
     */
    static int level(Level level) {
        int severity = level.getSeverity();
        if (severity == Integer.MAX_VALUE) {
            return Log.OFF;
        }
        if (severity >= Level.ERROR.getSeverity()) {
            return Log.ERROR;
        }
        if (severity >= Level.WARNING.getSeverity()) {
            return Log.WARN;
        }
        if (severity >= Level.INFO.getSeverity()) {
            return Log.INFO;
        }
        if (severity >= Level.DEBUG.getSeverity()) {
            return Log.DEBUG;
        }
        return Log.TRACE;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public boolean isLoggable(Level level) {
        return log.isLoggable(level(level));
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
        int thawLevel = level(level);
        if (!log.isLoggable(thawLevel)) {
            return;
        }
        Log.Line line = log.line(thawLevel, name, localized(bundle, msg));
        if (thrown != null) {
            line.error(thrown);
        }
        line.write();
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        int thawLevel = level(level);
        if (!log.isLoggable(thawLevel)) {
            return;
        }
        String pattern = localized(bundle, format);
        // As the API specifies, parameters are applied with MessageFormat; loaded only when a caller passes some.
        String message = params == null || params.length == 0 || pattern == null
                ? pattern
                : MessageFormat.format(pattern, params);
        log.line(thawLevel, name, message).write();
    }

    private static String localized(ResourceBundle bundle, String key) {
        if (bundle != null && key != null && bundle.containsKey(key)) {
            return bundle.getString(key);
        }
        return key;
    }
}
