package dev.thaw.slf4j;

import dev.thaw.internal.Log;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J 2 provider that sends every SLF4J logger to thaw's log: the same stream, format
 * ({@code AWS_LAMBDA_LOG_FORMAT}), level ({@code AWS_LAMBDA_LOG_LEVEL}) and invocation fields as thaw's
 * own lines; MDC entries and fluent key-value pairs become extra fields. Having thaw-slf4j on the
 * classpath is all it takes: SLF4J finds this class through {@code META-INF/services}. Public only
 * because SLF4J's service lookup instantiates it.
 *
 * <pre>{@code
 * private static final Logger log = LoggerFactory.getLogger(Orders.class);
 * MDC.put("tenant", tenant);
 * log.info("order {} placed", orderId);
 * }</pre>
 */
public final class ThawServiceProvider implements SLF4JServiceProvider {

    /** The SLF4J API version this provider is built against. */
    static final String API_VERSION = "2.0.99";

    private ILoggerFactory loggerFactory;
    private IMarkerFactory markerFactory;
    private MDCAdapter mdcAdapter;

    /** Called by SLF4J's service lookup; {@link #initialize()} does the work. */
    public ThawServiceProvider() {}

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggerFactory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markerFactory;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdcAdapter;
    }

    @Override
    public String getRequestedApiVersion() {
        return API_VERSION;
    }

    @Override
    public void initialize() {
        mdcAdapter = new BasicMDCAdapter();
        markerFactory = new BasicMarkerFactory();
        loggerFactory = new ThawLoggerFactory(Log.standard(), mdcAdapter);
    }
}
