package dev.thaw.local;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Writes small jars and Maven project layouts for tests. */
final class Jars {

    private Jars() {}

    /** Writes an empty jar whose manifest names {@code mainClass} (none when null). */
    static Path write(Path jar, String mainClass) throws IOException {
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (mainClass != null) {
            manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
        }
        try (OutputStream out = Files.newOutputStream(jar)) {
            new JarOutputStream(out, manifest).close();
        }
        return jar;
    }

    /** Writes {@code dir/pom.xml} declaring {@code artifactId}. */
    static Path project(Path dir, String artifactId) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve("pom.xml"),
                "<project><modelVersion>4.0.0</modelVersion><groupId>test</groupId><artifactId>" + artifactId
                        + "</artifactId><version>1</version></project>");
        return dir;
    }
}
