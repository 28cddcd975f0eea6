package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Multi-release jars bound for the boot class path, which reads only base entries: real jars compiled here,
 * run in fresh JVMs before and after {@code thaw package} writes their variants up to Java 21 as base
 * entries.
 */
class MultiReleaseTest {

    @TempDir
    Path tmp;

    private static final String MAIN = """
            package mr;
            public final class Main {
                public static void main(String[] args) throws Exception {
                    System.out.print(Which.which());
                    try {
                        Class.forName("mr.Only");
                        System.out.println(" Only");
                    } catch (ClassNotFoundException e) {
                        System.out.println(" and no Only");
                    }
                }
            }
            """;

    private static String which(String answer) {
        return """
                package mr;
                public final class Which {
                    public static String which() { return "%s"; }
                }
                """.formatted(answer);
    }

    private static final String ONLY = "package mr; public final class Only {}";

    /**
     * Compiles {@code source} (class {@code mr.name}) for {@code release}, next to a base Which, and returns
     * its class file's bytes.
     */
    private byte[] compile(String name, String source, String release) throws IOException {
        Path work = tmp.resolve("work-" + name + "-" + release + "-" + Integer.toHexString(source.hashCode()));
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("mr/" + name + ".java", source);
        if (!name.equals("Which")) {
            sources.put("mr/Which.java", which("base"));
        }
        Path classes = Jars.compile(work, sources, List.of(), release);
        return Files.readAllBytes(classes.resolve("mr/" + name + ".class"));
    }

    /**
     * Writes a jar of {@code entries} (name → bytes, in order) whose manifest says Multi-Release when
     * {@code multiRelease}.
     */
    private Path jar(String name, boolean multiRelease, Map<String, byte[]> entries) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (multiRelease) {
            manifest.getMainAttributes().put(Attributes.Name.MULTI_RELEASE, "true");
        }
        Path jar = tmp.resolve(name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                out.putNextEntry(new JarEntry(entry.getKey()));
                out.write(entry.getValue());
                out.closeEntry();
            }
        }
        return jar;
    }

    /** A multi-release jar: base Which says "base", its Java 11 and 21 variants say so; Only exists for 11 only. */
    private Path multiReleaseJar(String name, boolean declared, String newestRelease) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("mr/Main.class", compile("Main", MAIN, "8"));
        entries.put("mr/Which.class", compile("Which", which("base"), "8"));
        entries.put("META-INF/versions/11/mr/Which.class", compile("Which", which("11"), "11"));
        entries.put("META-INF/versions/11/mr/Only.class", compile("Only", ONLY, "11"));
        entries.put(
                "META-INF/versions/" + newestRelease + "/mr/Which.class",
                compile("Which", which(newestRelease), newestRelease));
        return jar(name, declared, entries);
    }

    /** Runs {@code mr.Main} with {@code jar} as {@code how} ("-cp" or "-Xbootclasspath/a:"); returns its output. */
    private static String run(Path jar, String how) throws IOException, InterruptedException {
        Jars.Placement placement = how.equals("-cp") ? Jars.Placement.CLASS_PATH : Jars.Placement.BOOT_CLASS_PATH;
        return Jars.runMain(jar, placement, "mr.Main").output().strip();
    }

    @Test
    void theBootClassPathSeesTheJava21VariantsOnceTheyAreBaseEntries() throws Exception {
        Path original = multiReleaseJar("original.jar", true, "21");
        Path flat = tmp.resolve("flat.jar");
        JarManifests.copyStored(original, flat, false, PlainCallSites.JarRewrite.NONE, true);

        // the boot loader reads base entries only: Java 8's Which, and no Only at all
        assertThat(run(original, "-Xbootclasspath/a:")).isEqualTo("base and no Only");
        assertThat(run(flat, "-Xbootclasspath/a:")).isEqualTo("21 Only");
        // the class path picks the variants itself, before and after
        assertThat(run(original, "-cp")).isEqualTo("21 Only");
        assertThat(run(flat, "-cp")).isEqualTo("21 Only");
        try (JarFile jar = new JarFile(flat.toFile())) {
            // the variants stay, so Lambda's managed runtime and the class path see what they saw
            assertThat(jar.getEntry("META-INF/versions/21/mr/Which.class")).isNotNull();
            assertThat(jar.getEntry("META-INF/versions/11/mr/Only.class")).isNotNull();
            assertThat(jar.getEntry("mr/Only.class")).isNotNull();
        }
    }

    @Test
    void leavesAJarAloneWhenNotAskedOrNotDeclaredMultiRelease() throws Exception {
        Path undeclared = multiReleaseJar("undeclared.jar", false, "21");
        Path copy = tmp.resolve("undeclared-copy.jar");
        JarManifests.copyStored(undeclared, copy, false, PlainCallSites.JarRewrite.NONE, true);
        Path declared = multiReleaseJar("declared.jar", true, "21");
        Path notAsked = tmp.resolve("not-asked.jar");
        JarManifests.copyStored(declared, notAsked, false, PlainCallSites.JarRewrite.NONE, false);

        // without Multi-Release: true no JVM reads the variants, so neither does the copy's base
        assertThat(run(copy, "-cp")).isEqualTo("base and no Only");
        assertThat(run(notAsked, "-Xbootclasspath/a:")).isEqualTo("base and no Only");
    }

    @Test
    void keepsTheClassPathForAVariantNewerThanJava21() throws IOException {
        Path newer = multiReleaseJar("newer-1.0.jar", true, "22");

        assertThat(BootClassPath.of(List.of(newer)).why())
                .isEqualTo("newer-1.0.jar has a variant for Java 22 (META-INF/versions/22/mr/Which.class): the boot"
                        + " class path reads no multi-release variants, and thaw package makes base entries only"
                        + " of those up to Java 21");
        assertThat(BootClassPath.of(List.of(multiReleaseJar("java21.jar", true, "21"))))
                .isEqualTo(BootClassPath.Fit.yes());
        assertThat(BootClassPath.of(List.of(multiReleaseJar("undeclared-22.jar", false, "22"))))
                .isEqualTo(BootClassPath.Fit.yes());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            nullValues = "null",
            value = {
                "META-INF/versions/21/io/x/Y.class, 21, io/x/Y.class",
                "META-INF/versions/9/a.properties, 9, a.properties",
                "META-INF/versions/8/io/x/Y.class, null, null",
                "META-INF/versions/21/, null, null",
                "META-INF/versions/x/io/Y.class, null, null",
                "io/x/Y.class, null, null"
            })
    void readsVariantNames(String entry, Integer release, String baseName) {
        MultiRelease.Variant variant = MultiRelease.Variant.of(entry);

        assertThat(variant).isEqualTo(release == null ? null : new MultiRelease.Variant(release, baseName));
    }
}
