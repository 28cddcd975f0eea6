package dev.thaw.local;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The arguments of {@code invoke}.
 *
 * @param appDir the application directory as given (resolved later against the caller's directory)
 * @param event the event file, or {@code -} for standard input
 * @param memory the function's memory in MB
 * @param timeout the function timeout in seconds
 * @param environment the {@code --env} variables (a name given twice keeps its last value)
 * @param environmentFiles the {@code --env-file} files as given, in order; read when the command runs
 * @param build whether to build (and package) the application when its jar is missing or stale
 * @param help whether only the usage was asked for
 */
record InvokeOptions(
        String appDir,
        String event,
        int memory,
        int timeout,
        Map<String, String> environment,
        List<String> environmentFiles,
        boolean build,
        boolean help) {

    static final String USAGE = """
            usage: thaw invoke APP_DIR --event FILE|- [--memory MB] [--timeout S] [--env KEY=VALUE]...
                               [--env-file FILE]... [--no-build]

              Runs one invocation of APP_DIR's packaged function through the Lambda emulator, in a new
              execution environment, as `aws lambda invoke` would: the event is the payload as it is (any
              JSON: an API Gateway, Function URL or ALB event, or your own). The function's response
              payload goes to standard output; the START/END/REPORT lines and the function's own output
              go to standard error. Exits 0 on a response, 1 when the invocation failed, timed out or
              crashed (the error payload is printed all the same).

              APP_DIR       a Maven project with a runnable jar; packaged first into target/function when
                            that is missing or older than the jar
              --event F     the event: a JSON file, or - to read it from standard input
              --memory MB   the function's memory, 128 to 10240 (default 512)
              --timeout S   the function timeout in seconds, 1 to 900 (default 30)
              --env KEY=VALUE
                            an environment variable of the function (repeatable), such as
                            SYNC_URL=http://127.0.0.1:9000/sync; names Lambda reserves are refused
              --env-file FILE
                            variables from FILE, one KEY=VALUE a line, # for comments (repeatable; read
                            in order, then --env applies; the last value of a name wins)
              --no-build    use the jar (and package) as they are; never build, even when stale
            """;

    /**
     * Parses {@code invoke}'s arguments (the command name itself excluded).
     *
     * @throws CliException a usage error naming the offending or missing argument
     */
    static InvokeOptions parse(List<String> args) {
        String appDir = null;
        String event = null;
        int memory = StartApiOptions.DEFAULT_MEMORY;
        int timeout = StartApiOptions.DEFAULT_TIMEOUT;
        boolean build = true;
        boolean help = false;
        Map<String, String> environment = new HashMap<>();
        List<String> environmentFiles = new ArrayList<>();
        Arguments arguments = new Arguments("invoke", args);
        while (arguments.hasNext()) {
            switch (arguments.next()) {
                case "-h", "--help" -> help = true;
                case "--no-build" -> build = false;
                case "--event" -> {
                    event = arguments.value();
                    if (event.isBlank()) {
                        throw CliException.usage("invoke: --event needs a file name, or - for standard input");
                    }
                }
                case "--memory" -> memory = arguments.intValue(128, 10240, " MB");
                case "--timeout" -> timeout = arguments.intValue(1, 900, " s");
                case "--env" -> {
                    Map.Entry<String, String> variable = FunctionVariables.option("invoke", arguments.value());
                    environment.put(variable.getKey(), variable.getValue());
                }
                case "--env-file" -> environmentFiles.add(FunctionVariables.file("invoke", arguments.value()));
                default -> appDir = arguments.appDir(appDir, "invoke runs one function");
            }
        }
        if (!help) {
            if (appDir == null) {
                throw CliException.usage("invoke: APP_DIR is missing: name the Maven project whose function to invoke");
            }
            if (event == null) {
                throw CliException.usage("invoke: --event is missing: give a JSON file, or - for standard input");
            }
        }
        return new InvokeOptions(
                appDir, event, memory, timeout, Map.copyOf(environment), List.copyOf(environmentFiles), build, help);
    }
}
