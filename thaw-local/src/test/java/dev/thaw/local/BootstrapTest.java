package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bootstrap script, as text and run by a real {@code /bin/sh} against stand-in {@code java}
 * executables that print which one ran, where, and with which arguments.
 */
class BootstrapTest {

    private static final String SCRIPT =
            Bootstrap.script("demo", List.of("demo.jar", "dep-1.0.jar"), "demo.Main", "", true);
    private static final String CLASSPATH = Bootstrap.classpath(List.of("demo.jar", "dep-1.0.jar"));

    @TempDir
    Path tmp;

    private Path function;
    private Path emptyPath;

    @BeforeEach
    void writeFunction() throws IOException {
        function = Files.createDirectories(tmp.resolve("function")).toRealPath();
        executable(function.resolve("bootstrap"), SCRIPT);
        emptyPath = Files.createDirectories(tmp.resolve("empty-path"));
    }

    /** Writes a stand-in java that prints its label, its working directory, then one argument a line. */
    private static Path fakeJava(Path bin, String label) throws IOException {
        Files.createDirectories(bin);
        return executable(bin.resolve("java"), """
                #!/bin/sh
                echo "%s"
                pwd
                for arg in "$@"; do echo "$arg"; done
                """.formatted(label));
    }

    private static Path executable(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    /** Runs bootstrap with exactly {@code env} (PATH defaults to an empty directory) from {@code dir}. */
    private Run bootstrap(Map<String, String> env, Path dir, String script) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", script).directory(dir.toFile());
        builder.environment().clear();
        builder.environment().put("PATH", emptyPath.toString());
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("bootstrap ended").isTrue();
        return new Run(
                process.exitValue(),
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                        .lines()
                        .toList(),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private Run bootstrap(Map<String, String> env) throws Exception {
        return bootstrap(env, tmp, function.resolve("bootstrap").toString());
    }

    record Run(int code, List<String> out, String err) {
        String java() {
            return out.getFirst();
        }

        List<String> args() {
            return out.subList(2, out.size());
        }
    }

    @Test
    void writesAPosixShellScriptThatExecsJavaWithTheJarsAppFirst() {
        assertThat(SCRIPT)
                .startsWith("#!/bin/sh\n")
                .contains("\nexec \"$JAVA\" $JAVA_FLAGS -cp 'lib/demo.jar:lib/dep-1.0.jar' 'demo.Main'\n")
                .contains("Flags chosen by `thaw bench`")
                .contains("The trained AOT cache, only when it can work");
    }

    @ParameterizedTest(name = "runtime/ {0}, JAVA_HOME {1}, PATH {2} -> {3}")
    @CsvSource({
        "true,  true,  true,  runtime",
        "false, true,  true,  java-home",
        "false, false, true,  path",
        "false, true,  false, java-home",
    })
    void picksTheBundledRuntimeThenJavaHomeThenPath(boolean runtime, boolean javaHome, boolean path, String expected)
            throws Exception {
        if (runtime) {
            fakeJava(function.resolve("runtime/bin"), "runtime");
        }
        Map<String, String> env = new HashMap<>();
        if (javaHome) {
            fakeJava(tmp.resolve("jdk/bin"), "java-home");
            env.put("JAVA_HOME", tmp.resolve("jdk").toString());
        }
        if (path) {
            fakeJava(tmp.resolve("path-bin"), "path");
            env.put("PATH", tmp.resolve("path-bin") + ":" + emptyPath);
        }

        Run run = bootstrap(env);

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.java()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            bundled runtime, cache and matching stamp  | true  | true  | boot    | kept | on  |     | true  | boot |
            jars without their trained times          | true  | true  | boot    | lost | on  |     | false | boot |
            jars older than the runtime               | true  | true  | boot    | old  | on  |     | false | boot |
            THAW_AOT=off                               | true  | true  | boot    | kept | off |     | false | boot |
            JAVA_HOME's java did not train the cache   | false | true  | boot    | kept | on  |     | false | boot |
            no cache                                   | true  | false | boot    | kept | on  |     | false | boot |
            no stamp (the cache failed its check)      | true  | true  | none    | kept | on  |     | false | boot |
            stamp of another runtime                   | true  | true  | runtime | kept | on  |     | false | boot |
            stamp of another classpath                 | true  | true  | jars    | kept | on  |     | false | boot |
            cache trained on the class path            | true  | true  | cp      | kept | on  |     | false | boot |
            THAW_BOOT_CLASSPATH=off, boot-trained      | true  | true  | boot    | kept | on  | off | false | cp   |
            THAW_BOOT_CLASSPATH=off, cp-trained        | true  | true  | cp      | kept | on  | off | true  | cp   |
            THAW_JAVA_OPTS with -Xshare:auto           | true  | true  | boot    | kept | on  |     | false | cp   | -Xmx64m -Xshare:auto
            THAW_JAVA_OPTS with its own cache          | true  | true  | boot    | kept | on  |     | false | cp   | -XX:AOTCache=my.aot
            its own cache and THAW_BOOT_CLASSPATH=on   | true  | true  | boot    | kept | on  | on  | false | boot | -XX:AOTCache=my.aot
            THAW_JAVA_OPTS with other flags            | true  | true  | boot    | kept | on  |     | true  | boot | -Xlog:aot -Xmx64m
            """)
    void namesTheAotCacheOnlyForTheRuntimeClassPathAndJarTimesItWasTrainedWith(
            String name,
            boolean runtime,
            boolean cache,
            String stamp,
            String times,
            String aot,
            String bootClassPath,
            boolean used,
            String jars,
            String opts)
            throws Exception {
        fakeJava(function.resolve("runtime/bin"), "runtime");
        String release = "JAVA_VERSION=\"25.0.3\"\nMODULES=\"java.base\"\n";
        Files.writeString(function.resolve("runtime/release"), release);
        if (!runtime) {
            PackageApp.deleteTree(function.resolve("runtime"));
            fakeJava(tmp.resolve("jdk/bin"), "java-home");
        }
        if (cache) {
            Files.writeString(function.resolve("app.aot"), "cache");
        }
        Path stampFile = function.resolve("app.aot.stamp");
        switch (stamp) {
            case "boot" -> Files.writeString(stampFile, "-Xbootclasspath/a:" + CLASSPATH + "\n" + release);
            case "cp" -> Files.writeString(stampFile, CLASSPATH + "\n" + release);
            case "runtime" ->
                Files.writeString(
                        stampFile, "-Xbootclasspath/a:" + CLASSPATH + "\n" + release.replace("25.0.3", "25.0.2"));
            case "jars" -> Files.writeString(stampFile, "-Xbootclasspath/a:lib/demo.jar\n" + release);
            default -> {}
        }
        Files.createDirectories(function.resolve("lib"));
        for (String jar : List.of("lib/demo.jar", "lib/dep-1.0.jar")) {
            Files.writeString(function.resolve(jar), "jar");
        }
        if (!times.equals("lost")) {
            // as thaw package dates them, and an unpacking that keeps the zip's times leaves them
            PackageTimes.apply(function);
        }
        if (times.equals("old")) {
            Files.setLastModifiedTime(
                    function.resolve("lib/dep-1.0.jar"), FileTime.from(PackageTimes.BASE - 60, TimeUnit.SECONDS));
        }

        // on Lambda, where the jars go on the boot class path
        Map<String, String> env = new HashMap<>(Map.of(
                "JAVA_HOME",
                tmp.resolve("jdk").toString(),
                "THAW_AOT",
                aot,
                "AWS_LAMBDA_RUNTIME_API",
                "127.0.0.1:9001"));
        if (opts != null) {
            env.put("THAW_JAVA_OPTS", opts);
        }
        if (bootClassPath != null) {
            env.put("THAW_BOOT_CLASSPATH", bootClassPath);
        }
        Run run = bootstrap(env);

        assertThat(run.code()).as(run.err()).isZero();
        if (used) {
            assertThat(run.args()).as(name).contains("-XX:AOTCache=app.aot", "-Dthaw.jsonWarmup=off");
        } else {
            assertThat(run.args()).as(name).doesNotContain("-XX:AOTCache=app.aot", "-Dthaw.jsonWarmup=off");
        }
        if (jars.equals("cp")) {
            assertThat(run.args()).as(name).endsWith("-cp", CLASSPATH, "demo.Main");
        } else {
            assertThat(run.args()).as(name).endsWith("-Xbootclasspath/a:" + CLASSPATH, "demo.Main");
        }
        if (times.equals("kept")) {
            assertThat(run.err()).as(name).isEmpty();
        } else {
            assertThat(run.err())
                    .as(name)
                    .isEqualTo("thaw bootstrap: starting demo without its AOT cache: the jars in lib/ do not have"
                            + " the modification times the cache was trained with (was the package unpacked"
                            + " without the zip's times?)\n");
        }
    }

    @Test
    void skipsAJavaHomeWithoutJava() throws Exception {
        fakeJava(tmp.resolve("path-bin"), "path");

        Run run = bootstrap(Map.of(
                "JAVA_HOME", Files.createDirectories(tmp.resolve("not-a-jdk")).toString(),
                "PATH", tmp.resolve("path-bin").toString()));

        assertThat(run.java()).isEqualTo("path");
    }

    @Test
    void exitsWithAClearMessageWhenNoJavaIsReachable() throws Exception {
        Run run = bootstrap(Map.of());

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err())
                .isEqualTo("thaw bootstrap: no java to run demo: looked for " + function + "/runtime/bin/java,"
                        + " $JAVA_HOME/bin/java (JAVA_HOME=unset) and java on PATH;"
                        + " set JAVA_HOME to a JDK 25 or put java on PATH\n");
    }

    @ParameterizedTest(name = "AWS_LAMBDA_FUNCTION_MEMORY_SIZE={0}")
    @CsvSource({"512, -Xmx409m", "128, -Xmx102m", "10240, -Xmx8192m"})
    void sizesTheHeapAt80PercentOfTheFunctionsMemory(String memory, String xmx) throws Exception {
        fakeJava(tmp.resolve("jdk/bin"), "java-home");

        Run run = bootstrap(
                Map.of("JAVA_HOME", tmp.resolve("jdk").toString(), "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", memory));

        assertThat(run.args())
                .containsExactly(
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-XX:CompileThresholdScaling=2",
                        xmx,
                        "-cp",
                        "lib/demo.jar:lib/dep-1.0.jar",
                        "demo.Main");
    }

    @ParameterizedTest(name = "AWS_LAMBDA_FUNCTION_MEMORY_SIZE=''{0}''")
    @ValueSource(strings = {"", "abc", "512MB", "-512", "0", "0512"})
    void leavesTheHeapAloneWhenTheMemorySizeIsNotAPlainNumber(String memory) throws Exception {
        fakeJava(tmp.resolve("jdk/bin"), "java-home");

        Run run = bootstrap(
                Map.of("JAVA_HOME", tmp.resolve("jdk").toString(), "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", memory));

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.args())
                .containsExactly(
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-XX:CompileThresholdScaling=2",
                        "-cp",
                        "lib/demo.jar:lib/dep-1.0.jar",
                        "demo.Main");
    }

    @ParameterizedTest(name = "AWS_LAMBDA_MAX_CONCURRENCY=''{0}''")
    @CsvSource(delimiter = '|', textBlock = """
            ''  | -XX:TieredStopAtLevel=1
            1   | -XX:TieredStopAtLevel=4
            64  | -XX:TieredStopAtLevel=4
            """)
    void compilesWithFullTieringOnlyUnderManagedInstances(String concurrency, String lastTiering) throws Exception {
        fakeJava(tmp.resolve("jdk/bin"), "java-home");

        Run run = bootstrap(
                Map.of("JAVA_HOME", tmp.resolve("jdk").toString(), "AWS_LAMBDA_MAX_CONCURRENCY", concurrency));

        assertThat(run.code()).as(run.err()).isZero();
        List<String> tiering = run.args().stream()
                .filter(arg -> arg.startsWith("-XX:TieredStopAtLevel="))
                .toList();
        // the JVM takes the last occurrence of a flag
        assertThat(tiering.getLast()).isEqualTo(lastTiering);
        assertThat(run.args()).startsWith("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    }

    @Test
    void passesTheSecurityPropertyAfterTheFlags() throws Exception {
        executable(
                function.resolve("bootstrap"),
                Bootstrap.script("demo", List.of("demo.jar"), "demo.Main", "-Djdk.includeInExceptions=hostInfo", true));
        fakeJava(tmp.resolve("jdk/bin"), "java-home");

        Run run = bootstrap(Map.of("JAVA_HOME", tmp.resolve("jdk").toString()));

        assertThat(run.args())
                .containsExactly(
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-XX:CompileThresholdScaling=2",
                        "-Djdk.includeInExceptions=hostInfo",
                        "-cp",
                        "lib/demo.jar",
                        "demo.Main");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            jdk.includeInExceptions=hostInfoExclSocket            | -Djdk.includeInExceptions=hostInfoExclSocket
            jdk.includeInExceptions = hostInfo,jar                | -Djdk.includeInExceptions=hostInfo,jar
            jdk.includeInExceptions=                              | -Djdk.includeInExceptions=
            #jdk.includeInExceptions=hostInfo                     | ''
            jdk.other=x                                           | ''
            jdk.includeInExceptions=a b                           | ''
            jdk.includeInExceptions=x;rm -rf /                    | ''
            jdk.includeInExceptions=$(id)                         | ''
            """)
    void readsInetAddresssSecuritySettingFromTheJdk(String line, String flag) throws IOException {
        Path jdk = tmp.resolve("jdk");
        Files.createDirectories(jdk.resolve("conf/security"));
        Files.writeString(
                jdk.resolve("conf/security/java.security"),
                "# comment\n" + line + "\nsecurity.provider.1=SUN\n",
                StandardCharsets.ISO_8859_1);

        assertThat(Bootstrap.includeInExceptionsFlag(jdk)).isEqualTo(flag);
    }

    @Test
    void leavesTheSecurityPropertyOutWithoutASecurityFile() {
        assertThat(Bootstrap.includeInExceptionsFlag(tmp.resolve("no-jdk"))).isEmpty();
    }

    @Test
    void passesThisJdksOwnSettingByDefault() {
        String flag = Bootstrap.includeInExceptionsFlag(Path.of(System.getProperty("java.home")));

        assertThat(flag).startsWith("-Djdk.includeInExceptions=");
        assertThat(Bootstrap.script("demo", List.of("demo.jar"), "demo.Main", true))
                .contains("JAVA_FLAGS=\"" + Bootstrap.JAVA_FLAGS + " " + flag + "\"\n");
    }

    @Test
    void appendsThawJavaOptsWordByWordWithoutExpandingPatterns() throws Exception {
        fakeJava(tmp.resolve("jdk/bin"), "java-home");

        Run run = bootstrap(Map.of(
                "JAVA_HOME", tmp.resolve("jdk").toString(),
                "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512",
                "THAW_JAVA_OPTS", "-Xmx300m  -Dpattern=*"));

        assertThat(run.args())
                .containsExactly(
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-XX:CompileThresholdScaling=2",
                        "-Xmx409m",
                        "-Xmx300m",
                        "-Dpattern=*",
                        "-cp",
                        "lib/demo.jar:lib/dep-1.0.jar",
                        "demo.Main");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            locally (no Runtime API)              | ''             | on  | true
            on Lambda with THAW_BOOT_CLASSPATH=off | 127.0.0.1:9001 | off | true
            on Lambda, packaged with --class-path  | 127.0.0.1:9001 | on  | false
            """)
    void keepsTheJarsOnTheClassPath(String name, String api, String bootEnv, boolean packagedBoot) throws Exception {
        executable(
                function.resolve("bootstrap"),
                Bootstrap.script("demo", List.of("demo.jar", "dep-1.0.jar"), "demo.Main", "", packagedBoot));
        fakeJava(tmp.resolve("jdk/bin"), "java-home");

        Run run = bootstrap(Map.of(
                "JAVA_HOME",
                tmp.resolve("jdk").toString(),
                "AWS_LAMBDA_RUNTIME_API",
                api,
                "THAW_BOOT_CLASSPATH",
                bootEnv));

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.args()).as(name).endsWith("-cp", "lib/demo.jar:lib/dep-1.0.jar", "demo.Main");
        assertThat(run.args()).as(name).noneMatch(arg -> arg.startsWith("-Xbootclasspath"));
    }

    @Test
    void writesNoBootClassPathWhenPackagedWithTheClassPath() {
        assertThat(Bootstrap.script("demo", List.of("demo.jar"), "demo.Main", "", false))
                .doesNotContain("Xbootclasspath")
                .contains("# The jars stay on the class path");
    }

    @Test
    void runsFromLambdaTaskRootWhenSet() throws Exception {
        Path taskRoot = Files.createDirectories(tmp.resolve("var-task")).toRealPath();
        fakeJava(taskRoot.resolve("runtime/bin"), "task-root-runtime");

        Run run = bootstrap(Map.of("LAMBDA_TASK_ROOT", taskRoot.toString()));

        assertThat(run.java()).isEqualTo("task-root-runtime");
        assertThat(run.out().get(1)).isEqualTo(taskRoot.toString());
    }

    @ParameterizedTest(name = "sh {1} from {0}")
    @CsvSource({"function, bootstrap", "function, ./bootstrap", "., function/bootstrap"})
    void runsFromItsOwnDirectoryOtherwise(String from, String script) throws Exception {
        fakeJava(function.resolve("runtime/bin"), "runtime");

        Run run = bootstrap(Map.of(), tmp.resolve(from), script);

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out().get(1)).isEqualTo(function.toString());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"a:b.jar", "it's.jar", "lib/x.jar", "line\nbreak.jar"})
    void refusesJarNamesThatWouldBreakTheClasspathOrTheScript(String jar) {
        assertThatThrownBy(() -> Bootstrap.script("demo", List.of("demo.jar", jar), "demo.Main", true))
                .isInstanceOf(CliException.class)
                .hasMessageStartingWith("package: cannot put jar '" + jar + "' on bootstrap's classpath");
    }

    @Test
    void refusesAMainClassThatWouldBreakTheScript() {
        assertThatThrownBy(() -> Bootstrap.script("demo", List.of("demo.jar"), "demo.Main'; rm -rf '", true))
                .isInstanceOf(CliException.class)
                .hasMessageStartingWith("package: cannot write Main-Class");
    }

    @Test
    void keepsNestedMainClassesLiteral() throws Exception {
        executable(
                function.resolve("bootstrap"), Bootstrap.script("demo", List.of("demo.jar"), "demo.Outer$Main", true));
        fakeJava(tmp.resolve("jdk/bin"), "java-home");

        Run run = bootstrap(Map.of("JAVA_HOME", tmp.resolve("jdk").toString()));

        assertThat(run.args()).endsWith("lib/demo.jar", "demo.Outer$Main");
    }
}
