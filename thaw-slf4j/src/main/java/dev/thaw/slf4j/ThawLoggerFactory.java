package dev.thaw.slf4j;

import dev.thaw.internal.Log;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.spi.MDCAdapter;

/** Hands out one {@link ThawSlf4jLogger} per name, all writing through one {@link Log}. */
final class ThawLoggerFactory implements ILoggerFactory {

    private final Log log;
    private final MDCAdapter mdc;
    private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();

    ThawLoggerFactory(Log log, MDCAdapter mdc) {
        this.log = log;
        this.mdc = mdc;
    }

    @Override
    public Logger getLogger(String name) {
        Logger logger = loggers.get(name);
        if (logger != null) {
            return logger;
        }
        // get-then-putIfAbsent rather than computeIfAbsent: no lambda class to spin
        Logger made = new ThawSlf4jLogger(name, log, mdc);
        Logger raced = loggers.putIfAbsent(name, made);
        return raced != null ? raced : made;
    }
}
