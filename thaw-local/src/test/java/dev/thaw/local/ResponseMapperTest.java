package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ResponseMapperTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static InvocationResult result(InvocationResult.Kind kind, String body, String errorType) {
        return new InvocationResult(kind, utf8(body), errorType, false, Map.of(), "req-1", 12.5, false);
    }

    private static HttpAnswer answer(EventFormat format, String payload) {
        return ResponseMapper.map(format, result(InvocationResult.Kind.RESPONSE, payload, null));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(
            value = EventFormat.class,
            names = {"HTTP_API", "FUNCTION_URL"})
    void sendsAPayload2AnswerWithEveryCookieAsItsOwnSetCookie(EventFormat format) {
        HttpAnswer answer = answer(format, """
                {"statusCode":201,"headers":{"content-type":"application/json","x-count":3,"vary":"accept,cookie"},
                 "cookies":["seen=42; Path=/; HttpOnly","theme=dark"],
                 "body":"{\\"id\\":\\"101\\"}","isBase64Encoded":false}""");

        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.headers())
                .containsEntry("content-type", List.of("application/json"))
                .containsEntry("x-count", List.of("3"))
                .containsEntry("vary", List.of("accept,cookie"))
                .containsEntry("Set-Cookie", List.of("seen=42; Path=/; HttpOnly", "theme=dark"));
        assertThat(answer.bodyText()).isEqualTo("{\"id\":\"101\"}");
        assertThat(answer.problem()).isNull();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "HTTP_API     | \"Hello from Lambda!\"",
                "HTTP_API     | {\"message\":\"Hello from Lambda!\"}",
                "HTTP_API     | [1,2,3]",
                "FUNCTION_URL | \"Hello, world!\"",
                "FUNCTION_URL | {\"message\": \"Hello, world!\", \"statusDescription\": \"ignored\"}"
            })
    void infersA200JsonResponseFromAPayloadWithoutStatusCode(EventFormat format, String payload) {
        HttpAnswer answer = answer(format, payload);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.headers()).containsEntry("Content-Type", List.of("application/json"));
        assertThat(answer.bodyText()).isEqualTo(payload);
        assertThat(answer.problem()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(EventFormat.class)
    void decodesABase64Body(EventFormat format) {
        String headers = format == EventFormat.ALB_MULTI_VALUE
                ? "\"multiValueHeaders\":{\"content-type\":[\"image/png\"]}"
                : "\"headers\":{\"content-type\":\"image/png\"}";
        HttpAnswer answer = answer(
                format, "{\"statusCode\":200," + headers + ",\"body\":\"iVBORw0KGgo=\",\"isBase64Encoded\":true}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).containsExactly(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
        assertThat(answer.header("content-type")).isEqualTo("image/png");
    }

    @Test
    void mergesRestHeadersIntoMultiValueHeadersSendingAPairInBothOnce() {
        HttpAnswer answer = answer(EventFormat.REST, """
                {"statusCode":200,
                 "headers":{"cache-control":"no-store","vary":"accept","x-single":"only"},
                 "multiValueHeaders":{"vary":["accept","cookie"],"set-cookie":["seen=42; Path=/","theme=dark"],
                                      "cache-control":["private"]},
                 "body":"user 42"}""");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.headers())
                .containsEntry("vary", List.of("accept", "cookie"))
                .containsEntry("set-cookie", List.of("seen=42; Path=/", "theme=dark"))
                .containsEntry("cache-control", List.of("private", "no-store"))
                .containsEntry("x-single", List.of("only"));
        assertThat(answer.bodyText()).isEqualTo("user 42");
    }

    @Test
    void readsOnlyTheHeaderFieldOfTheAlbMode() {
        String payload = """
                {"statusCode":200,"statusDescription":"200 OK","isBase64Encoded":false,
                 "headers":{"set-cookie":"single=1"},
                 "multiValueHeaders":{"set-cookie":["a=1","b=2"]},
                 "body":"ok"}""";

        assertThat(answer(EventFormat.ALB, payload).headers()).isEqualTo(Map.of("set-cookie", List.of("single=1")));
        assertThat(answer(EventFormat.ALB_MULTI_VALUE, payload).headers())
                .isEqualTo(Map.of("set-cookie", List.of("a=1", "b=2")));
    }

    @Test
    void leavesOutHeadersTheFrontEndSetsItself() {
        HttpAnswer answer = answer(EventFormat.HTTP_API, """
                {"statusCode":200,"headers":{"Content-Length":"999","Transfer-Encoding":"chunked",
                 "Connection":"close","x-kept":"yes"},"body":"hi"}""");

        assertThat(answer.headers()).isEqualTo(Map.of("x-kept", List.of("yes")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "HTTP_API        | not json                          | 500 | {\"message\":\"Internal Server Error\"}   | not valid JSON",
                "HTTP_API        | {\"statusCode\":\"200\"}          | 500 | {\"message\":\"Internal Server Error\"}   | statusCode must be a whole number",
                "HTTP_API        | {\"statusCode\":99}               | 500 | {\"message\":\"Internal Server Error\"}   | from 100 to 599",
                "HTTP_API        | {\"statusCode\":200,\"body\":{}}  | 500 | {\"message\":\"Internal Server Error\"}   | body must be a string",
                "HTTP_API        | {\"statusCode\":200,\"cookies\":\"a=1\"} | 500 | {\"message\":\"Internal Server Error\"} | cookies must be an array",
                "HTTP_API        | {\"statusCode\":200,\"body\":\"%%\",\"isBase64Encoded\":true} | 500 | {\"message\":\"Internal Server Error\"} | not base64",
                "FUNCTION_URL    | '{\"statusCode\":200,'            | 502 | Internal Server Error                     | not valid JSON",
                "REST            | \"Hello\"                         | 502 | {\"message\": \"Internal server error\"}  | must be a JSON object",
                "REST            | {\"body\":\"no status\"}          | 502 | {\"message\": \"Internal server error\"}  | statusCode is missing",
                "REST            | {\"statusCode\":200,\"multiValueHeaders\":{\"a\":\"b\"}} | 502 | {\"message\": \"Internal server error\"} | multiValueHeaders.a must be an array",
                "ALB             | {\"body\":\"no status\"}          | 502 | <title>502 Bad Gateway</title>            | statusCode is missing",
                "ALB_MULTI_VALUE | []                                | 502 | <center><h1>502 Bad Gateway</h1></center> | must be a JSON object"
            })
    void answersAMalformedAnswerAsItsFrontEndDoes(
            EventFormat format, String payload, int status, String body, String problem) {
        HttpAnswer answer = answer(format, payload);

        assertThat(answer.status()).isEqualTo(status);
        assertThat(answer.bodyText()).contains(body);
        assertThat(answer.problem()).contains(problem);
    }

    @Test
    void refusesAnAlbAnswerOverOneMegabyte() {
        String big = "x".repeat(1024 * 1024);
        HttpAnswer answer = answer(EventFormat.ALB, "{\"statusCode\":200,\"body\":\"" + big + "\"}");

        assertThat(answer.status()).isEqualTo(502);
        assertThat(answer.problem()).contains("over ALB's 1 MB limit");
        assertThat(answer(EventFormat.HTTP_API, "{\"statusCode\":200,\"body\":\"" + big + "\"}")
                        .status())
                .isEqualTo(200);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "HTTP_API        | ERROR   | 500 | application/json | {\"message\":\"Internal Server Error\"}",
                "HTTP_API        | CRASH   | 500 | application/json | {\"message\":\"Internal Server Error\"}",
                "HTTP_API        | TIMEOUT | 503 | application/json | {\"message\":\"Service Unavailable\"}",
                "REST            | ERROR   | 502 | application/json | {\"message\": \"Internal server error\"}",
                "REST            | CRASH   | 502 | application/json | {\"message\": \"Internal server error\"}",
                "REST            | TIMEOUT | 504 | application/json | {\"message\": \"Endpoint request timed out\"}",
                "FUNCTION_URL    | ERROR   | 502 | application/json | Internal Server Error",
                "FUNCTION_URL    | TIMEOUT | 502 | application/json | Internal Server Error",
                "ALB             | ERROR   | 502 | text/html        | <html>",
                "ALB_MULTI_VALUE | TIMEOUT | 502 | text/html        | <title>502 Bad Gateway</title>"
            })
    void answersFailedInvocationsAsItsFrontEndDoes(
            EventFormat format, InvocationResult.Kind kind, int status, String contentType, String body) {
        String errorType = kind == InvocationResult.Kind.TIMEOUT ? "Sandbox.Timedout" : "Function.Boom";
        HttpAnswer answer = ResponseMapper.map(
                format, result(kind, "{\"errorMessage\":\"kaboom\",\"errorType\":\"" + errorType + "\"}", errorType));

        assertThat(answer.status()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).isEqualTo(contentType);
        assertThat(answer.bodyText()).contains(body);
        assertThat(answer.problem())
                .contains(errorType)
                .contains(kind == InvocationResult.Kind.TIMEOUT ? "timeout" : "kaboom");
    }

    @Test
    void answersAThrottledRestInvocationWithApiGateways500() {
        HttpAnswer answer = ResponseMapper.map(
                EventFormat.REST,
                result(
                        InvocationResult.Kind.ERROR,
                        "{\"errorMessage\":\"Rate Exceeded.\"}",
                        EnvironmentPool.THROTTLED));

        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.bodyText()).isEqualTo("{\"message\": \"Internal server error\"}");
        assertThat(answer.problem()).contains("Lambda.TooManyRequestsException");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "HTTP_API        | {\"message\":\"Request Entity Too Large\"}",
                "REST            | {\"message\":\"Request Too Long\"}",
                "FUNCTION_URL    | Request Entity Too Large",
                "ALB             | <title>413 Request Entity Too Large</title>"
            })
    void answersOversizedRequestsWith413(EventFormat format, String body) {
        HttpAnswer answer = ResponseMapper.tooLarge(format, "too big");

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.bodyText()).contains(body);
        assertThat(answer.problem()).isEqualTo("too big");
    }

    @Test
    void readsAStreamingPrelude() {
        HttpAnswer head = ResponseMapper.prelude(utf8(
                "{\"statusCode\":206,\"headers\":{\"content-type\":\"text/plain\"},\"cookies\":[\"a=1\",\"b=2\"]}"));

        assertThat(head.status()).isEqualTo(206);
        assertThat(head.headers())
                .containsEntry("content-type", List.of("text/plain"))
                .containsEntry("Set-Cookie", List.of("a=1", "b=2"));
        assertThat(ResponseMapper.prelude(utf8("{}")).status()).isEqualTo(200);
    }
}
