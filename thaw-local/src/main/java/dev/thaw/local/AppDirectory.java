package dev.thaw.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * An application directory: a Maven project whose build leaves a runnable jar in {@code target/}.
 *
 * @param dir the directory, absolute and real
 * @param artifactId the project's own {@code <artifactId>}
 */
record AppDirectory(Path dir, String artifactId) {

    /**
     * Finds the application directory {@code given}: an absolute path as is; a relative one in {@code cwd}
     * first, then in the thaw repository {@code home} (so {@code examples/users-api} works from anywhere).
     *
     * @param command the command asking, which prefixes error messages
     * @param home the thaw repository root, or null when unknown
     * @throws CliException naming where it looked when there is no such directory or it has no pom.xml
     */
    static AppDirectory resolve(String command, String given, Path cwd, Path home) {
        Path path = Path.of(given);
        Path found;
        if (path.isAbsolute()) {
            found = Files.isDirectory(path) ? path : null;
            if (found == null) {
                throw CliException.failure(command + ": app directory " + path + " does not exist");
            }
        } else {
            Path inCwd = cwd.resolve(path).normalize();
            Path inHome = home == null ? null : home.resolve(path).normalize();
            if (Files.isDirectory(inCwd)) {
                found = inCwd;
            } else if (inHome != null && Files.isDirectory(inHome)) {
                found = inHome;
            } else {
                throw CliException.failure(command + ": app directory '" + given + "' not found in " + cwd
                        + (inHome == null ? "" : " nor in " + home)
                        + ": pass the path of a Maven project (a directory with a pom.xml)");
            }
        }
        Path dir;
        try {
            dir = found.toRealPath();
        } catch (IOException e) {
            throw CliException.failure(command + ": reading app directory " + found + ": " + e.getMessage(), e);
        }
        Path pom = dir.resolve("pom.xml");
        if (!Files.isRegularFile(pom)) {
            throw CliException.failure(command + ": " + dir
                    + " has no pom.xml: APP_DIR must be a Maven project that builds a runnable jar");
        }
        try {
            return new AppDirectory(dir, Pom.artifactId(pom));
        } catch (CliException e) {
            throw CliException.failure(command + ": " + e.getMessage(), e);
        }
    }

    /** Shows the directory relative to {@code cwd} when it lies inside it, as users type it; else absolute. */
    String shownFrom(Path cwd) {
        Path base;
        try {
            base = cwd.toRealPath();
        } catch (IOException e) {
            base = cwd.toAbsolutePath().normalize();
        }
        return dir.startsWith(base) && !dir.equals(base) ? base.relativize(dir).toString() : dir.toString();
    }

    /** Returns the project's pom.xml. */
    Path pom() {
        return dir.resolve("pom.xml");
    }

    /**
     * Returns the runnable jar: {@code target/<artifactId>.jar}, else the newest
     * {@code target/<artifactId>-*.jar} with a {@code Main-Class}; empty when there is none yet.
     *
     * @throws UncheckedIOException when {@code target/} cannot be listed
     */
    Optional<Path> jar() {
        Path target = dir.resolve("target");
        Path exact = target.resolve(artifactId + ".jar");
        if (Files.isRegularFile(exact)) {
            return Optional.of(exact);
        }
        if (!Files.isDirectory(target)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> {
                        String name = p.getFileName().toString();
                        return name.startsWith(artifactId + "-")
                                && name.endsWith(".jar")
                                && !name.endsWith("-sources.jar")
                                && !name.endsWith("-javadoc.jar")
                                && !name.endsWith("-tests.jar");
                    })
                    .filter(p -> mainClass(p).isPresent())
                    .max(Comparator.comparing(AppDirectory::modified));
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Returns whether the jar must be (re)built: it is missing, or pom.xml or a file under src/main is
     * newer. Test sources do not go into the jar, so editing them does not cost a rebuild.
     */
    boolean needsBuild() {
        Optional<Path> jar = jar();
        if (jar.isEmpty()) {
            return true;
        }
        FileTime built = modified(jar.get());
        if (modified(pom()).compareTo(built) > 0) {
            return true;
        }
        Path src = dir.resolve("src").resolve("main");
        if (!Files.isDirectory(src)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(src)) {
            return files.anyMatch(p -> Files.isRegularFile(p) && modified(p).compareTo(built) > 0);
        } catch (IOException | UncheckedIOException e) {
            // unreadable sources: let the build say what is wrong
            return true;
        }
    }

    /** Returns the {@code Main-Class} of a jar's manifest, empty when it has none or cannot be read. */
    static Optional<String> mainClass(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            var manifest = file.getManifest();
            if (manifest == null) {
                return Optional.empty();
            }
            String main = manifest.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS);
            return main == null || main.isBlank() ? Optional.empty() : Optional.of(main.trim());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
