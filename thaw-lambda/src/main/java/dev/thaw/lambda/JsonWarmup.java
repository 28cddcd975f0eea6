package dev.thaw.lambda;

import dev.thaw.Json;
import io.avaje.jsonb.Jsonb;

/**
 * Builds the JSON codec and the adapters of the HTTP API event and response on a second thread while the
 * runtime does the rest of its init (makes the app) and waits for its first event: the codec's start-up
 * (its adapters, their classes) is the largest single cost of a cold start, and every invocation needs it
 * to read its event. The runtime also hands this thread the Runtime API connection to open first (see
 * {@code HttpConnection.openAhead}). With a second CPU (Lambda gives more CPU with more memory) the two
 * threads overlap; with one the work would merely be moved, so it stays on the runtime's thread (see
 * {@link #worthIt}). The first event waits on the codec's {@code Lazy}
 * lock if the build is still running, and a failure here is left for that first use to report, since
 * {@code Lazy} does not cache failures.
 */
final class JsonWarmup implements Runnable {

    private final Runnable first;

    JsonWarmup() {
        this(null);
    }

    private JsonWarmup(Runnable first) {
        this.first = first;
    }

    /**
     * The system property that decides the warm-up, to measure it: {@code off} never runs it, {@code on}
     * always does; unset, it runs when the JVM has two processors or more ({@link #worthIt}).
     */
    static final String SWITCH = "thaw.jsonWarmup";

    /** Starts the warm-up on a daemon thread when {@link #SWITCH} allows it. */
    static void start() {
        start(null);
    }

    /**
     * Starts the warm-up on a daemon thread, running {@code first} (when not null) before it, when
     * {@link #SWITCH} allows it; otherwise {@code first} does not run here either.
     */
    static void start(Runnable first) {
        if (worthIt(System.getProperty(SWITCH), Runtime.getRuntime().availableProcessors())) {
            Thread.ofPlatform().daemon().name("thaw-json-warmup").start(new JsonWarmup(first));
        }
    }

    /**
     * Whether a second thread pays: with one processor (the JVM counts a CPU quota below one CPU as one,
     * as Lambda's share is below 1,769 MB when the quota is visible) the work is only moved, and the
     * hand-overs cost: with {@code thaw bench --cpu lambda} (0.29 CPU) the cold start was 16 ms slower
     * with the connection opened ahead than without (median of 12 paired runs).
     */
    static boolean worthIt(String setting, int processors) {
        if ("off".equals(setting)) {
            return false;
        }
        return "on".equals(setting) || processors >= 2;
    }

    @Override
    public void run() {
        if (first != null) {
            try {
                first.run();
            } catch (RuntimeException | Error ignored) {
                // first's owner meets and reports the failure itself
            }
        }
        try {
            EventJson.registerAdapters();
            // The first lookups build the adapters of the HTTP API / Function URL event and its answer (the
            // common source) and the codec's own; other sources build theirs on first use.
            Jsonb jsonb = Json.jsonb();
            jsonb.type(ApiGatewayV2Event.class);
            jsonb.type(ApiGatewayV2Response.class);
        } catch (RuntimeException | Error ignored) {
            // Reported by the first invocation that needs the codec.
        }
    }
}
