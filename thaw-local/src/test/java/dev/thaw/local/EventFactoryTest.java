package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thaw.Context;
import dev.thaw.EventSource;
import dev.thaw.Query;
import dev.thaw.Request;
import dev.thaw.lambda.EventCodec;
import dev.thaw.lambda.EventCodecs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class EventFactoryTest {

    private static final long NOW = 1716559952321L; // 24/May/2024:14:12:32.321 UTC
    private static final String CLIENT = "203.0.113.9";

    /** One request as the front door receives it. */
    private record Case(String name, String method, String path, String query, List<String> headers, byte[] body) {

        IncomingRequest request() {
            List<Map.Entry<String, String>> lines = new ArrayList<>();
            for (String header : headers) {
                int colon = header.indexOf(':');
                lines.add(Map.entry(
                        header.substring(0, colon), header.substring(colon + 1).strip()));
            }
            return new IncomingRequest(method, path, query, lines, body, CLIENT, 3000);
        }

        /** Every value of header {@code name} in arrival order. */
        List<String> values(String name) {
            List<String> values = new ArrayList<>();
            for (Map.Entry<String, String> line : request().headers()) {
                if (line.getKey().equalsIgnoreCase(name)) {
                    values.add(line.getValue());
                }
            }
            return values;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static final byte[] BINARY = new byte[256];

    static {
        for (int i = 0; i < BINARY.length; i++) {
            BINARY[i] = (byte) i;
        }
    }

    private static final List<Case> CASES = List.of(
            new Case(
                    "repeated headers and query keys",
                    "GET",
                    "/users/42",
                    "tag=blue&tag=green&q=hello%20world&sum=1%2B1&sp=a+b&flag",
                    List.of(
                            "Accept: application/json",
                            "Accept: text/plain;q=0.5",
                            "User-Agent: thaw-test/1.0",
                            "X-Custom: one"),
                    new byte[0]),
            new Case(
                    "cookies on two lines",
                    "GET",
                    "/",
                    null,
                    List.of("Cookie: session=s3cr3t; theme=dark", "Cookie: lang=nl", "Accept: */*"),
                    new byte[0]),
            new Case(
                    "percent-encoded path",
                    "GET",
                    "/files/a%20b/%E2%82%AC",
                    "name=caf%C3%A9",
                    List.of("Accept: text/plain"),
                    new byte[0]),
            new Case(
                    "JSON body",
                    "POST",
                    "/users",
                    "dryRun=false",
                    List.of("Content-Type: application/json; charset=utf-8"),
                    "{\"name\":\"ada\",\"email\":\"ada@example.com\",\"note\":\"café\"}"
                            .getBytes(StandardCharsets.UTF_8)),
            new Case(
                    "binary body",
                    "PUT",
                    "/uploads/1",
                    null,
                    List.of("Content-Type: application/octet-stream"),
                    BINARY),
            new Case(
                    "form body",
                    "POST",
                    "/login",
                    null,
                    List.of("Content-Type: application/x-www-form-urlencoded"),
                    "user=ada&pass=s%26cret".getBytes(StandardCharsets.US_ASCII)),
            new Case("empty POST", "POST", "/users/42/sync", null, List.of("Content-Length: 0"), new byte[0]),
            new Case("DELETE", "DELETE", "/users/7", null, List.of(), new byte[0]));

    static Stream<Arguments> everyFormatAndCase() {
        List<Arguments> all = new ArrayList<>();
        for (EventFormat format : EventFormat.values()) {
            for (Case c : CASES) {
                all.add(Arguments.of(format, c));
            }
        }
        return all.stream();
    }

    private static EventFactory factory(EventFormat format) {
        return new EventFactory(format, "eu-west-1", () -> NOW, new Random(7));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(byte[] event) {
        return (Map<String, Object>) JsonParser.parse(event);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> field(Map<String, Object> object, String name) {
        return (Map<String, Object>) object.get(name);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("everyFormatAndCase")
    void makesEventsThawLambdaDecodesBackIntoTheSameRequest(EventFormat format, Case c) {
        byte[] event = factory(format).event(c.request());

        EventCodec codec = EventCodecs.forEvent(event).orElseThrow();
        Request request = codec.decode(event, Context.direct());

        assertThat(codec.source()).isEqualTo(source(format));
        assertThat(request.method()).isEqualTo(c.method());
        assertThat(request.rawPath()).isEqualTo(c.path());
        assertThat(request.body()).isEqualTo(c.body());
        assertThat(request.sourceIp()).isEqualTo(CLIENT);

        Map<String, List<String>> query = Query.parse(c.query()).asMap();
        if (format == EventFormat.ALB) {
            // single-value mode keeps the last of repeated keys
            Map<String, List<String>> last = new LinkedHashMap<>();
            query.forEach((key, values) -> last.put(key, List.of(values.getLast())));
            query = last;
        }
        assertThat(request.query().asMap()).isEqualTo(query);

        for (String line : c.headers()) {
            String name = line.substring(0, line.indexOf(':'));
            if (name.equalsIgnoreCase("cookie")) {
                continue;
            }
            List<String> sent = c.values(name);
            List<String> expected = switch (format) {
                case HTTP_API, FUNCTION_URL -> List.of(String.join(",", sent));
                case REST, ALB_MULTI_VALUE -> sent;
                case ALB -> List.of(sent.getLast());
            };
            assertThat(request.headers().all(name)).as(name).isEqualTo(expected);
        }

        Map<String, String> cookies = new LinkedHashMap<>();
        List<String> cookieLines = c.values("Cookie");
        for (String cookieLine :
                format == EventFormat.ALB && !cookieLines.isEmpty() ? List.of(cookieLines.getLast()) : cookieLines) {
            for (String cookie : cookieLine.split("; ")) {
                cookies.putIfAbsent(
                        cookie.substring(0, cookie.indexOf('=')), cookie.substring(cookie.indexOf('=') + 1));
            }
        }
        assertThat(request.cookies()).isEqualTo(cookies);
        assertThat(request.header("x-forwarded-for")).contains(CLIENT);
    }

    private static EventSource source(EventFormat format) {
        return switch (format) {
            case HTTP_API -> EventSource.API_GATEWAY_HTTP;
            case REST -> EventSource.API_GATEWAY_REST;
            case FUNCTION_URL -> EventSource.FUNCTION_URL;
            case ALB, ALB_MULTI_VALUE -> EventSource.ALB;
        };
    }

    @Test
    void makesAnHttpApiPayload2EventAsApiGatewayDoes() {
        Map<String, Object> event = json(factory(EventFormat.HTTP_API)
                .event(new IncomingRequest(
                        "GET",
                        "/users/42",
                        "tag=blue&tag=green&q=hello%20world",
                        List.of(
                                Map.entry("Accept", "application/json"),
                                Map.entry("Accept", "text/plain;q=0.5"),
                                Map.entry("Cookie", "session=s3cr3t; theme=dark"),
                                Map.entry("User-Agent", "thaw-test/1.0")),
                        new byte[0],
                        CLIENT,
                        3000)));

        assertThat(event)
                .containsEntry("version", "2.0")
                .containsEntry("routeKey", "$default")
                .containsEntry("rawPath", "/users/42")
                .containsEntry("rawQueryString", "tag=blue&tag=green&q=hello%20world")
                .containsEntry("cookies", List.of("session=s3cr3t", "theme=dark"))
                .containsEntry("queryStringParameters", Map.of("tag", "blue,green", "q", "hello world"))
                .containsEntry("isBase64Encoded", false)
                .doesNotContainKeys("body", "pathParameters", "multiValueHeaders");
        assertThat(field(event, "headers"))
                .containsEntry("accept", "application/json,text/plain;q=0.5")
                .containsEntry("user-agent", "thaw-test/1.0")
                .containsEntry("x-forwarded-for", CLIENT)
                .containsEntry("x-forwarded-port", "3000")
                .containsEntry("x-forwarded-proto", "http")
                .doesNotContainKey("cookie");
        assertThat((String) field(event, "headers").get("x-amzn-trace-id")).matches("Root=1-6650a050-[0-9a-f]{24}");
        Map<String, Object> context = field(event, "requestContext");
        assertThat(context)
                .containsEntry("accountId", EventFactory.ACCOUNT_ID)
                .containsEntry("routeKey", "$default")
                .containsEntry("stage", "$default")
                .containsEntry("time", "24/May/2024:14:12:32 +0000")
                .containsEntry("timeEpoch", NOW);
        assertThat((String) context.get("apiId")).matches("[a-z0-9]{10}");
        assertThat((String) context.get("domainName"))
                .isEqualTo(context.get("apiId") + ".execute-api.eu-west-1.amazonaws.com");
        assertThat((String) context.get("requestId")).matches("[A-Za-z0-9]{7}-[A-Za-z0-9]{7}=");
        assertThat(field(context, "http"))
                .isEqualTo(Map.of(
                        "method", "GET",
                        "path", "/users/42",
                        "protocol", "HTTP/1.1",
                        "sourceIp", CLIENT,
                        "userAgent", "thaw-test/1.0"));
    }

    @Test
    void givesHttpApiEventsTheDecodedPathAndFunctionUrlEventsTheRawOne() {
        IncomingRequest request =
                new IncomingRequest("GET", "/files/a%20b%2Fc/%E2%82%AC", null, List.of(), new byte[0], CLIENT, 3000);

        Map<String, Object> httpApi = json(factory(EventFormat.HTTP_API).event(request));
        Map<String, Object> url = json(factory(EventFormat.FUNCTION_URL).event(request));

        assertThat(httpApi).containsEntry("rawPath", "/files/a b/c/€").containsEntry("rawQueryString", "");
        assertThat(field(field(httpApi, "requestContext"), "http")).containsEntry("path", "/files/a b/c/€");
        assertThat(url).containsEntry("rawPath", "/files/a%20b%2Fc/%E2%82%AC").containsEntry("routeKey", "$default");
        Map<String, Object> context = field(url, "requestContext");
        assertThat(context).containsEntry("accountId", "anonymous").containsEntry("stage", "$default");
        assertThat((String) context.get("apiId")).matches("[a-z0-9]{32}");
        assertThat((String) context.get("domainName")).isEqualTo(context.get("apiId") + ".lambda-url.eu-west-1.on.aws");
        assertThat((String) context.get("requestId"))
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
    }

    @Test
    void makesARestProxyEventWithSingleAndMultiValueFields() {
        Map<String, Object> event = json(factory(EventFormat.REST)
                .event(new IncomingRequest(
                        "GET",
                        "/files/a%20b/%E2%82%AC",
                        "tag=blue&tag=green&q=a+b",
                        List.of(
                                Map.entry("accept", "application/json"),
                                Map.entry("accept", "text/plain"),
                                Map.entry("user-agent", "thaw-test/1.0")),
                        new byte[0],
                        CLIENT,
                        3000)));

        assertThat(event)
                .containsEntry("resource", "/{proxy+}")
                .containsEntry("path", "/files/a%20b/%E2%82%AC")
                .containsEntry("httpMethod", "GET")
                .containsEntry("queryStringParameters", Map.of("tag", "green", "q", "a b"))
                .containsEntry(
                        "multiValueQueryStringParameters", Map.of("tag", List.of("blue", "green"), "q", List.of("a b")))
                .containsEntry("pathParameters", Map.of("proxy", "files/a b/€"))
                .containsEntry("stageVariables", null)
                .containsEntry("body", null)
                .containsEntry("isBase64Encoded", false);
        assertThat(field(event, "headers"))
                .containsEntry("Accept", "text/plain")
                .containsEntry("User-Agent", "thaw-test/1.0")
                .containsEntry("X-Forwarded-Proto", "http");
        assertThat(field(event, "multiValueHeaders"))
                .containsEntry("Accept", List.of("application/json", "text/plain"));
        Map<String, Object> context = field(event, "requestContext");
        assertThat(context)
                .containsEntry("resourcePath", "/{proxy+}")
                .containsEntry("path", "/local/files/a%20b/%E2%82%AC")
                .containsEntry("stage", "local")
                .containsEntry("requestTime", "24/May/2024:14:12:32 +0000")
                .containsEntry("requestTimeEpoch", NOW)
                .containsEntry("httpMethod", "GET");
        assertThat(field(context, "identity"))
                .containsEntry("sourceIp", CLIENT)
                .containsEntry("userAgent", "thaw-test/1.0")
                .containsEntry("user", null);
    }

    @Test
    void givesTheRestRootResourceNoProxyParameterAndNoQuery() {
        Map<String, Object> event = json(factory(EventFormat.REST)
                .event(new IncomingRequest("GET", "/", null, List.of(), new byte[0], CLIENT, 3000)));

        assertThat(event)
                .containsEntry("resource", "/")
                .containsEntry("pathParameters", null)
                .containsEntry("queryStringParameters", null)
                .containsEntry("multiValueQueryStringParameters", null);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ALB, false", "ALB_MULTI_VALUE, true"})
    void keepsAlbQueryParametersUrlEncoded(EventFormat format, boolean multiValue) {
        Map<String, Object> event = json(factory(format)
                .event(new IncomingRequest(
                        "GET",
                        "/search",
                        "q=caf%C3%A9+au+lait&tag=a%20b&tag=c%26d",
                        List.of(Map.entry("Cookie", "a=1"), Map.entry("Cookie", "b=2")),
                        new byte[0],
                        CLIENT,
                        80)));

        assertThat(event)
                .containsEntry("httpMethod", "GET")
                .containsEntry("path", "/search")
                .containsEntry("body", "")
                .containsEntry("isBase64Encoded", false);
        assertThat((String) field(field(event, "requestContext"), "elb").get("targetGroupArn"))
                .matches("arn:aws:elasticloadbalancing:eu-west-1:012345678912:targetgroup/thaw-local/[0-9a-f]{16}");
        if (multiValue) {
            assertThat(event)
                    .containsEntry(
                            "multiValueQueryStringParameters",
                            Map.of("q", List.of("caf%C3%A9+au+lait"), "tag", List.of("a%20b", "c%26d")))
                    .doesNotContainKeys("headers", "queryStringParameters");
            assertThat(field(event, "multiValueHeaders")).containsEntry("cookie", List.of("a=1", "b=2"));
        } else {
            assertThat(event)
                    .containsEntry("queryStringParameters", Map.of("q", "caf%C3%A9+au+lait", "tag", "c%26d"))
                    .doesNotContainKeys("multiValueHeaders", "multiValueQueryStringParameters");
            assertThat(field(event, "headers")).containsEntry("cookie", "b=2").containsEntry("x-forwarded-port", "80");
        }
    }

    @ParameterizedTest(name = "{0} as text: {1}")
    @CsvSource(
            nullValues = "NULL",
            value = {
                "text/plain, true",
                "text/html; charset=utf-8, true",
                "TEXT/CSV, true",
                "application/json, true",
                "application/json;charset=UTF-8, true",
                "application/javascript, true",
                "application/xml, true",
                "application/octet-stream, false",
                "image/png, false",
                "application/x-www-form-urlencoded, false",
                "multipart/form-data; boundary=x, false",
                "application/problem+json, false",
                "NULL, false"
            })
    void sendsOnlyTextualContentTypesAsText(String contentType, boolean text) {
        assertThat(EventFactory.isText(contentType)).isEqualTo(text);
        Map<String, Object> event = json(factory(EventFormat.HTTP_API)
                .event(new IncomingRequest(
                        "POST",
                        "/",
                        null,
                        contentType == null ? List.of() : List.of(Map.entry("Content-Type", contentType)),
                        "héllo".getBytes(StandardCharsets.UTF_8),
                        CLIENT,
                        3000)));
        assertThat(event).containsEntry("isBase64Encoded", !text).containsEntry("body", text ? "héllo" : "aMOpbGxv");
    }

    @Test
    void appendsTheClientToForwardedForAndKeepsTheClientsTraceId() {
        Map<String, Object> event = json(factory(EventFormat.HTTP_API)
                .event(new IncomingRequest(
                        "GET",
                        "/",
                        null,
                        List.of(
                                Map.entry("X-Forwarded-For", "198.51.100.7"),
                                Map.entry("X-Amzn-Trace-Id", "Root=1-6650a850-000000000000000000000001")),
                        new byte[0],
                        CLIENT,
                        3000)));

        assertThat(field(event, "headers"))
                .containsEntry("x-forwarded-for", "198.51.100.7, " + CLIENT)
                .containsEntry("x-amzn-trace-id", "Root=1-6650a850-000000000000000000000001");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "x-forwarded-for | X-Forwarded-For",
                "accept | Accept",
                "cloudfront-viewer-country | Cloudfront-Viewer-Country"
            })
    void spellsRestHeaderNamesAsClientsUsuallyDo(String name, String shown) {
        assertThat(EventFactory.titleCase(name.toLowerCase(Locale.ROOT))).isEqualTo(shown);
    }
}
