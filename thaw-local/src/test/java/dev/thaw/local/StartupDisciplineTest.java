package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The start-up modules (thaw-core, thaw-lambda, thaw-server, thaw-run) reference none of the APIs banned
 * from the path to the first response: reflection, {@code Class.forName}, {@code ServiceLoader}, the JDK's
 * HttpClient, {@code java.util.logging}, Jackson, dynamic proxies, {@code java.lang.management},
 * {@code javax.script}. Their jars are read from examples/users-api's {@code target/lib/}, where its build
 * copies them; skipped until the example is built.
 */
class StartupDisciplineTest {

    private static final List<String> STARTUP_MODULES = List.of("thaw-core", "thaw-lambda", "thaw-server", "thaw-run");

    /** Accepted references, {@code class.method → owner.name}, each with the reason it is harmless. */
    private static final Map<String, String> ALLOWED = Map.of(
            "dev.thaw.internal.ThawJsonb.discover → java.util.ServiceLoader.load",
            "the JSON codec's one class-path search for the app's components; skipped when main registers them"
                    + " with Json.use",
            "dev.thaw.internal.ThawJsonb.discover → java.util.ServiceLoader.iterator",
            "the same search");

    @TempDir
    Path tmp;

    @Test
    void startupModulesReferenceNoBannedApi() throws Exception {
        BannedApis scanner = new BannedApis(ALLOWED);
        List<String> found = new ArrayList<>();
        for (String module : STARTUP_MODULES) {
            Path jar = PackagedUsersApi.USERS_API.resolve("target/lib/" + module + "-0.1.0-SNAPSHOT.jar");
            assumeTrue(Files.isRegularFile(jar), "build examples/users-api first: " + jar);
            found.addAll(scanner.scanJar(jar));
        }

        assertThat(found).as("banned references on the start-up path").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Class.forName("x")                                              | java.lang.Class.forName
            String.class.getDeclaredMethod("length")                        | java.lang.Class.getDeclaredMethod
            String.class.getMethod("length").invoke("")                     | java.lang.reflect.Method.invoke
            java.util.ServiceLoader.load(Runnable.class)                    | java.util.ServiceLoader.load
            java.util.logging.Logger.getLogger("x")                         | java.util.logging.Logger.getLogger
            java.net.http.HttpClient.newHttpClient()                        | java.net.http.HttpClient.newHttpClient
            java.lang.management.ManagementFactory.getRuntimeMXBean()       | java.lang.management.ManagementFactory.getRuntimeMXBean
            ((java.util.function.Function<Class<?>, Object>) Class::getDeclaredFields).apply(String.class) | java.lang.Class.getDeclaredFields
            """)
    void flagsABannedCallInACompiledClass(String statement, String reported) throws Exception {
        Path classes = Jars.compile(
                tmp,
                Map.of(
                        "offender/Offender.java",
                        "package offender; public class Offender { public static void run() throws Exception { "
                                + statement + "; } }"));
        Path jar = Jars.write(tmp.resolve("offender.jar"), Map.of(), classes, "offender");

        assertThat(new BannedApis(ALLOWED).scanJar(jar)).contains("offender.Offender.run → " + reported);
    }

    @Test
    void acceptsAllowedReferencesAndPlainCode() throws Exception {
        Path classes = Jars.compile(tmp, Map.of("offender/Offender.java", """
                        package offender;
                        public class Offender {
                            public static Object load() throws Exception { return Class.forName("x"); }
                            public static String name() { return String.class.getName() + System.nanoTime(); }
                        }
                        """));
        Path jar = Jars.write(tmp.resolve("offender.jar"), Map.of(), classes, "offender");

        assertThat(new BannedApis(Map.of()).scanJar(jar))
                .containsExactly("offender.Offender.load → java.lang.Class.forName");
        assertThat(new BannedApis(Map.of("offender.Offender.load → java.lang.Class.forName", "a test's reason"))
                        .scanJar(jar))
                .isEmpty();
    }
}
