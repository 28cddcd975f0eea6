package dev.thaw.local;

import java.io.PrintStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code thaw start-api}: builds the application when needed and serves it in direct mode, that is, runs
 * its jar as a child process whose own local server ({@code Thaw.run} without a Runtime API) listens on the
 * chosen port. The Lambda emulator will sit in front of it in a later build.
 */
final class StartApi {

    private final Path cwd;
    private final Path home;
    private final Path javaHome;
    private final AppBuild build;
    private final PrintStream out;

    /**
     * @param cwd the caller's directory, against which a relative APP_DIR is resolved first
     * @param home the thaw repository root, or null when unknown
     * @param javaHome the JDK that runs the application
     * @param mvn the Maven executable used to build it
     */
    StartApi(Path cwd, Path home, Path javaHome, String mvn, PrintStream out, PrintStream err) {
        this.cwd = cwd;
        this.home = home;
        this.javaHome = javaHome;
        this.build = new AppBuild("start-api", mvn, home, err);
        this.out = out;
    }

    /**
     * Serves until the application ends or the CLI is stopped (SIGINT, SIGTERM), then returns the
     * application's exit code.
     *
     * @throws CliException when the app cannot be found, built or started
     */
    int run(StartApiOptions options) throws InterruptedException {
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
     * Finds and (unless told not to) builds the application, checks the port, prints the banner and starts
     * the child process.
     *
     * @param output where the child's output goes
     * @return the running application
     */
    AppProcess start(StartApiOptions options, Redirect output) {
        AppDirectory app = AppDirectory.resolve("start-api", options.appDir(), cwd, home);
        Path jar = build.ensureJar(app, options.build(), cwd).jar();
        int port = PortCheck.free(options.host(), options.port());
        out.println("thaw start-api: serving " + app.shownFrom(cwd) + " on " + AppProcess.url(options.host(), port)
                + " (direct mode: the app's local server)");
        out.flush();
        return AppProcess.start(AppProcess.javaJar(javaHome, jar), app.dir(), options.host(), port, output);
    }
}
