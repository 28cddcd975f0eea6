package dev.thaw.local;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A packaged function running in its own process, as Lambda runs one: on {@code provided.al2023} (its
 * {@code bootstrap}) or on the managed Java runtime (AWS's runtime interface client naming the handler),
 * serving the Runtime API at {@code endpoint}. Its output goes to a log file that failures show. Closing
 * it destroys the process, forcibly when it does not end within 10 s.
 */
final class FunctionProcess implements AutoCloseable {

    /** The runtime interface client's entry point, the class Lambda's managed Java runtime starts. */
    static final String RIC_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    // the artifacts of the runtime interface client on the test class path, its own jar first
    private static final List<String> RIC_ARTIFACTS = List.of(
            "/com/amazonaws/aws-lambda-java-runtime-interface-client/",
            "/com/amazonaws/aws-lambda-java-serialization/",
            "/software/amazon/awssdk/");

    private final Process process;
    private final Path log;
    private final long startNanos;

    private FunctionProcess(Process process, Path log, long startNanos) {
        this.process = process;
        this.log = log;
        this.startNanos = startNanos;
    }

    /**
     * Starts {@code function/bootstrap} with {@code sh}, in an environment of only what Lambda's
     * {@code provided.al2023} sets that thaw reads, plus {@code JAVA_HOME} (this JVM's) and {@code PATH}.
     *
     * @param extraEnv further variables, such as {@code THAW_JAVA_OPTS}
     */
    static FunctionProcess bootstrap(Path function, String endpoint, Map<String, String> extraEnv, Path log)
            throws IOException {
        ProcessBuilder builder =
                new ProcessBuilder("/bin/sh", function.resolve("bootstrap").toString());
        Map<String, String> env = lambdaEnvironment(builder, function, endpoint);
        env.putAll(extraEnv);
        return start(builder, function, log);
    }

    /**
     * Starts a JVM running the runtime interface client on {@code function/lib/*.jar} (the class path the
     * managed runtime gives a zip), naming {@code handlerClass::handleRequest}, with the variables the
     * managed runtime sets.
     *
     * @param jars the jar names in {@code function/lib/}, in class path order
     */
    static FunctionProcess managedRuntime(
            Path function, List<String> jars, String handlerClass, String endpoint, Path log) throws IOException {
        List<String> classPath = new ArrayList<>();
        for (String jar : jars) {
            classPath.add(function.resolve("lib").resolve(jar).toString());
        }
        classPath.addAll(ricClassPath());
        String handler = ManagedHandlers.handlerSetting(handlerClass);
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // the client loads its JNI library: without this JDK 25 warns about a restricted method
                "--enable-native-access=ALL-UNNAMED",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xshare:auto",
                "-cp",
                String.join(File.pathSeparator, classPath),
                RIC_MAIN,
                handler);
        Map<String, String> env = lambdaEnvironment(builder, function, endpoint);
        env.put("_HANDLER", handler);
        env.put("AWS_LAMBDA_FUNCTION_NAME", "users-api-java");
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/users-api-java");
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/11/27/[$LATEST]0123456789abcdef");
        env.put("AWS_REGION", "eu-west-1");
        return start(builder, function, log);
    }

    /**
     * Returns the jars of AWS's runtime interface client and its dependencies on this JVM's class path
     * ({@code aws-lambda-java-core} excepted: the function's {@code lib/} has it).
     *
     * @throws IllegalStateException when the client is not on the class path
     */
    static List<String> ricClassPath() {
        List<String> found = new ArrayList<>();
        for (String artifact : RIC_ARTIFACTS) {
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                if (entry.replace(File.separatorChar, '/').contains(artifact) && entry.endsWith(".jar")) {
                    found.add(entry);
                }
            }
        }
        if (found.isEmpty() || !found.getFirst().contains("aws-lambda-java-runtime-interface-client")) {
            throw new IllegalStateException("Find the runtime interface client on the test class path: no "
                    + RIC_ARTIFACTS.getFirst() + " jar in java.class.path; declare"
                    + " com.amazonaws:aws-lambda-java-runtime-interface-client as a test dependency");
        }
        return List.copyOf(found);
    }

    private static Map<String, String> lambdaEnvironment(ProcessBuilder builder, Path function, String endpoint) {
        Map<String, String> env = builder.environment();
        String path = env.getOrDefault("PATH", "/usr/bin:/bin");
        env.clear();
        env.put("AWS_LAMBDA_RUNTIME_API", endpoint);
        env.put("LAMBDA_TASK_ROOT", function.toString());
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("PATH", path);
        return env;
    }

    private static FunctionProcess start(ProcessBuilder builder, Path function, Path log) throws IOException {
        builder.directory(function.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        long startNanos = System.nanoTime();
        return new FunctionProcess(builder.start(), log, startNanos);
    }

    /** Returns {@link System#nanoTime()} just before the process was started. */
    long startNanos() {
        return startNanos;
    }

    /** Returns whether the process is still running. */
    boolean isAlive() {
        return process.isAlive();
    }

    /** Returns what the process printed so far, for failure messages. */
    String output() {
        try {
            return Files.exists(log) ? Files.readString(log) : "(no output)";
        } catch (IOException e) {
            return "(its output " + log + " cannot be read: " + e.getMessage() + ")";
        }
    }

    /** Destroys the process and waits for it, forcibly after 10 s or when interrupted. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
