package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.thaw.testkit.GoldenEvents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged examples/users-api holds only what its SBOM declares: every jar in {@code lib/} (and in
 * {@code function.zip}) is the app jar or a component of the CycloneDX SBOM its build wrote, every component
 * has its jar, and the SBOM travels in the package as {@code sbom.cdx.json} (unless it is older than the
 * app jar). Skipped until the example is
 * built with {@code mvn package} (which writes {@code target/bom.json}).
 */
class PackagedFunctionSbomTest {

    @TempDir
    static Path tmp;

    private static PackageApp.Written written;

    @BeforeAll
    static void packageUsersApi() throws IOException {
        assumeTrue(PackagedUsersApi.isBuilt(), "build examples/users-api first: " + PackagedUsersApi.JAR);
        assumeTrue(
                Files.isRegularFile(PackagedUsersApi.USERS_API.resolve("target/bom.json")),
                "build examples/users-api with mvn package first: no target/bom.json");
        written = PackagedUsersApi.packageCopy(tmp);
    }

    /** Returns the jar file names the SBOM's components stand for: {@code name-version.jar}. */
    @SuppressWarnings("unchecked")
    private static List<String> componentJars(byte[] sbom) {
        Map<String, Object> bom = GoldenEvents.parse(sbom);
        assertThat(bom).containsEntry("bomFormat", "CycloneDX");
        List<String> jars = new ArrayList<>();
        for (Object item : (List<Object>) bom.get("components")) {
            Map<String, Object> component = (Map<String, Object>) item;
            assertThat(component.get("purl")).asString().startsWith("pkg:maven/");
            jars.add(component.get("name") + "-" + component.get("version") + ".jar");
        }
        return jars;
    }

    @Test
    void everyJarInLibIsTheAppOrADeclaredComponentAndNothingIsMissing() throws IOException {
        Path sbom = written.function().resolve(PackageApp.SBOM);
        assertThat(sbom).exists().hasSameBinaryContentAs(PackagedUsersApi.USERS_API.resolve("target/bom.json"));
        List<String> declared = componentJars(Files.readAllBytes(sbom));
        TreeSet<String> inLib = new TreeSet<>();
        try (Stream<Path> lib = Files.list(written.function().resolve("lib"))) {
            lib.forEach(jar -> inLib.add(jar.getFileName().toString()));
        }

        TreeSet<String> expected = new TreeSet<>(declared);
        expected.add("users-api.jar");
        assertThat(inLib).as("lib/ against the SBOM").isEqualTo(expected);
        assertThat(declared).as("one component per jar").doesNotHaveDuplicates();
        assertThat(written.jars()).containsExactlyInAnyOrderElementsOf(inLib);
    }

    @Test
    void leavesOutAnSbomOlderThanTheAppJar(@TempDir Path other) throws IOException {
        Path app = PackagedUsersApi.packageCopy(other).function().getParent().getParent();
        Path jar = app.resolve("target/users-api.jar");
        Files.setLastModifiedTime(
                app.resolve("target").resolve(PackageApp.BUILT_SBOM),
                FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 60_000));
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        PackageApp.Written again = new PackageApp(
                        other,
                        null,
                        "/never/run/mvn",
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(PackageOptions.parse(List.of(app.toString(), "--no-build", "--no-runtime"), "amd64"));

        assertThat(again.function().resolve(PackageApp.SBOM)).doesNotExist();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("thaw package: leaving out ")
                .contains("bom.json: it is older than users-api.jar");
    }

    @Test
    void theZipHoldsTheSameJarsAndTheSbomAndNothingElseBesideBootstrap() throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipFile zip = new ZipFile(written.zip().toFile())) {
            zip.stream().map(ZipEntry::getName).forEach(names::add);
            List<String> declared = componentJars(
                    zip.getInputStream(zip.getEntry(PackageApp.SBOM)).readAllBytes());
            TreeSet<String> expected = new TreeSet<>();
            expected.add("bootstrap");
            expected.add(PackageApp.SBOM);
            expected.add("lib/");
            expected.add("lib/users-api.jar");
            declared.forEach(jar -> expected.add("lib/" + jar));
            assertThat(new TreeSet<>(names)).isEqualTo(expected);
        }
    }
}
