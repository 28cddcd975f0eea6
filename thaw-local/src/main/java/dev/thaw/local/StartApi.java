package dev.thaw.local;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.ProcessBuilder.Redirect;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code thaw start-api}. By default it serves the application through the Lambda emulator: it packages the
 * app when needed, starts the execution environments ({@link FunctionRuntime}) and the {@link FrontDoor}
 * that turns each HTTP request into an event and the function's answer back into HTTP. With
 * {@code --direct} it runs the app's jar as a child process whose own local server ({@code Thaw.run} without
 * a Runtime API) listens on the chosen port.
 */
final class StartApi {

    private final Path cwd;
    private final Path home;
    private final Path javaHome;
    private final String mvn;
    private final AppBuild build;
    private final PrintStream out;
    private final PrintStream err;
    private final FunctionRuntime runtime;

    /**
     * @param cwd the caller's directory, against which a relative APP_DIR is resolved first
     * @param home the thaw repository root, or null when unknown
     * @param javaHome the JDK that runs the application
     * @param mvn the Maven executable used to build it
     */
    StartApi(Path cwd, Path home, Path javaHome, String mvn, PrintStream out, PrintStream err) {
        this(cwd, home, javaHome, mvn, out, err, FunctionRuntime.emulator());
    }

    /** As above, with the runtime that runs the packaged function (a fake in tests). */
    StartApi(
            Path cwd, Path home, Path javaHome, String mvn, PrintStream out, PrintStream err, FunctionRuntime runtime) {
        this.cwd = cwd;
        this.home = home;
        this.javaHome = javaHome;
        this.mvn = mvn;
        this.build = new AppBuild("start-api", mvn, home, err);
        this.out = out;
        this.err = err;
        this.runtime = runtime;
    }

    /**
     * Serves until the CLI is stopped (SIGINT, SIGTERM) or, in direct mode, the application ends.
     *
     * @return the application's exit code in direct mode; 0 once the emulator was stopped
     * @throws CliException when the app cannot be found, built, packaged or started
     */
    int run(StartApiOptions options) throws InterruptedException {
        return options.direct() ? runDirect(options) : runEmulated(options);
    }

    private int runEmulated(StartApiOptions options) throws InterruptedException {
        Emulated api = startEmulated(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(Thread.ofPlatform().name("thaw-stop").unstarted(() -> {
                    api.close();
                    stopped.countDown();
                }));
        stopped.await();
        return 0;
    }

    /**
     * Packages the app when needed, starts its environments and the front door, and prints the banner.
     *
     * @return the running emulator; closing it stops the front door and every environment
     * @throws CliException when the app cannot be found, packaged or run, or the port is taken
     */
    Emulated startEmulated(StartApiOptions options) {
        Map<String, String> environment = environment(options);
        AppDirectory app = AppDirectory.resolve("start-api", options.appDir(), cwd, home);
        Path function = PackagedFunction.ensure(
                "start-api", app, options.build(), false, options.memory(), options.timeout(), cwd, home, mvn, err);
        FunctionConfig config = FunctionConfig.of(function, app.artifactId())
                .withMemoryMb(options.memory())
                .withTimeout(Duration.ofSeconds(options.timeout()))
                .withMaxConcurrency(options.maxConcurrency())
                .withIdleTimeout(Duration.ofSeconds(options.idleTimeout()))
                .withEnvironment(environment)
                .withJavaHome(javaHome)
                .withLog(err);
        FunctionRuntime.Running running = runtime.start(config);
        FrontDoor door;
        try {
            door = FrontDoor.start(
                    options.host(),
                    options.port(),
                    EventFactory.of(options.eventFormat(), config.region()),
                    running,
                    err,
                    "start-api");
        } catch (IOException | RuntimeException e) {
            running.close();
            throw listenFailure(options, e);
        }
        EventFormat format = options.eventFormat();
        out.println("thaw start-api: serving " + app.shownFrom(cwd) + " on "
                + AppProcess.url(options.host(), door.port())
                + " through the Lambda emulator (event format " + format.option()
                + (format == EventFormat.ALB_MULTI_VALUE ? " with multi-value headers" : "") + ", max concurrency "
                + options.maxConcurrency() + ", memory " + options.memory() + " MB, timeout " + options.timeout()
                + " s)");
        out.flush();
        return new Emulated(door, running);
    }

    /** Reads the {@code --env-file} files and overlays the {@code --env} values. */
    private Map<String, String> environment(StartApiOptions options) {
        return FunctionVariables.resolve("start-api", cwd, options.environmentFiles(), options.environment());
    }

    private static CliException listenFailure(StartApiOptions options, Exception e) {
        String where = options.host() + ":" + options.port();
        if (e instanceof BindException && options.port() != 0) {
            return CliException.failure(
                    "start-api: port " + options.port() + " on " + options.host()
                            + " is already in use: stop what listens there or choose another port with --port N",
                    e);
        }
        return CliException.failure("start-api: cannot listen on " + where + ": " + e.getMessage(), e);
    }

    /**
     * The emulator serving an app.
     *
     * @param door the HTTP front end
     * @param running the function's execution environments
     */
    record Emulated(FrontDoor door, FunctionRuntime.Running running) implements AutoCloseable {

        /** Returns the port the front door listens on. */
        int port() {
            return door.port();
        }

        /** Stops the front door, then every environment. */
        @Override
        public void close() {
            try {
                door.close();
            } finally {
                running.close();
            }
        }
    }

    private int runDirect(StartApiOptions options) throws InterruptedException {
        AppProcess app = start(options, Redirect.INHERIT);
        AtomicBoolean stopping = new AtomicBoolean();
        Runtime.getRuntime()
                .addShutdownHook(Thread.ofPlatform().name("thaw-stop").unstarted(() -> {
                    stopping.set(true);
                    app.stop(AppProcess.STOP_GRACE);
                }));
        int code = app.waitFor();
        if (code != 0 && !stopping.get()) {
            out.println("thaw start-api: the app exited with code " + code);
        }
        return code;
    }

    /**
     * Direct mode: finds and (unless told not to) builds the application, checks the port, prints the banner
     * and starts the child process.
     *
     * @param output where the child's output goes
     * @return the running application
     */
    AppProcess start(StartApiOptions options, Redirect output) {
        Map<String, String> environment = environment(options);
        for (String fixed : List.of("PORT", "HOST")) {
            if (environment.containsKey(fixed)) {
                throw CliException.usage("start-api: --env " + fixed + ": in --direct mode " + fixed + " comes from --"
                        + fixed.toLowerCase(Locale.ROOT) + "; set it there");
            }
        }
        AppDirectory app = AppDirectory.resolve("start-api", options.appDir(), cwd, home);
        Path jar = build.ensureJar(app, options.build(), cwd).jar();
        int port = PortCheck.free(options.host(), options.port());
        out.println("thaw start-api: serving " + app.shownFrom(cwd) + " on " + AppProcess.url(options.host(), port)
                + " (direct mode: the app's local server)");
        out.flush();
        return AppProcess.start(
                AppProcess.javaJar(javaHome, jar), app.dir(), options.host(), port, environment, output);
    }
}
