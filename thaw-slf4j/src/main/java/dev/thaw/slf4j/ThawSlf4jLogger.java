package dev.thaw.slf4j;

import dev.thaw.internal.Log;
import java.util.List;
import java.util.Map;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LoggingEventAware;
import org.slf4j.spi.MDCAdapter;

/**
 * An SLF4J logger writing through thaw's {@link Log}: {@code {}} placeholders formatted by SLF4J, MDC
 * entries and fluent-API key-value pairs added as fields, a trailing throwable as the line's error.
 */
final class ThawSlf4jLogger extends AbstractLogger implements LoggingEventAware {

    private static final long serialVersionUID = 1L;

    private final transient Log log;
    private final transient MDCAdapter mdc;

    ThawSlf4jLogger(String name, Log log, MDCAdapter mdc) {
        this.name = name;
        this.log = log;
        this.mdc = mdc;
    }

    /** Maps an SLF4J level to thaw's (by ordinal int, not a switch over the enum). */
    static int level(Level level) {
        int slf4j = level.toInt();
        if (slf4j >= Level.ERROR.toInt()) {
            return Log.ERROR;
        }
        if (slf4j >= Level.WARN.toInt()) {
            return Log.WARN;
        }
        if (slf4j >= Level.INFO.toInt()) {
            return Log.INFO;
        }
        if (slf4j >= Level.DEBUG.toInt()) {
            return Log.DEBUG;
        }
        return Log.TRACE;
    }

    @Override
    public boolean isTraceEnabled() {
        return log.isLoggable(Log.TRACE);
    }

    @Override
    public boolean isTraceEnabled(Marker marker) {
        return log.isLoggable(Log.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return log.isLoggable(Log.DEBUG);
    }

    @Override
    public boolean isDebugEnabled(Marker marker) {
        return log.isLoggable(Log.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return log.isLoggable(Log.INFO);
    }

    @Override
    public boolean isInfoEnabled(Marker marker) {
        return log.isLoggable(Log.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return log.isLoggable(Log.WARN);
    }

    @Override
    public boolean isWarnEnabled(Marker marker) {
        return log.isLoggable(Log.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return log.isLoggable(Log.ERROR);
    }

    @Override
    public boolean isErrorEnabled(Marker marker) {
        return log.isLoggable(Log.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
            Level level, Marker marker, String messagePattern, Object[] arguments, Throwable throwable) {
        write(level(level), messagePattern, arguments, throwable, null);
    }

    /** Receives the fluent API's events ({@code log.atInfo().addKeyValue("k", v).log("…")}). */
    @Override
    public void log(LoggingEvent event) {
        write(
                level(event.getLevel()),
                event.getMessage(),
                event.getArgumentArray(),
                event.getThrowable(),
                event.getKeyValuePairs());
    }

    private void write(int level, String pattern, Object[] arguments, Throwable throwable, List<KeyValuePair> pairs) {
        if (!log.isLoggable(level)) {
            return;
        }
        String message = arguments == null || arguments.length == 0
                ? pattern
                : MessageFormatter.basicArrayFormat(pattern, arguments);
        Log.Line line = log.line(level, name, message);
        Map<String, String> context = mdc.getCopyOfContextMap();
        if (context != null) {
            for (Map.Entry<String, String> e : context.entrySet()) {
                line.field(e.getKey(), e.getValue());
            }
        }
        if (pairs != null) {
            for (KeyValuePair pair : pairs) {
                line.field(pair.key, String.valueOf(pair.value));
            }
        }
        if (throwable != null) {
            line.error(throwable);
        }
        line.write();
    }
}
