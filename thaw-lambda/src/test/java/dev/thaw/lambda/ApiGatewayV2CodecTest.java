package dev.thaw.lambda;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.params.provider.ValueSource;

class ApiGatewayV2CodecTest {

    private final ApiGatewayV2Codec codec = ApiGatewayV2Codec.HTTP_API;

    @Test
    void decodesGetWithCookiesArrayRepeatedQueryAndCommaJoinedHeader() {
        Request request = codec.decode(GoldenEvents.load("apigw-v2-get.json"), LambdaTestEvents.runtimeContext());

        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.rawPath()).isEqualTo("/users/42");
        assertThat(request.pathParams()).isEmpty();
        assertThat(request.query().raw()).isEqualTo("tag=blue&tag=green&q=hello%20world");
        assertThat(request.query().asMap())
                .containsExactly(Map.entry("tag", List.of("blue", "green")), Map.entry("q", List.of("hello world")));
        assertThat(request.headers().all("accept")).containsExactly("application/json,text/plain;q=0.5");
        assertThat(request.headers().all("cookie")).containsExactly("session=s3cr3t-77ab; theme=dark");
        assertThat(request.cookies()).containsExactly(Map.entry("session", "s3cr3t-77ab"), Map.entry("theme", "dark"));
        assertThat(request.body()).isEmpty();
        assertThat(request.sourceIp()).isEqualTo("192.0.2.44");
        assertThat(request.context().source()).isEqualTo(EventSource.API_GATEWAY_HTTP);
        assertThat(request.context().requestId()).isEqualTo("8f2c1a9e-1111-4b2c-9d3e-5f6a7b8c9d0e");
    }

    @Test
    void decodesJsonPostBody() {
        Request request = codec.decode(GoldenEvents.load("apigw-v2-post-json.json"), null);

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.rawPath()).isEqualTo("/users");
        assertThat(request.queryParam("dryRun")).contains("false");
        assertThat(request.header("content-type")).contains("application/json; charset=utf-8");
        assertThat(request.bodyText()).isEqualTo("{\"name\":\"ada\",\"email\":\"ada@example.com\"}");
        assertThat(request.cookies()).isEmpty();
    }

    @Test
    void decodesFunctionUrlKeepingTheEncodedPath() {
        Request request = ApiGatewayV2Codec.FUNCTION_URL.decode(GoldenEvents.load("function-url-get.json"), null);

        assertThat(request.rawPath()).isEqualTo("/reports/2024%2F05");
        assertThat(request.query().all("include")).containsExactly("totals", "refunds");
        assertThat(request.sourceIp()).isEqualTo("203.0.113.201");
        assertThat(request.context().source()).isEqualTo(EventSource.FUNCTION_URL);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "apigw-v2-encoded-path.json     | /files/a%20b/%E2%82%AC     | /files/a b/€",
                "function-url-encoded-path.json | /files/a%20b%2Fc/%E2%82%AC | /files/a b/c/€",
            })
    void decodesEncodedPathsWithTheCookiesArrayAndCommaJoinedHeaders(String event, String rawPath, String path) {
        Request request = LambdaTestEvents.decode(event);

        assertThat(request.rawPath()).isEqualTo(rawPath);
        assertThat(request.path()).isEqualTo(path);
        assertThat(request.headers().all("accept")).containsExactly("text/html,text/plain");
        assertThat(request.headers().all("cookie")).containsExactly("session=s3cr3t-77ab; theme=dark");
        assertThat(request.query().isEmpty()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"apigw-v2-post-empty.json", "function-url-post-empty.json"})
    void decodesAnAbsentBodyAsAnEmptyOne(String event) {
        Request request = LambdaTestEvents.decode(event);

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.rawPath()).isEqualTo("/users/42/sync");
        assertThat(request.body()).isEmpty();
    }

    @Test
    void decodesBase64BodiesToTheExactBytes() {
        Request jpeg = codec.decode(GoldenEvents.load("apigw-v2-post-base64.json"), null);
        Request gzip = ApiGatewayV2Codec.FUNCTION_URL.decode(GoldenEvents.load("function-url-post-base64.json"), null);

        assertThat(jpeg.body()).containsExactly(LambdaTestEvents.JPEG);
        assertThat(gzip.body()).containsExactly(LambdaTestEvents.GZIP);
        assertThat(gzip.header("content-type")).contains("application/gzip");
    }

    @Test
    void encodesAPathThatHttpApiDeliveredDecoded() {
        String event = """
                {"version":"2.0","rawPath":"/notes/50% off #1","rawQueryString":"",
                 "requestContext":{"http":{"method":"GET","sourceIp":"192.0.2.1"}}}
                """;
        Request request = codec.decode(event.getBytes(StandardCharsets.UTF_8), null);

        assertThat(request.rawPath()).isEqualTo("/notes/50%25%20off%20%231");
        assertThat(request.path()).isEqualTo("/notes/50% off #1");
    }

    @Test
    void keepsAMalformedQueryEscapeAsTextInsteadOfFailingTheInvocation() {
        String event = """
                {"version":"2.0","rawPath":"/search","rawQueryString":"q=100%zz&page=2",
                 "requestContext":{"http":{"method":"GET"}}}
                """;
        Request request = codec.decode(event.getBytes(StandardCharsets.UTF_8), null);

        assertThat(request.queryParam("q")).contains("100%zz");
        assertThat(request.queryParam("page")).contains("2");
    }

    @Test
    void letsTheCookiesArrayStandForTheCookieHeader() {
        String event = """
                {"version":"2.0","rawPath":"/","cookies":["a=1","b=2"],"headers":{"cookie":"stale=0","accept":"*/*"},
                 "requestContext":{"http":{"method":"GET"}}}
                """;
        Request request = codec.decode(event.getBytes(StandardCharsets.UTF_8), null);

        assertThat(request.headers().all("cookie")).containsExactly("a=1; b=2");
        assertThat(request.cookies()).containsOnlyKeys("a", "b");
    }

    @Test
    void encodesCookiesArrayAndCommaJoinsRepeatedHeaders() {
        Response response = Response.status(200)
                .header("Vary", "accept")
                .header("Vary", "cookie")
                .header("x-one", "1")
                .cookie(Cookie.of("session", "n3w").path("/").httpOnly())
                .cookie(Cookie.of("theme", "dark"))
                .json(Map.of("ok", true));

        Map<String, Object> json = GoldenEvents.parse(codec.encode(response, Request.get("/")));

        assertThat(json)
                .containsOnlyKeys("statusCode", "headers", "cookies", "body", "isBase64Encoded")
                .containsEntry("cookies", List.of("session=n3w; Path=/; HttpOnly", "theme=dark"))
                .containsEntry("body", "{\"ok\":true}")
                .containsEntry("isBase64Encoded", false);
        assertThat(json.get("headers"))
                .isEqualTo(Map.of("vary", "accept,cookie", "x-one", "1", "content-type", "application/json"));
    }

    @Test
    void omitsCookiesWhenNoneAreSetAndBase64EncodesBinary() {
        byte[] gzip = {0x1f, (byte) 0x8b, 8, 0};
        Response response = Response.status(200).bytes(gzip, "application/gzip");

        Map<String, Object> json =
                GoldenEvents.parse(ApiGatewayV2Codec.FUNCTION_URL.encode(response, Request.get("/archive")));

        assertThat(json)
                .doesNotContainKey("cookies")
                .containsEntry("body", "H4sIAA==")
                .containsEntry("isBase64Encoded", true);
        assertThat(((Number) json.get("statusCode")).intValue()).isEqualTo(200);
    }
}
