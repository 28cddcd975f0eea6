package dev.thaw.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * Writes the {@code bootstrap} script that Lambda's {@code provided.al2023} runtime executes: it finds a
 * java and starts the application with a classpath of jars.
 */
final class Bootstrap {

    /**
     * The JVM flags bootstrap always passes; AOT training and the cache's check use the same. Each was
     * chosen by {@code thaw bench} (docs/cold-start.md has the figures).
     */
    static final String JAVA_FLAGS = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=2";

    /** Appended under Lambda Managed Instances ({@code AWS_LAMBDA_MAX_CONCURRENCY} set): full tiering, the JDK's thresholds. */
    static final String MANAGED_INSTANCES_FLAGS = "-XX:TieredStopAtLevel=4 -XX:CompileThresholdScaling=1";

    private Bootstrap() {}

    /**
     * Returns the script for an application.
     *
     * @param app the application's name, shown in comments and errors
     * @param jars the jar names in {@code lib/}, in classpath order (the application's jar first)
     * @param mainClass the class to run
     * @param bootPath whether the jars go on the boot class path on Lambda (with the AOT cache, trained there, and without)
     *     ({@link BootClassPath} says when they may)
     * @throws CliException when a name cannot be written safely into the script or a classpath
     */
    static String script(String app, List<String> jars, String mainClass, boolean bootPath) {
        return script(
                app, jars, mainClass, includeInExceptionsFlag(Path.of(System.getProperty("java.home"))), bootPath);
    }

    /**
     * Returns {@code -Djdk.includeInExceptions=V} with the value the JDK at {@code javaHome} configures in
     * {@code conf/security/java.security}, or "" when it sets none or a value unfit for the script. The JDK
     * reads this setting when {@code InetAddress} is initialised (the first socket), from a system property
     * if there is one, else from the security configuration, which then loads and parses the whole
     * {@code java.security} file in the interpreter: 4-5 ms of every cold start. The same value as a
     * property changes nothing but that. The runtime {@code thaw package} bundles is jlinked from this JDK.
     */
    static String includeInExceptionsFlag(Path javaHome) {
        Properties security = new Properties();
        try (InputStream in = Files.newInputStream(javaHome.resolve("conf/security/java.security"))) {
            security.load(in);
        } catch (IOException e) {
            return "";
        }
        String value = security.getProperty("jdk.includeInExceptions");
        if (value == null) {
            return "";
        }
        value = value.strip();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!Character.isLetterOrDigit(c) && c != ',' && c != '_' && c != '.') {
                return "";
            }
        }
        return "-Djdk.includeInExceptions=" + value;
    }

    /** Returns the script, passing {@code properties} (system properties, may be "") after the flags. */
    static String script(String app, List<String> jars, String mainClass, String properties, boolean bootPath) {
        if (jars.isEmpty()) {
            throw new IllegalArgumentException("bootstrap for " + app + " needs at least the application's jar");
        }
        for (String jar : jars) {
            if (!safe(jar) || jar.indexOf(':') >= 0 || jar.indexOf('/') >= 0) {
                throw CliException.failure("package: cannot put jar '" + jar + "' on bootstrap's classpath:"
                        + " rename it without quotes, colons, slashes or control characters");
            }
        }
        if (!safe(mainClass) || mainClass.isBlank()) {
            throw CliException.failure("package: cannot write Main-Class '" + mainClass + "' of " + app
                    + " into bootstrap: it is blank or contains a quote or a control character");
        }
        if (!safe(app) || app.indexOf('$') >= 0 || app.indexOf('`') >= 0 || app.indexOf('\\') >= 0) {
            throw CliException.failure("package: cannot write the app name '" + app
                    + "' into bootstrap: it contains a quote, $, `, \\ or a control character");
        }
        String classpath = classpath(jars);
        String quotedJars =
                String.join(" ", jars.stream().map(jar -> "'lib/" + jar + "'").toList());
        return """
                #!/bin/sh
                # Starts %1$s as Lambda's provided.al2023 runtime does: Lambda executes this file from
                # $LAMBDA_TASK_ROOT with AWS_LAMBDA_RUNTIME_API set, and the app serves the Runtime API.
                # Without that variable the app serves its local server on $PORT instead (sh bootstrap).
                # Written by `thaw package`: package again rather than edit it.

                # The classpath below is relative and the same in AOT training and on Lambda, which an AOT
                # cache needs: run from the package's root, $LAMBDA_TASK_ROOT on Lambda, else this file's
                # directory.
                if [ -n "${LAMBDA_TASK_ROOT:-}" ]; then
                  ROOT=$LAMBDA_TASK_ROOT
                else
                  case "$0" in
                    */*) ROOT=${0%%/*}; ROOT=${ROOT:-/} ;;
                    *) ROOT=. ;;
                  esac
                fi
                cd "$ROOT" || { echo "thaw bootstrap: cannot enter the package directory $ROOT" >&2; exit 1; }
                ROOT=$(pwd)

                # runtime/ is the jlinked JDK `thaw package` bundles; packaged with --no-runtime, the java
                # of JAVA_HOME or PATH runs the app.
                if [ -x "$ROOT/runtime/bin/java" ]; then
                  JAVA=$ROOT/runtime/bin/java
                elif [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
                  JAVA=$JAVA_HOME/bin/java
                elif command -v java >/dev/null 2>&1; then
                  JAVA=java
                else
                  echo "thaw bootstrap: no java to run %1$s: looked for $ROOT/runtime/bin/java," \\
                    "\\$JAVA_HOME/bin/java (JAVA_HOME=${JAVA_HOME:-unset}) and java on PATH;" \\
                    "set JAVA_HOME to a JDK 25 or put java on PATH" >&2
                  exit 1
                fi

                # Flags chosen by `thaw bench` (docs/cold-start.md): C1 only (full tiering cost ~5 ms of
                # cold start here), SerialGC (G1 3-10 ms more and 2 MB more memory) and compile thresholds
                # doubled (less compiling beside the first request: -6 ms on two cores, -47 to -71 ms with
                # the 0.29 CPU Lambda gives 512 MB; warm latency unchanged). No -Xshare option:
                # the default (auto) keeps the runtime's CDS archive in use, and -XX:AOTCacheOutput refuses
                # to train with any -Xshare given. The security setting that InetAddress reads comes as
                # a property, so the first socket does not load the whole java.security file (4-5 ms).
                JAVA_FLAGS="%4$s"
                # Lambda Managed Instances (AWS_LAMBDA_MAX_CONCURRENCY set) keep one JVM for many
                # invocations: full tiering serves ~2.5 x the JSON requests per CPU second once C2 has
                # compiled the handler, worth its few ms at start there, with the JDK's own compile
                # thresholds. The later flag wins.
                if [ -n "${AWS_LAMBDA_MAX_CONCURRENCY:-}" ]; then
                  JAVA_FLAGS="$JAVA_FLAGS %5$s"
                fi
                # Heap: 80 %% of the function's memory, leaving the rest to metaspace, code and stacks.
                # Only a plain decimal is used (a leading zero would read as octal).
                case "${AWS_LAMBDA_FUNCTION_MEMORY_SIZE:-}" in
                  '' | 0* | *[!0-9]*) ;;
                  *) JAVA_FLAGS="$JAVA_FLAGS -Xmx$((AWS_LAMBDA_FUNCTION_MEMORY_SIZE * 80 / 100))m" ;;
                esac
                # A THAW_JAVA_OPTS with an archive of its own or any -Xshare replaces the package's AOT
                # cache: the JVM refuses to start with both. Such an archive was most likely made with the
                # jars on the class path, where they then stay unless THAW_BOOT_CLASSPATH says otherwise.
                case " ${THAW_JAVA_OPTS:-} " in
                  *" -Xshare:"* | *" -XX:SharedArchiveFile"* | *" -XX:AOTCache"* | *" -XX:AOTMode"*)
                    THAW_AOT=off
                    THAW_BOOT_CLASSPATH=${THAW_BOOT_CLASSPATH:-off}
                    ;;
                esac
                %6$s
                # The trained AOT cache, only when it can work: naming a missing or mismatched cache makes
                # start-up slower than none. It is bound to the bundled runtime that trained it and to this
                # class path, as the JVM is given it, which app.aot.stamp records (written once the cache
                # loaded with -XX:AOTMode=on); comparing it costs no process. THAW_AOT=off leaves it out.
                AOT=off
                if [ "${THAW_AOT:-on}" != off ] && [ "$JAVA" = "$ROOT/runtime/bin/java" ] \\
                    && [ -f "$ROOT/app.aot" ] && [ -f "$ROOT/app.aot.stamp" ] && [ -f "$ROOT/runtime/release" ]; then
                  EXPECTED='|%2$s'
                %8$s
                  while IFS= read -r LINE || [ -n "$LINE" ]; do EXPECTED="$EXPECTED|$LINE"; done < "$ROOT/runtime/release"
                  STAMP=
                  while IFS= read -r LINE || [ -n "$LINE" ]; do STAMP="$STAMP|$LINE"; done < "$ROOT/app.aot.stamp"
                  if [ "$STAMP" = "$EXPECTED" ]; then
                    AOT=on
                  fi
                %9$s
                  if [ "$AOT" = on ]; then
                    # With the cache the JSON codec is ~2 ms of work: the runtime's second thread for it
                    # measured a tie to 3 ms slower, while without the cache it saves ~10 ms.
                    JAVA_FLAGS="$JAVA_FLAGS -XX:AOTCache=app.aot -Dthaw.jsonWarmup=off"
                  fi
                fi
                # THAW_JAVA_OPTS comes last, so it extends or overrides the flags above.
                if [ -n "${THAW_JAVA_OPTS:-}" ]; then
                  JAVA_FLAGS="$JAVA_FLAGS $THAW_JAVA_OPTS"
                fi

                # the flags are split into words on purpose, but never expanded as file patterns
                set -f
                %7$s""".formatted(
                        app,
                        classpath,
                        mainClass,
                        properties.isEmpty() ? JAVA_FLAGS : JAVA_FLAGS + " " + properties,
                        MANAGED_INSTANCES_FLAGS,
                        bootPath ? BOOT_PATH_CHOICE : CLASS_PATH_CHOICE,
                        (bootPath ? BOOT_PATH_EXEC.formatted(classpath, mainClass) : "")
                                + CLASS_PATH_EXEC.formatted(classpath, mainClass),
                        bootPath ? BOOT_PATH_STAMP.formatted(classpath).stripTrailing() : "",
                        bootPath ? BOOT_PATH_TIMES.formatted(app, quotedJars).stripTrailing() : "");
    }

    /** Where the jars go when {@code thaw package} found them fit for the boot class path. */
    private static final String BOOT_PATH_CHOICE = """
            # On Lambda the jars go on the boot class path: the JVM reads their classes in native code,
            # without the class-path loader's Java machinery (interpreted at a cold start) and without
            # bytecode verification: ~50 ms less to the first response without the AOT cache, ~6 ms
            # with it, which then need not set up a code source, protection domain and package for each
            # jar as it loads the app's classes (docs/cold-start.md). `thaw package` checked that no jar
            # needs a JDK module the boot loader cannot see, asks a class for its loader or loads a
            # native library by name, and trained the cache there. Locally (thaw-server needs
            # jdk.httpserver) and with THAW_BOOT_CLASSPATH=off they stay on the class path (and the
            # cache, trained for the boot class path, is left out).
            CLASS_PATH=-cp
            if [ -n "${AWS_LAMBDA_RUNTIME_API:-}" ] && [ "${THAW_BOOT_CLASSPATH:-on}" != off ]; then
              CLASS_PATH=-Xbootclasspath/a
            fi
            """;

    /** The stamp of a cache trained with the jars on the boot class path, when bootstrap puts them there. */
    private static final String BOOT_PATH_STAMP = """
              if [ "$CLASS_PATH" = -Xbootclasspath/a ]; then
                EXPECTED='|-Xbootclasspath/a:%s'
              fi
            """;

    /** The check that the jars still have the times the cache was trained with (see {@link PackageTimes}). */
    private static final String BOOT_PATH_TIMES = """
              # The JVM accepts a cache only if each boot class path jar has the modification time it
              # had in training. thaw package dates the jars between runtime/release and the stamp, and
              # the zip keeps those times (Lambda unpacks it with them); an unpacking that dropped them
              # would have the JVM refuse the cache, slower than starting without it.
              if [ "$AOT" = on ] && [ "$CLASS_PATH" = -Xbootclasspath/a ]; then
                for JAR in %2$s; do
                  if [ ! "$ROOT/$JAR" -nt "$ROOT/runtime/release" ] || [ ! "$ROOT/$JAR" -ot "$ROOT/app.aot.stamp" ]; then
                    AOT=off
                  fi
                done
                if [ "$AOT" = off ]; then
                  echo "thaw bootstrap: starting %1$s without its AOT cache: the jars in lib/ do not have" \\
                    "the modification times the cache was trained with (was the package unpacked without" \\
                    "the zip's times?)" >&2
                fi
              fi
            """;

    /** Where the jars go when they are unfit for the boot class path, or packaged with --class-path. */
    private static final String CLASS_PATH_CHOICE = """
            # The jars stay on the class path: `thaw package` found them unfit for the boot class path,
            # or was told so (docs/cold-start.md).
            CLASS_PATH=-cp
            """;

    private static final String BOOT_PATH_EXEC = """
            if [ "$CLASS_PATH" = -Xbootclasspath/a ]; then
              exec "$JAVA" $JAVA_FLAGS -Xbootclasspath/a:'%s' '%s'
            fi
            """;

    private static final String CLASS_PATH_EXEC = """
            exec "$JAVA" $JAVA_FLAGS -cp '%s' '%s'
            """;

    /** Returns bootstrap's classpath for {@code jars}: relative to the package's root, in order. */
    static String classpath(List<String> jars) {
        return String.join(":", jars.stream().map(jar -> "lib/" + jar).toList());
    }

    /** Returns whether {@code text} fits in a single-quoted shell word and a comment line. */
    private static boolean safe(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"' || Character.isISOControl(c)) {
                return false;
            }
        }
        return true;
    }
}
