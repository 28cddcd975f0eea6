package dev.thaw;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict percent-decoding: a malformed escape, or bytes that are not well-formed UTF-8 (overlong
 * forms, surrogates, truncated sequences), is a 400, never a silently replaced character that could
 * reach a route it should not.
 */
final class PercentDecoder {

    private PercentDecoder() {}

    static String decodePathSegment(String s, int start, int end) {
        return decode(s, start, end, false);
    }

    static String decodePath(String s) {
        return decode(s, 0, s.length(), false);
    }

    static String decodeQueryComponent(String s, int start, int end) {
        return decode(s, start, end, true);
    }

    private static String decode(String s, int start, int end, boolean plusIsSpace) {
        int firstSpecial = -1;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c == '%' || (plusIsSpace && c == '+') || (c >= '\uD800' && c <= '\uDFFF')) {
                firstSpecial = i;
                break;
            }
        }
        if (firstSpecial < 0) {
            return s.substring(start, end);
        }
        byte[] bytes = new byte[(end - start) * 3];
        int n = 0;
        boolean ascii = true;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= end) {
                    throw malformed(s, "truncated percent escape");
                }
                int hi = hex(s.charAt(i + 1));
                int lo = hex(s.charAt(i + 2));
                if (hi < 0 || lo < 0) {
                    throw malformed(s, "invalid percent escape");
                }
                bytes[n++] = (byte) ((hi << 4) | lo);
                ascii &= hi < 8;
                i += 2;
            } else if (plusIsSpace && c == '+') {
                bytes[n++] = ' ';
            } else if (c < 0x80) {
                bytes[n++] = (byte) c;
            } else {
                // A raw non-ASCII char: re-encode it so the whole result is checked as UTF-8 once.
                ascii = false;
                byte[] utf8;
                if (!Character.isSurrogate(c)) {
                    utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                } else if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(s.charAt(i + 1))) {
                    utf8 = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                } else {
                    // getBytes would silently write '?' for it, and once swallowed the '%' after it.
                    throw malformed(s, "an unpaired surrogate");
                }
                for (byte b : utf8) {
                    bytes[n++] = b;
                }
            }
        }
        if (ascii) {
            // ASCII is valid UTF-8 as it is: no decoder needed (most escapes are spaces and punctuation)
            return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes, 0, n));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw malformed(s, "percent-encoded bytes are not valid UTF-8");
        }
    }

    /**
     * Returns the value of an ASCII hex digit, or -1. Not {@link Character#digit}: it also takes other
     * scripts' digits and fullwidth letters, which would decode {@code %\uFF12\uFF26} to '/'.
     */
    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static HttpException malformed(String s, String why) {
        String shown = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        return HttpException.badRequest("Malformed URL encoding in '" + shown + "': " + why);
    }
}
