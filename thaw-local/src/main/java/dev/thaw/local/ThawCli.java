package dev.thaw.local;

import java.io.Console;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code thaw} command line. Run it through the {@code ./thaw} launcher, which finds JDK 25 and Maven,
 * builds what is missing and passes the repository root:
 *
 * <pre>{@code
 * ./thaw start-api [APP_DIR] [--port N] [--host H] [--event-format v2|v1|url|alb] [--max-concurrency N]
 *                   [--env KEY=VALUE]... [--env-file FILE]... [--direct]
 * ./thaw invoke APP_DIR --event FILE|- [--env KEY=VALUE]... [--env-file FILE]...
 * ./thaw package APP_DIR [--memory MB] [--timeout S] [--arch x86_64|arm64] [--no-runtime] [--no-aot] [--class-path]
 * ./thaw bench APP_DIR [--runs N] [--warm M] [--event-format v2|v1|url|alb] [--path P] [--configs LIST]
 * }</pre>
 *
 * <p>System properties: {@code thaw.home} (the thaw repository root, where a relative APP_DIR is looked up
 * when the current directory has no such directory) and {@code thaw.mvn} (the Maven executable, default
 * {@code mvn}).
 */
public final class ThawCli {

    static final String USAGE = """
            usage: thaw <command> [arguments]

            commands:
              start-api [APP_DIR] [--port N] [--host H] [--event-format v2|v1|url|alb]
                        [--max-concurrency N] [--env KEY=VALUE]... [--env-file FILE]... [--direct]
                        serve APP_DIR (default examples/users-api) on http://127.0.0.1:3000 through
                        the Lambda emulator (packaged first when needed): each request becomes an
                        event, runs in a function process over a real Runtime API, REPORT lines on
                        the console; --env sets the function's variables; --direct serves the app's
                        own local server instead
              invoke APP_DIR --event FILE|- [--memory MB] [--timeout S] [--env KEY=VALUE]...
                        [--env-file FILE]...
                        one invocation through the Lambda emulator: the response payload on stdout,
                        the function's logs and the REPORT line on stderr
              package APP_DIR [--memory MB] [--timeout S] [--arch x86_64|arm64] [--no-runtime] [--no-aot] [--class-path]
                        write a Lambda deployment into APP_DIR/target: function/ (bootstrap, jars, a
                        jlinked runtime, an AOT cache trained on it), function.zip and a SAM
                        template.yaml (provided.al2023, plus java21 with SnapStart when the app has a
                        StreamHandler)
              bench APP_DIR [--runs N] [--warm M] [--event-format v2|v1|url|alb] [--path P]
                        [--configs plain,tuned,tuned+aot,floor,floor+aot] [--no-build]
                        cold-start benchmark against the JVM floor: N fresh environments per
                        configuration, interleaved; prints init, cold, warm p50/p99, peak RSS and
                        classes loaded, and writes APP_DIR/target/bench/report.html and report.json
              test      run the whole test suite (mvn verify on JDK 25)
              format    format the sources (spotless:apply)
              help      show this help

            `thaw <command> --help` shows a command's options.
            """;

    private ThawCli() {}

    /**
     * Runs one command and exits with its status: 0 on success, 1 on failure (for {@code invoke}: the
     * invocation failed), 2 on a usage error or a command not available yet; {@code start-api --direct}
     * exits with the application's status.
     *
     * @param args the command and its arguments
     */
    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    /** Runs one command and returns its exit status. */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty()) {
            out.print(USAGE);
            return 0;
        }
        String command = args.getFirst();
        List<String> rest = args.subList(1, args.size());
        try {
            return switch (command) {
                case "help", "-h", "--help" -> {
                    out.print(USAGE);
                    yield 0;
                }
                case "start-api" -> startApi(rest, out, err);
                case "package" -> packageApp(rest, out, err);
                case "invoke" -> invoke(rest, out, err);
                case "bench" -> bench(rest, out, err);
                case "test", "format" -> {
                    err.println("thaw " + command + ": run it through the launcher at the repository root: ./thaw "
                            + command);
                    yield 2;
                }
                default -> {
                    err.println("thaw: unknown command '" + command + "'");
                    err.print(USAGE);
                    yield 2;
                }
            };
        } catch (CliException e) {
            err.println("thaw " + e.getMessage());
            if (e.isUsage()) {
                err.print(
                        switch (command) {
                            case "start-api" -> StartApiOptions.USAGE;
                            case "invoke" -> InvokeOptions.USAGE;
                            case "package" -> PackageOptions.USAGE;
                            case "bench" -> BenchOptions.USAGE;
                            default -> USAGE;
                        });
            }
            return e.exitCode();
        }
    }

    private static int startApi(List<String> args, PrintStream out, PrintStream err) {
        StartApiOptions options = StartApiOptions.parse(args);
        if (options.help()) {
            out.print(StartApiOptions.USAGE);
            return 0;
        }
        StartApi startApi = new StartApi(
                Path.of("").toAbsolutePath(), home(), Path.of(System.getProperty("java.home")), mvn(), out, err);
        try {
            return startApi.run(options);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    private static int invoke(List<String> args, PrintStream out, PrintStream err) {
        InvokeOptions options = InvokeOptions.parse(args);
        if (options.help()) {
            out.print(InvokeOptions.USAGE);
            return 0;
        }
        InvokeCommand invoke = new InvokeCommand(
                Path.of("").toAbsolutePath(),
                home(),
                Path.of(System.getProperty("java.home")),
                mvn(),
                System.in,
                out,
                err,
                FunctionRuntime.emulator());
        try {
            return invoke.run(options);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    private static int bench(List<String> args, PrintStream out, PrintStream err) {
        BenchOptions options = BenchOptions.parse(args);
        if (options.help()) {
            out.print(BenchOptions.USAGE);
            return 0;
        }
        Console console = System.console();
        BenchCommand bench = new BenchCommand(
                Path.of("").toAbsolutePath(),
                home(),
                Path.of(System.getProperty("java.home")),
                mvn(),
                out,
                err,
                console != null && console.isTerminal());
        try {
            bench.run(options, "./thaw bench " + String.join(" ", args));
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    private static int packageApp(List<String> args, PrintStream out, PrintStream err) {
        PackageOptions options = PackageOptions.parse(args, System.getProperty("os.arch"));
        if (options.help()) {
            out.print(PackageOptions.USAGE);
            return 0;
        }
        new PackageApp(Path.of("").toAbsolutePath(), home(), mvn(), out, err).run(options);
        return 0;
    }

    /** Returns the thaw repository root the launcher passed, or null when run without it. */
    private static Path home() {
        String home = System.getProperty("thaw.home");
        return home == null || home.isBlank() ? null : Path.of(home);
    }

    private static String mvn() {
        return System.getProperty("thaw.mvn", "mvn");
    }
}
