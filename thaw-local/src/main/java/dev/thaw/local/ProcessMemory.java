package dev.thaw.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the peak memory of a process tree the way Lambda's {@code Max Memory Used} reports it: the high
 * water mark of resident memory ({@code VmHWM} in {@code /proc/<pid>/status}) of the runtime process and
 * its descendants (bootstrap usually {@code exec}s the JVM, but a script that does not leaves the JVM as a
 * child of sh).
 */
final class ProcessMemory {

    private ProcessMemory() {}

    /** Returns the summed peak resident memory of {@code root} and its descendants in KiB, or -1 if unknown. */
    static long peakKib(ProcessHandle root) {
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(root);
        root.descendants().forEach(tree::add);
        long total = -1;
        for (ProcessHandle process : tree) {
            long kib = peakKib(process.pid());
            if (kib >= 0) {
                total = Math.max(total, 0) + kib;
            }
        }
        return total;
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
