package dev.thaw.local;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code thaw bench}: the cold-start benchmark of an app's packaged function against the JVM floor.
 *
 * <p>Every run starts a fresh execution environment of the emulator ({@link ExecutionEnvironment}, a real
 * Runtime API on loopback) and hands it the event right after the process is spawned, long before its JVM
 * can ask for it, as Lambda queues the event that caused a cold start. <em>init</em> is spawn to the
 * runtime's first {@code GET /next}; <em>cold</em> is spawn to the moment the first response was posted
 * (the Runtime API's receipt of it, measured here, outside the process). Configurations are interleaved
 * round by round (a discarded warm-up round first), so drift of the shared machine hits all alike; the
 * last measured environment of each configuration then serves the warm invocations, and one extra run per
 * configuration logs class loading, counted when the first response arrives (an upper bound by the few
 * classes loaded while the count is read).
 */
final class BenchCommand {

    private static final String REGION = "us-east-1";

    private final Path cwd;
    private final Path home;
    private final Path javaHome;
    private final String mvn;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;

    /**
     * @param cwd the caller's directory, against which APP_DIR is resolved
     * @param home the thaw repository root, or null when unknown
     * @param javaHome the JDK the functions run on when the package has no runtime of its own
     * @param mvn the Maven executable used to build the application
     * @param out where the table goes
     * @param err where progress and packaging lines go
     * @param terminal whether {@code err} is a terminal (progress then rewrites one line)
     */
    BenchCommand(Path cwd, Path home, Path javaHome, String mvn, PrintStream out, PrintStream err, boolean terminal) {
        this.cwd = cwd;
        this.home = home;
        this.javaHome = javaHome;
        this.mvn = mvn;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    /**
     * Measures every configuration, prints the table and writes the reports.
     *
     * @param commandLine the command as the user typed it, recorded in the reports
     * @throws CliException when the app cannot be packaged or a function fails to answer
     */
    BenchReport run(BenchOptions options, String commandLine) throws InterruptedException {
        AppDirectory app = AppDirectory.resolve("bench", options.appDir(), cwd, home);
        Path function = PackagedFunction.ensure(
                "bench",
                app,
                options.build(),
                true,
                options.memory(),
                StartApiOptions.DEFAULT_TIMEOUT,
                cwd,
                home,
                mvn,
                err);
        Path benchDir = app.dir().resolve("target").resolve("bench");
        Path runtime = function.resolve("runtime");
        Path java = Files.isExecutable(runtime.resolve("bin").resolve("java")) ? runtime : javaHome;
        byte[] event = event(options);
        try {
            Files.createDirectories(benchDir);
            CpuLimit cpuLimit = null;
            if (options.cpus() > 0) {
                cpuLimit = CpuLimit.create(CpuLimit.defaultRoot(), options.cpus());
                progress("each function limited to " + options.cpus() + " CPU (cgroup " + cpuLimit.group() + ")");
            }
            try (CpuLimit limit = cpuLimit;
                    OutputStream logFile = Files.newOutputStream(benchDir.resolve("functions.log"));
                    PrintStream log = new PrintStream(logFile, true, StandardCharsets.UTF_8)) {
                BenchReport report = measure(options, app, function, benchDir, java, event, log, commandLine, limit);
                Files.writeString(
                        benchDir.resolve("report.json"),
                        new String(JsonWriter.write(report.json()), StandardCharsets.UTF_8) + "\n");
                Files.writeString(benchDir.resolve("report.html"), report.html());
                out.print(report.table());
                out.println("report: " + benchDir.resolve("report.html") + " (and report.json); function output in "
                        + benchDir.resolve("functions.log"));
                return report;
            }
        } catch (IOException e) {
            throw CliException.failure("bench: writing " + benchDir + ": " + e.getMessage(), e);
        }
    }

    private BenchReport measure(
            BenchOptions options,
            AppDirectory app,
            Path function,
            Path benchDir,
            Path java,
            byte[] event,
            PrintStream log,
            String commandLine,
            CpuLimit cpuLimit)
            throws IOException, InterruptedException {
        Map<BenchConfig, FunctionConfig> configs = new LinkedHashMap<>();
        Map<BenchConfig, String> unavailable = new LinkedHashMap<>();
        String floorCache = "";
        for (BenchConfig config : options.configs()) {
            Path dir = function;
            String name = app.artifactId();
            Path configJava = java;
            if (config.function() != null) {
                dir = cwd.resolve(config.function()).toAbsolutePath().normalize();
                name = config.label();
                configJava = javaHome;
                if (!Files.isExecutable(dir.resolve("bootstrap"))) {
                    unavailable.put(config, "no executable bootstrap in " + dir);
                    continue;
                }
            } else if (config.isFloor()) {
                progress("building " + config.label() + " with " + System.getProperty("java.home"));
                dir = FloorFunction.build(benchDir.resolve(config.label().replace('+', '-')), config.usesCache());
                name = "thaw-floor";
            }
            if (config == BenchConfig.FLOOR_AOT) {
                progress("training the floor's AOT cache (" + FloorFunction.TRAINING_INVOCATIONS + " invocations)");
                Path cache = FloorFunction.train(base(dir, name, options, java, log), event, log);
                if (cache == null) {
                    unavailable.put(
                            config,
                            "the floor's AOT training wrote no cache (see " + benchDir.resolve("functions.log") + ")");
                    continue;
                }
                floorCache = cache.toString();
            }
            if (config == BenchConfig.TUNED_AOT && !Files.isRegularFile(function.resolve(BenchConfig.APP_CACHE))) {
                unavailable.put(config, "no " + BenchConfig.APP_CACHE + " in the package");
                continue;
            }
            if (cpuLimit != null) {
                dir = cpuLimit.wrap(
                        dir,
                        benchDir.resolve("cpu-limited").resolve(config.label().replace('+', '-')));
            }
            configs.put(config, base(dir, name, options, configJava, log));
        }

        Map<BenchConfig, Samples> samples = new LinkedHashMap<>();
        configs.keySet().forEach(config -> samples.put(config, new Samples(options.runs())));
        int rounds = options.runs() + 2;
        for (int round = 0; round < rounds; round++) {
            boolean classRound = round == rounds - 1;
            int index = 0;
            for (Map.Entry<BenchConfig, FunctionConfig> entry : rotated(configs, round)) {
                BenchConfig config = entry.getKey();
                index++;
                Samples measured = samples.get(config);
                Path classLog = benchDir.resolve("classes-" + config.label().replace('+', '-') + ".log");
                Files.deleteIfExists(classLog);
                String extra = classRound ? "-Xlog:class+load:file=" + classLog : "";
                FunctionConfig functionConfig =
                        entry.getValue().withEnvironment(config.environment(floorCache, extra, options.cpus()));
                String stage = round == 0 ? "warm-up" : classRound ? "classes" : "run " + round + "/" + options.runs();
                ExecutionEnvironment environment = ExecutionEnvironment.start(functionConfig, round * 100 + index);
                try {
                    InvocationResult first = environment.invoke(event, null);
                    long answered = environment.answeredNanos();
                    expectResponse(config, first, benchDir);
                    if (classRound) {
                        measured.classes = countLines(classLog);
                    } else if (round > 0) {
                        double cold = (answered - environment.startNanos()) / 1e6;
                        measured.cold[round - 1] = cold;
                        measured.init[round - 1] = (environment.readyNanos() - environment.startNanos()) / 1e6;
                        measured.rssMb[round - 1] = environment.peakKib() / 1024.0;
                        progress(stage + " " + config.label() + ": cold " + BenchReport.fixed(cold, 1) + " ms");
                    }
                    if (round > 0 && !classRound) {
                        // Every environment, as one environment's first invocations (interpreted, then
                        // compiled) vary too much from one start to the next to stand for all.
                        long warmStart = System.nanoTime();
                        double[] warm = warm(environment, config, event, options.warm(), benchDir);
                        measured.warmP50[round - 1] = BenchStats.percentile(warm, 0.50);
                        measured.warmP99[round - 1] = BenchStats.percentile(warm, 0.99);
                        measured.warmPerSecond[round - 1] = options.warm() / ((System.nanoTime() - warmStart) / 1e9);
                        measured.warm = warm;
                    }
                } finally {
                    environment.kill();
                }
            }
        }
        if (terminal) {
            err.print("\r" + " ".repeat(78) + "\r");
            err.flush();
        }

        List<BenchResult> results = new ArrayList<>();
        for (BenchConfig config : options.configs()) {
            Samples measured = samples.get(config);
            if (measured == null) {
                results.add(BenchResult.unavailable(config, unavailable.get(config)));
            } else {
                results.add(new BenchResult(
                        config,
                        null,
                        measured.init,
                        measured.cold,
                        measured.rssMb,
                        BenchStats.median(measured.warmP50),
                        BenchStats.median(measured.warmP99),
                        measured.warmP50,
                        measured.warm,
                        BenchStats.median(measured.warmPerSecond),
                        measured.classes));
            }
        }
        String jdk = Runtime.version().toString();
        if (!java.equals(javaHome)) {
            jdk += " (package runtime " + java + ")";
        }
        return new BenchReport(
                results,
                commandLine,
                OffsetDateTime.now(ZoneOffset.UTC)
                        .truncatedTo(ChronoUnit.SECONDS)
                        .toString(),
                Runtime.getRuntime().availableProcessors(),
                jdk,
                "GET " + options.path() + " (" + options.format().name() + " event)",
                options.runs(),
                options.warm(),
                options.cpus());
    }

    /**
     * The configurations in the order round {@code round} runs them: rotated by one place a round, so each
     * takes every position equally often and whatever the position costs (the previous process's
     * teardown, the machine's state after the previous warm loop) is spread over all of them.
     */
    static <K, V> List<Map.Entry<K, V>> rotated(Map<K, V> configs, int round) {
        List<Map.Entry<K, V>> order = new ArrayList<>(configs.entrySet());
        if (!order.isEmpty()) {
            Collections.rotate(order, -(round % order.size()));
        }
        return order;
    }

    private static FunctionConfig base(Path dir, String name, BenchOptions options, Path java, PrintStream log) {
        return FunctionConfig.of(dir, name)
                .withMemoryMb(options.memory())
                .withTimeout(Duration.ofSeconds(StartApiOptions.DEFAULT_TIMEOUT))
                .withMaxConcurrency(1)
                .withJavaHome(java)
                .withLog(log);
    }

    /** Runs {@code count} invocations one after another and returns each one's latency in ms. */
    private static double[] warm(
            ExecutionEnvironment environment, BenchConfig config, byte[] event, int count, Path benchDir)
            throws InterruptedException {
        double[] latencies = new double[count];
        for (int i = 0; i < count; i++) {
            long queued = System.nanoTime();
            InvocationResult result = environment.invoke(event, null);
            latencies[i] = (environment.answeredNanos() - queued) / 1e6;
            expectResponse(config, result, benchDir);
        }
        return latencies;
    }

    private static void expectResponse(BenchConfig config, InvocationResult result, Path benchDir) {
        if (result.kind() != InvocationResult.Kind.RESPONSE) {
            throw CliException.failure("bench: " + config.label() + " did not answer ("
                    + result.kind().name().toLowerCase(Locale.ROOT) + "): "
                    + new String(result.body(), StandardCharsets.UTF_8) + "; its output is in "
                    + benchDir.resolve("functions.log"));
        }
    }

    private static long countLines(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return -1;
        }
        byte[] bytes = Files.readAllBytes(file);
        long lines = 0;
        for (byte b : bytes) {
            if (b == '\n') {
                lines++;
            }
        }
        return lines;
    }

    /** Returns the event for {@code GET path} in the chosen format. */
    private static byte[] event(BenchOptions options) {
        String path = options.path();
        int question = path.indexOf('?');
        IncomingRequest request = new IncomingRequest(
                "GET",
                question < 0 ? path : path.substring(0, question),
                question < 0 ? "" : path.substring(question + 1),
                List.of(Map.entry("Host", "127.0.0.1:3000"), Map.entry("User-Agent", "thaw-bench")),
                new byte[0],
                "127.0.0.1",
                3000);
        return EventFactory.of(options.format(), REGION).event(request);
    }

    private void progress(String line) {
        String text = "thaw bench: " + line;
        if (terminal) {
            err.print("\r" + (text.length() > 78 ? text.substring(0, 78) : text + " ".repeat(78 - text.length())));
            err.flush();
        } else {
            err.println(text);
        }
    }

    /** One configuration's measurements as they come in. */
    private static final class Samples {
        final double[] init;
        final double[] cold;
        final double[] rssMb;
        final double[] warmP50;
        final double[] warmP99;
        final double[] warmPerSecond;
        double[] warm = new double[0];
        long classes = -1;

        Samples(int runs) {
            init = new double[runs];
            cold = new double[runs];
            rssMb = new double[runs];
            warmP50 = new double[runs];
            warmP99 = new double[runs];
            warmPerSecond = new double[runs];
        }
    }
}
