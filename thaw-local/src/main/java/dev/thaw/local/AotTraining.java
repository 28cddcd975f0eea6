package dev.thaw.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Trains a packaged function's AOT cache ({@code function/app.aot}): runs its {@code bootstrap} on its own
 * jlinked runtime through the emulator with {@code -XX:AOTCacheOutput}, sends it the
 * {@link TrainingEvents}, ends it with SIGTERM so the JVM exits normally and assembles the cache, then
 * checks the cache with {@code -XX:AOTMode=on} and writes {@link #STAMP} so {@code bootstrap} uses it.
 */
final class AotTraining {

    /** The cache, in the function directory. */
    static final String CACHE = "app.aot";

    /**
     * Written next to the cache once it proved usable: the classpath, then the runtime's {@code release}
     * lines; {@code bootstrap} compares it with its own classpath and the runtime it runs.
     */
    static final String STAMP = "app.aot.stamp";

    /** How the stamp's first line starts when the cache was trained with the jars on the boot class path. */
    static final String BOOT_PATH_OPTION = "-Xbootclasspath/a:";

    // the cache is assembled in a child JVM at exit, which takes seconds on a loaded machine
    private static final Duration EXIT_WAIT = Duration.ofSeconds(120);

    /** How often a training JVM that should halt is checked; two checks without a child JVM end the wait. */
    private static final Duration HALT_WAIT = Duration.ofSeconds(3);

    /**
     * What training produced.
     *
     * @param events how many events were sent
     * @param answered how many got a response (the rest an error, as the error paths should)
     * @param millis from starting the function to the cache being written
     * @param bytes the cache's size
     * @param priming what the runtime said of the app's priming requests, sent through the chain before the
     *     training events ("N of M priming requests answered below 500 in T ms"), or null when it said
     *     nothing (a runtime other than thaw's)
     * @param bootChecked whether a start without the cache, jars on the boot class path, answered every
     *     training event as training did ({@link UncachedClassList})
     */
    record Trained(int events, int answered, long millis, long bytes, String priming, boolean bootChecked) {}

    /**
     * What the training JVM adds after bootstrap's flags (THAW_JAVA_OPTS comes last, so these win): full
     * tiering, and compile thresholds at a twentieth, so that the ~70 training events compile the request
     * path (C1 with profiles; its loops C2) and the cache keeps training data for it. With bootstrap's flags
     * (C1 only, thresholds doubled) training compiled only the JDK's hottest methods: the request path had
     * no training data and started compiling only near 400 invocations, and under Managed Instances the
     * methods trained at C1 stayed there, never reaching C2. With these, a method the cache has seen
     * compiled is compiled (at C1 on demand) the first time the JVM checks its counters, after 128 or 256
     * calls (docs/cold-start.md).
     */
    static final String TRAINING_FLAGS = "-XX:TieredStopAtLevel=4 -XX:CompileThresholdScaling=0.05";

    /** What thaw's runtime logs after priming for training, before the summary. */
    static final String PRIMED = " for AOT-cache training: ";

    private AotTraining() {}

    /**
     * Trains {@code function}'s cache with {@code events}; {@code function/runtime/} must exist.
     *
     * @param classpath bootstrap's classpath, as the stamp records it
     * @param bootPath whether bootstrap puts the jars on the boot class path without the cache (see
     *     {@link UncachedClassList})
     * @throws CliException when the function fails to start or to exit, or leaves no usable cache
     */
    static Trained train(Path function, String name, String classpath, List<byte[]> events, boolean bootPath)
            throws InterruptedException {
        Path cache = function.resolve(CACHE);
        Path runtime = function.resolve("runtime");
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PrintStream log = new PrintStream(output, true, StandardCharsets.UTF_8);
        try {
            Files.deleteIfExists(cache);
            Files.deleteIfExists(function.resolve(STAMP));
        } catch (IOException e) {
            throw CliException.failure("package: removing the old AOT cache " + cache + ": " + e.getMessage(), e);
        }
        FunctionConfig config = FunctionConfig.of(function, name)
                .withMaxConcurrency(1)
                .withJavaHome(runtime)
                .withInitTimeout(Duration.ofSeconds(60))
                .withTimeout(Duration.ofSeconds(30))
                .withEnvironment(Map.of(
                        "THAW_JAVA_OPTS",
                        "-XX:AOTCacheOutput=" + cache + " " + TRAINING_FLAGS,
                        "THAW_AOT",
                        "off",
                        // the jars where bootstrap puts them on Lambda, with the cache as without it
                        "THAW_BOOT_CLASSPATH",
                        bootPath ? "on" : "off",
                        // the runtime halts after the last one: see endNormally
                        "THAW_AOT_TRAINING_INVOCATIONS",
                        Integer.toString(events.size())))
                .withLog(log);
        long start = System.nanoTime();
        List<String> outcomes = run(config, events, function, output, "training");
        int answered =
                (int) outcomes.stream().filter(o -> o.startsWith("RESPONSE")).count();
        if (!Files.isRegularFile(cache)) {
            throw failure(function, "the training JVM exited without writing " + cache, output);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        long bytes;
        try {
            bytes = Files.size(cache);
        } catch (IOException e) {
            throw CliException.failure("package: reading the size of " + cache + ": " + e.getMessage(), e);
        }
        List<String> jdkClasses = validate(function, classpath, bootPath);
        // the JDK classes the app uses, with and without the cache, and the method-handle shapes of its
        // lambdas go into the runtime's own CDS archive too, for starts without the cache (THAW_AOT=off, a
        // stale cache); the cache does not use that archive
        List<String> classList = new ArrayList<>();
        for (String jdkClass : jdkClasses) {
            classList.add(jdkClass.replace('.', '/'));
        }
        classList.addAll(UncachedClassList.record(function, name, events, outcomes, bootPath));
        JlinkRuntime.dumpCds(runtime, classList);
        return new Trained(
                events.size(), answered, millis, bytes, priming(output.toString(StandardCharsets.UTF_8)), bootPath);
    }

    /**
     * Sends {@code events} to one function JVM started with {@code config} (which halts after the last, as
     * {@code THAW_AOT_TRAINING_INVOCATIONS} tells thaw's runtime) and waits for it to exit; returns each
     * event's outcome, "RESPONSE 200" or "ERROR Runtime.InvalidEvent".
     *
     * @param what what the run is for, in messages ("training")
     * @throws CliException when the function times out, crashes, or is replaced by another JVM
     */
    static List<String> run(
            FunctionConfig config, List<byte[]> events, Path function, ByteArrayOutputStream output, String what)
            throws InterruptedException {
        List<String> outcomes = new ArrayList<>();
        try (EnvironmentPool pool = EnvironmentPool.create(config)) {
            long pid = -1;
            for (int i = 0; i < events.size(); i++) {
                InvocationResult result = pool.invoke(events.get(i), null);
                if (result.kind() == InvocationResult.Kind.RESPONSE) {
                    outcomes.add("RESPONSE " + statusCode(result.body()));
                } else if (result.kind() == InvocationResult.Kind.ERROR) {
                    outcomes.add("ERROR " + result.errorType());
                } else {
                    throw failure(function, "the function " + describe(result) + " during " + what, output);
                }
                if (i == 0) {
                    List<Long> pids = pool.pids();
                    if (pids.size() != 1) {
                        throw failure(function, "the " + what + " JVM is gone after its first invocation", output);
                    }
                    pid = pids.getFirst();
                } else if (i < events.size() - 1 && !pool.pids().equals(List.of(pid))) {
                    throw failure(function, "the " + what + " JVM was replaced during " + what, output);
                }
            }
            endNormally(pid, function, output);
        }
        return outcomes;
    }

    private static final Pattern STATUS_CODE = Pattern.compile("\"statusCode\"\\s*:\\s*(\\d+)");

    /** Returns the {@code statusCode} of an HTTP integration's response payload, or "-" when it has none. */
    static String statusCode(byte[] body) {
        Matcher status = STATUS_CODE.matcher(new String(body, StandardCharsets.UTF_8));
        return status.find() ? status.group(1) : "-";
    }

    /** The priming summary in the training JVM's output (see {@link #PRIMED}), or null. */
    static String priming(String output) {
        int at = output.indexOf(PRIMED);
        if (at < 0) {
            return null;
        }
        int start = at + PRIMED.length();
        int end = start;
        while (end < output.length() && "\n\r\t\"".indexOf(output.charAt(end)) < 0) {
            end++;
        }
        return output.substring(start, end).strip();
    }

    /**
     * Starts the runtime once with the cache required ({@code -XX:AOTMode=on}, which refuses to start when
     * the cache does not match the JVM, its flags or the classpath); when it starts, writes the stamp and
     * returns the JDK classes the cache holds (see {@link #jdkClasses}).
     *
     * @throws CliException with the JVM's answer when the cache is unusable
     */
    static List<String> validate(Path function, String classpath, boolean bootPath) throws InterruptedException {
        Path classLog = function.resolve("aot-classes.log");
        List<String> command = new ArrayList<>();
        command.add(function.resolve("runtime/bin/java").toString());
        command.addAll(List.of(Bootstrap.JAVA_FLAGS.split(" ")));
        command.addAll(List.of("-XX:AOTCache=" + CACHE, "-XX:AOTMode=on", "-Xlog:class+load:file=" + classLog));
        command.addAll(bootPath ? List.of(BOOT_PATH_OPTION + classpath) : List.of("-cp", classpath));
        command.add("-version");
        String answer;
        int status;
        List<String> classes;
        try {
            Process process = new ProcessBuilder(command)
                    .directory(function.toFile())
                    .redirectErrorStream(true)
                    .start();
            answer = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            status = process.waitFor();
            classes = status == 0 ? jdkClasses(Files.readAllLines(classLog, StandardCharsets.UTF_8)) : List.of();
        } catch (IOException e) {
            throw CliException.failure("package: checking the AOT cache with " + command + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(classLog);
            } catch (IOException e) {
                // left in the function directory; harmless, and the next package removes it
            }
        }
        if (status != 0) {
            throw CliException.failure("package: the trained AOT cache " + function.resolve(CACHE)
                    + " does not load on its own runtime (" + String.join(" ", command) + " exited with " + status
                    + "): " + answer.strip() + ": package with --no-aot to leave it out");
        }
        try {
            Files.writeString(function.resolve(STAMP), stamp(function, classpath, bootPath), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CliException.failure("package: writing " + function.resolve(STAMP) + ": " + e.getMessage(), e);
        }
        return classes;
    }

    /**
     * Returns the JDK classes (binary names) a {@code -Xlog:class+load} log shows coming from the AOT cache:
     * a JVM started with the cache loads every class in it at start, so even {@code -version} lists them.
     */
    static List<String> jdkClasses(List<String> classLoadLog) {
        List<String> classes = new ArrayList<>();
        for (String line : classLoadLog) {
            int end = line.indexOf(" source: shared objects file");
            int start = line.indexOf("] ", line.indexOf("[class,load]")) + 2;
            if (end < 0 || start < 2 || start >= end) {
                continue;
            }
            String name = line.substring(start, end);
            if (name.indexOf('/') < 0
                    && (name.startsWith("java.")
                            || name.startsWith("javax.")
                            || name.startsWith("jdk.")
                            || name.startsWith("sun.")
                            || name.startsWith("com.sun."))) {
                classes.add(name);
            }
        }
        return classes;
    }

    /**
     * Returns the stamp for {@code function}'s current runtime and {@code classpath}: the class path as the
     * JVM was given it (after {@code -Xbootclasspath/a:} when the cache was trained there), then the
     * runtime's {@code release} file.
     */
    static String stamp(Path function, String classpath, boolean bootPath) throws IOException {
        StringBuilder stamp = new StringBuilder(bootPath ? BOOT_PATH_OPTION + classpath : classpath).append('\n');
        for (String line : Files.readAllLines(function.resolve("runtime/release"), StandardCharsets.UTF_8)) {
            stamp.append(line).append('\n');
        }
        return stamp.toString();
    }

    /**
     * Waits for the training JVM to end: its runtime halts after the last training invocation
     * ({@code THAW_AOT_TRAINING_INVOCATIONS}) and the JVM writes the cache as it ends, which a killed JVM
     * never does. Halting rather than exiting keeps the classes of the JDK's exit logging (a
     * {@code System.Logger} looked up through {@code ServiceLoader}, ~100 classes) out of the cache; a
     * runtime that does not halt (an older thaw-lambda) gets SIGTERM after a few seconds.
     */
    static void endNormally(long pid, Path function, ByteArrayOutputStream output) throws InterruptedException {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty()) {
            return;
        }
        // Halting, the JVM writes its training data, then a child JVM assembles the cache (JDK 25): wait
        // as long as it takes while there is a child, and stop a JVM that shows no sign of halting.
        long deadline = System.nanoTime() + EXIT_WAIT.toNanos();
        int idleChecks = 0;
        while (System.nanoTime() < deadline) {
            try {
                handle.get().onExit().get(HALT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException | TimeoutException e) {
                idleChecks = handle.get().children().findAny().isPresent() ? 0 : idleChecks + 1;
                if (idleChecks == 2) {
                    break;
                }
            }
        }
        handle.get().destroy();
        try {
            handle.get().onExit().get(EXIT_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw failure(
                    function,
                    "the training JVM (pid " + pid + ") did not exit within " + EXIT_WAIT.toSeconds() + " s of SIGTERM",
                    output);
        }
    }

    private static String describe(InvocationResult result) {
        return switch (result.kind()) {
            case TIMEOUT -> "timed out";
            case CRASH -> "crashed";
            default -> "failed (" + result.errorType() + ")";
        };
    }

    static CliException failure(Path function, String what, ByteArrayOutputStream output) {
        return CliException.failure("package: training the AOT cache of " + function + ": " + what
                + "; its output:\n" + output.toString(StandardCharsets.UTF_8).strip()
                + "\n(package with --no-aot to leave the cache out)");
    }
}
