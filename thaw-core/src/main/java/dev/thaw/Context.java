package dev.thaw;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * Per-invocation facts: request id, absolute deadline, trace header, function ARN, event source and a
 * cancellation signal. Never global: under Lambda Managed Instances many invocations share one JVM.
 *
 * <pre>{@code
 * Duration left = request.context().remaining();
 * if (request.context().isCancelled()) { ... stop work ... }
 * }</pre>
 */
public final class Context {

    /** Deadline value meaning "no deadline". */
    public static final long NO_DEADLINE = Long.MAX_VALUE;

    private static final LongSupplier SYSTEM_CLOCK = new SystemClock();

    private final String requestId;
    private final long deadlineMillis;
    private final String traceHeader;
    private final String functionArn;
    private final EventSource source;
    private final boolean coldStart;
    private final boolean priming;
    private final LongSupplier clock;
    private final Object lock = new Object();
    private volatile boolean cancelled;
    /** The route pattern the router matched; see {@link #route()}. */
    private volatile String route;

    private List<Runnable> onCancel;

    private Context(Builder b) {
        this.requestId = b.requestId != null ? b.requestId : newRequestId();
        this.deadlineMillis = b.deadlineMillis;
        this.traceHeader = b.traceHeader;
        this.functionArn = b.functionArn;
        this.source = b.source;
        this.coldStart = b.coldStart;
        this.priming = b.priming;
        this.clock = b.clock;
    }

    /** Returns a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a context for a request built in memory: fresh request id, no deadline. */
    public static Context direct() {
        return builder().build();
    }

    /** Returns the request id: Lambda's invocation id, or one made for a local request. */
    public String requestId() {
        return requestId;
    }

    /** Returns whether this invocation has a deadline. */
    public boolean hasDeadline() {
        return deadlineMillis != NO_DEADLINE;
    }

    /** Returns the absolute deadline in epoch milliseconds, or {@link #NO_DEADLINE}. */
    public long deadlineMillis() {
        return deadlineMillis;
    }

    /** Returns the deadline as an instant, or null when there is none. */
    public Instant deadline() {
        return hasDeadline() ? Instant.ofEpochMilli(deadlineMillis) : null;
    }

    /** Returns the milliseconds left before the deadline (negative once past), or {@code Long.MAX_VALUE}. */
    public long remainingMillis() {
        return hasDeadline() ? deadlineMillis - clock.getAsLong() : Long.MAX_VALUE;
    }

    /** Returns the time left before the deadline (negative once past); very long without a deadline. */
    public Duration remaining() {
        return Duration.ofMillis(remainingMillis());
    }

    /** Returns the trace header ({@code X-Amzn-Trace-Id} form), or null. */
    public String traceHeader() {
        return traceHeader;
    }

    /** Returns the invoked function ARN, or null outside Lambda. */
    public String functionArn() {
        return functionArn;
    }

    /** Returns where the request came from. */
    public EventSource source() {
        return source;
    }

    /**
     * Returns whether this is the first invocation this execution environment serves after its init (or
     * after a SnapStart restore): the one that paid the cold start. Priming requests are never cold.
     */
    public boolean coldStart() {
        return coldStart;
    }

    /**
     * Returns whether this is a synthetic priming request ({@link App#prime()}, before a SnapStart
     * checkpoint) rather than traffic: metrics leave it out.
     */
    public boolean priming() {
        return priming;
    }

    /**
     * Returns this context tagged with {@code source}: itself when the source is already that, else a
     * copy that is cancelled whenever this one is (an adapter tags the runtime's context per event).
     *
     * @param source where the request came from
     * @return the tagged context
     */
    public Context withSource(EventSource source) {
        return this.source == source ? this : copy(source, priming);
    }

    /** Returns a copy of this context marked as a priming request; cancelling this one cancels the copy. */
    Context asPriming() {
        return copy(source, true);
    }

    private Context copy(EventSource source, boolean priming) {
        Context copy = builder()
                .requestId(requestId)
                .deadlineMillis(deadlineMillis)
                .traceHeader(traceHeader)
                .functionArn(functionArn)
                .source(source)
                .coldStart(coldStart)
                .priming(priming)
                .clock(clock)
                .build();
        onCancel(new CancelCopy(copy));
        return copy;
    }

    /** Cancels a copy with its original; a named class, as a method reference would spin one. */
    private static final class CancelCopy implements Runnable {
        private final Context copy;

        CancelCopy(Context copy) {
            this.copy = copy;
        }

        @Override
        public void run() {
            copy.cancel();
        }
    }

    /**
     * Returns the route pattern a {@link Router} matched for this invocation (such as
     * {@code /users/{id}}), or null before it matched or when no route did. Middleware outside the router
     * reads it once the handler has returned (tracing names its server span by it); inside the route,
     * {@link Request#route()} has it too.
     */
    public String route() {
        return route;
    }

    /** Records the route the router matched (the last router to match wins, as the innermost). */
    void routeMatched(String pattern) {
        this.route = pattern;
    }

    /** Returns the clock this context measures the deadline with (epoch milliseconds). */
    public LongSupplier clock() {
        return clock;
    }

    /** Returns whether the invocation was cancelled (deadline reached, caller gone, shutdown). */
    public boolean isCancelled() {
        return cancelled;
    }

    /**
     * Cancels the invocation: {@link #isCancelled()} turns true and the registered callbacks run once,
     * on this thread. Called by adapters and by {@link DeadlineGuard}.
     *
     * @throws RuntimeException the first exception a callback threw (the others are suppressed into
     *     it), after every callback has run
     */
    public void cancel() {
        List<Runnable> callbacks;
        synchronized (lock) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            callbacks = onCancel;
            onCancel = null;
        }
        if (callbacks == null) {
            return;
        }
        // One failing callback must not keep the others (closing connections, say) from running.
        RuntimeException failure = null;
        for (Runnable r : callbacks) {
            try {
                r.run();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Registers {@code callback} to run when the invocation is cancelled; runs it at once if it already is.
     *
     * @param callback work to stop, connections to close
     */
    public void onCancel(Runnable callback) {
        synchronized (lock) {
            if (!cancelled) {
                if (onCancel == null) {
                    onCancel = new ArrayList<>(2);
                }
                onCancel.add(callback);
                return;
            }
        }
        callback.run();
    }

    /**
     * Takes back a callback {@link #onCancel(Runnable)} registered (the same object; one registration per
     * call), once the work it would stop is done, so that an invocation making many calls does not keep
     * one callback per call until it ends. Does nothing when the callback is not registered or the
     * invocation was already cancelled.
     *
     * <pre>{@code
     * Runnable stop = connection::close;
     * context.onCancel(stop);
     * try {
     *     return connection.exchange(request);
     * } finally {
     *     context.removeOnCancel(stop);
     * }
     * }</pre>
     *
     * @param callback a callback registered with {@link #onCancel(Runnable)}
     */
    public void removeOnCancel(Runnable callback) {
        synchronized (lock) {
            if (onCancel == null) {
                return;
            }
            for (int i = onCancel.size() - 1; i >= 0; i--) {
                if (onCancel.get(i) == callback) {
                    onCancel.remove(i);
                    return;
                }
            }
        }
    }

    @Override
    public String toString() {
        return "Context[requestId=" + requestId + ", source=" + source
                + (hasDeadline() ? ", deadline=" + deadline() : "") + "]";
    }

    /** Returns a random request id in UUID form, without touching {@code SecureRandom}. */
    static String newRequestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long hi = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lo = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return uuid(hi, lo);
    }

    /**
     * Formats a UUID as {@code UUID.toString} does. By hand: the JDK's formatter sets up a byte-array
     * VarHandle on first use, ~1 ms of a cold start even with an AOT cache.
     */
    static String uuid(long hi, long lo) {
        char[] out = new char[36];
        hex(hi >>> 32, out, 0, 8);
        out[8] = '-';
        hex(hi >>> 16, out, 9, 4);
        out[13] = '-';
        hex(hi, out, 14, 4);
        out[18] = '-';
        hex(lo >>> 48, out, 19, 4);
        out[23] = '-';
        hex(lo, out, 24, 12);
        return new String(out);
    }

    private static void hex(long value, char[] out, int at, int digits) {
        long v = value;
        for (int i = at + digits - 1; i >= at; i--) {
            out[i] = "0123456789abcdef".charAt((int) (v & 0xF));
            v >>>= 4;
        }
    }

    /** Builds a context. */
    public static final class Builder {
        private String requestId;
        private long deadlineMillis = NO_DEADLINE;
        private String traceHeader;
        private String functionArn;
        private EventSource source = EventSource.DIRECT;
        private boolean coldStart;
        private boolean priming;
        private LongSupplier clock = SYSTEM_CLOCK;

        private Builder() {}

        /** Sets the request id (a random one is made when unset). */
        public Builder requestId(String requestId) {
            this.requestId = requestId;
            return this;
        }

        /** Sets the absolute deadline in epoch milliseconds; {@link #NO_DEADLINE} for none. */
        public Builder deadlineMillis(long deadlineMillis) {
            this.deadlineMillis = deadlineMillis;
            return this;
        }

        /** Sets the trace header. */
        public Builder traceHeader(String traceHeader) {
            this.traceHeader = traceHeader;
            return this;
        }

        /** Sets the invoked function ARN. */
        public Builder functionArn(String functionArn) {
            this.functionArn = functionArn;
            return this;
        }

        /** Sets the event source. */
        public Builder source(EventSource source) {
            this.source = source;
            return this;
        }

        /** Marks the invocation that paid the cold start (false by default). */
        public Builder coldStart(boolean coldStart) {
            this.coldStart = coldStart;
            return this;
        }

        /** Marks a synthetic priming request (false by default). */
        public Builder priming(boolean priming) {
            this.priming = priming;
            return this;
        }

        /** Sets the clock (epoch milliseconds), for tests. */
        public Builder clock(LongSupplier clock) {
            this.clock = clock;
            return this;
        }

        /** Returns the context. */
        public Context build() {
            return new Context(this);
        }
    }

    /** The wall clock; a named class, as a method reference would spin one at start-up. */
    private static final class SystemClock implements LongSupplier {
        @Override
        public long getAsLong() {
            return System.currentTimeMillis();
        }
    }
}
