package dev.thaw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Hostile and sloppy JSON: nesting, trailing commas, quoted numbers, bad UTF-8, long strings. */
class JsonLimitsTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String nested(String open, String close, int depth) {
        return open.repeat(depth) + "1" + close.repeat(depth);
    }

    static Stream<Arguments> tooDeep() {
        return Stream.of(
                Arguments.of("100,000 '['", "[".repeat(100_000)),
                Arguments.of("100,000 '{\"a\":'", "{\"a\":".repeat(100_000)),
                Arguments.of("65 closed arrays", nested("[", "]", 65)),
                Arguments.of("65 closed objects", nested("{\"a\":", "}", 65)),
                Arguments.of("brackets inside strings do not hide real ones", "[\"[[[\",".repeat(65) + "1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tooDeep")
    void answersBadRequestForNestingDeeperThanTheLimitWithoutOverflowingTheStack(String name, String json) {
        HttpException e = catchThrowableOfType(HttpException.class, () -> Json.fromJson(json, Object.class));

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.problem().detail()).contains("nest deeper than the limit of 64 levels");
    }

    @Test
    void readsNestingUpToTheLimit() {
        assertThat(Json.fromJson(nested("[", "]", 64), Object.class)).isInstanceOf(List.class);
        assertThat(Json.fromJson(nested("{\"a\":", "}", 64), Object.class)).isInstanceOf(Map.class);
        assertThat(Json.fromJson("[\"" + "[".repeat(1_000) + "\"]", Object.class))
                .as("brackets inside a string are text")
                .isEqualTo(List.of("[".repeat(1_000)));
        assertThat(Json.fromJson("[\"\\\"[[\"]", Object.class)).isEqualTo(List.of("\"[["));
    }

    @Test
    void readsDeeperNestingWhenTheCallerAllowsIt() {
        assertThat(Json.fromBytes(utf8(nested("[", "]", 500)), Object.class, 512))
                .isInstanceOf(List.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1,]", "[1 , ]", "{\"name\":\"a\",}", "{\"name\":\"a\",\n}", "[[1,],2]", "[,]"})
    void answersBadRequestForTrailingCommas(String json) {
        HttpException e = catchThrowableOfType(HttpException.class, () -> Json.fromJson(json, Object.class));

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.problem().detail()).contains("trailing commas are not JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"name\":\"a\",\"age\":\"36\"}", "{\"name\":\"a\",\"age\":\"0x10\"}"})
    void answersBadRequestForAQuotedNumber(String json) {
        HttpException e = catchThrowableOfType(HttpException.class, () -> Json.fromJson(json, Person.class));

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.problem().detail()).contains("got a string").doesNotContain("io.avaje");
    }

    @Test
    void answersBadRequestForQuotedNumbersInEveryStrictType() {
        assertThatThrownBy(() -> Json.fromJson("\"12\"", Integer.class)).isInstanceOf(HttpException.class);
        assertThatThrownBy(() -> Json.fromJson("\"12\"", Long.class)).isInstanceOf(HttpException.class);
        assertThatThrownBy(() -> Json.fromJson("\"1.5\"", Double.class)).isInstanceOf(HttpException.class);
        assertThat(Json.fromJson("12", Integer.class)).isEqualTo(12);
        assertThat(Json.fromJson("1.5", Double.class)).isEqualTo(1.5);
        assertThat(Json.fromJson("[1,null]", Object.class)).isEqualTo(Arrays.asList(1L, null));
    }

    @Test
    void readsStringsUpToTheCodecsLimit() {
        String longest = "x".repeat(Json.MAX_STRING_LENGTH);

        // Twice: the second parse reuses a parser whose buffer already grew.
        for (int i = 0; i < 2; i++) {
            assertThat(Json.fromJson("{\"name\":\"" + longest + "\"}", Person.class)
                            .name())
                    .isEqualTo(longest);
        }
    }

    @Test
    void answersBadRequestNamingTheLimitForALongerString() {
        String json = "{\"name\":\"" + "x".repeat(Json.MAX_STRING_LENGTH + 2) + "\"}";

        HttpException e = catchThrowableOfType(HttpException.class, () -> Json.fromJson(json, Person.class));

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.problem().detail())
                .isEqualTo("Malformed JSON body: a string is longer than the limit of 32767 characters");
    }

    static Stream<Arguments> notUtf8() {
        return Stream.of(
                Arguments.of("overlong '/'", new byte[] {(byte) 0xc0, (byte) 0xaf}),
                Arguments.of("overlong NUL", new byte[] {(byte) 0xc0, (byte) 0x80}),
                Arguments.of("overlong 3-byte '/'", new byte[] {(byte) 0xe0, (byte) 0x80, (byte) 0xaf}),
                Arguments.of("overlong 4-byte", new byte[] {(byte) 0xf0, (byte) 0x80, (byte) 0x80, (byte) 0xaf}),
                Arguments.of("UTF-16 surrogate", new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}),
                Arguments.of("above U+10FFFF", new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}),
                Arguments.of("lone continuation", new byte[] {(byte) 0x80}),
                Arguments.of("Latin-1 e-acute", new byte[] {(byte) 0xe9}),
                Arguments.of("0xFF", new byte[] {(byte) 0xff}),
                Arguments.of("truncated", new byte[] {(byte) 0xe2, (byte) 0x82}),
                Arguments.of(
                        "5-byte form", new byte[] {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notUtf8")
    void answersBadRequestForAStringThatIsNotUtf8(String name, byte[] bytes) {
        byte[] json = new byte[bytes.length + 2];
        json[0] = '"';
        System.arraycopy(bytes, 0, json, 1, bytes.length);
        json[json.length - 1] = '"';

        HttpException e = catchThrowableOfType(HttpException.class, () -> Json.fromBytes(json, Object.class));

        assertThat(e.problem().detail()).isEqualTo("Malformed JSON body: the bytes at position 1 are not valid UTF-8");
    }

    @Test
    void readsEveryWellFormedUtf8Length() {
        String text = "\u00e9 \u20ac \u07ff \uffff \ud83d\ude00 \udbff\udfff";

        assertThat(Json.fromBytes(utf8("[\"" + text + "\"]"), Object.class)).isEqualTo(List.of(text));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "[\"\\ud800\"]",
                "[\"\\uDC00\"]",
                "[\"\\ud800x\"]",
                "[\"\\ud800\\u0041\"]",
                "[\"\\ud800\\n\"]",
                "{\"name\":\"\\ud800\",\"email\":\"a@b.c\"}"
            })
    void answersBadRequestForAnUnpairedSurrogateEscape(String json) {
        HttpException e = catchThrowableOfType(HttpException.class, () -> Json.fromJson(json, Object.class));

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.problem().detail()).contains("half of a UTF-16 surrogate pair");
    }

    @Test
    void readsEscapedSurrogatePairsAndOtherEscapes() {
        assertThat(Json.fromJson("[\"\\ud83d\\ude00 \\u00e9 \\\\ud800 \\\" \\n\"]", Object.class))
                .isEqualTo(List.of("\ud83d\ude00 \u00e9 \\ud800 \" \n"));
    }

    @Test
    void scansAMegabyteBodyWithoutRefusingIt() {
        StringBuilder json = new StringBuilder("[");
        while (json.length() < 1_000_000) {
            json.append("{\"name\":\"ada, [lovelace]\",\"tags\":[1,2,3]},");
        }
        json.setLength(json.length() - 1);
        byte[] bytes = utf8(json.append(']').toString());

        JsonShape.check(bytes, Limits.DEFAULT_MAX_JSON_DEPTH);

        assertThat((List<?>) Json.fromBytes(bytes, Object.class)).hasSizeGreaterThan(20_000);
    }
}
