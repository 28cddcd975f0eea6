package dev.thaw.local;

import java.io.IOException;
import java.io.InputStream;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Multi-release jars ({@code Multi-Release: true}, classes for newer Java releases under
 * {@code META-INF/versions/N/}) on the boot class path. The class-path loader picks each class's variant
 * for the running JVM; the boot loader reads only the base entries, so a jar such as avaje-json-core
 * (whose Java 21 {@code ThreadFunctions} knows virtual threads, and whose base one does not) would behave
 * as on Java 8 there. {@code thaw package} therefore writes, in a jar bound for the boot class path, each
 * base entry as its newest variant up to {@link #FLATTEN_RELEASE}, the oldest release thaw runs on (the
 * variants stay, so the class path and Lambda's managed runtime see what they saw); a jar with a variant
 * for a newer release keeps the jars on the class path ({@link BootClassPath}).
 */
final class MultiRelease {

    /** Where a multi-release jar keeps its variants. */
    static final String PREFIX = "META-INF/versions/";

    /** The release whose variants become base entries: Lambda's java21, the oldest thaw runs on. */
    static final int FLATTEN_RELEASE = 21;

    private MultiRelease() {}

    /**
     * A variant entry: the release it is for and the base entry it replaces there.
     *
     * @param release the N of {@code META-INF/versions/N/}
     * @param baseName the entry's name without {@code META-INF/versions/N/}
     */
    record Variant(int release, String baseName) {

        /** Returns the variant {@code entryName} is, or null when it is a base entry or a directory. */
        static Variant of(String entryName) {
            if (!entryName.startsWith(PREFIX) || entryName.endsWith("/")) {
                return null;
            }
            int slash = entryName.indexOf('/', PREFIX.length());
            if (slash < 0) {
                return null;
            }
            int release;
            try {
                release = Integer.parseInt(entryName.substring(PREFIX.length(), slash));
            } catch (NumberFormatException e) {
                return null;
            }
            // the JDK reads variants for release 9 and later only
            return release >= 9 ? new Variant(release, entryName.substring(slash + 1)) : null;
        }
    }

    /** Returns whether {@code jar}'s manifest declares it multi-release (else its variants are never read). */
    static boolean declared(ZipFile jar) throws IOException {
        ZipEntry entry = jar.getEntry(JarFile.MANIFEST_NAME);
        if (entry == null) {
            return false;
        }
        try (InputStream in = jar.getInputStream(entry)) {
            return "true"
                    .equalsIgnoreCase(new Manifest(in).getMainAttributes().getValue(Attributes.Name.MULTI_RELEASE));
        }
    }
}
