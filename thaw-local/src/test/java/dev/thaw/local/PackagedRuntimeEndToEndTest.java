package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.thaw.testkit.FakeRuntimeApi;
import dev.thaw.testkit.GoldenEvents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The full {@code thaw package} of examples/users-api: the jlinked {@code runtime/}, the AOT cache trained
 * on it, and the packaged bootstrap choosing the cache only when it matches. Packaged once for the class
 * (jlink and training take seconds); skipped until the example is built.
 */
class PackagedRuntimeEndToEndTest {

    private static final Duration FIRST_ANSWER = Duration.ofSeconds(30);

    // printed by -Xlog:aot when the JVM maps a cache named with -XX:AOTCache
    static final String CACHE_OPENED = "Opened AOT cache app.aot";

    @TempDir
    static Path tmp;

    private static PackageApp.Written written;

    @BeforeAll
    static void packageUsersApiWithRuntimeAndCache() throws Exception {
        assumeTrue(PackagedUsersApi.isBuilt(), "build examples/users-api first: " + PackagedUsersApi.JAR);
        written = PackagedUsersApi.packageCopy(tmp, true);
    }

    @Test
    void bundlesTheModulesJdepsFindsAndNoOthers() throws IOException {
        assertThat(written.image().modules())
                .contains("java.base", "jdk.httpserver")
                .doesNotContain("java.desktop", "java.net.http", "jdk.compiler");
        String release = Files.readString(written.function().resolve("runtime/release"));
        assertThat(release)
                .contains("MODULES=\"" + String.join(" ", written.image().modules()) + "\"");
        assertThat(written.image().bytes()).isPositive();
    }

    @Test
    void bundledRuntimeStartsAndHasItsDefaultCdsArchive() throws Exception {
        Path runtime = written.function().resolve("runtime");
        String output = bundledJava("-Xshare:on", "-version");
        assertThat(output).contains("version \"25");
        assertThat(runtime.resolve("lib/server/classes.jsa")).isRegularFile();
    }

    @Test
    void runtimesCdsArchiveHoldsTheJdkClassesTheTrainedAppUses() throws Exception {
        Path runtime = written.function().resolve("runtime");
        String output = bundledJava("-Xshare:on", "-XX:+PrintSharedArchiveAndExit");

        // the socket implementation is not on the JDK's own class list (made from a program without sockets)
        assertThat(Files.readString(runtime.resolve("lib/classlist"))).doesNotContain("sun/nio/ch/NioSocketImpl\n");
        assertThat(output).contains("sun.nio.ch.NioSocketImpl").contains("java.lang.Object");
        assertThat(runtime.resolve("lib/classlist.thaw")).doesNotExist();
        assertThat(written.function().resolve("aot-classes.log")).doesNotExist();
    }

    @Test
    void zipHoldsTheRuntimeTheCacheAndItsStampWithExecutablesKept() throws IOException {
        Path function = written.function();
        assertThat(function.resolve(AotTraining.CACHE)).isNotEmptyFile();
        assertThat(Files.readString(function.resolve(AotTraining.STAMP)))
                .isEqualTo(AotTraining.stamp(function, Bootstrap.classpath(written.jars()), true));
        assertThat(written.bootPath()).isEqualTo(BootClassPath.Fit.yes());
        assertThat(written.trained().bytes()).isEqualTo(Files.size(function.resolve(AotTraining.CACHE)));
        assertThat(written.trained().answered())
                .isPositive()
                .isLessThan(written.trained().events());
        // the example's five priming requests went through the chain before the training events
        assertThat(written.trained().priming()).matches("5 of 5 priming requests answered below 500 in \\d+ ms");
        try (ZipFile zip = new ZipFile(written.zip().toFile())) {
            List<String> names = Collections.list(zip.entries()).stream()
                    .map(ZipEntry::getName)
                    .toList();
            assertThat(names)
                    .contains(
                            "bootstrap",
                            AotTraining.CACHE,
                            AotTraining.STAMP,
                            "lib/users-api.jar",
                            "runtime/bin/java",
                            "runtime/lib/modules",
                            "runtime/lib/server/classes.jsa",
                            "runtime/release");
        }
        Map<String, Integer> modes = new HashMap<>();
        for (ZipWriterTest.CentralEntry entry : ZipWriterTest.centralDirectory(Files.readAllBytes(written.zip()))) {
            modes.put(entry.name(), entry.externalAttributes() >>> 16);
        }
        assertThat(modes).containsEntry("bootstrap", 0100755).containsEntry("runtime/bin/java", 0100755);
        assertThat(modes).containsEntry(AotTraining.CACHE, 0100644);
    }

    @Test
    void appJarInLibKeepsItsMainClassButNotItsClassPath() throws IOException {
        try (JarFile jar =
                new JarFile(written.function().resolve("lib/users-api.jar").toFile())) {
            Attributes main = jar.getManifest().getMainAttributes();
            assertThat(main.getValue(Attributes.Name.MAIN_CLASS)).isEqualTo(written.mainClass());
            assertThat(main.getValue(Attributes.Name.CLASS_PATH)).isNull();
            assertThat(jar.getEntry("dev/thaw/examples/users/Main.class")).isNotNull();
        }
    }

    @Test
    void bootstrapAnswersThroughTheTrainedCache() throws Exception {
        String output = getUser42(Map.of("THAW_JAVA_OPTS", "-Xlog:aot"));

        assertThat(output).contains(CACHE_OPENED);
    }

    @Test
    void unzippedPackageLoadsTheAppsClassesFromTheCacheOnTheBootClassPath() throws Exception {
        // as Lambda unpacks it: another directory, the zip's modes and its fixed 1980 file times
        Path unzipped = unzip(written.zip(), tmp.resolve("unzipped"), true);
        Path classes = tmp.resolve("unzipped-classes.log");

        String output =
                getUser42(unzipped, Map.of("THAW_JAVA_OPTS", "-Xlog:aot+load=info -Xlog:class+load:file=" + classes));

        assertThat(Files.readAllLines(classes))
                .anyMatch(line -> line.contains("dev.thaw.examples.users.UserRoutes source: shared objects file"));
        // the cache's app classes belong to the boot loader ("boot2": the boot class path's)
        assertThat(output).contains("boot2 dev.thaw.examples.users.UserRoutes").doesNotContain("without its AOT cache");
        assertThat(Files.getLastModifiedTime(unzipped.resolve("lib/users-api.jar"))
                        .toMillis())
                .isEqualTo(PackageTimes.JARS * 1000);
    }

    @Test
    void unzippedWithoutTheZipsTimesStartsWithoutTheCacheAndSaysWhy() throws Exception {
        // an unpacking that gives every file the time it was written: the JVM would refuse the cache
        Path unzipped = unzip(written.zip(), tmp.resolve("unzipped-now"), false);

        String output = getUser42(unzipped, Map.of("THAW_JAVA_OPTS", "-Xlog:aot"));

        assertThat(output)
                .contains("thaw bootstrap: starting users-api without its AOT cache: the jars in lib/ do not have"
                        + " the modification times the cache was trained with")
                .doesNotContain(CACHE_OPENED);
    }

    @Test
    void cacheHoldsNoClassesOfTheTrainingJvmsExitAndKeepsTheClassBudget() throws Exception {
        List<String> lines = classesLoadedToFirstAnswer("cached", Map.of());

        // Every class in the cache is loaded at each start. Training ends with Runtime.halt: an exit through
        // SIGTERM or System.exit looks up a System.Logger (ServiceLoader, ~100 classes) that would be cached.
        List<String> cached = lines.stream()
                .filter(line -> line.contains("source: shared objects file"))
                .toList();
        assertThat(cached).isNotEmpty();
        assertThat(cached)
                .noneMatch(line -> line.contains("jdk.internal.logger.")
                        || line.contains("dev.thaw.internal.ThawLoggerFinder")
                        || line.contains("java.lang.System$LoggerFinder"));
        assertThat(lines.stream().filter(line -> line.contains("[class,load]")).count())
                .as("classes loaded up to the first response with the AOT cache")
                .isLessThanOrEqualTo(PackagedFunctionClassBudgetTest.BUDGET);
    }

    @Test
    void startsWithoutTheCacheOnMethodHandleShapesTheRuntimesArchiveHolds() throws Exception {
        List<String> lines = classesLoadedToFirstAnswer("uncached", Map.of("THAW_AOT", "off"));

        // thaw package ran the function once without the cache and added the method-handle shapes its
        // lambdas need to the runtime's CDS archive: without them the JVM spun 4 LambdaForm classes here
        assertThat(written.trained().bootChecked()).isTrue();
        assertThat(lines).anyMatch(line -> line.contains("dev.thaw.examples.users.Main source: lib/users-api.jar"));
        assertThat(lines)
                .as("LambdaForm classes spun up to the first answer without the cache")
                .noneMatch(line -> line.contains("java.lang.invoke.LambdaForm$") && line.contains("/0x"));
        // and made the jars' lambdas classes (PlainCallSites): the JVM loads those instead of spinning them
        assertThat(written.callSites().lambdasMade())
                .isEqualTo(written.callSites().lambdaSites())
                .isPositive();
        assertThat(lines)
                .as("lambda classes spun up to the first answer without the cache")
                .noneMatch(line -> line.contains("$$Lambda/0x")
                        && !line.contains(" java.")
                        && !line.contains(" jdk.")
                        && !line.contains(" sun."));
        assertThat(lines)
                .anyMatch(line ->
                        line.contains("dev.thaw.examples.users.UsersApi$$ThawLambda$0 source: lib/users-api.jar"));
    }

    @Test
    void everyClassThePackageRewroteOrAddedPassesTheVerifier() throws IOException {
        // Without the cache bootstrap puts the jars on the boot class path, where the JVM verifies nothing:
        // the class-file API's verifier checks every class whose bytes differ from the build's
        Map<String, byte[]> packaged = new HashMap<>();
        Map<String, byte[]> built = new HashMap<>();
        try (var jars = Files.list(written.function().resolve("lib"))) {
            for (Path jar : jars.toList()) {
                String name = jar.getFileName().toString();
                Path source = name.equals("users-api.jar")
                        ? PackagedUsersApi.JAR
                        : PackagedUsersApi.USERS_API.resolve("target/lib").resolve(name);
                classesOf(jar, packaged);
                classesOf(source, built);
            }
        }
        var resolver = java.lang.classfile.ClassHierarchyResolver.defaultResolver()
                .orElse(java.lang.classfile.ClassHierarchyResolver.ofResourceParsing(desc -> {
                    String d = desc.descriptorString();
                    byte[] b = packaged.get(d.substring(1, d.length() - 1) + ".class");
                    return b == null ? null : new java.io.ByteArrayInputStream(b);
                }));
        var classFile = java.lang.classfile.ClassFile.of(
                java.lang.classfile.ClassFile.ClassHierarchyResolverOption.of(resolver));
        List<String> checked = new ArrayList<>();
        for (Map.Entry<String, byte[]> entry : packaged.entrySet()) {
            if (java.util.Arrays.equals(entry.getValue(), built.get(entry.getKey()))) {
                continue;
            }
            checked.add(entry.getKey());
            assertThat(classFile.verify(entry.getValue())).as(entry.getKey()).isEmpty();
        }
        assertThat(checked)
                .contains(
                        "dev/thaw/examples/users/UsersApi.class",
                        "dev/thaw/examples/users/UsersApi$$ThawLambda$0.class")
                .anyMatch(name -> name.endsWith("$$ThawConcat.class"));
    }

    /** Puts the class files of {@code jar} (base entries) into {@code classes}, by entry name. */
    private static void classesOf(Path jar, Map<String, byte[]> classes) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                if (entry.getName().endsWith(".class") && !entry.getName().startsWith("META-INF/")) {
                    classes.put(entry.getName(), zip.getInputStream(entry).readAllBytes());
                }
            }
        }
    }

    @Test
    void givesTheBootClassPathTheJava21VariantsOfMultiReleaseJars() throws IOException {
        // avaje-json-core's ThreadFunctions knows virtual threads only in its Java 21 variant, which the boot
        // loader would not read: thaw package made it the base entry, and kept the variant
        Path jar;
        try (var jars = Files.list(written.function().resolve("lib"))) {
            jar = jars.filter(j -> j.getFileName().toString().startsWith("avaje-json-core-"))
                    .findFirst()
                    .orElseThrow();
        }
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            String name = "io/avaje/json/stream/core/ThreadFunctions.class";
            ZipEntry variant = zip.getEntry(MultiRelease.PREFIX + "21/" + name);
            assertThat(variant).isNotNull();
            assertThat(zip.getInputStream(zip.getEntry(name)).readAllBytes())
                    .isEqualTo(zip.getInputStream(variant).readAllBytes());
        }
    }

    /**
     * Starts the packaged bootstrap with {@code env} and class-load logging, answers GET /users/42, and
     * returns the log as it stands at the first answer, before the function is stopped (its exit loads more).
     */
    private static List<String> classesLoadedToFirstAnswer(String name, Map<String, String> env) throws Exception {
        Path classes = tmp.resolve(name + "-classes.log");
        Map<String, String> all = new HashMap<>(env);
        all.put("THAW_JAVA_OPTS", "-Xlog:class+load:file=" + classes);
        try (FakeRuntimeApi api = FakeRuntimeApi.start();
                FunctionProcess function = FunctionProcess.bootstrap(
                        written.function(), api.endpoint(), all, tmp.resolve(name + "-function.log"))) {
            String id = api.enqueue(UsersApiEvents.sequence().get(1).event());
            assertThat(api.awaitAnswer(id, FIRST_ANSWER).kind())
                    .as(function::output)
                    .isEqualTo(FakeRuntimeApi.Answer.Kind.RESPONSE);
            return Files.readAllLines(classes);
        }
    }

    @Test
    void cacheHoldsCompileProfilesOfTheRequestPath() throws Exception {
        // The cache's training data as the JVM reads it: "M <method> LM<mask>" per method it saw compiled,
        // bit n of the mask set for each level n it was compiled at.
        Path function = written.function();
        // -Xbootclasspath/a:<the jars>, where the cache was trained
        String classpath =
                Files.readAllLines(function.resolve(AotTraining.STAMP)).getFirst();
        assertThat(classpath).startsWith(AotTraining.BOOT_PATH_OPTION);
        List<String> lines = bundledJava(
                        "-XX:AOTCache=" + AotTraining.CACHE,
                        "-XX:+UnlockDiagnosticVMOptions",
                        "-XX:+AOTPrintTrainingInfo",
                        classpath,
                        "-version")
                .lines()
                .toList();

        // Which methods reach a threshold in ~70 events varies a little from one training to the next
        // (InvokeLoop.handle was trained in one and not in the next), so count: trained with bootstrap's own flags (C1
        // only), the cache held no thaw method with a profile; trained for the request path, 78-93.
        long profiled = lines.stream()
                .filter(line -> line.contains(" M dev/thaw/"))
                .filter(line -> (levelMask(line) & 0b11000) != 0)
                .count();
        assertThat(profiled)
                .as(
                        "thaw methods trained at level 3 or 4 in\n%s",
                        String.join("\n", lines.subList(0, Math.min(20, lines.size()))))
                .isGreaterThanOrEqualTo(30);
    }

    /**
     * Runs the package's bundled {@code java} in the function directory (the cache's classpath is relative
     * to it) and returns its output, failing unless it exits with 0.
     */
    private static String bundledJava(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(written.function().resolve("runtime/bin/java").toString());
        command.addAll(List.of(args));
        Process java = new ProcessBuilder(command)
                .directory(written.function().toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(java.waitFor()).as(output).isZero();
        return output;
    }

    private static final Pattern LEVEL_MASK = Pattern.compile(" LM(\\d+)");

    /** The {@code LM<mask>} of an {@code -XX:+AOTPrintTrainingInfo} method line. */
    private static int levelMask(String line) {
        Matcher mask = LEVEL_MASK.matcher(line);
        assertThat(mask.find()).as(line).isTrue();
        return Integer.parseInt(mask.group(1));
    }

    @Test
    void bootstrapPutsTheJarsOnTheBootClassPathWithTheCache() throws Exception {
        String output = getUser42(Map.of("THAW_JAVA_OPTS", "-Xlog:aot -Xlog:class+path=info"));

        assertThat(output).contains(CACHE_OPENED);
        assertThat(bootLoaderPath(output)).endsWith("/lib/modules:" + Bootstrap.classpath(written.jars()));
    }

    @Test
    void leavesTheCacheOutWhenAskedToKeepTheClassPath() throws Exception {
        // the cache was trained with the jars on the boot class path: on the class path the JVM would refuse it
        String output =
                getUser42(Map.of("THAW_JAVA_OPTS", "-Xlog:aot -Xlog:class+path=info", "THAW_BOOT_CLASSPATH", "off"));

        assertThat(output).doesNotContain(CACHE_OPENED).doesNotContain("[warning]");
        assertThat(bootLoaderPath(output)).endsWith("/lib/modules");
    }

    @Test
    void bootstrapPutsTheJarsOnTheBootClassPathWithoutTheCache() throws Exception {
        String output = getUser42(Map.of("THAW_JAVA_OPTS", "-Xlog:aot -Xlog:class+path=info", "THAW_AOT", "off"));

        assertThat(output).doesNotContain(CACHE_OPENED);
        assertThat(bootLoaderPath(output)).endsWith("/lib/modules:" + Bootstrap.classpath(written.jars()));
    }

    @Test
    void bootstrapKeepsTheJarsOnTheClassPathWhenAskedTo() throws Exception {
        String output = getUser42(
                Map.of("THAW_JAVA_OPTS", "-Xlog:class+path=info", "THAW_AOT", "off", "THAW_BOOT_CLASSPATH", "off"));

        assertThat(bootLoaderPath(output)).endsWith("/lib/modules");
    }

    /** The boot loader's class path, as {@code -Xlog:class+path=info} shows it. */
    private static String bootLoaderPath(String output) {
        String marker = "bootstrap loader class path=";
        List<String> lines =
                output.lines().filter(line -> line.contains(marker)).toList();
        assertThat(lines).as(output).hasSize(1);
        return lines.getFirst().substring(lines.getFirst().indexOf(marker) + marker.length());
    }

    @Test
    void bootstrapLeavesTheCacheOutWhenAskedTo() throws Exception {
        String output = getUser42(Map.of("THAW_JAVA_OPTS", "-Xlog:aot", "THAW_AOT", "off"));

        assertThat(output).doesNotContain(CACHE_OPENED);
    }

    @Test
    void bootstrapLeavesAStaleCacheOutAndStillAnswers() throws Exception {
        Path stamp = written.function().resolve(AotTraining.STAMP);
        String fresh = Files.readString(stamp);
        try {
            // as after replacing the runtime or the jars without training again
            Files.writeString(stamp, fresh.replace("JAVA_VERSION=", "JAVA_VERSION=\"24\" was "));
            String output = getUser42(Map.of("THAW_JAVA_OPTS", "-Xlog:aot"));

            assertThat(output).doesNotContain(CACHE_OPENED);
        } finally {
            Files.writeString(stamp, fresh);
        }
    }

    @Test
    void refusesACacheTheRuntimeCannotLoad() throws IOException {
        Path other = Files.createDirectories(tmp.resolve("other-function"));
        Files.createSymbolicLink(other.resolve("runtime"), written.function().resolve("runtime"));
        Files.createSymbolicLink(other.resolve("lib"), written.function().resolve("lib"));
        Files.write(other.resolve(AotTraining.CACHE), "not an AOT cache".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> AotTraining.validate(other, Bootstrap.classpath(written.jars()), true))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("does not load on its own runtime")
                .hasMessageContaining("-XX:AOTMode=on");
        assertThat(other.resolve(AotTraining.STAMP)).doesNotExist();
    }

    /** Runs the packaged bootstrap against the fake Runtime API for GET /users/42; returns its output. */
    private static String getUser42(Map<String, String> env) throws Exception {
        return getUser42(written.function(), env);
    }

    /**
     * Writes the zip's files under {@code dir} with the modes its central directory records and, when
     * {@code keepTimes}, the times its entries record.
     */
    static Path unzip(Path zip, Path dir, boolean keepTimes) throws IOException {
        Map<String, Integer> modes = new HashMap<>();
        for (ZipWriterTest.CentralEntry entry : ZipWriterTest.centralDirectory(Files.readAllBytes(zip))) {
            modes.put(entry.name(), entry.externalAttributes() >>> 16);
        }
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : Collections.list(file.entries())) {
                Path target = dir.resolve(entry.getName());
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (var in = file.getInputStream(entry)) {
                    Files.copy(in, target);
                }
                if (keepTimes) {
                    Files.setLastModifiedTime(target, entry.getLastModifiedTime());
                }
                if ((modes.get(entry.getName()) & 0111) != 0) {
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
                }
            }
        }
        return dir;
    }

    /** Runs {@code function}'s bootstrap for GET /users/42 against the fake Runtime API; returns its output. */
    private static String getUser42(Path function, Map<String, String> env) throws Exception {
        byte[] get = UsersApiEvents.sequence().get(1).event();
        Path log = Files.createTempFile(tmp, "bootstrap", ".log");
        try (FakeRuntimeApi api = FakeRuntimeApi.start();
                FunctionProcess process = FunctionProcess.bootstrap(function, api.endpoint(), env, log)) {
            String id = api.enqueue(get);
            FakeRuntimeApi.Answer answer = api.awaitAnswer(id, FIRST_ANSWER);
            assertThat(answer.kind()).as(process::output).isEqualTo(FakeRuntimeApi.Answer.Kind.RESPONSE);
            Map<String, Object> json = GoldenEvents.parse(answer.body());
            assertThat(json.get("statusCode")).isEqualTo(200L);
            assertThat(GoldenEvents.parse((String) json.get("body"))).containsEntry("id", "42");
            return process.output();
        }
    }
}
