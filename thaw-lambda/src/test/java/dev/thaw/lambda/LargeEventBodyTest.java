package dev.thaw.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thaw.Json;
import dev.thaw.Request;
import dev.thaw.testkit.GoldenEvents;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bodies far longer than avaje-jsonb's string limit (~32 K characters) decode for every source: found by
 * EventCodecFuzzTest, where any event with a body over 32 K characters was refused as Runtime.InvalidEvent.
 */
class LargeEventBodyTest {

    static Stream<String> eventsWithABody() {
        return Stream.of(
                "apigw-v1-post-base64.json",
                "apigw-http-v1-post-base64.json",
                "apigw-v2-post-base64.json",
                "function-url-post-base64.json",
                "alb-single-post-base64.json",
                "alb-multi-post-base64.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventsWithABody")
    void decodesTextAndBase64BodiesOfMegabytes(String golden) {
        String text = "line \"quoted\" é\n".repeat(70_000);
        byte[] binary = new byte[4_000_000];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) (i * 31);
        }

        Request textual = decode(golden, text, false);
        Request encoded = decode(golden, Base64.getEncoder().encodeToString(binary), true);

        assertThat(textual.bodyText()).isEqualTo(text);
        assertThat(encoded.body()).isEqualTo(binary);
    }

    /** raw JSON string literal, its text. */
    static Stream<Arguments> jsonStrings() {
        return Stream.of(
                Arguments.of("\"plain\"", "plain"),
                Arguments.of("\"a\\\"b\\\\c\\/d\"", "a\"b\\c/d"),
                Arguments.of("\"\\b\\f\\n\\r\\t\"", "\b\f\n\r\t"),
                Arguments.of("\"\\u00e9\\uD83D\\uDE00\"", "\u00e9\uD83D\uDE00"),
                Arguments.of("\"\"", ""),
                Arguments.of("null", null));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("jsonStrings")
    void unescapesJsonStrings(String raw, String expected) {
        assertThat(EventFields.jsonString(raw, "Decode")).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {"42", "{}", "[\"a\"]", "\"unterminated", "\"bad \\x escape\"", "\"short \\u12\"", "\"\\u12G4\""})
    void refusesOtherValuesAndMalformedStringsNamingTheField(String raw) {
        assertThatThrownBy(() -> EventFields.jsonString(raw, "Decode"))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("(near field \"body\")");
    }

    @SuppressWarnings("unchecked")
    private static Request decode(String golden, String body, boolean base64) {
        Map<String, Object> event = GoldenEvents.parse(GoldenEvents.load(golden));
        event.put("body", body);
        event.put("isBase64Encoded", base64);
        byte[] bytes = Json.jsonb().type(Object.class).toJsonBytes(event);
        return HttpInvocation.decode(bytes, null).request();
    }
}
