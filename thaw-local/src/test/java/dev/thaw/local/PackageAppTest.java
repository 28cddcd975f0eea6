package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code package} on a small real application compiled here: a main class in the app jar that uses a class
 * from a dependency jar in {@code target/lib/}, the layout of examples/users-api.
 */
class PackageAppTest {

    private static final String JAVA_HOME = System.getProperty("java.home");

    @TempDir
    Path tmp;

    private Path app;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void writeApp() throws IOException {
        app = Jars.project(tmp.resolve("shop"), "shop").toRealPath();
        Path classes = Jars.compile(tmp.resolve("build"), Map.of("demo/Main.java", """
                package demo;
                public class Main {
                    public static void main(String[] args) {
                        System.out.println(dep.Greeting.text() + " from " + System.getProperty("java.home"));
                        System.out.println("heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024));
                    }
                }
                """, "dep/Greeting.java", """
                package dep;
                public class Greeting {
                    public static String text() { return "hello"; }
                }
                """));
        Jars.write(
                app.resolve("target/shop.jar"),
                Map.of("Main-Class", "demo.Main", "Class-Path", "lib/dep-1.0.jar"),
                classes,
                "demo");
        Jars.write(app.resolve("target/lib/dep-1.0.jar"), Map.of(), classes, "dep");
    }

    private PackageApp.Written packageApp(String... args) {
        PackageApp packageApp = new PackageApp(
                tmp,
                null,
                "/never/run/mvn",
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        // jlink and AOT training are covered by PackagedRuntimeEndToEndTest on the real example
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--no-runtime");
        return packageApp.run(PackageOptions.parse(all, "amd64"));
    }

    @Test
    void writesBootstrapAndEveryJarIntoFunctionAndNothingElse() throws IOException {
        Files.createDirectories(app.resolve("target/function/old"));
        Files.writeString(app.resolve("target/function/old/stale.txt"), "from an earlier package");

        PackageApp.Written written = packageApp("shop", "--no-build");

        Path function = app.resolve("target/function");
        assertThat(written.function()).isEqualTo(function);
        assertThat(written.jars()).containsExactly("shop.jar", "dep-1.0.jar");
        assertThat(written.mainClass()).isEqualTo("demo.Main");
        try (Stream<Path> files = Files.walk(function)) {
            assertThat(files.map(p -> function.relativize(p).toString()).sorted())
                    .containsExactly("", "bootstrap", "lib", "lib/dep-1.0.jar", "lib/shop.jar");
        }
        assertThat(Files.getPosixFilePermissions(function.resolve("bootstrap")))
                .isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(Files.readString(function.resolve("bootstrap")))
                .contains("-cp 'lib/shop.jar:lib/dep-1.0.jar' 'demo.Main'");
        // bootstrap names every jar: the app jar's Class-Path (lib/dep-1.0.jar) would point into lib/lib/
        try (JarFile jar = new JarFile(function.resolve("lib/shop.jar").toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("demo.Main");
            assertThat(jar.getManifest().getMainAttributes().getValue("Class-Path"))
                    .isNull();
            assertThat(jar.getEntry("demo/Main.class")).isNotNull();
        }
    }

    @Test
    void storesEveryEntryOfTheJarsInLibWithTheSameBytes() throws IOException {
        // --keep-invokedynamic: else Main's string concatenation becomes a call of a class made in shop.jar
        PackageApp.Written written = packageApp("shop", "--no-build", "--keep-invokedynamic");

        for (String name : List.of("shop.jar", "dep-1.0.jar")) {
            Path source = name.equals("shop.jar") ? app.resolve("target/shop.jar") : app.resolve("target/lib/" + name);
            try (ZipFile packaged = new ZipFile(
                            written.function().resolve("lib/" + name).toFile());
                    ZipFile original = new ZipFile(source.toFile())) {
                List<String> names = Collections.list(original.entries()).stream()
                        .map(ZipEntry::getName)
                        .toList();
                assertThat(Collections.list(packaged.entries()).stream().map(ZipEntry::getName))
                        .as(name)
                        .containsExactlyElementsOf(names);
                for (ZipEntry entry : Collections.list(packaged.entries())) {
                    assertThat(entry.getMethod()).as(entry.getName()).isEqualTo(ZipEntry.STORED);
                    if (!entry.getName().equals("META-INF/MANIFEST.MF")) {
                        assertThat(packaged.getInputStream(entry).readAllBytes())
                                .as(entry.getName())
                                .isEqualTo(original.getInputStream(original.getEntry(entry.getName()))
                                        .readAllBytes());
                    }
                }
            }
        }
    }

    @Test
    void makesTheStringConcatenationsOfTheJarsPlainCallsByDefault() throws IOException {
        PackageApp.Written written = packageApp("shop", "--no-build");

        assertThat(written.callSites().summary())
                .isEqualTo("2 of 2 string concatenations made plain calls at package time");
        try (ZipFile packaged =
                new ZipFile(written.function().resolve("lib/shop.jar").toFile())) {
            assertThat(Collections.list(packaged.entries()).stream().map(ZipEntry::getName))
                    .containsExactly("META-INF/MANIFEST.MF", "demo/Main.class", "demo/Main$$ThawConcat.class");
        }
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("2 of 2 string concatenations made plain calls at package time");
    }

    @Test
    void zipsTheFunctionDirectoryAtTheRootWithAnExecutableBootstrap() throws IOException {
        PackageApp.Written written = packageApp("shop", "--no-build");

        Path function = written.function();
        try (ZipFile zip = new ZipFile(written.zip().toFile())) {
            assertThat(Collections.list(zip.entries()).stream().map(ZipEntry::getName))
                    .containsExactly("bootstrap", "lib/", "lib/dep-1.0.jar", "lib/shop.jar");
            for (String name : List.of("bootstrap", "lib/dep-1.0.jar", "lib/shop.jar")) {
                assertThat(zip.getInputStream(zip.getEntry(name)).readAllBytes())
                        .as(name)
                        .isEqualTo(Files.readAllBytes(function.resolve(name)));
            }
        }
        List<ZipWriterTest.CentralEntry> central = ZipWriterTest.centralDirectory(Files.readAllBytes(written.zip()));
        assertThat(central.getFirst().name()).isEqualTo("bootstrap");
        assertThat(central.getFirst().externalAttributes()).isEqualTo(0100755 << 16);
        assertThat(central.get(2).externalAttributes()).isEqualTo(0100644 << 16);
    }

    @Test
    void writesTheSameZipBytesWhenPackagingTheSameAppAgain() throws IOException {
        byte[] first = Files.readAllBytes(packageApp("shop", "--no-build").zip());
        Files.setLastModifiedTime(app.resolve("target/shop.jar"), FileTime.fromMillis(1_000_000_000_000L));

        byte[] second = Files.readAllBytes(packageApp("shop", "--no-build").zip());

        assertThat(second).isEqualTo(first);
    }

    @Test
    void writesASamTemplateWithTheChosenSettings() throws IOException {
        PackageApp.Written written =
                packageApp("shop", "--no-build", "--memory", "1024", "--timeout", "30", "--arch", "arm64");

        assertThat(written.template()).isEqualTo(app.resolve("target/template.yaml"));
        assertThat(Files.readString(written.template()))
                .contains("  Shop:\n    Type: AWS::Serverless::Function\n")
                .contains("      CodeUri: function.zip\n      MemorySize: 1024\n      Timeout: 30\n")
                .contains("      Architectures:\n        - arm64\n");
    }

    @Test
    void printsWhatItWroteTheZipSizeTheJarCountAndTheMainClass() throws IOException {
        PackageApp.Written written = packageApp("shop", "--no-build");

        long size = Files.size(written.zip());
        assertThat(out.toString(StandardCharsets.UTF_8))
                .startsWith("thaw package: packaged shop (Main-Class demo.Main)\n")
                .contains("shop/target/function/")
                .contains("bootstrap, lib/ with 2 jars")
                .containsPattern("shop/target/function\\.zip +" + size + " bytes \\(\\d+\\.\\d KiB\\)")
                .contains("shop/target/template.yaml")
                .contains("SAM: x86_64, 512 MB, 10 s, an HTTP API per function\n")
                .contains(" Shop on provided.al2023 (bootstrap runs demo.Main)\n")
                .contains(" no java21 function: shop.jar has no public concrete subclass of"
                        + " dev.thaw.lambda.StreamHandler to name as its handler\n");
        assertThat(written.handlers().handlers()).isEmpty();
        assertThat(Files.readString(written.template())).doesNotContain("java21");
    }

    /** Rewrites shop.jar with {@code handlers} (simple names) extending a stand-in StreamHandler. */
    private void addHandlers(String... handlers) throws IOException {
        Map<String, String> sources = new HashMap<>();
        sources.put("dev/thaw/lambda/StreamHandler.java", ManagedHandlersTest.STREAM_HANDLER);
        sources.put("demo/Main.java", "package demo; public class Main { public static void main(String[] a) {} }");
        for (String handler : handlers) {
            sources.put(
                    "demo/" + handler + ".java",
                    "package demo; public final class " + handler
                            + " extends dev.thaw.lambda.StreamHandler { protected Object createApp() { return null; } }");
        }
        Path classes = Jars.compile(tmp.resolve("handlers"), sources);
        Jars.write(
                app.resolve("target/shop.jar"),
                Map.of("Main-Class", "demo.Main", "Class-Path", "lib/dep-1.0.jar"),
                classes,
                "demo");
    }

    @Test
    void declaresTheJava21FunctionWithTheAppsStreamHandler() throws IOException {
        addHandlers("ShopHandler");

        PackageApp.Written written = packageApp("shop", "--no-build");

        assertThat(written.handlers().handlers()).containsExactly("demo.ShopHandler");
        assertThat(Files.readString(written.template()))
                .contains("  ShopJava:\n    Type: AWS::Serverless::Function\n")
                .contains("      Runtime: java21\n      Handler: demo.ShopHandler::handleRequest\n"
                        + "      CodeUri: function.zip\n");
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains(" Shop on provided.al2023 (bootstrap runs demo.Main)\n")
                .contains(" ShopJava on java21 with SnapStart (demo.ShopHandler::handleRequest)\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void declaresOnlyProvidedAl2023AndSaysWhyWhenTheOnlyHandlerCannotBeCreated() throws IOException {
        Path classes = Jars.compile(
                tmp.resolve("hidden"),
                Map.of(
                        "dev/thaw/lambda/StreamHandler.java",
                        ManagedHandlersTest.STREAM_HANDLER,
                        "demo/Main.java",
                        "package demo; public class Main { public static void main(String[] a) {} }",
                        "demo/Hidden.java",
                        "package demo; class Hidden extends dev.thaw.lambda.StreamHandler {"
                                + " protected Object createApp() { return null; } }"));
        Jars.write(
                app.resolve("target/shop.jar"),
                Map.of("Main-Class", "demo.Main", "Class-Path", "lib/dep-1.0.jar"),
                classes,
                "demo");

        PackageApp.Written written = packageApp("shop", "--no-build");

        assertThat(written.handlers().handlers()).isEmpty();
        assertThat(Files.readString(written.template())).doesNotContain("java21");
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("thaw package: skipping demo.Hidden (not public): Lambda's managed runtime could not"
                        + " create it as the function's handler\n");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(" no java21 function: shop.jar has no public");
    }

    @Test
    void failsNamingTheClassFileItCannotRead() throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "demo.Main");
        try (OutputStream file = Files.newOutputStream(app.resolve("target/shop.jar"));
                JarOutputStream jar = new JarOutputStream(file, manifest)) {
            jar.putNextEntry(new JarEntry("demo/Broken.class"));
            jar.write(new byte[] {(byte) 0xCA, (byte) 0xFE});
            jar.closeEntry();
        }

        assertThatThrownBy(() -> packageApp("shop", "--no-build"))
                .isInstanceOf(CliException.class)
                .hasMessageStartingWith("package: looking for dev.thaw.lambda.StreamHandler subclasses: reading"
                        + " demo/Broken.class in " + app.resolve("target/shop.jar") + ": ")
                .hasMessageEndingWith(": rebuild the app jar (for Java 25 or older)");
    }

    @Test
    void takesTheFirstHandlerByNameAndWarnsWhenThereAreSeveral() throws IOException {
        addHandlers("ZetaHandler", "AlphaHandler");

        PackageApp.Written written = packageApp("shop", "--no-build");

        assertThat(Files.readString(written.template()))
                .contains("Handler: demo.AlphaHandler::handleRequest")
                .doesNotContain("ZetaHandler");
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("thaw package: shop.jar has 2 StreamHandler subclasses (demo.AlphaHandler,"
                        + " demo.ZetaHandler): the java21 function uses the first, demo.AlphaHandler;"
                        + " edit template.yaml's Handler to choose another\n");
    }

    @Test
    void leavesOutJarsInLibThatTheClassPathDoesNotName() throws IOException {
        Jars.write(app.resolve("target/lib/dep-0.9.jar"), null);

        PackageApp.Written written = packageApp("shop", "--no-build");

        assertThat(written.jars()).containsExactly("shop.jar", "dep-1.0.jar");
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("thaw package: leaving out " + app.resolve("target/lib/dep-0.9.jar")
                        + ": it is not on shop.jar's Class-Path");
    }

    @Test
    void failsWhenTheClassPathNamesAJarThatIsMissing() throws IOException {
        Files.delete(app.resolve("target/lib/dep-1.0.jar"));

        assertThatThrownBy(() -> packageApp("shop", "--no-build"))
                .isInstanceOf(CliException.class)
                .hasMessageStartingWith("package: " + app.resolve("target/shop.jar")
                        + " has 'lib/dep-1.0.jar' on its Class-Path, but " + app.resolve("target/lib/dep-1.0.jar")
                        + " is not a jar that exists: build the app again");
    }

    @Test
    void runsTheAppThroughTheGeneratedBootstrapWithTheJdkInJavaHome() throws Exception {
        PackageApp.Written written = packageApp("shop", "--no-build");
        Path emptyPath = Files.createDirectories(tmp.resolve("empty-path"));
        ProcessBuilder builder = new ProcessBuilder(
                        "/bin/sh", written.function().resolve("bootstrap").toString())
                .directory(tmp.toFile())
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment()
                .putAll(Map.of(
                        "JAVA_HOME",
                        JAVA_HOME,
                        "PATH",
                        emptyPath.toString(),
                        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
                        "160"));

        Process process = builder.start();

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).startsWith("hello from " + JAVA_HOME + "\n");
        // -Xmx128m (80 % of 160 MB); the JVM reports slightly less, as one survivor space is not usable
        assertThat(Integer.parseInt(output.lines().toList().get(1).substring("heap ".length())))
                .isBetween(100, 128);
    }
}
