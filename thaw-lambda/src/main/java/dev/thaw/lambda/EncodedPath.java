package dev.thaw.lambda;

import java.nio.charset.StandardCharsets;

/**
 * Makes an event's path a well-formed percent-encoded path. REST APIs, Function URLs and ALB pass the
 * path as the client sent it, but HTTP APIs pass it decoded (a {@code %3F} arrives as {@code ?}). Escapes
 * that are already there are kept and every character that can never appear literally in an encoded path
 * (space, {@code ?}, {@code #}, a bare {@code %}, controls, non-ASCII) is escaped, so an encoded path
 * passes unchanged and a decoded one becomes encoded. What a decoded path had as {@code %2F} or a literal
 * {@code %41} cannot be told apart any more; that loss happened before the event was made.
 */
final class EncodedPath {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private EncodedPath() {}

    /**
     * Returns {@code path} as an encoded path.
     *
     * @param path the event's path
     * @param field the event field it came from, for the message
     * @param action what is being decoded, for the message
     * @throws InvalidEventException when the path is missing or does not start with {@code /}
     */
    static String of(String path, String field, String action) {
        if (path == null || path.isEmpty()) {
            throw InvalidEventException.invalid(action + ": field \"" + field + "\" is missing");
        }
        if (path.charAt(0) != '/') {
            throw InvalidEventException.invalid(
                    action + ": field \"" + field + "\" must start with '/', got '" + shown(path) + "'");
        }
        int first = firstToEscape(path);
        return first < 0 ? path : escape(path, first);
    }

    private static int firstToEscape(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%') {
                if (!isEscape(path, i)) {
                    return i;
                }
                i += 2;
            } else if (!allowed(c)) {
                return i;
            }
        }
        return -1;
    }

    private static String escape(String path, int first) {
        StringBuilder out = new StringBuilder(path.length() + 16).append(path, 0, first);
        for (int i = first; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%' && isEscape(path, i)) {
                out.append(path, i, i + 3);
                i += 2;
            } else if (allowed(c)) {
                out.append(c);
            } else {
                int end = Character.isHighSurrogate(c)
                                && i + 1 < path.length()
                                && Character.isLowSurrogate(path.charAt(i + 1))
                        ? i + 2
                        : i + 1;
                // A lone surrogate encodes as '?', which is escaped in turn: never a raw '?' in a path.
                for (byte b : path.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
                }
                i = end - 1;
            }
        }
        return out.toString();
    }

    private static boolean isEscape(String s, int i) {
        return i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2));
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** RFC 3986 pchar and '/': unreserved, sub-delims, ':' and '@'. */
    private static boolean allowed(char c) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
            return true;
        }
        return switch (c) {
            case '-', '.', '_', '~', '!', '$', '&', '\'', '(', ')', '*', '+', ',', ';', '=', ':', '@', '/' -> true;
            default -> false;
        };
    }

    private static String shown(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
