package dev.thaw.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thaw.Context;
import dev.thaw.Cookie;
import dev.thaw.EventSource;
import dev.thaw.Request;
import dev.thaw.Response;
import dev.thaw.testkit.GoldenEvents;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiGatewayV1CodecTest {

    private final ApiGatewayV1Codec codec = ApiGatewayV1Codec.REST;

    @Test
    void decodesRestGetWithRepeatedQueryKeysMultiValueHeadersAndCookies() {
        Context runtime = LambdaTestEvents.runtimeContext();
        Request request = codec.decode(GoldenEvents.load("apigw-v1-get.json"), runtime);

        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.rawPath()).isEqualTo("/users/42");
        assertThat(request.pathParams()).isEmpty();
        assertThat(request.query().asMap())
                .containsExactly(Map.entry("tag", List.of("blue", "green")), Map.entry("q", List.of("hello world")));
        assertThat(request.query().raw()).isEqualTo("tag=blue&tag=green&q=hello%20world");
        assertThat(request.headers().all("accept")).containsExactly("application/json", "text/plain;q=0.5");
        assertThat(request.headers().all("x-forwarded-for")).containsExactly("198.51.100.23, 130.176.98.14");
        assertThat(request.headers().size()).isEqualTo(10);
        assertThat(request.cookies()).containsExactly(Map.entry("session", "s3cr3t-77ab"), Map.entry("theme", "dark"));
        assertThat(request.body()).isEmpty();
        assertThat(request.sourceIp()).isEqualTo("198.51.100.23");
        assertThat(request.context().source()).isEqualTo(EventSource.API_GATEWAY_REST);
        assertThat(request.context().requestId()).isEqualTo(runtime.requestId());
        assertThat(request.context().deadlineMillis()).isEqualTo(LambdaTestEvents.DEADLINE);
        assertThat(request.context().traceHeader()).isEqualTo(runtime.traceHeader());
        assertThat(request.context().functionArn()).isEqualTo(runtime.functionArn());
        assertThat(request.context().remainingMillis()).isEqualTo(2_500);
    }

    @Test
    void decodesBase64BodyToTheExactBytes() {
        Request request = codec.decode(GoldenEvents.load("apigw-v1-post-base64.json"), Context.direct());

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.rawPath()).isEqualTo("/uploads");
        assertThat(request.query().isEmpty()).isTrue();
        assertThat(request.header("content-type")).contains("application/octet-stream");
        assertThat(request.body())
                .containsExactly(
                        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0xff,
                        0xfe);
        assertThat(request.sourceIp()).isEqualTo("203.0.113.61");
    }

    @Test
    void keepsTheEncodedPathOfARestApiWithEveryRepeatedHeaderAndCookieHeader() {
        Request request = codec.decode(GoldenEvents.load("apigw-v1-encoded-path.json"), null);

        assertThat(request.rawPath()).isEqualTo("/files/a%20b%2Fc/%E2%82%AC");
        assertThat(request.path()).isEqualTo("/files/a b/c/€");
        assertThat(request.headers().all("accept")).containsExactly("text/html", "text/plain");
        assertThat(request.headers().all("cookie")).containsExactly("session=s3cr3t-77ab", "theme=dark");
        assertThat(request.cookies()).containsExactly(Map.entry("session", "s3cr3t-77ab"), Map.entry("theme", "dark"));
        assertThat(request.query().isEmpty()).isTrue();
        assertThat(request.body()).isEmpty();
    }

    @Test
    void reEncodesThePathAnHttpApiDeliveredDecodedInPayloadOne() {
        Request request =
                ApiGatewayV1Codec.HTTP_API_V1.decode(GoldenEvents.load("apigw-http-v1-encoded-path.json"), null);

        assertThat(request.rawPath()).isEqualTo("/files/a%20b/%E2%82%AC");
        assertThat(request.path()).isEqualTo("/files/a b/€");
        assertThat(request.headers().all("accept")).containsExactly("text/html", "text/plain");
        assertThat(request.cookies()).containsOnlyKeys("session", "theme");
        assertThat(request.context().source()).isEqualTo(EventSource.API_GATEWAY_HTTP);
    }

    @ParameterizedTest
    @CsvSource({
        "apigw-v1-post-empty.json,      REST",
        "apigw-http-v1-post-empty.json, HTTP_API_V1",
    })
    void decodesANullBodyAsAnEmptyOne(String event, String codecName) {
        ApiGatewayV1Codec chosen = codecName.equals("REST") ? ApiGatewayV1Codec.REST : ApiGatewayV1Codec.HTTP_API_V1;

        Request request = chosen.decode(GoldenEvents.load(event), null);

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.rawPath()).isEqualTo("/users/42/sync");
        assertThat(request.body()).isEmpty();
        assertThat(request.bodyText()).isEmpty();
        assertThat(request.header("content-length")).contains("0");
    }

    @Test
    void decodesTheBase64BodyOfAnHttpApiPayloadOneEvent() {
        Request request =
                ApiGatewayV1Codec.HTTP_API_V1.decode(GoldenEvents.load("apigw-http-v1-post-base64.json"), null);

        assertThat(request.header("content-type")).contains("image/jpeg");
        assertThat(request.body()).containsExactly(LambdaTestEvents.JPEG);
    }

    @Test
    void fallsBackToSingleValueFieldsWhenMultiValueOnesAreAbsent() {
        String event = """
                {"httpMethod":"get","path":"/items","headers":{"Accept":"text/csv","Cookie":"a=1"},
                 "queryStringParameters":{"page":"2","q":"a&b"},"requestContext":{"identity":{"sourceIp":"192.0.2.1"}},
                 "body":"plain text","isBase64Encoded":false}
                """;
        Request request = codec.decode(event.getBytes(StandardCharsets.UTF_8), null);

        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.query().asMap())
                .containsExactly(Map.entry("page", List.of("2")), Map.entry("q", List.of("a&b")));
        assertThat(request.query().raw()).isEqualTo("page=2&q=a%26b");
        assertThat(request.header("accept")).contains("text/csv");
        assertThat(request.cookie("a")).contains("1");
        assertThat(request.bodyText()).isEqualTo("plain text");
        assertThat(request.context().source()).isEqualTo(EventSource.API_GATEWAY_REST);
    }

    @Test
    void reEncodesADecodedPathSoRawPathIsAProperEncodedPath() {
        String event = """
                {"httpMethod":"GET","path":"/files/annual report?.pdf","requestContext":{}}
                """;
        Request request = codec.decode(event.getBytes(StandardCharsets.UTF_8), null);

        assertThat(request.rawPath()).isEqualTo("/files/annual%20report%3F.pdf");
        assertThat(request.path()).isEqualTo("/files/annual report?.pdf");
        assertThat(request.query().isEmpty()).isTrue();
    }

    @Test
    void tagsHttpApiPayloadOneEventsWithTheHttpSource() {
        String event = """
                {"version":"1.0","httpMethod":"GET","path":"/health","requestContext":{"identity":{"sourceIp":"192.0.2.9"}}}
                """;
        Request request = ApiGatewayV1Codec.HTTP_API_V1.decode(event.getBytes(StandardCharsets.UTF_8), null);

        assertThat(request.context().source()).isEqualTo(EventSource.API_GATEWAY_HTTP);
        assertThat(request.sourceIp()).isEqualTo("192.0.2.9");
    }

    @Test
    void encodesEverySetCookieAndRepeatedHeaderInMultiValueHeaders() {
        Response response = Response.status(200)
                .header("Cache-Control", "no-store")
                .header("Vary", "accept")
                .header("Vary", "cookie")
                .cookie(Cookie.of("session", "n3w").path("/").httpOnly())
                .cookie(Cookie.of("theme", "dark"))
                .text("héllo");

        Map<String, Object> json = GoldenEvents.parse(codec.encode(response, Request.get("/")));

        assertThat(json)
                .containsOnlyKeys("statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded")
                .containsEntry("body", "héllo")
                .containsEntry("isBase64Encoded", false);
        assertThat(((Number) json.get("statusCode")).intValue()).isEqualTo(200);
        assertThat(json.get("headers"))
                .isEqualTo(Map.of(
                        "cache-control", "no-store", "vary", "accept", "content-type", "text/plain; charset=utf-8"));
        assertThat(json.get("multiValueHeaders"))
                .isEqualTo(Map.of(
                        "cache-control", List.of("no-store"),
                        "vary", List.of("accept", "cookie"),
                        "content-type", List.of("text/plain; charset=utf-8"),
                        "set-cookie", List.of("session=n3w; Path=/; HttpOnly", "theme=dark")));
    }

    @Test
    void encodesABinaryBodyAsBase64() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff};
        Response response = Response.status(201).bytes(png, "image/png");

        Map<String, Object> json = GoldenEvents.parse(codec.encode(response, Request.get("/logo.png")));

        assertThat(json).containsEntry("body", "iVBORwD/").containsEntry("isBase64Encoded", true);
        assertThat(((Number) json.get("statusCode")).intValue()).isEqualTo(201);
        assertThat(json.get("multiValueHeaders")).isEqualTo(Map.of("content-type", List.of("image/png")));
    }

    @Test
    void sendsNoBodyForHead() {
        Response response = Response.text("body that HEAD must not carry");

        Map<String, Object> json = GoldenEvents.parse(
                codec.encode(response, Request.builder("HEAD", "/").build()));

        assertThat(json).containsEntry("body", "").containsEntry("isBase64Encoded", false);
        assertThat(json.get("headers")).isEqualTo(Map.of("content-type", "text/plain; charset=utf-8"));
    }

    @Test
    void refusesAStreamingResponse() {
        Response response = Response.status(200).stream("text/plain", out -> out.write('x'));

        assertThatThrownBy(() -> codec.encode(response, Request.get("/events")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GET /events")
                .hasMessageContaining("streaming");
    }
}
