package dev.thaw.local;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites the jars of the package's {@code lib/}: every entry stored (not deflated), and the app jar's
 * manifest without {@code Class-Path}.
 *
 * <p>Stored entries: without the AOT cache the JVM reads every class it loads from these jars, and
 * inflating them was ~8 ms of CPU on the main thread of a cold start of the example (async-profiler, 10
 * starts; −6 ms cold, paired over 20 runs). {@code function.zip} deflates the jars as it packs them, so the
 * upload stays about as small. The bytes of every entry stay the same, so signed jars stay valid.
 */
final class JarManifests {

    private JarManifests() {}

    /**
     * Copies {@code source} to {@code target} with the same entries in the same order and times, each
     * stored; with {@code dropClassPath} its manifest loses {@code Class-Path} (every other attribute,
     * Main-Class included, kept).
     */
    static void copyStored(Path source, Path target, boolean dropClassPath) throws IOException {
        copyStored(source, target, dropClassPath, LambdaClasses.JarRewrite.NONE);
    }

    /**
     * Copies {@code source} as {@link #copyStored(Path, Path, boolean)} does, with the class entries
     * {@code rewrite} replaces in their new form and the classes it adds right after their host's entry
     * (with its time).
     */
    static void copyStored(Path source, Path target, boolean dropClassPath, LambdaClasses.JarRewrite rewrite)
            throws IOException {
        try (ZipFile zip = new ZipFile(source.toFile());
                OutputStream file = Files.newOutputStream(target);
                ZipOutputStream out = new ZipOutputStream(file)) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            CRC32 crc = new CRC32();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                byte[] bytes;
                try (InputStream in = zip.getInputStream(entry)) {
                    bytes = in.readAllBytes();
                }
                if (dropClassPath && entry.getName().equalsIgnoreCase(JarFile.MANIFEST_NAME)) {
                    Manifest manifest = new Manifest(new ByteArrayInputStream(bytes));
                    manifest.getMainAttributes().remove(Attributes.Name.CLASS_PATH);
                    ByteArrayOutputStream rewritten = new ByteArrayOutputStream();
                    manifest.write(rewritten);
                    bytes = rewritten.toByteArray();
                }
                bytes = rewrite.replaced().getOrDefault(entry.getName(), bytes);
                putStored(out, crc, entry.getName(), entry, bytes);
                for (LambdaClasses.Added added : rewrite.added().getOrDefault(entry.getName(), List.of())) {
                    putStored(out, crc, added.name(), entry, added.bytes());
                }
            }
        }
    }

    /** Writes one stored entry named {@code name} with {@code bytes} and the times of {@code timeOf}. */
    private static void putStored(ZipOutputStream out, CRC32 crc, String name, ZipEntry timeOf, byte[] bytes)
            throws IOException {
        ZipEntry copy = new ZipEntry(name);
        copy.setTime(timeOf.getTime());
        if (timeOf.getLastModifiedTime() != null) {
            copy.setLastModifiedTime(timeOf.getLastModifiedTime());
        }
        crc.reset();
        crc.update(bytes);
        copy.setMethod(ZipEntry.STORED);
        copy.setSize(bytes.length);
        copy.setCompressedSize(bytes.length);
        copy.setCrc(crc.getValue());
        out.putNextEntry(copy);
        out.write(bytes);
        out.closeEntry();
    }
}
