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
     * Copies the example's jar, its {@code target/lib/} and its pom under {@code tmp/users-api} and runs
     * {@code package --no-build} on the copy, its output discarded.
     */
    static PackageApp.Written packageCopy(Path tmp) throws IOException {
        Path app = Files.createDirectories(tmp.resolve("users-api")).toRealPath();
        Files.copy(USERS_API.resolve("pom.xml"), app.resolve("pom.xml"));
        Files.createDirectories(app.resolve("target/lib"));
        Files.copy(JAR, app.resolve("target/users-api.jar"));
        try (Stream<Path> libs = Files.list(USERS_API.resolve("target/lib"))) {
            for (Path lib : libs.toList()) {
                Files.copy(lib, app.resolve("target/lib").resolve(lib.getFileName()));
            }
        }
        return new PackageApp(
                        tmp,
                        null,
                        "/never/run/mvn",
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .run(PackageOptions.parse(List.of(app.toString(), "--no-build"), "amd64"));
    }
}
