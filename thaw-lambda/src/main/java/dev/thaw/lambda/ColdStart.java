package dev.thaw.lambda;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The execution environment's cold-start mark: exactly one invocation per process claims it, whichever
 * poll loop (or managed-runtime call) gets there first. Priming runs through {@code App.prime}, never
 * here, so a SnapStart snapshot still holds the mark for the first invocation after restore.
 */
final class ColdStart {

    private static final AtomicBoolean PENDING = new AtomicBoolean(true);

    private ColdStart() {}

    /** Returns true for the first caller in this process, false for every later one. */
    static boolean claim() {
        return PENDING.get() && PENDING.getAndSet(false);
    }
}
