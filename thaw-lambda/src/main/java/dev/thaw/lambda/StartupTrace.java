package dev.thaw.lambda;

/**
 * Milestones of the first invocation up to its answer (before it is posted), printed once to stderr when {@code THAW_STARTUP_TRACE=1}: where a
 * cold start's time goes between {@code main} and the first answer, which outside tools cannot split.
 * Off by default; when off every mark is one static read.
 */
final class StartupTrace {

    static final int RUNTIME = 0;
    static final int APP_BUILT = 1;
    static final int NEXT_SENT = 2;
    static final int CONNECTED = 3;
    static final int EVENT_READ = 4;
    static final int DECODED = 5;
    static final int ANSWERED = 6;

    private static final String[] NAMES = {
        "runtime", "app built", "next sent", "connected", "event read", "decoded", "answered"
    };
    private static final boolean ON = "1".equals(System.getenv("THAW_STARTUP_TRACE"));
    private static final long[] MARKS = new long[NAMES.length];
    private static boolean printed;

    private StartupTrace() {}

    /** Records milestone {@code which} the first time it is reached. */
    static void mark(int which) {
        if (ON && MARKS[which] == 0) {
            MARKS[which] = System.nanoTime();
            // Printed before the answer is posted: a one-shot emulator may stop the process right after.
            if (which == ANSWERED) {
                print();
            }
        }
    }

    private static synchronized void print() {
        if (printed) {
            return;
        }
        printed = true;
        StringBuilder line = new StringBuilder("thaw: startup trace (ms since the runtime started):");
        for (int i = 1; i < NAMES.length; i++) {
            line.append(' ').append(NAMES[i]).append('=');
            long micros = (MARKS[i] - MARKS[RUNTIME]) / 1000;
            line.append(micros / 1000).append('.').append((char) ('0' + (micros % 1000) / 100));
        }
        line.append(" (epoch ms at runtime start: ")
                .append(System.currentTimeMillis() - (System.nanoTime() - MARKS[RUNTIME]) / 1_000_000)
                .append(')');
        System.err.println(line);
    }
}
