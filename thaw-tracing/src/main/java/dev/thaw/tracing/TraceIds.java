package dev.thaw.tracing;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Trace and span ids as lowercase hex: read from a W3C {@code traceparent} or an {@code X-Amzn-Trace-Id},
 * or made at random (never all zeros).
 */
final class TraceIds {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** A trace id and the caller's span id (null when the header named none). */
    record Parent(String traceId, String spanId) {}

    private TraceIds() {}

    /**
     * Reads a W3C {@code traceparent} ({@code 00-<32 hex>-<16 hex>-<2 hex>}); null when absent or invalid:
     * wrong length, upper case, version {@code ff}, or an all-zero id. A later version may append fields.
     */
    static Parent fromTraceparent(String header) {
        if (header == null) {
            return null;
        }
        String h = header.trim();
        if (h.length() < 55 || h.charAt(2) != '-' || h.charAt(35) != '-' || h.charAt(52) != '-') {
            return null;
        }
        String version = h.substring(0, 2);
        if (!isHex(version) || version.equals("ff") || (version.equals("00") && h.length() != 55)) {
            return null;
        }
        if (h.length() > 55 && h.charAt(55) != '-') {
            return null;
        }
        String traceId = h.substring(3, 35);
        String spanId = h.substring(36, 52);
        if (!isHex(traceId) || !isHex(spanId) || !isHex(h.substring(53, 55)) || isZero(traceId) || isZero(spanId)) {
            return null;
        }
        return new Parent(traceId, spanId);
    }

    /**
     * Reads the root and parent of an {@code X-Amzn-Trace-Id}: {@code Root=1-5759e988-bd862e3fe1be46a994272793}
     * is trace id {@code 5759e988bd862e3fe1be46a994272793}, {@code Parent=53995c3f42cd8ad8} the span id. Null
     * when it carries no valid root.
     */
    static Parent fromAmznTraceId(String header) {
        if (header == null) {
            return null;
        }
        String root = null;
        String parent = null;
        int start = 0;
        while (start <= header.length()) {
            int end = header.indexOf(';', start);
            if (end < 0) {
                end = header.length();
            }
            String part = header.substring(start, end).trim();
            if (part.startsWith("Root=")) {
                root = part.substring(5).trim();
            } else if (part.startsWith("Parent=")) {
                parent = part.substring(7).trim().toLowerCase(java.util.Locale.ROOT);
            }
            start = end + 1;
        }
        if (root == null || root.length() != 35 || !root.startsWith("1-") || root.charAt(10) != '-') {
            return null;
        }
        String traceId = (root.substring(2, 10) + root.substring(11)).toLowerCase(java.util.Locale.ROOT);
        if (!isHex(traceId) || isZero(traceId)) {
            return null;
        }
        boolean validParent = parent != null && parent.length() == 16 && isHex(parent) && !isZero(parent);
        return new Parent(traceId, validParent ? parent : null);
    }

    static String randomTraceId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long hi;
        long lo;
        do {
            hi = random.nextLong();
            lo = random.nextLong();
        } while (hi == 0 && lo == 0);
        char[] out = new char[32];
        hex(hi, out, 0);
        hex(lo, out, 16);
        return new String(out);
    }

    static String randomSpanId() {
        long id;
        do {
            id = ThreadLocalRandom.current().nextLong();
        } while (id == 0);
        char[] out = new char[16];
        hex(id, out, 0);
        return new String(out);
    }

    private static void hex(long value, char[] out, int at) {
        for (int i = 15; i >= 0; i--) {
            out[at + i] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isZero(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }
}
