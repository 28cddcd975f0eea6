package dev.thaw.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How long this process has been running, read from Linux's {@code /proc} with 10 ms resolution.
 * {@code ProcessHandle.Info.startInstant()} is no use for this: it derives the start from the boot time,
 * which Linux gives in whole seconds, so its error is up to a second. {@code java.lang.management} would
 * be exact but loads hundreds of classes.
 */
final class ProcessAge {

    /** Clock ticks per second of {@code /proc/self/stat}'s start time; 100 on every Linux build that matters. */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcessAge() {}

    /** Returns the process's age in milliseconds, or -1 when {@code /proc} cannot tell. */
    static long millis() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII);
            String uptime = Files.readString(Path.of("/proc/uptime"), StandardCharsets.US_ASCII);
            return millis(stat, uptime);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Computes the age from the texts of {@code /proc/self/stat} and {@code /proc/uptime}. */
    static long millis(String stat, String uptime) {
        // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        long startTicks = Long.parseLong(fields[19]);
        double systemSeconds = Double.parseDouble(uptime.substring(0, uptime.indexOf(' ')));
        long age = Math.round((systemSeconds - startTicks / TICKS_PER_SECOND) * 1000.0);
        return age >= 0 ? age : -1;
    }
}
