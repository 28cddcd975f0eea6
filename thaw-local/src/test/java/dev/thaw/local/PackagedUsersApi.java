package dev.thaw.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The real examples/users-api build, packaged by {@code thaw package} into a copy, so tests never write
 * into the repository's tree. The reactor builds the example before thaw-local; tests skip themselves
 * (through {@link #isBuilt()}) when it has not been built.
 */
final class PackagedUsersApi {

    // surefire runs in the module directory
    static final Path USERS_API = Path.of("").toAbsolutePath().getParent().resolve("examples/users-api");

    static final Path JAR = USERS_API.resolve("target/users-api.jar");

    /** The managed-runtime entry of the example, as {@code thaw package} finds it. */
    static final String HANDLER = "dev.thaw.examples.users.UsersHandler";

    private PackagedUsersApi() {}

    /** Returns whether the example's jar exists; a test assumes this first. */
    static boolean isBuilt() {
        return Files.isRegularFile(JAR);
    }

    /**
     * Copies the example's jar, its {@code target/lib/}, its SBOM ({@code target/bom.json}) and its pom under {@code tmp/users-api} and runs
     * {@code package --no-build --no-runtime} on the copy (quick: no jlink, no AOT training), its output
     * discarded.
     */
    static PackageApp.Written packageCopy(Path tmp) throws IOException {
        return packageCopy(tmp, false);
    }

    /**
     * Copies the example as {@link #packageCopy(Path)} does, with its training requests, and packages it;
     * with {@code full}, with the jlinked runtime and the trained AOT cache (seconds).
     */
    static PackageApp.Written packageCopy(Path tmp, boolean full) throws IOException {
        Path app = Files.createDirectories(tmp.resolve("users-api")).toRealPath();
        Files.copy(USERS_API.resolve("pom.xml"), app.resolve("pom.xml"));
        Files.createDirectories(app.resolve("target/lib"));
        Path training = USERS_API.resolve(TrainingEvents.FILE);
        if (Files.isRegularFile(training)) {
            Files.copy(
                    training,
                    Files.createDirectories(app.resolve(TrainingEvents.FILE).getParent())
                            .resolve(training.getFileName()));
        }
        Files.copy(JAR, app.resolve("target/users-api.jar"));
        try (Stream<Path> libs = Files.list(USERS_API.resolve("target/lib"))) {
            for (Path lib : libs.toList()) {
                Files.copy(lib, app.resolve("target/lib").resolve(lib.getFileName()));
            }
        }
        Path sbom = USERS_API.resolve("target").resolve(PackageApp.BUILT_SBOM);
        if (Files.isRegularFile(sbom)) {
            // copied after the jar, so it is as new as the jar and package takes it
            Files.copy(sbom, app.resolve("target").resolve(PackageApp.BUILT_SBOM));
        }
        return new PackageApp(
                        tmp,
                        null,
                        "/never/run/mvn",
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .run(PackageOptions.parse(
                        full
                                ? List.of(app.toString(), "--no-build")
                                : List.of(app.toString(), "--no-build", "--no-runtime"),
                        "amd64"));
    }
}
