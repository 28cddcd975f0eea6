package dev.thaw.local;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The platform lines Lambda writes to a function's log around each invocation, in Lambda's exact shape:
 * {@code START}, {@code END}, {@code REPORT} (tab-separated fields with a trailing tab, two decimals,
 * billed duration rounded up to the millisecond and, as for every {@code provided.al2023} function,
 * including the init duration on a cold start), {@code INIT_REPORT} for a failed init, and the lines for
 * timeouts and runtime exits.
 */
final class InvocationLog {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern(
                    "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private InvocationLog() {}

    /** {@code START RequestId: <id> Version: $LATEST}. */
    static String start(String requestId) {
        return "START RequestId: " + requestId + " Version: $LATEST";
    }

    /** {@code END RequestId: <id>}. */
    static String end(String requestId) {
        return "END RequestId: " + requestId;
    }

    /**
     * The {@code REPORT} line.
     *
     * @param initDurationMillis the init duration of a cold start, or a negative number for none
     * @param status {@code timeout}, {@code error} or null for an invocation the platform saw end normally
     * @param errorType the error type shown after an {@code error} status, or null
     */
    static String report(
            String requestId,
            double durationMillis,
            int memoryMb,
            long maxMemoryUsedMb,
            double initDurationMillis,
            String status,
            String errorType) {
        double billed = durationMillis + Math.max(0, initDurationMillis);
        StringBuilder line = new StringBuilder(200)
                .append("REPORT RequestId: ")
                .append(requestId)
                .append("\tDuration: ")
                .append(millis(durationMillis))
                .append(" ms\tBilled Duration: ")
                .append((long) Math.ceil(billed))
                .append(" ms\tMemory Size: ")
                .append(memoryMb)
                .append(" MB\tMax Memory Used: ")
                .append(maxMemoryUsedMb)
                .append(" MB\t");
        if (initDurationMillis >= 0) {
            line.append("Init Duration: ").append(millis(initDurationMillis)).append(" ms\t");
        }
        if (status != null) {
            line.append("Status: ").append(status);
            if (errorType != null) {
                line.append("\tError Type: ").append(errorType);
            }
        }
        return line.toString();
    }

    /**
     * {@code INIT_REPORT Init Duration: … ms\tPhase: init\tStatus: error\tError Type: …} for an init that
     * failed ({@code errorType} null for a timeout).
     */
    static String initReport(double initDurationMillis, String status, String errorType) {
        return "INIT_REPORT Init Duration: " + millis(initDurationMillis) + " ms\tPhase: init\tStatus: " + status
                + (errorType == null ? "" : "\tError Type: " + errorType);
    }

    /** {@code <timestamp> <id> Task timed out after 3.00 seconds}. */
    static String timedOut(Instant at, String requestId, double timeoutSeconds) {
        return TIMESTAMP.format(at) + " " + requestId + " Task timed out after " + seconds(timeoutSeconds) + " seconds";
    }

    /** The message Lambda gives for a timed-out invocation, also the error body's {@code errorMessage}. */
    static String timeoutMessage(String requestId, double timeoutSeconds) {
        return "RequestId: " + requestId + " Error: Task timed out after " + seconds(timeoutSeconds) + " seconds";
    }

    /** The message Lambda gives when the runtime exits, e.g. {@code exit status 3}. */
    static String exitMessage(String requestId, String exit) {
        return "RequestId: " + requestId + " Error: Runtime exited with error: " + exit;
    }

    /**
     * Describes an exit code as Lambda does ({@code exit status 3}, {@code signal: killed}). Java reports a
     * process killed by signal N as 128 + N, which is taken for a signal when N is a common one.
     */
    static String describeExit(int code) {
        String signal = switch (code - 128) {
            case 1 -> "hangup";
            case 2 -> "interrupt";
            case 3 -> "quit";
            case 4 -> "illegal instruction";
            case 6 -> "aborted";
            case 7 -> "bus error";
            case 8 -> "floating point exception";
            case 9 -> "killed";
            case 11 -> "segmentation fault";
            case 13 -> "broken pipe";
            case 15 -> "terminated";
            default -> null;
        };
        return signal == null ? "exit status " + code : "signal: " + signal;
    }

    private static String millis(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String seconds(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
