package dev.thaw.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** Rewrites a jar's manifest for the package's {@code lib/}. */
final class JarManifests {

    private JarManifests() {}

    /**
     * Copies {@code source} to {@code target} with the same entries in the same order and times, its
     * manifest without {@code Class-Path} (every other attribute, Main-Class included, kept).
     */
    static void copyWithoutClassPath(Path source, Path target) throws IOException {
        try (ZipFile zip = new ZipFile(source.toFile());
                OutputStream file = Files.newOutputStream(target);
                ZipOutputStream out = new ZipOutputStream(file)) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTime(entry.getTime());
                if (entry.getLastModifiedTime() != null) {
                    copy.setLastModifiedTime(entry.getLastModifiedTime());
                }
                out.putNextEntry(copy);
                try (InputStream in = zip.getInputStream(entry)) {
                    if (entry.getName().equalsIgnoreCase(JarFile.MANIFEST_NAME)) {
                        Manifest manifest = new Manifest(in);
                        manifest.getMainAttributes().remove(Attributes.Name.CLASS_PATH);
                        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                        manifest.write(bytes);
                        out.write(bytes.toByteArray());
                    } else {
                        in.transferTo(out);
                    }
                }
                out.closeEntry();
            }
        }
    }
}
