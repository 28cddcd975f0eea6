package dev.thaw.lambda;

import dev.thaw.Json;
import io.avaje.jsonb.Jsonb;

/**
 * Builds the JSON codec and the adapters of the HTTP API event and response on a second thread while the
 * runtime does the rest of its init (makes the app) and waits for its first event: the codec's start-up
 * (its adapters, their classes) is the largest single cost of a cold start, and every invocation needs it
 * to read its event. With a second CPU (Lambda gives more CPU with more memory) the two threads overlap;
 * with one the work would merely be moved, so it stays on the runtime's thread (see {@link #worthIt}).
 * The first event waits on the codec's {@code Lazy} lock if the build is still running, and a failure
 * here is left for that first use to report, since {@code Lazy} does not cache failures.
 */
final class JsonWarmup implements Runnable {

    JsonWarmup() {}

    /**
     * The system property that decides the warm-up: {@code off} never runs it, {@code on} always does;
     * unset, it runs when the JVM has two processors or more ({@link #worthIt}). A packaged function's
     * bootstrap sets {@code off} when it starts the JVM with the app's AOT cache, where building the codec
     * is ~2 ms and the thread measured a tie to 3 ms slower.
     */
    static final String SWITCH = "thaw.jsonWarmup";

    /** Starts the warm-up on a daemon thread when {@link #SWITCH} allows it. */
    static void start() {
        if (worthIt(System.getProperty(SWITCH), Runtime.getRuntime().availableProcessors())) {
            Thread.ofPlatform().daemon().name("thaw-json-warmup").start(new JsonWarmup());
        }
    }

    /**
     * Whether a second thread pays: with one processor (the JVM counts a CPU quota below one CPU as one,
     * as Lambda's share is below 1,769 MB when the quota is visible) the work is only moved, plus a thread
     * start and a hand-over; with {@code thaw bench --cpu lambda} (0.29 CPU) leaving it out measured
     * −4.8 ms (7 of 12 rounds) in an earlier release.
     */
    static boolean worthIt(String setting, int processors) {
        if ("off".equals(setting)) {
            return false;
        }
        return "on".equals(setting) || processors >= 2;
    }

    @Override
    public void run() {
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
