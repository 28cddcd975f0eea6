package dev.thaw.local;

import java.util.List;
import java.util.Locale;

/**
 * The arguments of {@code package}.
 *
 * @param appDir the application directory as given (resolved later against the caller's directory)
 * @param memory the function's memory in MB
 * @param timeout the function's timeout in seconds
 * @param arch the Lambda architecture, {@code x86_64} or {@code arm64}
 * @param build whether to build the application when its jar is missing or stale
 * @param runtime whether to bundle a jlinked runtime ({@code --no-runtime}: bootstrap uses JAVA_HOME's java)
 * @param aot whether to train an AOT cache (needs the bundled runtime, whose JVM it is bound to)
 * @param bootPath whether bootstrap may put the jars on the boot class path on Lambda without the AOT cache,
 *     when they are fit for it ({@code --class-path}: never)
 * @param plainCallSites whether the jars' lambdas and string concatenations become plain calls at package
 *     time ({@code --keep-invokedynamic}: they stay {@code invokedynamic}s the JVM links at run time)
 * @param help whether only the usage was asked for
 */
record PackageOptions(
        String appDir,
        int memory,
        int timeout,
        String arch,
        boolean build,
        boolean runtime,
        boolean aot,
        boolean bootPath,
        boolean plainCallSites,
        boolean help) {

    static final int DEFAULT_MEMORY = 512;
    static final int DEFAULT_TIMEOUT = 10;

    static final String USAGE = """
            usage: thaw package APP_DIR [--memory MB] [--timeout S] [--arch x86_64|arm64] [--no-build]
                                        [--no-runtime] [--no-aot] [--class-path]
                                        [--keep-invokedynamic]

              Writes APP_DIR/target/function/ (bootstrap, lib/ with every jar, runtime/: this JDK jlinked
              to the modules the jars need, and app.aot: an AOT cache trained on that runtime with
              every event source's shape of a default set of requests plus APP_DIR/src/main/thaw/
              training.txt's), function.zip (the same files, ready for Lambda's provided.al2023
              runtime) and template.yaml (a SAM template with the function on provided.al2023 and, when
              the app jar has a subclass of dev.thaw.lambda.StreamHandler, the same zip on the managed
              java21 runtime with SnapStart; each behind its own HTTP API).

              training.txt: one request per line, METHOD /path[?query] [name:value]... [BODY | @file],
              e.g. POST /users {"name":"ada","email":"ada@example.com"}; # starts a comment.

              APP_DIR       a Maven project whose target/<artifactId>.jar has a Main-Class and whose
                            runtime dependencies are in target/lib/; a relative path is looked up in the
                            current directory, then in the thaw repository
              --memory MB   the function's memory, 128 to 10240 (default 512)
              --timeout S   the function's timeout in seconds, 1 to 900 (default 10)
              --arch A      x86_64 or arm64 (default: this machine's)
              --no-build    package the jar as it is; never build it, even when missing or stale
              --no-runtime  bundle no runtime (bootstrap runs the java of JAVA_HOME or PATH) and so no
                            AOT cache
              --no-aot      train no AOT cache
              --class-path  keep the jars on the class path always; by default, on Lambda without the
                            AOT cache, bootstrap puts them on the boot class path (~50 ms faster there)
                            when no jar needs a JDK module the boot loader cannot see, asks a class
                            for its loader or loads a native library by name
              --keep-invokedynamic
                            leave the jars' lambdas, method references and string
                            concatenations to the JVM to link at run time; by default they
                            become calls of classes written into lib/ (Host$$ThawLambda$N,
                            Host$$ThawConcat), which a start without the AOT cache loads
                            instead of linking them (~15 ms less for the example)
            """;

    /**
     * Parses {@code package}'s arguments (the command name itself excluded).
     *
     * @param osArch this machine's {@code os.arch}, the default architecture
     * @throws CliException a usage error naming the offending argument
     */
    static PackageOptions parse(List<String> args, String osArch) {
        String appDir = null;
        int memory = DEFAULT_MEMORY;
        int timeout = DEFAULT_TIMEOUT;
        String arch = null;
        boolean build = true;
        boolean runtime = true;
        boolean aot = true;
        boolean bootPath = true;
        boolean plainCallSites = true;
        boolean help = false;
        Arguments arguments = new Arguments("package", args);
        while (arguments.hasNext()) {
            switch (arguments.next()) {
                case "-h", "--help" -> help = true;
                case "--no-build" -> build = false;
                case "--no-runtime" -> runtime = false;
                case "--no-aot" -> aot = false;
                case "--class-path" -> bootPath = false;
                case "--keep-invokedynamic" -> plainCallSites = false;
                // Lambda's own limits, so a wrong value fails here rather than at deployment
                case "--memory" -> memory = arguments.intValue(128, 10240, " MB");
                case "--timeout" -> timeout = arguments.intValue(1, 900, " s");
                case "--arch" -> {
                    arch = arguments.value();
                    if (!arch.equals("x86_64") && !arch.equals("arm64")) {
                        throw CliException.usage("package: --arch needs x86_64 or arm64, got '" + arch + "'");
                    }
                }
                default -> appDir = arguments.appDir(appDir, "package writes one app");
            }
        }
        if (help) {
            return new PackageOptions(
                    appDir, memory, timeout, arch, build, runtime, aot, bootPath, plainCallSites, true);
        }
        if (appDir == null) {
            throw CliException.usage("package: APP_DIR is missing: name the Maven project to package");
        }
        return new PackageOptions(
                appDir,
                memory,
                timeout,
                arch == null ? lambdaArch(osArch) : arch,
                build,
                runtime,
                aot,
                bootPath,
                plainCallSites,
                false);
    }

    /**
     * Returns Lambda's name for the architecture {@code os.arch} names.
     *
     * @throws CliException a usage error when Lambda has no such architecture
     */
    static String lambdaArch(String osArch) {
        return switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "arm64";
            default ->
                throw CliException.usage("package: this machine's architecture " + osArch
                        + " is not one Lambda runs: choose one with --arch x86_64 or --arch arm64");
        };
    }
}
