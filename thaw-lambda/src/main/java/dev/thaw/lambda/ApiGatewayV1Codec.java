package dev.thaw.lambda;

import dev.thaw.Context;
import dev.thaw.EventSource;
import dev.thaw.Query;
import dev.thaw.Request;
import dev.thaw.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Payload format 1.0: API Gateway REST APIs, and HTTP APIs set to 1.0. Query values arrive decoded in
 * {@code multiValueQueryStringParameters}, headers in {@code multiValueHeaders} (each with a
 * single-value fallback), cookies in the {@code Cookie} header. The answer carries every header value in
 * {@code multiValueHeaders}, the first of each in {@code headers} for readers that only look there.
 */
final class ApiGatewayV1Codec implements EventCodec {

    static final ApiGatewayV1Codec REST =
            new ApiGatewayV1Codec(EventSource.API_GATEWAY_REST, "Decode an API Gateway REST API event");
    static final ApiGatewayV1Codec HTTP_API_V1 = new ApiGatewayV1Codec(
            EventSource.API_GATEWAY_HTTP, "Decode an API Gateway HTTP API event (payload format 1.0)");

    private final EventSource source;
    private final String action;

    private ApiGatewayV1Codec(EventSource source, String action) {
        this.source = source;
        this.action = action;
    }

    @Override
    public EventSource source() {
        return source;
    }

    @Override
    public Request decode(byte[] event, Context context) {
        ApiGatewayV1Event e = EventJson.read(event, ApiGatewayV1Event.class, action);
        try {
            return request(e, context);
        } catch (RuntimeException failure) {
            throw EventFields.invalid(action, failure);
        }
    }

    private Request request(ApiGatewayV1Event e, Context context) {
        String method = EventFields.method(e.httpMethod(), "httpMethod", action);
        String rawPath = EncodedPath.of(e.path(), "path", action);
        ApiGatewayV1Event.RequestContext rc = e.requestContext();
        String sourceIp = rc != null && rc.identity() != null ? rc.identity().sourceIp() : null;
        return Request.builder(method, rawPath)
                .query(query(e.multiValueQueryStringParameters(), e.queryStringParameters()))
                .headers(EventFields.headers(e.multiValueHeaders(), e.headers()).build())
                .body(EventFields.body(e.body(), e.base64Encoded(), action))
                .context(EventFields.context(context, source))
                .sourceIp(sourceIp)
                .build();
    }

    private static Query query(Map<String, List<String>> multi, Map<String, String> single) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (multi != null) {
            for (Map.Entry<String, List<String>> entry : multi.entrySet()) {
                String key = entry.getKey();
                List<String> list = entry.getValue();
                if (key != null && list != null) {
                    for (String value : list) {
                        if (value != null) {
                            List<String> kept = values.get(key);
                            if (kept == null) {
                                kept = new ArrayList<>(list.size());
                                values.put(key, kept);
                            }
                            kept.add(value);
                        }
                    }
                }
            }
        }
        if (single != null) {
            for (Map.Entry<String, String> entry : single.entrySet()) {
                String key = entry.getKey();
                String value = entry.getValue();
                if (key != null && value != null && !values.containsKey(key)) {
                    values.put(key, List.of(value));
                }
            }
        }
        return values.isEmpty() ? Query.empty() : Query.of(values);
    }

    @Override
    public byte[] encode(Response response, Request request) {
        ResponseBody body = ResponseBody.of(response, request);
        Map<String, List<String>> all = response.headers().asMap();
        Map<String, String> first = new LinkedHashMap<>(all.size() * 2);
        Map<String, List<String>> multi = new LinkedHashMap<>(all.size() * 2 + 2);
        for (Map.Entry<String, List<String>> header : all.entrySet()) {
            first.put(header.getKey(), header.getValue().get(0));
            multi.put(header.getKey(), header.getValue());
        }
        if (!response.cookies().isEmpty()) {
            multi.put("set-cookie", response.cookies());
        }
        return EventJson.write(
                ApiGatewayV1Response.class,
                new ApiGatewayV1Response(response.status(), first, multi, body.body(), body.base64Encoded()));
    }

    @Override
    public String toString() {
        return "ApiGatewayV1Codec[" + source + "]";
    }
}
