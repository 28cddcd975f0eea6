package dev.thaw.client;

import java.util.concurrent.ThreadLocalRandom;

/** Derives a W3C {@code traceparent} from an {@code X-Amzn-Trace-Id} header. */
final class TraceContext {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private TraceContext() {}

    /**
     * Returns the {@code traceparent} for {@code amznTraceId}, or null when it carries no valid root.
     *
     * <p>{@code Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1} becomes
     * {@code 00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01}. Without a parent a random span id is
     * made, so the downstream still joins the trace.
     */
    static String traceparent(String amznTraceId) {
        if (amznTraceId == null) {
            return null;
        }
        String root = null;
        String parent = null;
        boolean sampled = false;
        for (String part : amznTraceId.split(";")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = part.substring(0, eq).trim();
            String value = part.substring(eq + 1).trim();
            switch (key) {
                case "Root" -> root = value;
                case "Parent" -> parent = value;
                case "Sampled" -> sampled = value.equals("1");
                default -> {}
            }
        }
        if (root == null
                || root.length() != 35
                || !root.startsWith("1-")
                || root.charAt(10) != '-'
                || !isHex(root, 2, 10)
                || !isHex(root, 11, 35)) {
            return null;
        }
        String traceId = (root.substring(2, 10) + root.substring(11)).toLowerCase(java.util.Locale.ROOT);
        if (isZero(traceId)) {
            return null;
        }
        String parentId = parent != null && parent.length() == 16 && isHex(parent, 0, 16) && !isZero(parent)
                ? parent.toLowerCase(java.util.Locale.ROOT)
                : randomSpanId();
        return "00-" + traceId + "-" + parentId + (sampled ? "-01" : "-00");
    }

    private static String randomSpanId() {
        long id;
        do {
            id = ThreadLocalRandom.current().nextLong();
        } while (id == 0);
        char[] out = new char[16];
        for (int i = 15; i >= 0; i--) {
            out[i] = HEX[(int) (id & 0xF)];
            id >>>= 4;
        }
        return new String(out);
    }

    private static boolean isZero(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }
}
