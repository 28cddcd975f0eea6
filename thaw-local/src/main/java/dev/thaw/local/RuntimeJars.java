package dev.thaw.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The jars an application runs with, in classpath order: its own jar first, then the entries of its
 * manifest's {@code Class-Path} in their order (Maven writes the resolved dependency order there), or,
 * when the manifest has none, every jar in {@code target/lib/} by name.
 *
 * @param jars the jars, the application's first; their file names are distinct
 * @param leftOut jars in {@code target/lib/} that the {@code Class-Path} does not name, such as stale ones
 *     from an earlier build
 */
record RuntimeJars(List<Path> jars, List<Path> leftOut) {

    /**
     * Collects the jars of {@code appJar}, whose dependencies are in {@code libDir}.
     *
     * @throws CliException when the {@code Class-Path} names something that is not an existing jar, or two
     *     jars share a file name
     */
    static RuntimeJars of(Path appJar, Path libDir) {
        List<Path> jars = new ArrayList<>();
        jars.add(appJar);
        List<Path> inLib = jarsIn(libDir);
        List<Path> leftOut = new ArrayList<>();
        String classPath = classPath(appJar);
        if (classPath == null) {
            jars.addAll(inLib);
        } else {
            Path base = appJar.toAbsolutePath().getParent();
            for (String entry : classPath.trim().split("\\s+")) {
                if (entry.isEmpty()) {
                    continue;
                }
                Path jar = base.resolve(decoded(entry)).normalize();
                // an AOT cache needs a classpath of jars only: a directory aborts its dump
                if (!entry.endsWith(".jar") || !Files.isRegularFile(jar)) {
                    throw CliException.failure("package: " + appJar + " has '" + entry + "' on its Class-Path, but "
                            + jar + (Files.isDirectory(jar) ? " is a directory" : " is not a jar that exists")
                            + ": build the app again (mvn package copies its runtime dependencies to " + libDir
                            + ") and keep its Class-Path to jars");
                }
                jars.add(jar);
            }
            Set<Path> named = new HashSet<>(jars);
            for (Path jar : inLib) {
                if (!named.contains(jar)) {
                    leftOut.add(jar);
                }
            }
        }
        Set<String> names = new HashSet<>();
        for (Path jar : jars) {
            if (!names.add(jar.getFileName().toString())) {
                throw CliException.failure("package: two jars of " + appJar.getFileName() + " are named "
                        + jar.getFileName() + " (one is " + jar
                        + "): they would overwrite each other in lib/; rename one");
            }
        }
        return new RuntimeJars(List.copyOf(jars), List.copyOf(leftOut));
    }

    /** Returns the jars directly in {@code dir}, sorted by name; none when it does not exist. */
    private static List<Path> jarsIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p))
                    .map(p -> p.toAbsolutePath().normalize())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String classPath(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            var manifest = file.getManifest();
            String value =
                    manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            return value == null || value.isBlank() ? null : value;
        } catch (IOException e) {
            throw new UncheckedIOException("reading the manifest of " + jar + ": " + e.getMessage(), e);
        }
    }

    /** Class-Path entries are relative URLs: {@code %20} and the like are decoded. */
    private static String decoded(String entry) {
        if (entry.indexOf('%') < 0) {
            return entry;
        }
        try {
            String path = URI.create(entry).getPath();
            return path == null ? entry : path;
        } catch (IllegalArgumentException e) {
            return entry;
        }
    }
}
