package dev.thaw.local;

import java.util.List;

/**
 * The arguments of {@code start-api}.
 *
 * @param appDir the application directory as given (resolved later against the caller's directory)
 * @param port the port to serve on; 0 picks a free one
 * @param host the address to bind
 * @param build whether to build the application when its jar is missing or stale
 * @param help whether only the usage was asked for
 */
record StartApiOptions(String appDir, int port, String host, boolean build, boolean help) {

    static final String DEFAULT_APP_DIR = "examples/users-api";
    static final int DEFAULT_PORT = 3000;
    static final String DEFAULT_HOST = "127.0.0.1";

    static final String USAGE = """
            usage: thaw start-api [APP_DIR] [--port N] [--host H] [--no-build]

              Serves APP_DIR (default examples/users-api) on http://H:N (default 127.0.0.1:3000).
              Direct mode: the application's own local server answers; the Lambda emulator is not
              available yet in this build.

              APP_DIR     a Maven project whose target/<artifactId>.jar has a Main-Class; a relative
                          path is looked up in the current directory, then in the thaw repository
              --port N    port to listen on, 0 for any free port (default 3000)
              --host H    address to bind (default 127.0.0.1)
              --no-build  serve the jar as it is; never build it, even when missing or stale
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
        boolean build = true;
        boolean help = false;
        Arguments arguments = new Arguments("start-api", args);
        while (arguments.hasNext()) {
            String name = arguments.next();
            switch (name) {
                case "-h", "--help" -> help = true;
                case "--no-build" -> build = false;
                case "--port" -> port = arguments.intValue(0, 65535, "");
                case "--host" -> {
                    host = arguments.value();
                    if (host.isBlank()) {
                        throw CliException.usage("start-api: --host needs an address, got an empty one");
                    }
                }
                case "--event-format", "--max-concurrency" ->
                    throw CliException.usage("start-api: " + name
                            + " needs the Lambda emulator, which is not available yet in this build"
                            + " (start-api runs in direct mode)");
                default -> {
                    if (arguments.isOption()) {
                        throw arguments.unknownOption();
                    }
                    String arg = arguments.current();
                    if (appDir != null) {
                        throw CliException.usage("start-api: unexpected argument '" + arg + "': APP_DIR is already '"
                                + appDir + "' (start-api serves one app)");
                    }
                    appDir = arg;
                }
            }
        }
        return new StartApiOptions(appDir == null ? DEFAULT_APP_DIR : appDir, port, host, build, help);
    }
}
