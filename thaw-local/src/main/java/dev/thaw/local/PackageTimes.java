package dev.thaw.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The modification times a package's files get, in {@code target/function/} and in {@code function.zip}
 * alike, so that they are the same wherever the zip is unpacked with its times (Lambda keeps them).
 *
 * <p>JDK 25 accepts an AOT cache only when every boot class path jar has the size and modification time
 * it had in training. So the jars in {@code lib/} carry {@link #JARS}, one zip time step (two seconds)
 * after everything else's {@link #BASE}, and {@code app.aot.stamp} one step later, {@link #STAMP}:
 * bootstrap checks that each jar is newer than {@code runtime/release} and older than the stamp (two tests
 * of the shell, no process) before it names the cache. An unpacking that drops the times gives every file
 * the time it was written, in the zip's order (the stamp before {@code lib/}, {@code runtime/} after), and
 * fails that check, so bootstrap starts without the cache instead of handing the JVM one it refuses.
 */
final class PackageTimes {

    /** 1980-01-01T00:00:00Z, the earliest time a zip entry can hold: no build's clock leaks into a package. */
    static final long BASE = 315_532_800L;

    /** The jars of {@code lib/}: {@link #BASE} plus one zip time step. */
    static final long JARS = BASE + 2;

    /** {@code app.aot.stamp}: {@link #JARS} plus one zip time step. */
    static final long STAMP = JARS + 2;

    private PackageTimes() {}

    /** Returns the time (seconds since the epoch) of the package file {@code name} ({@code lib/x.jar}, ...). */
    static long of(String name) {
        if (name.equals(AotTraining.STAMP)) {
            return STAMP;
        }
        if (name.startsWith("lib/") && name.endsWith(".jar") && name.indexOf('/', 4) < 0) {
            return JARS;
        }
        return BASE;
    }

    /**
     * Gives {@code function}'s jars, {@code runtime/release} and stamp (those present) their times; run
     * before AOT training, which records the jars' times, and again once the stamp is written.
     */
    static void apply(Path function) throws IOException {
        Path lib = function.resolve("lib");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> jars = Files.list(lib)) {
                for (Path jar : jars.toList()) {
                    set(function, jar);
                }
            }
        }
        set(function, function.resolve("runtime/release"));
        set(function, function.resolve(AotTraining.STAMP));
    }

    private static void set(Path function, Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            String name = function.relativize(file).toString().replace('\\', '/');
            Files.setLastModifiedTime(file, FileTime.from(of(name), TimeUnit.SECONDS));
        }
    }
}
