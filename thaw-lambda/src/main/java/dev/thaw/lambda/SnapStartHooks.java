package dev.thaw.lambda;

import dev.thaw.App;
import dev.thaw.Lazy;
import java.util.function.Consumer;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * A {@link StreamHandler}'s SnapStart (CRaC) hooks. Before the checkpoint the app is made and primed, so
 * the snapshot already holds its loaded classes and warmed paths; after a restore the app's restore hooks
 * run (reset pools, reseed randomness). Only this class names {@code org.crac}, so a handler deployed
 * without that jar never loads it.
 */
final class SnapStartHooks implements Resource {

    private final Lazy<App> app;
    private final Consumer<String> log;

    SnapStartHooks(Lazy<App> app, Consumer<String> log) {
        this.app = app;
        this.log = log;
    }

    /**
     * Registers hooks for {@code app} with {@code org.crac}'s global context (a no-op on a JVM without
     * CRaC).
     *
     * @return the registered hooks; hold on to them, as CRaC keeps only weak references
     * @throws LinkageError when {@code org.crac} is not on the class path
     */
    static Object register(Lazy<App> app) {
        SnapStartHooks hooks = new SnapStartHooks(app, new RuntimeLog());
        Core.getGlobalContext().register(hooks);
        return hooks;
    }

    /**
     * Makes the app if need be and sends its priming requests through the whole chain. A failure to
     * make the app is thrown: it fails the snapshot, so a broken version is caught when it is published
     * rather than on its first request.
     */
    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        App application = app.get();
        log.accept("SnapStart checkpoint: primed " + application.name() + ", " + Priming.run(application));
    }

    /** Runs each of the app's restore hooks; a failing hook is logged and the others still run. */
    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Restore hooks reset state made before the checkpoint; without an app then there is none.
        if (!app.isInitialized()) {
            return;
        }
        App application = app.get();
        int failed = 0;
        for (Runnable hook : application.restoreHooks()) {
            try {
                hook.run();
            } catch (RuntimeException | Error e) {
                // A throwing hook would fail the restore and leave the function unable to serve at all.
                failed++;
                log.accept("SnapStart restore: a restore hook of " + application.name() + " failed: " + e);
            }
        }
        log.accept("SnapStart restore: ran " + application.restoreHooks().size() + " restore hooks of "
                + application.name() + (failed == 0 ? "" : ", " + failed + " failed"));
    }

    /** Writes to the runtime's log; a named class, as a method reference would spin one at start-up. */
    private static final class RuntimeLog implements Consumer<String> {
        @Override
        public void accept(String line) {
            InvokeLoop.log(line);
        }
    }
}
