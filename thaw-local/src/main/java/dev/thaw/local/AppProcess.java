package dev.thaw.local;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** An application running as a child process, serving HTTP on the port it was given in {@code PORT}. */
final class AppProcess {

    /** How long a stopped child gets to finish its requests and shutdown hooks before it is killed. */
    static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final Process process;
    private final String host;
    private final int port;

    private AppProcess(Process process, String host, int port) {
        this.process = process;
        this.host = host;
        this.port = port;
    }

    /**
     * Starts {@code command} in {@code directory} with the caller's environment, {@code environment} over it,
     * and {@code PORT} and {@code HOST} set.
     *
     * @param environment variables for the app ({@code --env}), without {@code PORT} and {@code HOST}
     * @param output where the child's stdout and stderr go ({@link Redirect#INHERIT} on a terminal)
     * @throws CliException when the process cannot be started
     */
    static AppProcess start(
            List<String> command,
            Path directory,
            String host,
            int port,
            Map<String, String> environment,
            Redirect output) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        if (output == Redirect.INHERIT) {
            builder.inheritIO();
        } else {
            builder.redirectOutput(output).redirectErrorStream(true);
        }
        Map<String, String> env = builder.environment();
        env.putAll(environment);
        env.put("PORT", Integer.toString(port));
        env.put("HOST", host);
        // direct mode serves the local server: Thaw.run would otherwise poll a Runtime API
        env.remove("AWS_LAMBDA_RUNTIME_API");
        try {
            return new AppProcess(builder.start(), host, port);
        } catch (IOException e) {
            throw CliException.failure("start-api: starting " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
    }

    /** Returns the command line that runs a jar on the JDK at {@code javaHome}. */
    static List<String> javaJar(Path javaHome, Path jar) {
        return List.of(javaHome.resolve("bin").resolve("java").toString(), "-jar", jar.toString());
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    /** Returns the base URL the child serves, such as {@code http://127.0.0.1:3000}. */
    String url() {
        return url(host, port);
    }

    static String url(String host, int port) {
        return "http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the child to end and returns its exit code. */
    int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    /**
     * Asks the child to stop (SIGTERM), waits up to {@code grace}, then kills it.
     *
     * @return the child's exit code
     */
    int stop(Duration grace) {
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        return process.isAlive() ? -1 : process.exitValue();
    }
}
