package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which jars {@code bootstrap} may put on the boot class path: real jars compiled here, their constant pools
 * read.
 */
class BootClassPathTest {

    @TempDir
    Path tmp;

    /** Compiles {@code source} as class {@code pkg.Name} and jars it as {@code jar}. */
    private Path jar(String jar, String className, String source) throws IOException {
        Path work = tmp.resolve(jar + "-work");
        Path classes = Jars.compile(work, Map.of(className.replace('.', '/') + ".java", source));
        String topDir = className.substring(0, className.indexOf('.'));
        return Jars.write(tmp.resolve(jar), Map.of(), classes, topDir);
    }

    private Path plain(String jar, String className) throws IOException {
        String pkg = className.substring(0, className.lastIndexOf('.'));
        String name = className.substring(className.lastIndexOf('.') + 1);
        return jar(jar, className, """
                package %s;
                public final class %s {
                    public static String hello(String who) { return "hello " + who + java.util.List.of(1); }
                }
                """.formatted(pkg, name));
    }

    @Test
    void fitsJarsThatUseOnlyTheBootLoadersModules() throws IOException {
        Path app = plain("app.jar", "app.Main");
        Path lib = jar("lib.jar", "lib.Clock", """
                package lib;
                public final class Clock {
                    public static long uptime() {
                        return java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
                    }
                }
                """);

        assertThat(BootClassPath.of(List.of(app, lib))).isEqualTo(BootClassPath.Fit.yes());
    }

    private static final String UNSEEN = ", which code on the boot class path cannot see";
    private static final String LOADER = ", which answers otherwise for a class on the boot class path";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a class literal of java.sql   | Store       | uses java.sql      | public static String open() { return java.sql.Types.class.getName(); }
            a call into java.net.http     | Store       | uses java.net.http | public static Object open() { return java.net.http.HttpClient.newHttpClient(); }
            jdk.httpserver outside thaw   | Store       | uses jdk.httpserver | public static Object open() { return com.sun.net.httpserver.HttpServer.class; }
            a parameter's type            | Store       | uses java.sql      | public static void take(java.sql.Connection connection) {}
            a field's type                | Store       | uses java.sql      | public static java.sql.Connection connection;
            a generic type argument       | Store       | uses java.net.http | public static java.util.List<java.net.http.HttpClient> clients() { return java.util.List.of(); }
            an annotation                 | Store$Inner | uses java.compiler | @javax.annotation.processing.SupportedAnnotationTypes("x") public static final class Inner {}
            Class.getClassLoader()        | Store       | calls Class.getClassLoader() | public static Object open() { return Store.class.getClassLoader().getResource("x"); }
            a method reference to it      | Store       | calls Class.getClassLoader() | public static Object open() { java.util.function.Function<Class<?>, ClassLoader> f = Class::getClassLoader; return f; }
            Class.getProtectionDomain()   | Store       | calls Class.getProtectionDomain() | public static Object open() { return Store.class.getProtectionDomain().getCodeSource(); }
            System.loadLibrary()          | Store       | calls System.loadLibrary() | public static void open() { System.loadLibrary("store"); }
            Runtime.loadLibrary()         | Store       | calls Runtime.loadLibrary() | public static void open() { Runtime.getRuntime().loadLibrary("store"); }
            """)
    void keepsTheClassPathForAClassThatNeedsWhatTheBootClassPathLacks(
            String where, String entry, String finding, String member) throws IOException {
        Path app = plain("app.jar", "app.Main");
        Path db = jar("db-1.0.jar", "db.Store", """
                package db;
                public final class Store {
                    %s
                }
                """.formatted(member));

        BootClassPath.Fit fit = BootClassPath.of(List.of(app, db));

        assertThat(fit.fits()).as(where).isFalse();
        assertThat(fit.why())
                .as(where)
                .isEqualTo("db-1.0.jar: db/" + entry + ".class " + finding
                        + (finding.startsWith("uses") ? UNSEEN : LOADER));
    }

    @Test
    void allowsJdkHttpServerOnlyToThawsLocalServer() throws IOException {
        Path app = plain("app.jar", "app.Main");
        Path server = jar("thaw-server-1.jar", "dev.thaw.server.LocalServer", """
                package dev.thaw.server;
                public final class LocalServer {
                    public static Object start() throws java.io.IOException {
                        return com.sun.net.httpserver.HttpServer.create();
                    }
                }
                """);

        assertThat(BootClassPath.of(List.of(app, server))).isEqualTo(BootClassPath.Fit.yes());
    }

    @Test
    void keepsTheClassPathForASignedJar() throws IOException {
        Path signed = tmp.resolve("signed-1.0.jar");
        try (var out = new java.util.jar.JarOutputStream(java.nio.file.Files.newOutputStream(signed))) {
            out.putNextEntry(new java.util.jar.JarEntry("META-INF/VENDOR.SF"));
            out.write("Signature-Version: 1.0\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.closeEntry();
        }

        BootClassPath.Fit fit = BootClassPath.of(List.of(plain("app.jar", "app.Main"), signed));

        assertThat(fit.why())
                .isEqualTo("signed-1.0.jar is signed (META-INF/VENDOR.SF): the boot class path loads its classes"
                        + " without checking the signature");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "META-INF/VENDOR.SF, true",
        "META-INF/vendor.rsa, true",
        "META-INF/KEY.DSA, true",
        "META-INF/KEY.EC, true",
        "META-INF/MANIFEST.MF, false",
        "META-INF/versions/21/X.SF, false",
        "app/KEY.SF, false"
    })
    void recognisesSignatureFiles(String name, boolean signature) {
        assertThat(BootClassPath.signature(name)).isEqualTo(signature);
    }

    @Test
    void doesNotMistakeOtherLoaderMethodsForTheClassOnes() throws IOException {
        // Module.getClassLoader and Thread.getContextClassLoader answer the same wherever the caller is
        Path app = jar("app.jar", "app.Main", """
                package app;
                public final class Main {
                    public static String loaders() {
                        return String.valueOf(Main.class.getModule().getClassLoader())
                                + Thread.currentThread().getContextClassLoader()
                                + ClassLoader.getSystemClassLoader();
                    }
                }
                """);

        assertThat(BootClassPath.of(List.of(app))).isEqualTo(BootClassPath.Fit.yes());
    }

    @Test
    void acceptsOnlyTheReviewedBytesOfAClassThatAsksForItsLoader() throws IOException {
        assumeTrue(PackagedUsersApi.isBuilt(), "build examples/users-api first: " + PackagedUsersApi.JAR);
        Path cracJar = PackagedUsersApi.USERS_API.resolve("target/lib/crac-1.5.0.jar");
        byte[] compat;
        try (java.util.jar.JarFile crac = new java.util.jar.JarFile(cracJar.toFile())) {
            compat = crac.getInputStream(crac.getEntry("org/crac/Core$Compat.class"))
                    .readAllBytes();
        }
        byte[] changed = compat.clone();
        changed[changed.length - 1] ^= 1;

        assertThat(BootClassPath.loaderSensitiveMethod(new ByteArrayInputStream(compat)))
                .contains("Class.getClassLoader()");
        assertThat(BootClassPath.reviewed("org/crac/Core$Compat.class", compat)).isTrue();
        assertThat(BootClassPath.reviewed("org/crac/Core$Compat.class", changed))
                .isFalse();
        assertThat(BootClassPath.reviewed("org/crac/Other.class", compat)).isFalse();
    }

    @Test
    void keepsTheClassPathForAClassFileItCannotRead() throws IOException {
        Path jar = tmp.resolve("cut.jar");
        try (var out = new java.util.jar.JarOutputStream(java.nio.file.Files.newOutputStream(jar))) {
            out.putNextEntry(new java.util.jar.JarEntry("cut/Short.class"));
            out.write(new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0});
            out.closeEntry();
        }

        BootClassPath.Fit fit = BootClassPath.of(List.of(plain("app.jar", "app.Main"), jar));

        assertThat(fit.fits()).isFalse();
        assertThat(fit.why()).startsWith("cut.jar: cut/Short.class is not a class file this JDK can read (");
    }

    @Test
    void readsNoMethodFromAFileThatIsNotAClass() throws IOException {
        assertThat(BootClassPath.loaderSensitiveMethod(new ByteArrayInputStream(new byte[] {1, 2, 3, 4, 5, 6})))
                .isEmpty();
    }
}
