package dev.thaw.local;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The arguments of {@code start-api}.
 *
 * @param appDir the application directory as given (resolved later against the caller's directory)
 * @param port the port to serve on; 0 picks a free one
 * @param host the address to bind
 * @param eventFormat the front end the emulator plays
 * @param maxConcurrency how many execution environments may run at once
 * @param memory the function's memory in MB, as reported and passed to the function
 * @param timeout the function timeout in seconds
 * @param idleTimeout seconds an idle environment is kept warm before it is shut down
 * @param environment the {@code --env} variables (a name given twice keeps its last value)
 * @param environmentFiles the {@code --env-file} files as given, in order; read when the command runs
 * @param direct whether to serve through the application's own local server instead of the emulator
 * @param build whether to build (and package) the application when its jar is missing or stale
 * @param help whether only the usage was asked for
 */
record StartApiOptions(
        String appDir,
        int port,
        String host,
        EventFormat eventFormat,
        int maxConcurrency,
        int memory,
        int timeout,
        int idleTimeout,
        Map<String, String> environment,
        List<String> environmentFiles,
        boolean direct,
        boolean build,
        boolean help) {

    static final String DEFAULT_APP_DIR = "examples/users-api";
    static final int DEFAULT_PORT = 3000;
    static final String DEFAULT_HOST = "127.0.0.1";
    static final int DEFAULT_MAX_CONCURRENCY = 4;
    static final int DEFAULT_MEMORY = 512;
    static final int DEFAULT_TIMEOUT = 30;
    static final int DEFAULT_IDLE_TIMEOUT = 600;

    static final String USAGE = """
            usage: thaw start-api [APP_DIR] [--port N] [--host H] [--event-format v2|v1|url|alb]
                                  [--alb-multi-value] [--max-concurrency N] [--memory MB] [--timeout S]
                                  [--idle-timeout S] [--env KEY=VALUE]... [--env-file FILE]...
                                  [--direct] [--no-build]

              Serves APP_DIR (default examples/users-api) on http://H:N (default 127.0.0.1:3000) through
              the Lambda emulator: each request becomes an event of the chosen format, runs in an
              execution environment of the packaged function (APP_DIR/target/function/bootstrap, packaged
              first when missing or older than the app's jar) over a real Runtime API, and the answer goes
              back as API Gateway, a Function URL or an ALB would send it. The function's output and one
              REPORT line per invocation appear on the console.

              APP_DIR              a Maven project whose target/<artifactId>.jar has a Main-Class; a
                                   relative path is looked up in the current directory, then in the thaw
                                   repository
              --port N             port to listen on, 0 for any free port (default 3000)
              --host H             address to bind (default 127.0.0.1)
              --event-format F     v2: API Gateway HTTP API, payload 2.0 (default); v1: REST API proxy
                                   integration; url: Function URL (streams when the function streams);
                                   alb: Application Load Balancer
              --alb-multi-value    with alb: the target group's multi-value headers are on
              --max-concurrency N  execution environments at most, 1 to 1000 (default 4)
              --memory MB          the function's memory, 128 to 10240 (default 512)
              --timeout S          the function timeout in seconds, 1 to 900 (default 30)
              --idle-timeout S     shut an environment down after S idle seconds (default 600)
              --env KEY=VALUE      an environment variable of the function (repeatable), such as
                                   SYNC_URL=http://127.0.0.1:9000/sync or THAW_RESPONSE_STREAMING=true;
                                   with --direct, of the app's process. Names Lambda reserves are refused
              --env-file FILE      variables from FILE, one KEY=VALUE a line, # for comments (repeatable;
                                   read in order, then --env applies; the last value of a name wins)
              --direct             skip the emulator: run the app's jar with its own local server (PORT
                                   and HOST come from --port and --host)
              --no-build           use the jar (and package) as they are; never build, even when stale
            """;

    /**
     * Parses {@code start-api}'s arguments (the command name itself excluded).
     *
     * @throws CliException a usage error naming the offending argument
     */
    static StartApiOptions parse(List<String> args) {
        String appDir = null;
        int port = DEFAULT_PORT;
        String host = DEFAULT_HOST;
        String format = "v2";
        boolean multiValue = false;
        int maxConcurrency = DEFAULT_MAX_CONCURRENCY;
        int memory = DEFAULT_MEMORY;
        int timeout = DEFAULT_TIMEOUT;
        int idleTimeout = DEFAULT_IDLE_TIMEOUT;
        boolean direct = false;
        boolean build = true;
        boolean help = false;
        Map<String, String> environment = new HashMap<>();
        List<String> environmentFiles = new ArrayList<>();
        List<String> emulatorOptions = new ArrayList<>();
        Arguments arguments = new Arguments("start-api", args);
        while (arguments.hasNext()) {
            String name = arguments.next();
            switch (name) {
                case "-h", "--help" -> help = true;
                case "--no-build" -> build = false;
                case "--direct" -> direct = true;
                case "--port" -> port = arguments.intValue(0, 65535, "");
                case "--host" -> {
                    host = arguments.value();
                    if (host.isBlank()) {
                        throw CliException.usage("start-api: --host needs an address, got an empty one");
                    }
                }
                case "--event-format" -> {
                    format = arguments.value();
                    emulatorOptions.add(name);
                }
                case "--alb-multi-value" -> {
                    multiValue = true;
                    emulatorOptions.add(name);
                }
                // Lambda's own limits, so a wrong value fails here rather than at deployment
                case "--max-concurrency" -> {
                    maxConcurrency = arguments.intValue(1, 1000, "");
                    emulatorOptions.add(name);
                }
                case "--memory" -> {
                    memory = arguments.intValue(128, 10240, " MB");
                    emulatorOptions.add(name);
                }
                case "--timeout" -> {
                    timeout = arguments.intValue(1, 900, " s");
                    emulatorOptions.add(name);
                }
                case "--env" -> {
                    Map.Entry<String, String> variable = FunctionVariables.option("start-api", arguments.value());
                    environment.put(variable.getKey(), variable.getValue());
                }
                case "--env-file" -> environmentFiles.add(FunctionVariables.file("start-api", arguments.value()));
                case "--idle-timeout" -> {
                    idleTimeout = arguments.intValue(1, 86_400, " s");
                    emulatorOptions.add(name);
                }
                default -> appDir = arguments.appDir(appDir, "start-api serves one app");
            }
        }
        if (direct && !emulatorOptions.isEmpty()) {
            throw CliException.usage("start-api: " + emulatorOptions.getFirst()
                    + " configures the Lambda emulator, which --direct leaves out: drop one of them");
        }
        EventFormat eventFormat;
        try {
            eventFormat = EventFormat.of(format, multiValue);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(
                    "start-api: " + (e.getMessage().startsWith("--") ? "" : "--event-format ") + e.getMessage());
        }
        return new StartApiOptions(
                appDir == null ? DEFAULT_APP_DIR : appDir,
                port,
                host,
                eventFormat,
                maxConcurrency,
                memory,
                timeout,
                idleTimeout,
                Map.copyOf(environment),
                List.copyOf(environmentFiles),
                direct,
                build,
                help);
    }
}
