package dev.thaw.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * {@code thaw invoke}: one invocation of an application's packaged function through the emulator, in one
 * new execution environment, like {@code aws lambda invoke}. The response payload (or, when the invocation
 * failed, the error payload Lambda would return) goes to standard output; everything else — packaging,
 * the function's own output, the START/END/REPORT lines — to standard error, so the output can be piped.
 */
final class InvokeCommand {

    private final Path cwd;
    private final Path home;
    private final Path javaHome;
    private final String mvn;
    private final InputStream stdin;
    private final PrintStream out;
    private final PrintStream err;
    private final FunctionRuntime runtime;

    /**
     * @param cwd the caller's directory, against which APP_DIR and the event file are resolved
     * @param home the thaw repository root, or null when unknown
     * @param javaHome the JDK the function runs on when its package has no runtime of its own
     * @param mvn the Maven executable used to build the application
     * @param stdin where {@code --event -} is read from
     * @param runtime what runs the packaged function ({@link FunctionRuntime#emulator()}, a fake in tests)
     */
    InvokeCommand(
            Path cwd,
            Path home,
            Path javaHome,
            String mvn,
            InputStream stdin,
            PrintStream out,
            PrintStream err,
            FunctionRuntime runtime) {
        this.cwd = cwd;
        this.home = home;
        this.javaHome = javaHome;
        this.mvn = mvn;
        this.stdin = stdin;
        this.out = out;
        this.err = err;
        this.runtime = runtime;
    }

    /**
     * Invokes the function once and prints the payload.
     *
     * @return 0 when the function answered, 1 when the invocation failed, timed out or crashed
     * @throws CliException when the event cannot be read or is not JSON, or the app cannot be packaged or run
     */
    int run(InvokeOptions options) throws InterruptedException {
        byte[] event = readEvent(options.event());
        Map<String, String> environment =
                FunctionVariables.resolve("invoke", cwd, options.environmentFiles(), options.environment());
        AppDirectory app = AppDirectory.resolve("invoke", options.appDir(), cwd, home);
        Path function = PackagedFunction.ensure(
                "invoke", app, options.build(), false, options.memory(), options.timeout(), cwd, home, mvn, err);
        FunctionConfig config = FunctionConfig.of(function, app.artifactId())
                .withMemoryMb(options.memory())
                .withTimeout(Duration.ofSeconds(options.timeout()))
                .withMaxConcurrency(1)
                .withEnvironment(environment)
                .withJavaHome(javaHome)
                .withLog(err);
        InvocationResult result;
        try (FunctionRuntime.Running running = runtime.start(config)) {
            result = running.invoke(event, null);
        }
        out.write(result.body(), 0, result.body().length);
        if (result.body().length == 0 || result.body()[result.body().length - 1] != '\n') {
            out.println();
        }
        out.flush();
        if (result.kind() == InvocationResult.Kind.RESPONSE) {
            return 0;
        }
        err.println("thaw invoke: the invocation of " + app.artifactId() + " "
                + switch (result.kind()) {
                    case TIMEOUT -> "timed out";
                    case CRASH -> "crashed";
                    default -> "failed";
                }
                + (result.errorType() == null ? "" : " (" + result.errorType() + ")")
                + ": the payload above is what Lambda returns for it");
        return CliException.FAILURE;
    }

    /**
     * Reads the event and checks it is JSON, as Lambda's Invoke does before it runs anything.
     *
     * @throws CliException naming the file and what is wrong with it
     */
    private byte[] readEvent(String given) {
        String shown = given.equals("-") ? "standard input" : given;
        byte[] event;
        try {
            event = given.equals("-") ? stdin.readAllBytes() : Files.readAllBytes(cwd.resolve(given));
        } catch (NoSuchFileException e) {
            throw CliException.failure(
                    "invoke: reading the event " + cwd.resolve(given).normalize() + ": no such file", e);
        } catch (IOException e) {
            throw CliException.failure("invoke: reading the event from " + shown + ": " + e.getMessage(), e);
        }
        try {
            JsonParser.parse(event);
        } catch (IllegalArgumentException e) {
            throw CliException.failure("invoke: the event in " + shown + " is not JSON (" + e.getMessage()
                    + "): Lambda refuses such a payload (InvalidRequestContentException)");
        }
        return event;
    }
}
