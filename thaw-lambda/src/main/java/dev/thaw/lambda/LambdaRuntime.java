package dev.thaw.lambda;

import dev.thaw.App;
import dev.thaw.internal.Log;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs an {@link App} on Lambda's Runtime API ({@code provided.al2023}, or any runtime that sets
 * {@code AWS_LAMBDA_RUNTIME_API}). {@code Thaw.run(app)} calls this when that variable is set.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     LambdaRuntime.start(() -> UsersApi.app(new InMemoryUserStore(), HttpSyncClient.fromEnv(System.getenv())));
 * }
 * }</pre>
 *
 * <p>With {@code AWS_LAMBDA_MAX_CONCURRENCY=N} (Lambda Managed Instances) N poll loops share the JVM, each
 * on its own connection. An application that fails to start is reported with {@code POST /runtime/init/error}
 * and the process exits with status 1.
 */
public final class LambdaRuntime {

    /**
     * Set to {@code true} when the function's Function URL (or REST API integration) uses
     * {@code InvokeMode: RESPONSE_STREAM}: every answer to those sources is then streamed (prelude, body
     * as written); HTTP APIs and ALBs are always answered buffered.
     */
    public static final String STREAMING = "THAW_RESPONSE_STREAMING";

    /**
     * Set by {@code thaw package} while it trains the AOT cache: the number of training invocations, after
     * which the runtime halts the JVM (see {@link InvokeLoop#run(int)}). Not for functions.
     */
    static final String TRAINING = "THAW_AOT_TRAINING_INVOCATIONS";

    private LambdaRuntime() {}

    /** Returns the training invocation count, or 0 (serve until stopped) when unset or not a positive number. */
    static int trainingInvocations(String value) {
        if (value == null || value.isEmpty() || value.length() > 9) {
            return 0;
        }
        int n = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return 0;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /** Serves {@code app} until the Runtime API goes away; then exits with status 1. */
    public static void start(App app) {
        start(new Given(app));
    }

    /**
     * Builds the app and serves it; a failure to build it is posted as an init error.
     *
     * @param app makes the application (runs once, before the first {@code next})
     */
    public static void start(Supplier<App> app) {
        System.exit(run(app, System.getenv()));
    }

    /** Runs the runtime with {@code env}; returns the process exit status. */
    static int run(Supplier<App> factory, Map<String, String> env) {
        StartupTrace.mark(StartupTrace.RUNTIME);
        String endpoint = env.get("AWS_LAMBDA_RUNTIME_API");
        if (endpoint == null || endpoint.isBlank()) {
            InvokeLoop.log(Log.FATAL, "AWS_LAMBDA_RUNTIME_API is not set: not running on Lambda");
            return 1;
        }
        JsonWarmup.start();
        RuntimeApiClient first = new RuntimeApiClient(endpoint.trim());
        App app;
        try {
            app = factory.get();
        } catch (RuntimeException | Error e) {
            InvokeLoop.log(Log.FATAL, "init failed: " + e);
            try {
                first.initError(ErrorReport.of("Runtime.InitError", e));
            } catch (IOException io) {
                InvokeLoop.log("POST " + RuntimeApiClient.PREFIX + "/init/error: " + io.getMessage());
            }
            return 1;
        }
        StartupTrace.mark(StartupTrace.APP_BUILT);
        if (!app.shutdownHooks().isEmpty()) {
            handleShutdown(app, endpoint.trim());
        }
        if ("snap-start".equals(env.get("AWS_LAMBDA_INITIALIZATION_TYPE"))) {
            try {
                checkpointAndRestore(app, first);
            } catch (IOException e) {
                InvokeLoop.log(Log.FATAL, e.getMessage());
                return 1;
            }
        }
        int training = trainingInvocations(env.get(TRAINING));
        if (training > 0) {
            primeForTraining(app);
        }
        int concurrency = concurrency(env.get("AWS_LAMBDA_MAX_CONCURRENCY"));
        boolean streaming = "true".equalsIgnoreCase(env.get(STREAMING));
        if (concurrency == 1) {
            return serve(new InvokeLoop(app, first, true, streaming), training);
        }
        List<Thread> loops = new ArrayList<>(concurrency);
        int[] status = new int[1];
        for (int i = 0; i < concurrency; i++) {
            RuntimeApiClient client = i == 0 ? first : new RuntimeApiClient(endpoint.trim());
            InvokeLoop loop = new InvokeLoop(app, client, false, streaming);
            loops.add(Thread.ofPlatform().name("thaw-invoke-" + i).start(new Serving(loop, status)));
        }
        for (Thread loop : loops) {
            try {
                loop.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }
        return status[0];
    }

    /**
     * Runs the app's shutdown hooks when the JVM is asked to stop (SIGTERM from Lambda), and registers
     * the internal extension without which Lambda sends no SIGTERM.
     */
    private static void handleShutdown(App app, String endpoint) {
        Runtime.getRuntime().addShutdownHook(new Thread(new ShutdownHooks(app), "thaw-shutdown-hooks"));
        try {
            ShutdownExtension.register(endpoint);
        } catch (IOException e) {
            InvokeLoop.log("register the shutdown extension (no SIGTERM will arrive): " + e.getMessage());
        }
    }

    /**
     * The SnapStart sequence: prime the app so the snapshot holds a warmed stack, wait on
     * {@code GET /runtime/restore/next} (the snapshot is taken while the runtime waits there), then run
     * the app's restore hooks in the restored environment.
     */
    static void checkpointAndRestore(App app, RuntimeApiClient client) throws IOException {
        InvokeLoop.log(Log.INFO, "primed " + app.name() + " before the snapshot: " + Priming.run(app));
        client.restoreNext();
        app.runRestoreHooks();
    }

    /**
     * AOT-cache training ({@code thaw package} sets {@value #TRAINING}): the app's priming requests go
     * through the chain before the training events, so the cache also holds what they reach, such as a
     * client made on first use and its TLS set-up (DESIGN.md section 2).
     */
    static void primeForTraining(App app) {
        InvokeLoop.log(Log.INFO, "primed " + app.name() + " for AOT-cache training: " + Priming.run(app));
    }

    private static int serve(InvokeLoop loop) {
        return serve(loop, 0);
    }

    private static int serve(InvokeLoop loop, int haltAfter) {
        try {
            loop.run(haltAfter);
            return 0;
        } catch (IOException e) {
            InvokeLoop.log(Log.FATAL, e.getMessage());
            return 1;
        } catch (VirtualMachineError e) {
            // The invocation was answered; exit so Lambda starts a fresh environment, even if a thread the
            // app left running would keep this JVM alive.
            InvokeLoop.log(Log.FATAL, "the JVM failed, ending the runtime: " + e);
            return 1;
        }
    }

    static int concurrency(String value) {
        if (value == null || value.isBlank()) {
            return 1;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1 && n <= 1024) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        InvokeLoop.log("AWS_LAMBDA_MAX_CONCURRENCY='" + value + "' is not a number from 1 to 1024; using 1");
        return 1;
    }

    /** Supplies an app made already; a named class, as a lambda would spin one at start-up. */
    private static final class Given implements Supplier<App> {

        private final App app;

        Given(App app) {
            this.app = app;
        }

        @Override
        public App get() {
            return app;
        }
    }

    /** Serves one of several invoke loops, keeping the worst exit status; a named class, as a lambda would spin one at start-up. */
    private static final class Serving implements Runnable {

        private final InvokeLoop loop;
        private final int[] status;

        Serving(InvokeLoop loop, int[] status) {
            this.loop = loop;
            this.status = status;
        }

        @Override
        public void run() {
            int code = serve(loop);
            synchronized (status) {
                status[0] = Math.max(status[0], code);
            }
        }
    }

    /** Runs the app's shutdown hooks, logging each failure; a named class, as a lambda would spin one at start-up. */
    private static final class ShutdownHooks implements Runnable {

        private final App app;

        ShutdownHooks(App app) {
            this.app = app;
        }

        @Override
        public void run() {
            app.runShutdownHooks();
        }
    }
}
