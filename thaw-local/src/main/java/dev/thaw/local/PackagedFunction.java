package dev.thaw.local;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Makes sure an application's Lambda package ({@code APP_DIR/target/function/}) exists and is current
 * before the emulator runs it, packaging it with {@link PackageApp} when it is missing, older than the
 * app's jar, or the jar itself needs a build.
 */
final class PackagedFunction {

    private PackagedFunction() {}

    /**
     * Returns {@code app}'s {@code target/function} directory, packaging the app first when needed.
     *
     * @param command the command asking, which prefixes progress lines
     * @param build whether the app may be built (false: {@code --no-build})
     * @param complete whether the package must have its jlinked runtime and trained AOT cache (as
     *     {@code thaw package} writes it, for {@code bench}); without, the dev loop skips those seconds
     * @param memory the memory the package's SAM template names
     * @param timeout the timeout the package's SAM template names
     * @param progress where packaging reports what it does (never standard output for {@code invoke})
     * @throws CliException when the app cannot be built or packaged
     */
    static Path ensure(
            String command,
            AppDirectory app,
            boolean build,
            boolean complete,
            int memory,
            int timeout,
            Path cwd,
            Path home,
            String mvn,
            PrintStream progress) {
        Path function = app.dir().resolve("target").resolve("function");
        String reason = staleness(app, build, complete, function);
        if (reason == null) {
            return function;
        }
        progress.println(
                "thaw " + command + ": packaging " + app.shownFrom(cwd) + " for the emulator (" + reason + ")");
        List<String> args = new ArrayList<>(List.of(
                app.dir().toString(), "--memory", Integer.toString(memory), "--timeout", Integer.toString(timeout)));
        if (!build) {
            args.add("--no-build");
        }
        if (!complete) {
            // the emulator runs a package written for it on the caller's JDK: jlink and AOT training cost
            // seconds on every rebuild of the dev loop; `thaw package` writes the full package
            args.add("--no-runtime");
        }
        PackageOptions options = PackageOptions.parse(args, System.getProperty("os.arch"));
        return new PackageApp(cwd, home, mvn, progress, progress).run(options).function();
    }

    /** Returns why the package must be (re)written, or null when it is current. */
    static String staleness(AppDirectory app, boolean build, boolean complete, Path function) {
        Path bootstrap = function.resolve("bootstrap");
        if (!Files.isRegularFile(bootstrap)) {
            return "target/function/bootstrap is missing";
        }
        if (complete
                && !(Files.isExecutable(function.resolve("runtime/bin/java"))
                        && Files.isRegularFile(function.resolve("app.aot")))) {
            return "target/function has no jlinked runtime or AOT cache";
        }
        if (build && app.needsBuild()) {
            return "its jar is missing or older than its sources";
        }
        Optional<Path> jar = app.jar();
        try {
            if (jar.isPresent()
                    && Files.getLastModifiedTime(jar.get()).compareTo(Files.getLastModifiedTime(bootstrap)) > 0) {
                return "target/function is older than " + jar.get().getFileName();
            }
        } catch (IOException e) {
            return "reading the package's time failed: " + e.getMessage();
        }
        return null;
    }
}
