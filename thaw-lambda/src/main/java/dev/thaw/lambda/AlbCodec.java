package dev.thaw.lambda;

import dev.thaw.Context;
import dev.thaw.EventSource;
import dev.thaw.Headers;
import dev.thaw.HttpStatus;
import dev.thaw.Request;
import dev.thaw.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Application Load Balancer targets, in the target group's header mode: single-value ({@code headers},
 * {@code queryStringParameters}) or multi-value ({@code multiValueHeaders},
 * {@code multiValueQueryStringParameters}). Query keys and values arrive still URL-encoded and are
 * decoded here. The answer uses the same mode, with a {@code statusDescription} such as "200 OK".
 *
 * <p>In single-value mode a response can carry one {@code Set-Cookie} only: the last one set is sent
 * (as ALB itself keeps the last of repeated request headers); turn multi-value headers on for the target
 * group to send them all. Other repeated headers are comma-joined.
 */
final class AlbCodec implements EventCodec {

    static final AlbCodec SINGLE_VALUE = new AlbCodec(false);
    static final AlbCodec MULTI_VALUE = new AlbCodec(true);

    private static final String ACTION = "Decode an Application Load Balancer event";

    private final boolean multiValue;

    private AlbCodec(boolean multiValue) {
        this.multiValue = multiValue;
    }

    @Override
    public EventSource source() {
        return EventSource.ALB;
    }

    /** Returns whether this codec answers with multi-value headers. */
    boolean multiValue() {
        return multiValue;
    }

    @Override
    public Request decode(byte[] event, Context context) {
        AlbEvent e = EventJson.read(event, AlbEvent.class, ACTION);
        try {
            return request(e, context);
        } catch (RuntimeException failure) {
            throw EventFields.invalid(ACTION, failure);
        }
    }

    private static Request request(AlbEvent e, Context context) {
        String method = EventFields.method(e.httpMethod(), "httpMethod", ACTION);
        String rawPath = EncodedPath.of(e.path(), "path", ACTION);
        Headers headers =
                EventFields.headers(e.multiValueHeaders(), e.headers()).build();
        String rawQuery = QueryStrings.join(e.multiValueQueryStringParameters(), e.queryStringParameters());
        return Request.builder(method, rawPath)
                .query(QueryStrings.parse(rawQuery))
                .headers(headers)
                .body(EventFields.body(e.body(), e.base64Encoded(), ACTION))
                .context(EventFields.context(context, EventSource.ALB))
                .sourceIp(sourceIp(headers))
                .build();
    }

    /** The load balancer appends the address it saw to X-Forwarded-For: the last entry is the trusted one. */
    private static String sourceIp(Headers headers) {
        List<String> forwarded = headers.all("x-forwarded-for");
        if (forwarded.isEmpty()) {
            return null;
        }
        String last = forwarded.get(forwarded.size() - 1);
        String ip = last.substring(last.lastIndexOf(',') + 1).trim();
        return ip.isEmpty() ? null : ip;
    }

    @Override
    public byte[] encode(Response response, Request request) {
        ResponseBody body = ResponseBody.of(response, request);
        int status = response.status();
        String description = status + " " + HttpStatus.reasonPhrase(status);
        Map<String, List<String>> all = response.headers().asMap();
        List<String> cookies = response.cookies();
        AlbResponse answer;
        if (multiValue) {
            Map<String, List<String>> multi = new LinkedHashMap<>(all);
            if (!cookies.isEmpty()) {
                multi.put("set-cookie", cookies);
            }
            answer = new AlbResponse(status, description, null, multi, body.body(), body.base64Encoded());
        } else {
            Map<String, String> single = new LinkedHashMap<>(all.size() * 2 + 2);
            for (Map.Entry<String, List<String>> header : all.entrySet()) {
                List<String> values = header.getValue();
                single.put(header.getKey(), values.size() == 1 ? values.get(0) : String.join(",", values));
            }
            if (!cookies.isEmpty()) {
                single.put("set-cookie", cookies.get(cookies.size() - 1));
            }
            answer = new AlbResponse(status, description, single, null, body.body(), body.base64Encoded());
        }
        return EventJson.write(AlbResponse.class, answer);
    }

    @Override
    public String toString() {
        return "AlbCodec[" + (multiValue ? "multi-value" : "single-value") + "]";
    }
}
