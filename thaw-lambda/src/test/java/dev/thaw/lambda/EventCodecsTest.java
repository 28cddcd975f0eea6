package dev.thaw.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thaw.EventSource;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventCodecsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "apigw-v1-get.json,          ApiGatewayV1Codec[API_GATEWAY_REST], API_GATEWAY_REST",
        "apigw-v1-post-base64.json,  ApiGatewayV1Codec[API_GATEWAY_REST], API_GATEWAY_REST",
        "apigw-v2-get.json,          ApiGatewayV2Codec[API_GATEWAY_HTTP], API_GATEWAY_HTTP",
        "apigw-v2-post-json.json,    ApiGatewayV2Codec[API_GATEWAY_HTTP], API_GATEWAY_HTTP",
        "function-url-get.json,      ApiGatewayV2Codec[FUNCTION_URL],     FUNCTION_URL",
        "alb-single.json,            AlbCodec[single-value],              ALB",
        "alb-multi.json,             AlbCodec[multi-value],               ALB",
    })
    void choosesTheCodecByTheEventsShape(String file, String codec, EventSource source) {
        byte[] event = GoldenEvents.load(file);

        EventCodec chosen = EventCodecs.forEvent(event).orElseThrow();

        assertThat(chosen).hasToString(codec);
        assertThat(chosen.source()).isEqualTo(source);
        assertThat(chosen.decode(event, null).context().source()).isEqualTo(source);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqs.json", "scheduled-event.json"})
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
