package dev.thaw.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thaw.Cookie;
import dev.thaw.EventSource;
import dev.thaw.Request;
import dev.thaw.Response;
import dev.thaw.testkit.GoldenEvents;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AlbCodecTest {

    private static Response twoCookiesAndRepeatedHeader() {
        return Response.status(404)
                .header("Vary", "accept")
                .header("Vary", "cookie")
                .cookie(Cookie.of("session", "n3w").path("/").httpOnly())
                .cookie(Cookie.of("theme", "dark"))
                .text("no such page");
    }

    @Test
    void decodesSingleValueEventDecodingTheStillEncodedQuery() {
        Request request =
                AlbCodec.SINGLE_VALUE.decode(GoldenEvents.load("alb-single.json"), LambdaTestEvents.runtimeContext());

        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.rawPath()).isEqualTo("/search");
        assertThat(request.pathParams()).isEmpty();
        assertThat(request.query().asMap())
                .containsExactly(Map.entry("q", List.of("café au lait")), Map.entry("page", List.of("2")));
        assertThat(request.query().raw()).isEqualTo("q=caf%C3%A9+au+lait&page=2");
        assertThat(request.header("accept")).contains("application/json");
        assertThat(request.cookies()).containsExactly(Map.entry("session", "alb-91c3"));
        assertThat(request.sourceIp()).isEqualTo("203.0.113.50");
        assertThat(request.body()).isEmpty();
        assertThat(request.context().source()).isEqualTo(EventSource.ALB);
    }

    @Test
    void decodesMultiValueEventWithEveryValue() {
        Request request = AlbCodec.MULTI_VALUE.decode(GoldenEvents.load("alb-multi.json"), null);

        assertThat(request.query().asMap())
                .containsExactly(
                        Map.entry("tag", List.of("a b", "c&d")),
                        Map.entry("q", List.of("café au lait")),
                        Map.entry("lang", List.of("en")));
        assertThat(request.headers().all("accept")).containsExactly("text/html", "application/json");
        assertThat(request.cookies()).containsExactly(Map.entry("session", "alb-91c3"), Map.entry("theme", "dark"));
        assertThat(request.sourceIp()).isEqualTo("203.0.113.77");
    }

    @Test
    void decodesEncodedQueryKeysAndValuesOfAMultiValueEvent() {
        Request request = AlbCodec.MULTI_VALUE.decode(GoldenEvents.load("alb-multi-encoded-query.json"), null);

        assertThat(request.query().asMap())
                .containsExactly(
                        Map.entry("q", List.of("1+1=2")),
                        Map.entry("tag", List.of("x+y", "a b", "€")),
                        Map.entry("filter[status]", List.of("active")),
                        Map.entry("page", List.of("3")));
        assertThat(request.query().raw())
                .isEqualTo("q=1%2B1%3D2&tag=x%2By&tag=a+b&tag=%E2%82%AC&filter%5Bstatus%5D=active&page=3");
        assertThat(request.sourceIp()).isEqualTo("203.0.113.78");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "alb-single-encoded-path.json | text/plain",
                "alb-multi-encoded-path.json  | text/html,text/plain",
            })
    void keepsTheEncodedPathWithTheHeadersOfTheMode(String event, String accepts) {
        Request request = LambdaTestEvents.decode(event);

        assertThat(request.rawPath()).isEqualTo("/files/a%20b%2Fc/%E2%82%AC");
        assertThat(request.path()).isEqualTo("/files/a b/c/€");
        assertThat(request.headers().all("accept")).containsExactly(accepts.split(","));
        assertThat(request.cookies()).containsExactly(Map.entry("session", "alb-91c3"), Map.entry("theme", "dark"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "alb-single-post-empty.json",
                "alb-multi-post-empty.json",
                "alb-single-post-base64.json",
                "alb-multi-post-base64.json"
            })
    void decodesEmptyAndBase64Bodies(String event) {
        Request request = LambdaTestEvents.decode(event);

        byte[] expected = event.contains("empty")
                ? new byte[0]
                : event.startsWith("alb-single") ? LambdaTestEvents.JPEG : LambdaTestEvents.GZIP;
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.body()).containsExactly(expected);
    }

    @Test
    void answersMultiValueModeWithMultiValueHeadersAndEveryCookie() {
        Map<String, Object> json =
                GoldenEvents.parse(AlbCodec.MULTI_VALUE.encode(twoCookiesAndRepeatedHeader(), Request.get("/missing")));

        assertThat(json)
                .containsOnlyKeys("statusCode", "statusDescription", "multiValueHeaders", "body", "isBase64Encoded")
                .containsEntry("statusDescription", "404 Not Found")
                .containsEntry("body", "no such page")
                .containsEntry("isBase64Encoded", false);
        assertThat(((Number) json.get("statusCode")).intValue()).isEqualTo(404);
        assertThat(json.get("multiValueHeaders"))
                .isEqualTo(Map.of(
                        "vary", List.of("accept", "cookie"),
                        "content-type", List.of("text/plain; charset=utf-8"),
                        "set-cookie", List.of("session=n3w; Path=/; HttpOnly", "theme=dark")));
    }

    @Test
    void answersSingleValueModeWithHeadersAndTheLastCookie() {
        Map<String, Object> json = GoldenEvents.parse(
                AlbCodec.SINGLE_VALUE.encode(twoCookiesAndRepeatedHeader(), Request.get("/missing")));

        assertThat(json)
                .containsOnlyKeys("statusCode", "statusDescription", "headers", "body", "isBase64Encoded")
                .containsEntry("statusDescription", "404 Not Found");
        assertThat(json.get("headers"))
                .isEqualTo(Map.of(
                        "vary", "accept,cookie",
                        "content-type", "text/plain; charset=utf-8",
                        "set-cookie", "theme=dark"));
    }

    @Test
    void answersInTheModeTheRequestCameIn() {
        Response ok = Response.text("ok");
        for (String name : List.of("alb-single.json", "alb-multi.json")) {
            byte[] event = GoldenEvents.load(name);
            EventCodec codec = EventCodecs.forEvent(event).orElseThrow();
            Request request = codec.decode(event, null);

            Map<String, Object> json = GoldenEvents.parse(codec.encode(ok, request));

            String expected = name.equals("alb-multi.json") ? "multiValueHeaders" : "headers";
            String absent = name.equals("alb-multi.json") ? "headers" : "multiValueHeaders";
            assertThat(json).as(name).containsKey(expected).doesNotContainKey(absent);
            assertThat(json).as(name).containsEntry("statusDescription", "200 OK");
        }
    }

    @Test
    void encodesBinaryBodyAsBase64WithAStatusDescriptionForUncommonCodes() {
        Response response = Response.status(299).bytes(new byte[] {(byte) 0xc3, 0x28}, "text/plain");

        Map<String, Object> json = GoldenEvents.parse(AlbCodec.SINGLE_VALUE.encode(response, Request.get("/")));

        // 0xC3 0x28 is not UTF-8, so even a text type goes as base64 to keep the bytes.
        assertThat(json)
                .containsEntry("statusDescription", "299 Success")
                .containsEntry("body", "wyg=")
                .containsEntry("isBase64Encoded", true);
    }
}
