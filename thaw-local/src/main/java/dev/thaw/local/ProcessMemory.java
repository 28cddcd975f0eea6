package dev.thaw.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Tracks the peak memory of a process tree the way Lambda's {@code Max Memory Used} reports it: the high
 * water mark of resident memory ({@code VmHWM} in {@code /proc/<pid>/status}) of the runtime process and
 * its descendants (bootstrap usually {@code exec}s the JVM, but a script that does not leaves the JVM as a
 * child of sh). Finding descendants scans all of {@code /proc} (about a millisecond), so the list is
 * refreshed at most every few seconds; reading the peaks costs a fraction of that. Thread-safe.
 */
final class ProcessMemory {

    private static final long REFRESH_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final ProcessHandle root;
    private List<ProcessHandle> descendants = List.of();
    private long descendantsReadNanos;
    private boolean descendantsRead;
    private long peakKib = -1;

    ProcessMemory(ProcessHandle root) {
        this.root = root;
    }

    /**
     * Reads the tree's current peak and returns the highest seen so far in KiB, or -1 if never known (no
     * {@code /proc}). A tree that is gone keeps its last value.
     */
    synchronized long sample() {
        long now = System.nanoTime();
        if (!descendantsRead || now - descendantsReadNanos > REFRESH_NANOS) {
            descendants = root.descendants().toList();
            descendantsRead = true;
            descendantsReadNanos = now;
        }
        long total = peakKib(root.pid());
        if (total < 0) {
            return peakKib;
        }
        for (ProcessHandle process : descendants) {
            total += Math.max(0, peakKib(process.pid()));
        }
        peakKib = Math.max(peakKib, total);
        return peakKib;
    }

    /** Returns the highest peak seen so far in KiB, or -1. */
    synchronized long peakKib() {
        return peakKib;
    }

    /** Returns {@code VmHWM} of one process in KiB, or -1 when there is no such process or no /proc. */
    static long peakKib(long pid) {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        for (String line : lines) {
            if (line.startsWith("VmHWM:")) {
                String value = line.substring("VmHWM:".length()).trim();
                int space = value.indexOf(' ');
                try {
                    return Long.parseLong(space < 0 ? value : value.substring(0, space));
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    /** Returns KiB as whole MB (MiB), rounded up as a peak should be; 0 when unknown. */
    static long toMb(long kib) {
        return kib <= 0 ? 0 : (kib + 1023) / 1024;
    }
}
