package dev.thaw.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The arguments of {@code bench}.
 *
 * @param appDir the application directory as given (resolved later against the caller's directory)
 * @param runs how many fresh environments each configuration starts and measures (after one warm-up)
 * @param warm how many invocations measure warm latency, in every measured environment
 * @param format the event source the request is shaped as
 * @param path the request path (with an optional query), such as {@code /users/42}
 * @param configs the configurations to measure, in report order: the standard ones chosen, then the
 *     variants and external functions in the order given
 * @param memory the function's memory in MB ({@code AWS_LAMBDA_FUNCTION_MEMORY_SIZE}, heap sizing)
 * @param cpus the CPUs each function process may use (a cgroup CPU quota), or 0 for no limit
 * @param build whether to build (and package) the application when its jar is missing or stale
 * @param help whether only the usage was asked for
 */
record BenchOptions(
        String appDir,
        int runs,
        int warm,
        EventFormat format,
        String path,
        List<BenchConfig> configs,
        int memory,
        double cpus,
        boolean build,
        boolean help) {

    static final int DEFAULT_RUNS = 10;
    static final int DEFAULT_WARM = 200;
    static final String DEFAULT_PATH = "/users/42";

    /** Lambda gives a function one vCPU's worth of CPU time at 1,769 MB, in proportion below and above. */
    static final double LAMBDA_MB_PER_VCPU = 1769;

    static final String USAGE = """
            usage: thaw bench APP_DIR [--runs N] [--warm M] [--event-format v2|v1|url|alb] [--path P]
                              [--configs plain,tuned,tuned+aot,floor,floor+aot] [--memory MB] [--no-build]
                              [--cpu lambda|N] [--variant NAME=FLAGS]... [--function NAME=DIR]...

              Measures APP_DIR's packaged function through the Lambda emulator against the JVM floor (a
              raw-socket loop returning a fixed answer, compiled here with the same JDK). Each configuration
              starts one discarded warm-up environment, then N fresh ones, run 1 of every configuration
              before run 2 of any (in an order rotated each round), so machine drift hits all alike; one
              more run per configuration logs class loading (so the logging does not skew the timings).
              The event (GET P) is handed to the Runtime API before the process starts, as Lambda does on a
              cold start.

              init      process start -> the runtime's first GET /next
              cold      process start -> the first response posted to the Runtime API
              warm      event queued -> response posted: p50 and p99 over M invocations in each
                            environment, then the median over environments
              RSS       peak resident memory (VmHWM) of the process tree at the first response
              classes   classes the JVM loaded up to the first response (-Xlog:class+load)

              Prints a table (medians with min-max, ratio to the floor with the same cache state) and writes
              APP_DIR/target/bench/report.json and report.html.

              configurations:
              plain       java -cp of the app with the JDK's defaults (bootstrap's flags reset)
              tuned       bootstrap's flags, no AOT cache (THAW_AOT=off)
              tuned+aot   bootstrap as packaged, with the AOT cache target/function/app.aot
              floor       the raw-socket floor with bootstrap's flags
              floor+aot   the floor with an AOT cache trained here on the same java

              --runs N          measured environments per configuration, 1 to 1000 (default 10)
              --warm M          warm invocations, 1 to 1000000 (default 200)
              --event-format F  v2 (default), v1, url or alb
              --path P          the request path, default /users/42
              --configs LIST    comma-separated, default all five
              --memory MB       the function's memory, 128 to 10240 (default 512)
              --cpu lambda|N    run each function process with a CPU quota (a cgroup, so root): N CPUs
                                (0.05 to 64), or lambda: the share Lambda gives the memory (1 vCPU per
                                1,769 MB: 0.29 at 512 MB), granted in 10 ms periods. Without it functions
                                use every core, which hides work done beside the main thread (the JIT
                                compiler); needs a writable cgroup cpu controller (v1 or v2)
              --no-build        use the jar (and package) as they are; never build, even when stale
              --variant NAME=FLAGS  one more configuration: tuned+aot with FLAGS appended (THAW_JAVA_OPTS),
                                or without the AOT cache (THAW_AOT=off) when NAME contains 'noaot';
                                repeatable, for an ablation measured in the same interleaved run
              --function NAME=DIR   one more configuration: the function in DIR (its bootstrap, run with
                                JAVA_HOME set to bench's JDK), such as a comparison function; with its
                                own AOT cache unless NAME contains 'noaot'; repeatable
            """;

    /**
     * Parses {@code bench}'s arguments (the command name itself excluded).
     *
     * @throws CliException a usage error naming the offending or missing argument
     */
    static BenchOptions parse(List<String> args) {
        String appDir = null;
        int runs = DEFAULT_RUNS;
        int warm = DEFAULT_WARM;
        EventFormat format = EventFormat.HTTP_API;
        String path = DEFAULT_PATH;
        List<BenchConfig> configs = BenchConfig.STANDARD;
        List<BenchConfig> extra = new ArrayList<>();
        int memory = StartApiOptions.DEFAULT_MEMORY;
        String cpu = null;
        boolean build = true;
        boolean help = false;
        Arguments arguments = new Arguments("bench", args);
        while (arguments.hasNext()) {
            switch (arguments.next()) {
                case "-h", "--help" -> help = true;
                case "--no-build" -> build = false;
                case "--runs" -> runs = arguments.intValue(1, 1000, "");
                case "--warm" -> warm = arguments.intValue(1, 1_000_000, "");
                case "--memory" -> memory = arguments.intValue(128, 10240, " MB");
                case "--cpu" -> cpu = arguments.value();
                case "--event-format" -> {
                    String value = arguments.value();
                    try {
                        format = EventFormat.of(value, false);
                    } catch (IllegalArgumentException e) {
                        throw CliException.usage("bench: --event-format " + e.getMessage());
                    }
                }
                case "--path" -> {
                    path = arguments.value();
                    if (!path.startsWith("/")) {
                        throw CliException.usage(
                                "bench: --path must start with /, such as /users/42; got '" + path + "'");
                    }
                }
                case "--configs" -> configs = configs(arguments.value());
                case "--variant" -> {
                    String[] named = named("--variant", "NAME=FLAGS", arguments.value());
                    extra.add(BenchConfig.variant(named[0], named[1]));
                }
                case "--function" -> {
                    String[] named = named("--function", "NAME=DIR", arguments.value());
                    extra.add(BenchConfig.external(named[0], Path.of(named[1])));
                }
                default -> appDir = arguments.appDir(appDir, "bench measures one app");
            }
        }
        if (!help && appDir == null) {
            throw CliException.usage("bench: APP_DIR is missing: name the Maven project to measure");
        }
        List<BenchConfig> all = new ArrayList<>(configs);
        for (BenchConfig config : extra) {
            for (BenchConfig other : all) {
                if (other.label().equals(config.label())) {
                    throw CliException.usage("bench: the configuration name '" + config.label()
                            + "' is given twice: name each --variant and --function differently");
                }
            }
            all.add(config);
        }
        return new BenchOptions(
                appDir, runs, warm, format, path, List.copyOf(all), memory, cpus(cpu, memory), build, help);
    }

    /** Reads {@code --cpu}: "lambda" for Lambda's share of {@code memory}, else a number of CPUs. */
    static double cpus(String value, int memory) {
        if (value == null) {
            return 0;
        }
        if (value.equals("lambda")) {
            return Math.round(memory / LAMBDA_MB_PER_VCPU * 1000) / 1000.0;
        }
        double cpus;
        try {
            cpus = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            cpus = Double.NaN;
        }
        if (!(cpus >= 0.05 && cpus <= 64)) {
            throw CliException.usage("bench: --cpu takes lambda or a number of CPUs from 0.05 to 64, such as 0.5;"
                    + " got '" + value + "'");
        }
        return cpus;
    }

    /** Splits {@code NAME=VALUE}, refusing a name that is blank or has characters unfit for a file name. */
    private static String[] named(String option, String shape, String value) {
        int equals = value.indexOf('=');
        String name = equals < 0 ? "" : value.substring(0, equals).strip();
        if (name.isEmpty() || !name.matches("[A-Za-z0-9+._-]+")) {
            throw CliException.usage("bench: " + option + " needs " + shape + " with a NAME of letters, digits,"
                    + " '+', '.', '_' or '-'; got '" + value + "'");
        }
        return new String[] {name, value.substring(equals + 1)};
    }

    private static List<BenchConfig> configs(String list) {
        Set<BenchConfig> chosen = new LinkedHashSet<>();
        for (String name : list.split(",", -1)) {
            BenchConfig config = BenchConfig.named(name.strip());
            if (config == null) {
                throw CliException.usage("bench: --configs names '" + name.strip()
                        + "', which is none of plain, tuned, tuned+aot, floor, floor+aot");
            }
            chosen.add(config);
        }
        return List.copyOf(new ArrayList<>(chosen));
    }
}
