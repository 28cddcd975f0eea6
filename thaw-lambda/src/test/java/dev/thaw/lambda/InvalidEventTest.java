package dev.thaw.lambda;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InvalidEventTest {

    private static final String V1 = "{\"httpMethod\":\"GET\",\"path\":\"/a\",\"requestContext\":{}";
    private static final String V2 =
            "{\"version\":\"2.0\",\"rawPath\":\"/a\",\"requestContext\":{\"http\":{\"method\":\"GET\"}}";
    private static final String ALB = "{\"httpMethod\":\"GET\",\"path\":\"/a\",\"requestContext\":{\"elb\":{}}";

    /** codec, event, what the message must say. */
    static Stream<Arguments> badEvents() {
        List<Arguments> cases = new ArrayList<>();
        Object[][] codecs = {
            {ApiGatewayV1Codec.REST, V1, "Decode an API Gateway REST API event: "},
            {ApiGatewayV2Codec.HTTP_API, V2, "Decode an API Gateway HTTP API event: "},
            {ApiGatewayV2Codec.FUNCTION_URL, V2, "Decode a Lambda Function URL event: "},
            {AlbCodec.MULTI_VALUE, ALB, "Decode an Application Load Balancer event: "},
        };
        for (Object[] c : codecs) {
            EventCodec codec = (EventCodec) c[0];
            String valid = (String) c[1];
            String action = (String) c[2];
            cases.add(Arguments.of(codec, "not json at all", action + "malformed JSON"));
            cases.add(Arguments.of(codec, valid, action + "malformed JSON")); // truncated: no closing brace
            cases.add(Arguments.of(codec, valid.substring(0, valid.length() / 2), action + "malformed JSON"));
            cases.add(Arguments.of(codec, "", action + "the event is empty"));
            cases.add(Arguments.of(codec, "[]", action + "malformed JSON"));
            cases.add(Arguments.of(codec, "null", action + "malformed JSON"));
            cases.add(Arguments.of(codec, valid + ",\"headers\":[]}", "(near field \"headers\")"));
            cases.add(Arguments.of(codec, valid + ",\"headers\":{\"accept\":1}}", "(near field \"accept\")"));
            cases.add(Arguments.of(codec, valid + ",\"body\":42}", "(near field \"body\")"));
            cases.add(Arguments.of(codec, valid + ",\"isBase64Encoded\":\"yes\"}", "(near field \"isBase64Encoded\")"));
            cases.add(Arguments.of(
                    codec, valid + ",\"body\":\"%%not base64%%\",\"isBase64Encoded\":true}", "not valid base64"));
            cases.add(Arguments.of(codec, valid + ",\"headers\":{\"x-bad\":\"a\\r\\nb\"}}", "CR, LF or NUL"));
        }
        cases.add(Arguments.of(
                ApiGatewayV1Codec.REST, V1 + ",\"multiValueHeaders\":{\"a\":\"b\"}}", "(near field \"a\")"));
        cases.add(Arguments.of(
                ApiGatewayV1Codec.REST,
                V1 + ",\"multiValueQueryStringParameters\":{\"q\":[1]}}",
                "(near field \"q\")"));
        cases.add(Arguments.of(ApiGatewayV1Codec.REST, "{\"path\":\"/a\"}", "field \"httpMethod\" is missing"));
        cases.add(Arguments.of(
                ApiGatewayV1Codec.REST, "{\"httpMethod\":\"GE T\",\"path\":\"/a\"}", "is not an HTTP method"));
        cases.add(Arguments.of(
                ApiGatewayV1Codec.REST, "{\"httpMethod\":\"GET\",\"path\":\"a/b\"}", "must start with '/'"));
        cases.add(Arguments.of(ApiGatewayV1Codec.REST, "{\"httpMethod\":\"GET\"}", "field \"path\" is missing"));
        cases.add(Arguments.of(ApiGatewayV2Codec.HTTP_API, V2 + ",\"cookies\":\"a=1\"}", "(near field \"cookies\")"));
        cases.add(Arguments.of(
                ApiGatewayV2Codec.HTTP_API,
                "{\"rawPath\":\"/a\",\"requestContext\":{\"http\":{}}}",
                "field \"requestContext.http.method\" is missing"));
        cases.add(Arguments.of(
                ApiGatewayV2Codec.HTTP_API,
                "{\"rawPath\":\"/a\",\"requestContext\":{\"http\":[]}}",
                "(near field \"http\")"));
        cases.add(Arguments.of(
                AlbCodec.SINGLE_VALUE,
                ALB + ",\"queryStringParameters\":[]}",
                "(near field \"queryStringParameters\")"));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("badEvents")
    void rejectsWithInvalidEventExceptionNamingTheProblem(EventCodec codec, String event, String expected) {
        assertThatThrownBy(() -> codec.decode(event.getBytes(StandardCharsets.UTF_8), null))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining(expected)
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((InvalidEventException) e).errorType())
                        .isEqualTo("Runtime.InvalidEvent"));
    }
}
