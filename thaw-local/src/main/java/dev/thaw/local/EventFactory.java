package dev.thaw.local;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * Turns an HTTP request into the event its front end would send to Lambda, field for field:
 *
 * <ul>
 *   <li>{@link EventFormat#HTTP_API} (payload 2.0, route {@code $default}): {@code rawPath} percent-decoded
 *       as HTTP APIs deliver it, {@code rawQueryString} as sent, {@code cookies} split out of the Cookie
 *       headers, other headers lower-cased with repeats comma-joined, {@code queryStringParameters} decoded
 *       with repeats comma-joined;
 *   <li>{@link EventFormat#FUNCTION_URL}: the same shape with the path as sent, account {@code anonymous}
 *       and a {@code <url-id>.lambda-url.<region>.on.aws} domain;
 *   <li>{@link EventFormat#REST} (proxy resource {@code /{proxy+}}, stage {@code local}): headers in
 *       {@code headers} (last value) and {@code multiValueHeaders}, decoded query in
 *       {@code queryStringParameters} (last value) and {@code multiValueQueryStringParameters};
 *   <li>{@link EventFormat#ALB} / {@link EventFormat#ALB_MULTI_VALUE}: lower-cased headers and query
 *       parameters still URL-encoded, the last of repeated ones in single-value mode, all of them in
 *       multi-value mode.
 * </ul>
 *
 * <p>Every front end adds {@code x-amzn-trace-id} (unless the client sent one), {@code x-forwarded-for}
 * (the client address appended), {@code x-forwarded-port} and {@code x-forwarded-proto}. A body is sent as
 * text when its content type is {@code text/*}, {@code application/json}, {@code application/javascript}
 * or {@code application/xml} — the types ALB documents and HTTP APIs and Function URLs treat as text — and
 * base64 with {@code isBase64Encoded} otherwise (a REST API is played as one whose {@code binaryMediaTypes}
 * lists every other type).
 */
final class EventFactory {

    /** The stage a REST API event names: local requests carry no stage prefix in their path. */
    static final String REST_STAGE = "local";

    /** The account the made-up API belongs to: the emulator's, as in the function ARN the runtime is given. */
    static final String ACCOUNT_ID = "012345678912";

    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);
    private static final String ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final String ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final EventFormat format;
    private final String region;
    private final LongSupplier clock;
    private final Random random;
    private final String apiId;
    private final String domainName;

    /**
     * @param format the front end to play
     * @param region the region the made-up domain names and ARNs name
     * @param clock the current time in epoch milliseconds
     * @param random the source of request ids and the made-up API id
     */
    EventFactory(EventFormat format, String region, LongSupplier clock, Random random) {
        this.format = format;
        this.region = region;
        this.clock = clock;
        this.random = random;
        this.apiId = randomId(ALPHANUMERIC, format == EventFormat.FUNCTION_URL ? 32 : 10);
        this.domainName = format == EventFormat.FUNCTION_URL
                ? apiId + ".lambda-url." + region + ".on.aws"
                : apiId + ".execute-api." + region + ".amazonaws.com";
    }

    /** Returns a factory on the system clock. */
    static EventFactory of(EventFormat format, String region) {
        return new EventFactory(format, region, System::currentTimeMillis, new Random());
    }

    /** Returns the front end this factory plays. */
    EventFormat format() {
        return format;
    }

    /** Returns the event for {@code request} as UTF-8 JSON. */
    byte[] event(IncomingRequest request) {
        long now = clock.getAsLong();
        Map<String, List<String>> headers = headers(request, now);
        Map<String, Object> event = switch (format) {
            case HTTP_API, FUNCTION_URL -> payload2(request, headers, now);
            case REST -> rest(request, headers, now);
            case ALB, ALB_MULTI_VALUE -> alb(request, headers);
        };
        return JsonWriter.write(event);
    }

    private Map<String, Object> payload2(IncomingRequest request, Map<String, List<String>> headers, long now) {
        boolean url = format == EventFormat.FUNCTION_URL;
        // HTTP APIs hand the function a decoded path; Function URLs pass it as the client sent it
        String path = url ? request.rawPath() : decode(request.rawPath(), false);
        String rawQuery = request.rawQuery() == null ? "" : request.rawQuery();
        List<String> cookies = new ArrayList<>();
        Map<String, String> joined = new LinkedHashMap<>();
        headers.forEach((name, values) -> {
            if (name.equals("cookie")) {
                for (String line : values) {
                    for (String cookie : line.split(";")) {
                        if (!cookie.isBlank()) {
                            cookies.add(cookie.strip());
                        }
                    }
                }
            } else {
                joined.put(name, String.join(",", values));
            }
        });
        Map<String, String> query = new LinkedHashMap<>();
        parseQuery(rawQuery).forEach((key, values) -> query.put(decode(key, true), joinDecoded(values)));

        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "2.0");
        event.put("routeKey", "$default");
        event.put("rawPath", path);
        event.put("rawQueryString", rawQuery);
        if (!cookies.isEmpty()) {
            event.put("cookies", cookies);
        }
        event.put("headers", joined);
        if (!query.isEmpty()) {
            event.put("queryStringParameters", query);
        }
        Map<String, Object> http = new LinkedHashMap<>();
        http.put("method", request.method());
        http.put("path", path);
        http.put("protocol", "HTTP/1.1");
        http.put("sourceIp", request.sourceIp());
        http.put("userAgent", first(headers, "user-agent", ""));
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("accountId", url ? "anonymous" : ACCOUNT_ID);
        context.put("apiId", apiId);
        context.put("domainName", domainName);
        context.put("domainPrefix", apiId);
        context.put("http", http);
        context.put("requestId", url ? UUID.randomUUID().toString() : apiGatewayRequestId());
        context.put("routeKey", "$default");
        context.put("stage", "$default");
        context.put("time", REQUEST_TIME.format(Instant.ofEpochMilli(now)));
        context.put("timeEpoch", now);
        event.put("requestContext", context);
        putBody(event, request, headers, true);
        return event;
    }

    private Map<String, Object> rest(IncomingRequest request, Map<String, List<String>> headers, long now) {
        String path = request.rawPath();
        boolean root = path.equals("/");
        Map<String, String> single = new LinkedHashMap<>();
        Map<String, List<String>> multi = new LinkedHashMap<>();
        headers.forEach((name, values) -> {
            String shown = titleCase(name);
            single.put(shown, values.getLast());
            multi.put(shown, values);
        });
        Map<String, List<String>> multiQuery = new LinkedHashMap<>();
        parseQuery(request.rawQuery()).forEach((key, values) -> {
            List<String> decoded = new ArrayList<>(values.size());
            for (String value : values) {
                decoded.add(decode(value, true));
            }
            multiQuery
                    .computeIfAbsent(decode(key, true), k -> new ArrayList<>())
                    .addAll(decoded);
        });
        Map<String, String> singleQuery = new LinkedHashMap<>();
        multiQuery.forEach((key, values) -> singleQuery.put(key, values.getLast()));

        Map<String, Object> event = new LinkedHashMap<>();
        event.put("resource", root ? "/" : "/{proxy+}");
        event.put("path", path);
        event.put("httpMethod", request.method());
        event.put("headers", single);
        event.put("multiValueHeaders", multi);
        event.put("queryStringParameters", singleQuery.isEmpty() ? null : singleQuery);
        event.put("multiValueQueryStringParameters", multiQuery.isEmpty() ? null : multiQuery);
        event.put("pathParameters", root ? null : Map.of("proxy", decode(path.substring(1), false)));
        event.put("stageVariables", null);
        Map<String, Object> identity = new LinkedHashMap<>();
        for (String field : List.of(
                "cognitoIdentityPoolId",
                "accountId",
                "cognitoIdentityId",
                "caller",
                "sourceIp",
                "principalOrgId",
                "accessKey",
                "cognitoAuthenticationType",
                "cognitoAuthenticationProvider",
                "userArn",
                "userAgent",
                "user")) {
            identity.put(field, null);
        }
        identity.put("sourceIp", request.sourceIp());
        identity.put("userAgent", first(headers, "user-agent", null));
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("resourceId", randomId(ALPHANUMERIC, 6));
        context.put("resourcePath", root ? "/" : "/{proxy+}");
        context.put("httpMethod", request.method());
        context.put("extendedRequestId", apiGatewayRequestId());
        context.put("requestTime", REQUEST_TIME.format(Instant.ofEpochMilli(now)));
        context.put("path", "/" + REST_STAGE + path);
        context.put("accountId", ACCOUNT_ID);
        context.put("protocol", "HTTP/1.1");
        context.put("stage", REST_STAGE);
        context.put("domainPrefix", apiId);
        context.put("requestTimeEpoch", now);
        context.put("requestId", UUID.randomUUID().toString());
        context.put("identity", identity);
        context.put("domainName", domainName);
        context.put("apiId", apiId);
        event.put("requestContext", context);
        putBody(event, request, headers, false);
        return event;
    }

    private Map<String, Object> alb(IncomingRequest request, Map<String, List<String>> headers) {
        boolean multiValue = format == EventFormat.ALB_MULTI_VALUE;
        Map<String, Object> event = new LinkedHashMap<>();
        event.put(
                "requestContext",
                Map.of(
                        "elb",
                        Map.of(
                                "targetGroupArn",
                                "arn:aws:elasticloadbalancing:" + region + ":" + ACCOUNT_ID + ":targetgroup/thaw-local/"
                                        + randomId("0123456789abcdef", 16))));
        event.put("httpMethod", request.method());
        event.put("path", request.rawPath());
        // ALB passes query keys and values on still URL-encoded
        Map<String, List<String>> query = parseQuery(request.rawQuery());
        if (multiValue) {
            event.put("multiValueQueryStringParameters", query);
            event.put("multiValueHeaders", headers);
        } else {
            Map<String, String> lastQuery = new LinkedHashMap<>();
            query.forEach((key, values) -> lastQuery.put(key, values.getLast()));
            Map<String, String> lastHeader = new LinkedHashMap<>();
            headers.forEach((name, values) -> lastHeader.put(name, values.getLast()));
            event.put("queryStringParameters", lastQuery);
            event.put("headers", lastHeader);
        }
        byte[] body = request.body();
        boolean text = isText(first(headers, "content-type", null));
        event.put("body", body.length == 0 ? "" : text ? utf8(body) : base64(body));
        event.put("isBase64Encoded", body.length > 0 && !text);
        return event;
    }

    /**
     * Puts {@code body} and {@code isBase64Encoded}; an empty body is left out of payload 2.0 events (as
     * HTTP APIs and Function URLs do) and is {@code null} in REST events.
     */
    private static void putBody(
            Map<String, Object> event, IncomingRequest request, Map<String, List<String>> headers, boolean omitEmpty) {
        byte[] body = request.body();
        if (body.length == 0) {
            if (!omitEmpty) {
                event.put("body", null);
            }
            event.put("isBase64Encoded", false);
            return;
        }
        boolean text = isText(first(headers, "content-type", null));
        event.put("body", text ? utf8(body) : base64(body));
        event.put("isBase64Encoded", !text);
    }

    /**
     * Returns the request's headers by lower-cased name in name order, with the headers the front end adds:
     * {@code x-amzn-trace-id}, {@code x-forwarded-for}, {@code -port} and {@code -proto}.
     */
    private Map<String, List<String>> headers(IncomingRequest request, long now) {
        Map<String, List<String>> headers = new TreeMap<>();
        for (Map.Entry<String, String> header : request.headers()) {
            headers.computeIfAbsent(header.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(header.getValue());
        }
        if (!headers.containsKey("x-amzn-trace-id")) {
            headers.put(
                    "x-amzn-trace-id",
                    List.of("Root=1-" + String.format(Locale.ROOT, "%08x", now / 1000) + "-"
                            + randomId("0123456789abcdef", 24)));
        }
        List<String> forwarded = headers.remove("x-forwarded-for");
        String chain =
                forwarded == null ? request.sourceIp() : String.join(", ", forwarded) + ", " + request.sourceIp();
        headers.put("x-forwarded-for", List.of(chain));
        headers.put("x-forwarded-port", List.of(Integer.toString(request.localPort())));
        headers.put("x-forwarded-proto", List.of("http"));
        return headers;
    }

    /**
     * Returns whether a body of this content type goes into the event as text: {@code text/*},
     * {@code application/json}, {@code application/javascript} and {@code application/xml}. Anything else,
     * and a body without a content type, is base64.
     */
    static boolean isText(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .strip()
                .toLowerCase(Locale.ROOT);
        return type.startsWith("text/")
                || type.equals("application/json")
                || type.equals("application/javascript")
                || type.equals("application/xml");
    }

    /** Splits a raw query into its keys and values, both still encoded, keys in first-seen order. */
    static Map<String, List<String>> parseQuery(String rawQuery) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            query.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return query;
    }

    /**
     * Percent-decodes {@code s} as UTF-8; with {@code plusIsSpace} (query strings) a {@code +} is a space.
     * A {@code %} not followed by two hex digits is kept as it is.
     */
    static String decode(String s, boolean plusIsSpace) {
        if (s.indexOf('%') < 0 && (!plusIsSpace || s.indexOf('+') < 0)) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                bytes.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                    utf8 = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                bytes.writeBytes(utf8);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    private static String joinDecoded(List<String> values) {
        StringBuilder joined = new StringBuilder();
        for (String value : values) {
            if (!joined.isEmpty()) {
                joined.append(',');
            }
            joined.append(decode(value, true));
        }
        return joined.toString();
    }

    /** {@code x-forwarded-for} → {@code X-Forwarded-For}: how clients usually spell the names REST APIs keep. */
    static String titleCase(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean upper = true;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            out.append(upper ? Character.toUpperCase(c) : c);
            upper = c == '-';
        }
        return out.toString();
    }

    private static String first(Map<String, List<String>> headers, String name, String fallback) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? fallback : values.getFirst();
    }

    /** An API Gateway style request id such as {@code Xf4mPh2-CYcEQ8g=}. */
    private String apiGatewayRequestId() {
        return randomId(ID_CHARS, 7) + "-" + randomId(ID_CHARS, 7) + "=";
    }

    private String randomId(String alphabet, int length) {
        char[] id = new char[length];
        for (int i = 0; i < length; i++) {
            id[i] = alphabet.charAt(random.nextInt(alphabet.length()));
        }
        return new String(id);
    }

    private static String utf8(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }

    private static String base64(byte[] body) {
        return Base64.getEncoder().encodeToString(body);
    }
}
