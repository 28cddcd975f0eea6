package dev.thaw.lambda;

import dev.thaw.App;

/**
 * Sends an app's priming requests through its whole chain where a runtime warms up before real traffic
 * (a SnapStart checkpoint, AOT-cache training) and says how it went, for the log.
 */
final class Priming {

    private Priming() {}

    /**
     * Primes {@code app}.
     *
     * @return "N of M priming requests answered below 500 in T ms"; M is "?" when the app's priming
     *     requests could not be made (that failure is logged by {@link App#prime()})
     */
    static String run(App app) {
        long start = System.nanoTime();
        int answered = app.prime();
        long millis = (System.nanoTime() - start) / 1_000_000;
        String of;
        try {
            of = Integer.toString(app.primingRequests().size());
        } catch (RuntimeException e) {
            of = "?";
        }
        return answered + " of " + of + " priming requests answered below 500 in " + millis + " ms";
    }
}
