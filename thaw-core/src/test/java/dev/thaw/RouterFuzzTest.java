package dev.thaw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Coverage-guided fuzzing of percent-decoding and route matching against small reference
 * implementations written from the rules (RFC 3986 escapes of ASCII hex digits, strict UTF-8, one
 * route segment per path segment, literal before parameter before wildcard). A path either routes
 * exactly where the reference says, or is a 400 exactly when the reference finds its encoding
 * malformed; no other exception escapes.
 *
 * <p>The normal build replays the corpus under {@code RouterFuzzTestInputs/}; {@code JAZZER_FUZZ=1}
 * fuzzes one method (see docs/reliability.md).
 */
class RouterFuzzTest {

    /** Pieces that reach the interesting branches sooner than random characters do. */
    private static final String[] PIECES = {
        "users",
        "me",
        "files",
        "sync",
        "a",
        "c",
        "%75sers",
        "%2F",
        "%2f",
        "%2",
        "%",
        "%%",
        "%C3%A9",
        "é",
        "%C0%AF",
        "%E0%80%AF",
        "%ED%A0%80",
        "%F4%90%80%80",
        "%FF",
        "%00",
        "+",
        ".",
        "..",
        "%2e%2E",
        "\uD83D\uDE00",
        "\uD800",
        "\uDC00",
        "%G1",
        "%\u0663\u0663",
        "%\uFF12\uFF26",
        "%61",
        "",
        "{id}",
        "*"
    };

    /** Patterns, most of them overlapping; each handler answers with its pattern and parameters. */
    private static final String[][] ROUTES = {
        {"GET", "/"},
        {"GET", "/users"},
        {"POST", "/users"},
        {"GET", "/users/me"},
        {"GET", "/users/{id}"},
        {"PUT", "/users/{id}"},
        {"DELETE", "/users/{id}"},
        {"POST", "/users/{id}/sync"},
        {"GET", "/users/{id}/files/{rest...}"},
        {"GET", "/files/{path...}"},
        {"GET", "/a/{x}/c/{y}"},
        {"GET", "/a/b/c/d"},
        {"GET", "/caf%C3%A9"},
        {"PATCH", "/*"},
    };

    private static final Router ROUTER = router();

    @FuzzTest
    void percentDecodingAgreesWithAStrictReference(FuzzedDataProvider data) {
        String segment = text(data, 8);
        String expected;
        try {
            expected = referenceDecode(segment);
        } catch (IllegalArgumentException malformed) {
            assertThatThrownBy(() -> PercentDecoder.decodePathSegment(segment, 0, segment.length()))
                    .isInstanceOfSatisfying(
                            HttpException.class, e -> assertThat(e.status()).isEqualTo(400));
            return;
        }
        assertThat(PercentDecoder.decodePathSegment(segment, 0, segment.length()))
                .isEqualTo(expected);
    }

    @FuzzTest
    void routesExactlyWhereTheReferenceMatcherDoes(FuzzedDataProvider data) throws Exception {
        String method = data.pickValue(new String[] {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"});
        int count = data.consumeInt(0, 7);
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < count; i++) {
            path.append('/').append(text(data, 3).replace('?', 'q').replace('/', '-'));
        }
        if (path.isEmpty()) {
            path.append('/');
        }
        Request request = Request.builder(method, path.toString()).build();
        List<String> segments;
        try {
            segments = referenceSegments(request.rawPath());
        } catch (IllegalArgumentException malformed) {
            assertThatThrownBy(() -> ROUTER.handle(request))
                    .isInstanceOfSatisfying(
                            HttpException.class, e -> assertThat(e.status()).isEqualTo(400));
            return;
        }
        List<String[]> candidates = referenceMatches(segments);
        if (candidates.isEmpty()) {
            assertThatThrownBy(() -> ROUTER.handle(request))
                    .isInstanceOfSatisfying(
                            HttpException.class, e -> assertThat(e.status()).isEqualTo(404));
            return;
        }
        Response response = ROUTER.handle(request);
        String[] chosen = referenceChoice(candidates, method);
        if (chosen == null) {
            assertThat(response.status()).isEqualTo(method.equals("OPTIONS") ? 204 : 405);
            assertThat(response.headers().first("allow")).isPresent();
            return;
        }
        assertThat(response.status()).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.UTF_8))
                .isEqualTo(chosen[1] + " " + String.join("|", referenceParams(chosen[1], segments)));
    }

    /** A string of pieces and random characters; random characters may be any UTF-16 unit. */
    private static String text(FuzzedDataProvider data, int pieces) {
        StringBuilder out = new StringBuilder();
        int n = data.consumeInt(0, pieces);
        for (int i = 0; i < n; i++) {
            if (data.consumeBoolean()) {
                out.append(data.pickValue(PIECES));
            } else {
                out.append(data.consumeString(4));
            }
        }
        return out.toString();
    }

    // ---- reference implementations, written from the rules rather than from the code under test ----

    /** Splits after the leading '/' and decodes each segment. */
    private static List<String> referenceSegments(String rawPath) {
        List<String> segments = new ArrayList<>();
        if (rawPath.equals("/")) {
            return segments;
        }
        for (String raw : rawPath.substring(1).split("/", -1)) {
            segments.add(referenceDecode(raw));
        }
        return segments;
    }

    /** '%' and two ASCII hex digits is one byte; other characters are their UTF-8; the bytes must be UTF-8. */
    private static String referenceDecode(String s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new IllegalArgumentException("truncated escape");
                }
                int hi = asciiHex(s.charAt(i + 1));
                int lo = asciiHex(s.charAt(i + 2));
                bytes.write(hi << 4 | lo);
                i += 3;
            } else {
                int end = Character.isHighSurrogate(c) && i + 1 < s.length() ? i + 2 : i + 1;
                bytes.writeBytes(strictUtf8(s.substring(i, end)));
                i = end;
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("not UTF-8", e);
        }
    }

    private static int asciiHex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        throw new IllegalArgumentException("not a hex digit");
    }

    private static byte[] strictUtf8(String chars) {
        try {
            ByteBuffer encoded = StandardCharsets.UTF_8
                    .newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(chars));
            byte[] out = new byte[encoded.remaining()];
            encoded.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("a lone surrogate", e);
        }
    }

    /** Every route whose pattern matches, most specific first (literal, then parameter, then wildcard). */
    private static List<String[]> referenceMatches(List<String> segments) {
        List<String[]> matches = new ArrayList<>();
        for (String[] route : ROUTES) {
            if (referenceParams(route[1], segments) != null) {
                matches.add(route);
            }
        }
        matches.sort((a, b) -> specificity(a[1]).compareTo(specificity(b[1])));
        return matches;
    }

    /** Picks the first matching pattern that has the method (HEAD falls back to GET on the same pattern). */
    private static String[] referenceChoice(List<String[]> candidates, String method) {
        List<String> patterns = new ArrayList<>();
        for (String[] c : candidates) {
            if (!patterns.contains(c[1])) {
                patterns.add(c[1]);
            }
        }
        for (String pattern : patterns) {
            for (String wanted : method.equals("HEAD") ? new String[] {"HEAD", "GET"} : new String[] {method}) {
                for (String[] c : candidates) {
                    if (c[1].equals(pattern) && c[0].equals(wanted)) {
                        return c;
                    }
                }
            }
        }
        return null;
    }

    /** Returns the parameter values when {@code pattern} matches, else null. */
    private static List<String> referenceParams(String pattern, List<String> segments) {
        List<String> parts =
                pattern.equals("/") ? List.of() : List.of(pattern.substring(1).split("/", -1));
        List<String> values = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            if (part.equals("*") || part.endsWith("...}")) {
                values.add(String.join("/", segments.subList(Math.min(i, segments.size()), segments.size())));
                return i <= segments.size() ? values : null;
            }
            if (i >= segments.size()) {
                return null;
            }
            if (part.startsWith("{")) {
                if (segments.get(i).isEmpty()) {
                    return null;
                }
                values.add(segments.get(i));
            } else if (!referenceDecode(part).equals(segments.get(i))) {
                return null;
            }
        }
        return parts.size() == segments.size() ? values : null;
    }

    /**
     * Kinds per segment, compared in order: 0 literal, 1 parameter, 2 the end of a pattern without a
     * wildcard, 3 a wildcard. The end and a wildcard only compete at the path's end, where a route on the
     * exact path goes first.
     */
    private static String specificity(String pattern) {
        List<String> parts =
                pattern.equals("/") ? List.of() : List.of(pattern.substring(1).split("/", -1));
        StringBuilder kinds = new StringBuilder();
        for (String part : parts) {
            kinds.append(part.equals("*") || part.endsWith("...}") ? '3' : part.startsWith("{") ? '1' : '0');
        }
        return kinds.indexOf("3") >= 0 ? kinds.toString() : kinds.append('2').toString();
    }

    private static Router router() {
        Router.Builder builder = Router.builder();
        for (String[] route : ROUTES) {
            String pattern = route[1];
            builder.route(route[0], pattern, new Answer(pattern));
        }
        return builder.build();
    }

    /** Answers with the matched pattern and its parameter values in pattern order. */
    private record Answer(String pattern) implements Handler {
        @Override
        public Response handle(Request request) {
            return Response.text(
                    pattern + " " + String.join("|", request.pathParams().values()));
        }
    }
}
