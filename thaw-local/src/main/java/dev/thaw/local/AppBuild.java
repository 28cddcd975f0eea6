package dev.thaw.local;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds an application's jar with Maven. An app inside the thaw repository is built through the
 * repository's reactor ({@code -pl APP -am}), so the thaw modules it uses are built and installed with it;
 * any other app is packaged on its own.
 */
final class AppBuild {

    private final String command;
    private final String mvn;
    private final Path home;
    private final PrintStream err;

    /**
     * @param command the command that builds, such as {@code start-api}; it prefixes messages
     * @param mvn the Maven executable
     * @param home the thaw repository root, or null when unknown
     * @param err where progress and failures are reported
     */
    AppBuild(String command, String mvn, Path home, PrintStream err) {
        this.command = command;
        this.mvn = mvn;
        this.home = home;
        this.err = err;
    }

    /**
     * Returns {@code app}'s runnable jar and its {@code Main-Class}, building the app first when {@code
     * build} allows it and the jar is missing or older than the sources.
     *
     * @param cwd the caller's directory, to show the app as the user typed it
     * @throws CliException when the build fails, or there is no jar or it has no {@code Main-Class}
     */
    RunnableJar ensureJar(AppDirectory app, boolean build, Path cwd) {
        try {
            if (build && app.needsBuild()) {
                err.println("thaw " + command + ": building " + app.shownFrom(cwd)
                        + " (its jar is missing or older than its sources)");
                build(app);
            }
            Path jar = app.jar()
                    .orElseThrow(() ->
                            CliException.failure(command + ": " + app.dir().resolve("target") + " has no "
                                    + app.artifactId() + ".jar"
                                    + (build
                                            ? ": the build did not produce it; package the app as a runnable jar"
                                            : ": build the app (mvn package) or drop --no-build")));
            String mainClass = AppDirectory.mainClass(jar)
                    .orElseThrow(() -> CliException.failure(command + ": " + jar
                            + " has no Main-Class in its manifest:"
                            + " configure maven-jar-plugin's <archive><manifest><mainClass>"));
            return new RunnableJar(jar, mainClass);
        } catch (UncheckedIOException e) {
            throw CliException.failure(command + ": " + e.getMessage(), e);
        }
    }

    /**
     * Builds {@code app}, trying each command of {@link #attempts} until one succeeds.
     *
     * @throws CliException when every attempt failed
     */
    void build(AppDirectory app) {
        List<Attempt> attempts = attempts(app);
        int code = -1;
        for (Attempt attempt : attempts) {
            code = run(attempt);
            if (code == 0) {
                return;
            }
        }
        List<String> last = attempts.getLast().command();
        throw CliException.failure(command + ": building " + app.dir() + " failed (" + String.join(" ", last)
                + " exited with " + code + "): fix the build above and run " + command + " again");
    }

    /**
     * Returns the Maven commands that build {@code app}, in the order to try them: inside the thaw
     * repository offline first (fast, and nothing new is needed most of the time), then online.
     */
    List<Attempt> attempts(AppDirectory app) {
        Path root = repositoryRoot(app.dir());
        if (root == null) {
            return List.of(new Attempt(
                    List.of(
                            mvn,
                            "-q",
                            "-B",
                            "package",
                            "-DskipTests",
                            "-f",
                            app.pom().toString()),
                    app.dir()));
        }
        String module = root.relativize(app.dir()).toString().replace('\\', '/');
        List<Attempt> attempts = new ArrayList<>();
        for (boolean offline : new boolean[] {true, false}) {
            List<String> command = new ArrayList<>(List.of(mvn, "-q", "-B"));
            if (offline) {
                command.add("-o");
            }
            // serving or packaging is not the place to enforce formatting: `./thaw test` does that
            command.addAll(List.of("install", "-DskipTests", "-Dspotless.check.skip=true", "-pl", module, "-am"));
            attempts.add(new Attempt(List.copyOf(command), root));
        }
        return List.copyOf(attempts);
    }

    /** Returns the thaw repository root when {@code dir} lies strictly inside it, else null. */
    private Path repositoryRoot(Path dir) {
        if (home == null || !Files.isRegularFile(home.resolve("pom.xml"))) {
            return null;
        }
        Path root;
        try {
            root = home.toRealPath();
        } catch (IOException e) {
            return null;
        }
        return dir.startsWith(root) && !dir.equals(root) ? root : null;
    }

    private int run(Attempt attempt) {
        err.println("thaw " + command + ": building: " + String.join(" ", attempt.command()));
        try {
            Process process = new ProcessBuilder(attempt.command())
                    .directory(attempt.directory().toFile())
                    .inheritIO()
                    .start();
            return process.waitFor();
        } catch (IOException e) {
            throw CliException.failure(
                    command + ": running " + mvn + ": " + e.getMessage()
                            + ": install Apache Maven 3.8+ (apt-get install maven) or run through ./thaw",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.failure(command + ": interrupted while building", e);
        }
    }

    /**
     * One Maven run.
     *
     * @param command the command line
     * @param directory where it runs
     */
    record Attempt(List<String> command, Path directory) {}

    /**
     * A built application jar.
     *
     * @param jar the jar
     * @param mainClass the {@code Main-Class} of its manifest
     */
    record RunnableJar(Path jar, String mainClass) {}
}
