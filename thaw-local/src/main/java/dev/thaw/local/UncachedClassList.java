package dev.thaw.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the packaged function once without the AOT cache, as {@code bootstrap} starts it on Lambda when the
 * cache cannot serve (jars on the boot class path when they fit), and records with
 * {@code -XX:DumpLoadedClassList} what that start uses of the JDK: its classes, the JDK's own lambdas and
 * the method-handle shapes ({@code @lambda-form-invoker}) the app's lambdas need. {@code thaw package}
 * adds them to the bundled runtime's CDS archive, which serves every start without the cache: the shapes
 * are then generated once, at package time, rather than spun at each such start (−4.4 and −8.5 ms in two
 * paired runs of 30, docs/cold-start.md). The training run cannot record them: the JVM refuses
 * {@code -XX:DumpLoadedClassList} next to {@code -XX:AOTCacheOutput}.
 *
 * <p>The run gets the training events. With the jars on the boot class path it must answer each as training
 * did (the same status, or the same error type), so {@code thaw package} also shows that the app works where
 * {@code bootstrap} puts its jars without the cache; an app whose answers change from run to run can keep
 * the class path ({@code --class-path}), where this comparison is not made.
 */
final class UncachedClassList {

    private static final String LIST = "uncached.classlist";

    private UncachedClassList() {}

    /**
     * Runs {@code function} without the cache on {@code events} and returns the class-list lines for the
     * runtime's CDS archive: JDK class names (internal form), then the {@code @lambda-proxy} lines of JDK
     * classes and the {@code @lambda-form-invoker} lines.
     *
     * @param trained each event's outcome in training ({@link AotTraining#run})
     * @param bootPath whether bootstrap puts the jars on the boot class path without the cache: then this run
     *     must repeat {@code trained}
     * @throws CliException when the function fails, or (boot class path) answers an event otherwise than in
     *     training
     */
    static List<String> record(Path function, String name, List<byte[]> events, List<String> trained, boolean bootPath)
            throws InterruptedException {
        Path list = function.resolve(LIST).toAbsolutePath();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        FunctionConfig config = FunctionConfig.of(function, name)
                .withMaxConcurrency(1)
                .withJavaHome(function.resolve("runtime"))
                .withInitTimeout(Duration.ofSeconds(60))
                .withTimeout(Duration.ofSeconds(30))
                .withEnvironment(Map.of(
                        "THAW_AOT",
                        "off",
                        "THAW_JAVA_OPTS",
                        "-XX:DumpLoadedClassList=" + list,
                        "THAW_AOT_TRAINING_INVOCATIONS",
                        Integer.toString(events.size())))
                .withLog(new PrintStream(output, true, StandardCharsets.UTF_8));
        try {
            List<String> outcomes = AotTraining.run(config, events, function, output, "uncached run");
            Optional<String> difference = bootPath ? difference(trained, outcomes) : Optional.empty();
            if (difference.isPresent()) {
                throw AotTraining.failure(
                        function,
                        "started without the AOT cache and its jars on the boot class path, as bootstrap starts"
                                + " it on Lambda when the cache cannot serve, the function answered "
                                + difference.get() + ": package with --class-path to keep the jars on the class path",
                        output);
            }
            return lines(Files.readAllLines(list, StandardCharsets.UTF_8), BootClassPath.jdkPackages());
        } catch (IOException e) {
            throw CliException.failure("package: reading " + list + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(list);
            } catch (IOException e) {
                // left in the function directory; the next package removes it with the directory
            }
        }
    }

    /**
     * Returns the first event {@code uncached} answered otherwise than {@code trained}, as "training event 3
     * with RESPONSE 500 where training had RESPONSE 200", or empty when every outcome is the same.
     */
    static Optional<String> difference(List<String> trained, List<String> uncached) {
        for (int i = 0; i < Math.min(trained.size(), uncached.size()); i++) {
            if (!uncached.get(i).equals(trained.get(i))) {
                return Optional.of("training event " + (i + 1) + " with " + uncached.get(i) + " where training had "
                        + trained.get(i));
            }
        }
        return trained.size() == uncached.size()
                ? Optional.empty()
                : Optional.of(uncached.size() + " training events where training answered " + trained.size());
    }

    /**
     * Returns the lines of a {@code -XX:DumpLoadedClassList} file that concern the JDK only ({@code jdkPackages},
     * from {@link BootClassPath#jdkPackages()}): class names without their ids, then {@code @lambda-proxy}
     * lines of JDK classes, then every {@code @lambda-form-invoker} line. The app's own classes stay out:
     * the runtime's archive must serve any start without the cache, and an archive holding them would be a
     * second cache.
     */
    static List<String> lines(List<String> dumped, Map<String, String> jdkPackages) {
        LinkedHashSet<String> classes = new LinkedHashSet<>();
        List<String> directives = new ArrayList<>();
        for (String line : dumped) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("@lambda-form-invoker ")) {
                directives.add(line.strip());
            } else if (line.startsWith("@lambda-proxy ")) {
                String[] words = line.split(" ", 3);
                if (words.length == 3 && jdk(words[1], jdkPackages)) {
                    directives.add(line.strip());
                }
            } else if (!line.startsWith("@")) {
                String className = line.split(" ", 2)[0];
                if (jdk(className, jdkPackages)) {
                    classes.add(className);
                }
            }
        }
        List<String> lines = new ArrayList<>(classes);
        lines.addAll(directives);
        return lines;
    }

    private static boolean jdk(String internalName, Map<String, String> jdkPackages) {
        return jdkPackages.containsKey(BootClassPath.packageOf(internalName));
    }
}
