package dev.thaw;

/**
 * One pass over JSON bytes before the codec reads them, for what the codec does not refuse itself: nesting
 * deeper than a limit (it recurses once per level, so 100,000 {@code [} overflow the stack), trailing
 * commas (it reads {@code {"a":1,}} as {@code {"a":1}}), bytes that are not well-formed UTF-8 (it reads
 * the overlong {@code C0 AF} as {@code /}, and fails on others with an index error) and unpaired surrogate
 * escapes (backslash-u D800, which it reads into a string it then cannot write). Everything else is left
 * to the codec. Allocation-free, O(n).
 */
final class JsonShape {

    private JsonShape() {}

    /**
     * Checks {@code json}.
     *
     * @throws HttpException 400 when objects and arrays nest deeper than {@code maxDepth} or a comma is
     *     followed by {@code ]} or {@code }}
     */
    static void check(byte[] json, int maxDepth) {
        int depth = 0;
        byte last = 0;
        int n = json.length;
        for (int i = 0; i < n; i++) {
            byte b = json[i];
            switch (b) {
                case '"' -> {
                    i = endOfString(json, i + 1);
                    last = '"';
                }
                case '{', '[' -> {
                    if (++depth > maxDepth) {
                        throw new HttpException(Problem.of(
                                400,
                                "Malformed JSON body: objects and arrays nest deeper than the limit of " + maxDepth
                                        + " levels (at position " + i + ")"));
                    }
                    last = b;
                }
                case '}', ']' -> {
                    if (last == ',') {
                        throw new HttpException(Problem.of(
                                400,
                                "Malformed JSON body: a comma before '" + (char) b + "' at position " + i
                                        + " (trailing commas are not JSON)"));
                    }
                    depth--;
                    last = b;
                }
                case ' ', '\t', '\n', '\r' -> {
                    // whitespace does not change what came last
                }
                default -> {
                    if (b < 0) {
                        i = endOfUtf8(json, i) - 1;
                    }
                    last = b;
                }
            }
        }
    }

    /** Returns the index of the quote that closes the string whose contents start at {@code i}. */
    private static int endOfString(byte[] json, int i) {
        int n = json.length;
        while (i < n) {
            byte b = json[i];
            if (b == '"') {
                return i;
            }
            if (b == '\\') {
                i = endOfEscape(json, i);
            } else if (b >= 0) {
                i++;
            } else {
                i = endOfUtf8(json, i);
            }
        }
        return n;
    }

    /**
     * Returns the index after the escape at {@code i}. A {@code \\u} escape of a UTF-16 surrogate must be
     * half of a pair: the codec reads a lone one into a string that cannot be written back as UTF-8.
     */
    private static int endOfEscape(byte[] json, int i) {
        int unit = hex4(json, i + 1);
        if (unit < 0xd800 || unit > 0xdfff) {
            // not a backslash-u escape (the codec judges those), or not a surrogate
            return i + (unit < 0 ? 2 : 6);
        }
        if (unit <= 0xdbff && i + 6 < json.length && json[i + 6] == '\\') {
            int low = hex4(json, i + 7);
            if (low >= 0xdc00 && low <= 0xdfff) {
                return i + 12;
            }
        }
        throw new HttpException(Problem.of(
                400,
                "Malformed JSON body: the escape at position " + i
                        + " is half of a UTF-16 surrogate pair (an unpaired surrogate is not text)"));
    }

    /** Returns the code unit of {@code uXXXX} at {@code i}, or -1 when there is none. */
    private static int hex4(byte[] json, int i) {
        if (i + 4 >= json.length || json[i] != 'u') {
            return -1;
        }
        int value = 0;
        for (int k = 1; k <= 4; k++) {
            int digit = Character.digit(json[i + k], 16);
            if (digit < 0) {
                return -1;
            }
            value = (value << 4) | digit;
        }
        return value;
    }

    /**
     * Returns the index after the multi-byte UTF-8 sequence that starts at {@code i}, checked as the
     * Unicode standard's table of well-formed sequences says: no overlong forms, no surrogates, nothing
     * above U+10FFFF.
     */
    private static int endOfUtf8(byte[] json, int i) {
        int b = json[i] & 0xff;
        int length;
        int min = 0x80;
        int max = 0xbf;
        if (b >= 0xc2 && b <= 0xdf) {
            length = 2;
        } else if (b >= 0xe0 && b <= 0xef) {
            length = 3;
            if (b == 0xe0) {
                min = 0xa0;
            } else if (b == 0xed) {
                max = 0x9f;
            }
        } else if (b >= 0xf0 && b <= 0xf4) {
            length = 4;
            if (b == 0xf0) {
                min = 0x90;
            } else if (b == 0xf4) {
                max = 0x8f;
            }
        } else {
            throw notUtf8(i);
        }
        if (i + length > json.length) {
            throw notUtf8(i);
        }
        int second = json[i + 1] & 0xff;
        if (second < min || second > max) {
            throw notUtf8(i);
        }
        for (int k = 2; k < length; k++) {
            int next = json[i + k] & 0xff;
            if (next < 0x80 || next > 0xbf) {
                throw notUtf8(i);
            }
        }
        return i + length;
    }

    private static HttpException notUtf8(int position) {
        return new HttpException(
                Problem.of(400, "Malformed JSON body: the bytes at position " + position + " are not valid UTF-8"));
    }
}
