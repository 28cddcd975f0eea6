package dev.thaw.tracing;

import dev.thaw.Context;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The spans of one invocation: its server span and the client spans of the calls it made. Found by the
 * invocation's {@link Context}, so concurrent invocations in one JVM never share spans.
 */
final class InvocationTrace {

    private static final ConcurrentHashMap<Context, InvocationTrace> ACTIVE = new ConcurrentHashMap<>();

    final Span server;
    private final long startNanoTime;
    private final List<Span> clients = new ArrayList<>(2);
    private boolean ended;

    private InvocationTrace(Span server, long startNanoTime) {
        this.server = server;
        this.startNanoTime = startNanoTime;
    }

    /** Starts tracing the invocation of {@code context}; null when it is already traced. */
    static InvocationTrace begin(Context context, Span server, long startNanoTime) {
        InvocationTrace trace = new InvocationTrace(server, startNanoTime);
        return ACTIVE.putIfAbsent(context, trace) == null ? trace : null;
    }

    /** Returns the trace of the invocation of {@code context}, or null when none is being traced. */
    static InvocationTrace of(Context context) {
        return ACTIVE.get(context);
    }

    static int activeCount() {
        return ACTIVE.size();
    }

    /** Returns the wall-clock time now in epoch nanoseconds, measured from the server span's start. */
    long epochNanosNow() {
        return server.startEpochNanos + (System.nanoTime() - startNanoTime);
    }

    /** Starts a client span, child of the server span; null once the invocation has ended. */
    Span startClient(String method, URI uri) {
        Span span =
                new Span(server.traceId, TraceIds.randomSpanId(), server.spanId, Span.CLIENT, method, epochNanosNow());
        synchronized (this) {
            if (ended) {
                return null;
            }
            clients.add(span);
        }
        return span;
    }

    /**
     * Ends the invocation: the server span ends now and the spans to export are returned, the server span
     * first; client spans still running on another thread are left out.
     */
    List<Span> end(Context context) {
        ACTIVE.remove(context, this);
        server.end(epochNanosNow());
        List<Span> spans = new ArrayList<>(clients.size() + 1);
        spans.add(server);
        synchronized (this) {
            ended = true;
            for (Span client : clients) {
                if (client.ended()) {
                    spans.add(client);
                }
            }
        }
        return spans;
    }
}
