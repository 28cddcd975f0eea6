package dev.thaw.local;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
        copyStored(source, target, dropClassPath, PlainCallSites.JarRewrite.NONE, false);
    }

    /**
     * Copies {@code source} as {@link #copyStored(Path, Path, boolean)} does, with the class entries
     * {@code rewrite} replaces in their new form and the classes it adds right after their host's entry
     * (with its time). With {@code flatten}, a multi-release jar's base entries become their newest variant
     * up to {@link MultiRelease#FLATTEN_RELEASE} (variants without a base entry are added at the end), for
     * the boot class path, which reads no variants; the variants themselves stay.
     */
    static void copyStored(
            Path source, Path target, boolean dropClassPath, PlainCallSites.JarRewrite rewrite, boolean flatten)
            throws IOException {
        try (ZipFile zip = new ZipFile(source.toFile());
                OutputStream file = Files.newOutputStream(target);
                ZipOutputStream out = new ZipOutputStream(file)) {
            Map<String, ZipEntry> newest = flatten && MultiRelease.declared(zip) ? newestVariants(zip) : Map.of();
            Set<String> written = new HashSet<>();
            Enumeration<? extends ZipEntry> entries = zip.entries();
            CRC32 crc = new CRC32();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                byte[] bytes = read(zip, newest.getOrDefault(entry.getName(), entry));
                if (dropClassPath && entry.getName().equalsIgnoreCase(JarFile.MANIFEST_NAME)) {
                    Manifest manifest = new Manifest(new ByteArrayInputStream(bytes));
                    manifest.getMainAttributes().remove(Attributes.Name.CLASS_PATH);
                    ByteArrayOutputStream rewritten = new ByteArrayOutputStream();
                    manifest.write(rewritten);
                    bytes = rewritten.toByteArray();
                }
                bytes = rewrite.replaced().getOrDefault(entry.getName(), bytes);
                putStored(out, crc, entry.getName(), entry, bytes);
                written.add(entry.getName());
                for (PlainCallSites.Added added : rewrite.added().getOrDefault(entry.getName(), List.of())) {
                    putStored(out, crc, added.name(), entry, added.bytes());
                }
            }
            for (Map.Entry<String, ZipEntry> variant : newest.entrySet()) {
                if (!written.contains(variant.getKey())) {
                    putStored(out, crc, variant.getKey(), variant.getValue(), read(zip, variant.getValue()));
                }
            }
        }
    }

    private static byte[] read(ZipFile zip, ZipEntry entry) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            return in.readAllBytes();
        }
    }

    /**
     * Returns, by base entry name, the newest variant up to {@link MultiRelease#FLATTEN_RELEASE} of each
     * entry that has one (module descriptors aside: a base {@code module-info.class} means nothing on a
     * class path), in the jar's order.
     */
    private static Map<String, ZipEntry> newestVariants(ZipFile zip) {
        Map<String, ZipEntry> newest = new LinkedHashMap<>();
        Map<String, Integer> release = new HashMap<>();
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            ZipEntry entry = entries.nextElement();
            MultiRelease.Variant variant = MultiRelease.Variant.of(entry.getName());
            if (variant == null
                    || variant.release() > MultiRelease.FLATTEN_RELEASE
                    || variant.baseName().endsWith("module-info.class")) {
                continue;
            }
            Integer seen = release.get(variant.baseName());
            if (seen == null || seen < variant.release()) {
                release.put(variant.baseName(), variant.release());
                newest.put(variant.baseName(), entry);
            }
        }
        return newest;
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
