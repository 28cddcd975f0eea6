package dev.thaw;

import java.nio.charset.StandardCharsets;

/** Percent-encoding for query components and path segments (RFC 3986 unreserved set kept as is). */
final class PercentEncoder {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PercentEncoder() {}

    static String encodeQueryComponent(String s) {
        return encode(s);
    }

    static String encodePathSegment(String s) {
        return encode(s);
    }

    private static String encode(String s) {
        boolean plain = true;
        for (int i = 0; i < s.length() && plain; i++) {
            plain = unreserved(s.charAt(i));
        }
        if (plain) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (unreserved(c)) {
                out.append(c);
            } else {
                out.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
            }
        }
        return out.toString();
    }

    private static boolean unreserved(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '-'
                || c == '.'
                || c == '_'
                || c == '~';
    }
}
