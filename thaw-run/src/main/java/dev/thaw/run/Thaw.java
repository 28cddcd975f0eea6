package dev.thaw.run;

import dev.thaw.App;
import dev.thaw.ThawException;
import dev.thaw.internal.Log;
import dev.thaw.lambda.LambdaRuntime;
import dev.thaw.server.LocalServer;
import dev.thaw.server.ServerOptions;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The one-line {@code main} of a thaw application: on Lambda ({@code AWS_LAMBDA_RUNTIME_API} set) it
 * serves invocations through the Runtime API, elsewhere it starts the local server on {@code PORT}
 * (default 8080) and {@code HOST} (default 127.0.0.1).
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     Thaw.run(App.builder().routes(r -> r.get("/hello", request -> Response.text("hello"))).build());
 * }
 * }</pre>
 */
public final class Thaw {

    static final String RUNTIME_API = "AWS_LAMBDA_RUNTIME_API";

    private Thaw() {}

    /**
     * Runs {@code app} where this process finds itself, and returns once it is serving. Locally the
     * server's thread keeps the JVM alive; on shutdown (SIGTERM, Ctrl-C) the server stops gracefully
     * and then the app's shutdown hooks run. When the server cannot start (port taken, malformed
     * {@code PORT}) it logs why on one FATAL line and exits with status 1.
     *
     * @param app the application
     */
    public static void run(App app) {
        Map<String, String> env = System.getenv();
        if (onLambda(env)) {
            LambdaRuntime.start(app);
            return;
        }
        serve(app, env);
    }

    /**
     * Builds the app and runs it as {@link #run(App)} does. On Lambda, an app that fails to build is
     * reported to the Runtime API as an init error ({@code POST /runtime/init/error}) and the process
     * exits with status 1; locally the failure propagates.
     *
     * @param factory makes the application, once
     */
    public static void run(Supplier<App> factory) {
        Map<String, String> env = System.getenv();
        if (onLambda(env)) {
            LambdaRuntime.start(factory);
            return;
        }
        serve(factory.get(), env);
    }

    /** Starts the local server for {@code app} and registers the graceful shutdown. */
    private static void serve(App app, Map<String, String> env) {
        ServerOptions options;
        LocalServer server;
        try {
            options = ServerOptions.fromEnvironment(env);
            server = LocalServer.start(app, options);
        } catch (ThawException | IllegalArgumentException e) {
            // a configuration problem (port taken, bad PORT): its message says it all
            Log.standard().write(Log.FATAL, "dev.thaw.run.Thaw", e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(shutdownHook(app, server, options.shutdownGrace()));
    }

    /** Returns whether {@code env} is Lambda's: {@code AWS_LAMBDA_RUNTIME_API} set and not blank. */
    static boolean onLambda(Map<String, String> env) {
        String api = env.get(RUNTIME_API);
        return api != null && !api.isBlank();
    }

    /**
     * Returns the (unstarted) shutdown hook: stop {@code server} gracefully, then run each of the app's
     * shutdown hooks; a failing hook is reported and the others still run.
     */
    static Thread shutdownHook(App app, LocalServer server, Duration grace) {
        return new Thread(new Shutdown(app, server, grace), "thaw-shutdown");
    }

    /** Stops the server, then runs the app's shutdown hooks, logging each failure; a named class, as a lambda would spin one at start-up. */
    private static final class Shutdown implements Runnable {

        private final App app;
        private final LocalServer server;
        private final Duration grace;

        Shutdown(App app, LocalServer server, Duration grace) {
            this.app = app;
            this.server = server;
            this.grace = grace;
        }

        @Override
        public void run() {
            server.stop(grace);
            app.runShutdownHooks();
        }
    }
}
