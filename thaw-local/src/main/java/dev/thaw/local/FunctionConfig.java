package dev.thaw.local;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * How the emulator runs one function, as Lambda's function configuration would say it. Start from
 * {@link #of(Path, String)} and change what differs:
 *
 * <pre>{@code
 * FunctionConfig config = FunctionConfig.of(appDir.resolve("target/function"), "users-api")
 *         .withMemoryMb(1024)
 *         .withMaxConcurrency(8)
 *         .withLog(System.err);
 * }</pre>
 *
 * @param functionDir the package {@code thaw package} wrote ({@code APP_DIR/target/function}), holding
 *     {@code bootstrap}; also {@code LAMBDA_TASK_ROOT} and the process's working directory
 * @param name the function name ({@code AWS_LAMBDA_FUNCTION_NAME}; the app's artifactId)
 * @param memoryMb {@code AWS_LAMBDA_FUNCTION_MEMORY_SIZE} and the REPORT line's {@code Memory Size}; 512 by
 *     default, 128–10240 as on Lambda. The process is not limited to it.
 * @param timeout the function timeout; 30 s by default (Lambda's default is 3 s, but API Gateway's
 *     integration timeout of 29 s is what callers of a local HTTP API meet first), at most 15 minutes
 * @param maxConcurrency how many environments may run at once; 4 by default
 * @param idleTimeout how long an idle environment is kept warm before it is shut down; 10 minutes by default
 * @param region {@code AWS_REGION} and {@code AWS_DEFAULT_REGION}; {@code us-east-1} by default
 * @param environment the function's own environment variables; names Lambda refuses (reserved or malformed,
 *     see {@link #refusal(String)}) are refused
 * @param javaHome {@code JAVA_HOME} for the function, bootstrap's fallback when the package has no runtime;
 *     the emulator's own JDK by default
 * @param log where the function's output and the START/END/REPORT lines go; {@code System.err} by default
 * @param initTimeout how long a new environment may take to reach its first {@code /next}; 10 s by default,
 *     Lambda's init limit
 */
record FunctionConfig(
        Path functionDir,
        String name,
        int memoryMb,
        Duration timeout,
        int maxConcurrency,
        Duration idleTimeout,
        String region,
        Map<String, String> environment,
        Path javaHome,
        PrintStream log,
        Duration initTimeout) {

    /** Variables Lambda sets itself and refuses in a function's configuration. */
    static final Set<String> RESERVED = Set.of(
            "_HANDLER",
            "_X_AMZN_TRACE_ID",
            "AWS_DEFAULT_REGION",
            "AWS_REGION",
            "AWS_EXECUTION_ENV",
            "AWS_LAMBDA_FUNCTION_NAME",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
            "AWS_LAMBDA_FUNCTION_VERSION",
            "AWS_LAMBDA_INITIALIZATION_TYPE",
            "AWS_LAMBDA_LOG_GROUP_NAME",
            "AWS_LAMBDA_LOG_STREAM_NAME",
            "AWS_ACCESS_KEY",
            "AWS_ACCESS_KEY_ID",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN",
            "AWS_LAMBDA_RUNTIME_API",
            "LAMBDA_TASK_ROOT",
            "LAMBDA_RUNTIME_DIR");

    /** Lambda's rule for a variable's name: a letter, then letters, digits or underscores; two at least. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]+");

    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(15);

    /**
     * @throws CliException when a value is outside what Lambda accepts
     */
    FunctionConfig {
        Objects.requireNonNull(functionDir, "functionDir");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(javaHome, "javaHome");
        if (name == null || name.isBlank()) {
            throw CliException.usage("emulator: the function name must not be blank");
        }
        if (memoryMb < 128 || memoryMb > 10_240) {
            throw CliException.usage("--memory must be 128 to 10240 MB, Lambda's range; was " + memoryMb);
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw CliException.usage("--timeout must be more than 0 and at most 900 seconds, Lambda's range; was "
                    + (timeout == null ? "none" : timeout.toMillis() / 1000.0 + " s"));
        }
        if (maxConcurrency < 1) {
            throw CliException.usage("--max-concurrency must be at least 1; was " + maxConcurrency);
        }
        if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw CliException.usage("--idle-timeout must be positive");
        }
        if (initTimeout == null || initTimeout.isNegative() || initTimeout.isZero()) {
            throw new IllegalArgumentException("initTimeout must be positive");
        }
        if (region == null || region.isBlank()) {
            throw CliException.usage("--region must not be blank");
        }
        for (String variable : environment.keySet()) {
            String refusal = refusal(variable);
            if (refusal != null) {
                throw CliException.usage("emulator: " + refusal);
            }
        }
        environment = Map.copyOf(environment);
    }

    /**
     * Returns why Lambda would refuse {@code variable} in a function's configuration (a reserved name, or
     * not a name of letters, digits and underscores starting with a letter), or null when it accepts it.
     */
    static String refusal(String variable) {
        if (RESERVED.contains(variable)) {
            return "environment variable " + variable
                    + " is reserved: Lambda sets it itself and refuses it in a function's configuration";
        }
        if (!NAME.matcher(variable).matches()) {
            return "environment variable name '" + variable + "' is not one Lambda accepts: start with a letter,"
                    + " then letters, digits or underscores (two characters at least)";
        }
        return null;
    }

    /** Returns the defaults for the package in {@code functionDir} of function {@code name}. */
    static FunctionConfig of(Path functionDir, String name) {
        return new FunctionConfig(
                functionDir,
                name,
                512,
                Duration.ofSeconds(30),
                4,
                Duration.ofMinutes(10),
                "us-east-1",
                Map.of(),
                Path.of(System.getProperty("java.home")),
                System.err,
                Duration.ofSeconds(10));
    }

    FunctionConfig withMemoryMb(int memoryMb) {
        return new FunctionConfig(
                functionDir,
                name,
                memoryMb,
                timeout,
                maxConcurrency,
                idleTimeout,
                region,
                environment,
                javaHome,
                log,
                initTimeout);
    }

    FunctionConfig withTimeout(Duration timeout) {
        return new FunctionConfig(
                functionDir,
                name,
                memoryMb,
                timeout,
                maxConcurrency,
                idleTimeout,
                region,
                environment,
                javaHome,
                log,
                initTimeout);
    }

    FunctionConfig withMaxConcurrency(int maxConcurrency) {
        return new FunctionConfig(
                functionDir,
                name,
                memoryMb,
                timeout,
                maxConcurrency,
                idleTimeout,
                region,
                environment,
                javaHome,
                log,
                initTimeout);
    }

    FunctionConfig withIdleTimeout(Duration idleTimeout) {
        return new FunctionConfig(
                functionDir,
                name,
                memoryMb,
                timeout,
                maxConcurrency,
                idleTimeout,
                region,
                environment,
                javaHome,
                log,
                initTimeout);
    }

    FunctionConfig withRegion(String region) {
        return new FunctionConfig(
                functionDir,
                name,
                memoryMb,
                timeout,
                maxConcurrency,
                idleTimeout,
                region,
                environment,
                javaHome,
                log,
                initTimeout);
    }

    /** Adds (or replaces) the function's own environment variables. */
    FunctionConfig withEnvironment(Map<String, String> variables) {
        Map<String, String> merged = new TreeMap<>(environment);
        merged.putAll(variables);
        return new FunctionConfig(
                functionDir,
                name,
                memoryMb,
                timeout,
                maxConcurrency,
                idleTimeout,
                region,
                merged,
                javaHome,
                log,
                initTimeout);
    }

    FunctionConfig withJavaHome(Path javaHome) {
        return new FunctionConfig(
                functionDir,
                name,
                memoryMb,
                timeout,
                maxConcurrency,
                idleTimeout,
                region,
                environment,
                javaHome,
                log,
                initTimeout);
    }

    FunctionConfig withLog(PrintStream log) {
        return new FunctionConfig(
                functionDir,
                name,
                memoryMb,
                timeout,
                maxConcurrency,
                idleTimeout,
                region,
                environment,
                javaHome,
                log,
                initTimeout);
    }

    FunctionConfig withInitTimeout(Duration initTimeout) {
        return new FunctionConfig(
                functionDir,
                name,
                memoryMb,
                timeout,
                maxConcurrency,
                idleTimeout,
                region,
                environment,
                javaHome,
                log,
                initTimeout);
    }

    /** Returns {@code functionDir/bootstrap}. */
    Path bootstrap() {
        return functionDir.resolve("bootstrap");
    }

    /** Returns the ARN the runtime is told it was invoked as (the account is the emulator's fixed one). */
    String functionArn() {
        return "arn:aws:lambda:" + region + ":012345678912:function:" + name;
    }
}
