package dev.thaw.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thaw.testkit.GoldenEvents;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventCodecsTest {

    static List<String> httpEvents() {
        return GoldenEvents.httpEvents();
    }

    static List<String> nonHttpEvents() {
        return GoldenEvents.nonHttpEvents();
    }

    /** The codec each golden event's name says it needs. */
    private static String expectedCodec(String event) {
        if (event.startsWith("apigw-v1-")) {
            return "ApiGatewayV1Codec[API_GATEWAY_REST]";
        }
        if (event.startsWith("apigw-http-v1-")) {
            return "ApiGatewayV1Codec[API_GATEWAY_HTTP]";
        }
        if (event.startsWith("apigw-v2-")) {
            return "ApiGatewayV2Codec[API_GATEWAY_HTTP]";
        }
        if (event.startsWith("function-url-")) {
            return "ApiGatewayV2Codec[FUNCTION_URL]";
        }
        if (event.startsWith("alb-single")) {
            return "AlbCodec[single-value]";
        }
        if (event.startsWith("alb-multi")) {
            return "AlbCodec[multi-value]";
        }
        throw new IllegalArgumentException("no codec expected for " + event);
    }

    @ParameterizedTest
    @MethodSource("httpEvents")
    void choosesTheCodecByTheEventsShape(String file) {
        byte[] event = GoldenEvents.load(file);

        EventCodec chosen = EventCodecs.forEvent(event).orElseThrow();

        assertThat(chosen).hasToString(expectedCodec(file));
        assertThat(chosen.source()).isEqualTo(GoldenEvents.source(file));
        assertThat(chosen.decode(event, null).context().source()).isEqualTo(GoldenEvents.source(file));
    }

    @ParameterizedTest
    @MethodSource("nonHttpEvents")
    void findsNoCodecForNonHttpEvents(String file) {
        assertThat(EventCodecs.forEvent(GoldenEvents.load(file))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{}",
                "[1,2,3]",
                "\"just a string\"",
                "42",
                "{\"httpMethod\":\"GET\"}",
                "{\"httpMethod\":\"GET\",\"path\":\"/\",\"requestContext\":null}",
                "{\"version\":\"2.0\",\"requestContext\":{\"eventType\":\"MESSAGE\",\"routeKey\":\"$default\"}}",
                "{\"httpMethod\":7,\"requestContext\":{}}"
            })
    void findsNoCodecForOtherJsonValues(String event) {
        assertThat(EventCodecs.forEvent(event.getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"version\":\"1.0\",\"httpMethod\":\"GET\",\"path\":\"/\",\"requestContext\":{}}"
                        + "| ApiGatewayV1Codec[API_GATEWAY_HTTP]",
                "{\"rawPath\":\"/\",\"requestContext\":{\"http\":{\"method\":\"GET\"}}} | ApiGatewayV2Codec[API_GATEWAY_HTTP]",
                "{\"httpMethod\":\"GET\",\"requestContext\":{\"elb\":{}},\"headers\":{}} | AlbCodec[single-value]",
            })
    void recognisesMinimalShapes(String event, String codec) {
        Optional<EventCodec> chosen = EventCodecs.forEvent(event.getBytes(StandardCharsets.UTF_8));

        assertThat(chosen).get().hasToString(codec);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"httpMethod\":\"GET\",", "{\"requestContext\":{\"elb\":{]}}", "{\"a\" 1}", ""})
    void rejectsMalformedOrEmptyEvents(String event) {
        assertThatThrownBy(() -> EventCodecs.forEvent(event.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(
                        InvalidEventException.class,
                        e -> assertThat(e.errorType()).isEqualTo("Runtime.InvalidEvent"))
                .hasMessageStartingWith("Detect the event source: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqs.json", "scheduled-event.json"})
    void explainsAnUnsupportedEventByItsFieldNamesOnly(String file) {
        InvalidEventException e = EventCodecs.unsupported(GoldenEvents.load(file));

        assertThat(e.errorType()).isEqualTo("Runtime.UnsupportedEvent");
        assertThat(e.getMessage())
                .startsWith("Handle the invocation: the event is not an HTTP event")
                .contains(file.equals("sqs.json") ? "fields Records" : "fields version, id, detail-type")
                .doesNotContain("thaw-user-sync", "aws.events");
    }
}
