package dev.thaw.server;

import dev.thaw.Limits;

/**
 * Bounds what jdk.httpserver reads of a request head before thaw sees it. The server answers nothing
 * when its own limits trip: it closes the connection. So they are set above the app's {@link Limits},
 * which answer 414 and 431 problems, by a margin (twice), and bound memory for anything beyond.
 * jdk.httpserver reads these properties once per JVM, when the first server is created; a value the
 * user set (on the command line, say) is left alone.
 */
final class HeaderLimits {

    /** Most distinct header names (repeated names count once); the JDK's own default is 200. */
    static final String MAX_HEADERS = "sun.net.httpserver.maxReqHeaders";

    /**
     * Longest request line, and longest header block (names + values + 32 per field line); the JDK's
     * own default is 380 KiB.
     */
    static final String MAX_HEADER_SIZE = "sun.net.httpserver.maxReqHeaderSize";

    private static final int FIELD_OVERHEAD = 32;
    private static final int REQUEST_LINE_OVERHEAD = 64;

    private HeaderLimits() {}

    /** Sets the JDK's limits from {@code limits} unless they are set already. */
    static void apply(Limits limits) {
        setIfAbsent(MAX_HEADERS, maxHeaders(limits));
        setIfAbsent(MAX_HEADER_SIZE, maxHeaderSize(limits));
    }

    static int maxHeaders(Limits limits) {
        return (int) Math.min(Integer.MAX_VALUE, 2L * limits.maxHeaders());
    }

    static int maxHeaderSize(Limits limits) {
        long head = limits.maxHeaderBytes() + (long) FIELD_OVERHEAD * limits.maxHeaders();
        long requestLine = (long) limits.maxPathLength() + limits.maxQueryLength() + REQUEST_LINE_OVERHEAD;
        return (int) Math.min(Integer.MAX_VALUE, 2 * Math.max(head, requestLine));
    }

    private static void setIfAbsent(String property, int value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, Integer.toString(value));
        }
    }
}
