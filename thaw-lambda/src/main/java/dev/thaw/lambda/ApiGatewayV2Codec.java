package dev.thaw.lambda;

import dev.thaw.Context;
import dev.thaw.EventSource;
import dev.thaw.Headers;
import dev.thaw.Request;
import dev.thaw.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Payload format 2.0: API Gateway HTTP APIs and Lambda Function URLs. {@code rawQueryString} is the
 * source of truth for repeated keys; repeated headers arrive comma-joined and stay one value; the
 * {@code cookies} array becomes the {@code Cookie} header. The answer comma-joins repeated headers and
 * puts every Set-Cookie in {@code cookies}.
 */
final class ApiGatewayV2Codec implements EventCodec {

    static final ApiGatewayV2Codec HTTP_API =
            new ApiGatewayV2Codec(EventSource.API_GATEWAY_HTTP, "Decode an API Gateway HTTP API event");
    static final ApiGatewayV2Codec FUNCTION_URL =
            new ApiGatewayV2Codec(EventSource.FUNCTION_URL, "Decode a Lambda Function URL event");

    private final EventSource source;
    private final String action;

    private ApiGatewayV2Codec(EventSource source, String action) {
        this.source = source;
        this.action = action;
    }

    @Override
    public EventSource source() {
        return source;
    }

    @Override
    public Request decode(byte[] event, Context context) {
        return decode(EventJson.read(event, ApiGatewayV2Event.class, action), context);
    }

    /** Decodes an event already read as payload 2.0. */
    Request decode(ApiGatewayV2Event e, Context context) {
        try {
            return request(e, context);
        } catch (RuntimeException failure) {
            throw EventFields.invalid(action, failure);
        }
    }

    /**
     * Returns the codec {@link EventCodecs#forEvent} picks for an event that read as payload 2.0, by the
     * same facts ({@code requestContext.http} an object, no {@code requestContext.elb} object, {@code version}
     * "2.0" or a {@code rawPath}; a Function URL by its domain), or null when it is not one.
     */
    static ApiGatewayV2Codec forShape(ApiGatewayV2Event e) {
        ApiGatewayV2Event.RequestContext context = e.requestContext();
        if (context == null || context.http() == null || isObject(context.elb())) {
            return null;
        }
        if (!"2.0".equals(e.version()) && e.rawPath() == null) {
            return null;
        }
        String domain = context.domainName();
        return domain != null && domain.contains(".lambda-url.") ? FUNCTION_URL : HTTP_API;
    }

    /** Returns whether raw JSON text is an object. */
    private static boolean isObject(String raw) {
        if (raw == null) {
            return false;
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return c == '{';
            }
        }
        return false;
    }

    private Request request(ApiGatewayV2Event e, Context context) {
        ApiGatewayV2Event.Http http =
                e.requestContext() == null ? null : e.requestContext().http();
        String method = EventFields.method(http == null ? null : http.method(), "requestContext.http.method", action);
        String path = e.rawPath() != null ? e.rawPath() : http == null ? null : http.path();
        String rawPath = EncodedPath.of(path, "rawPath", action);
        Headers.Builder headers = EventFields.headers(null, e.headers());
        String cookie = cookieHeader(e.cookies());
        if (cookie != null) {
            headers.set("cookie", cookie);
        }
        return Request.builder(method, rawPath)
                .query(QueryStrings.parse(e.rawQueryString()))
                .headers(headers.build())
                .body(EventFields.body(e.body(), e.base64Encoded(), action))
                .context(EventFields.context(context, source))
                .sourceIp(http == null ? null : http.sourceIp())
                .build();
    }

    /** Joins the cookies array as one {@code Cookie} header, as a browser sends it over HTTP/1.1. */
    private static String cookieHeader(List<String> cookies) {
        if (cookies == null || cookies.isEmpty()) {
            return null;
        }
        StringBuilder joined = new StringBuilder();
        for (String cookie : cookies) {
            if (cookie != null && !cookie.isEmpty()) {
                if (!joined.isEmpty()) {
                    joined.append("; ");
                }
                joined.append(cookie);
            }
        }
        return joined.isEmpty() ? null : joined.toString();
    }

    @Override
    public byte[] encode(Response response, Request request) {
        ResponseBody body = ResponseBody.of(response, request);
        Map<String, List<String>> all = response.headers().asMap();
        Map<String, String> headers = new LinkedHashMap<>(all.size() * 2);
        for (Map.Entry<String, List<String>> header : all.entrySet()) {
            List<String> values = header.getValue();
            headers.put(header.getKey(), values.size() == 1 ? values.get(0) : String.join(",", values));
        }
        List<String> cookies = response.cookies().isEmpty() ? null : response.cookies();
        return EventJson.write(
                ApiGatewayV2Response.class,
                new ApiGatewayV2Response(response.status(), headers, cookies, body.body(), body.base64Encoded()));
    }

    @Override
    public String toString() {
        return "ApiGatewayV2Codec[" + source + "]";
    }
}
