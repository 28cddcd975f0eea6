package dev.thaw.local;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns how an invocation ended into the HTTP response its front end would send.
 *
 * <p>A function's answer is read as each front end reads it: payload 2.0 (HTTP API, Function URL) takes
 * {@code statusCode}, {@code headers}, {@code cookies} (one Set-Cookie each), {@code body} and
 * {@code isBase64Encoded}, and infers a 200 {@code application/json} response whose body is the payload
 * itself when the payload is valid JSON without a {@code statusCode}; a REST API merges {@code headers}
 * into {@code multiValueHeaders} (a name/value pair in both is sent once); an ALB reads {@code headers} in
 * single-value mode and {@code multiValueHeaders} in multi-value mode, and at most 1 MB of answer.
 *
 * <p>When there is no usable answer the front end answers on its own, with the bodies AWS sends:
 *
 * <table>
 *   <caption>Front-end answers</caption>
 *   <tr><th>format</th><th>function error, crash, malformed answer</th><th>timeout</th><th>request too large</th></tr>
 *   <tr><td>v2</td><td>500 {@code {"message":"Internal Server Error"}}</td>
 *       <td>503 {@code {"message":"Service Unavailable"}}</td>
 *       <td>413 {@code {"message":"Request Entity Too Large"}}</td></tr>
 *   <tr><td>v1</td><td>502 {@code {"message": "Internal server error"}} (500 when Lambda throttled)</td>
 *       <td>504 {@code {"message": "Endpoint request timed out"}}</td>
 *       <td>413 {@code {"message":"Request Too Long"}}</td></tr>
 *   <tr><td>url</td><td>502 {@code Internal Server Error}</td><td>502 {@code Internal Server Error}</td>
 *       <td>413 {@code Request Entity Too Large}</td></tr>
 *   <tr><td>alb</td><td>502 Bad Gateway page</td><td>502 Bad Gateway page</td>
 *       <td>413 Request Entity Too Large page</td></tr>
 * </table>
 */
final class ResponseMapper {

    private static final int ALB_MAX_ANSWER = 1024 * 1024;
    private static final String JSON = "application/json";
    private static final String HTML = "text/html";
    // set by the HTTP server from the body it sends, never taken from the function
    private static final Set<String> HOP_BY_HOP =
            Set.of("content-length", "transfer-encoding", "connection", "keep-alive", "upgrade", "trailer", "te");

    private ResponseMapper() {}

    /** Returns the response for {@code result} as front end {@code format} sends it. */
    static HttpAnswer map(EventFormat format, InvocationResult result) {
        return switch (result.kind()) {
            case RESPONSE -> answer(format, result.body());
            case TIMEOUT ->
                timeout(format, "the function did not answer within its timeout (" + result.errorType() + ")");
            case ERROR, CRASH -> {
                String problem = "the invocation failed: " + describe(result);
                // a REST API answers a throttled Lambda with its generic 500, not the 502 of a failed function
                yield format == EventFormat.REST && EnvironmentPool.THROTTLED.equals(result.errorType())
                        ? HttpAnswer.own(500, JSON, "{\"message\": \"Internal server error\"}", problem)
                        : failure(format, problem);
            }
        };
    }

    /** Returns the function's answer {@code payload} as front end {@code format} sends it. */
    static HttpAnswer answer(EventFormat format, byte[] payload) {
        if (format.isAlb() && payload.length > ALB_MAX_ANSWER) {
            return failure(format, "the answer has " + payload.length + " bytes, over ALB's 1 MB limit");
        }
        Object parsed;
        try {
            parsed = JsonParser.parse(payload);
        } catch (IllegalArgumentException e) {
            return failure(format, "the answer is not valid JSON (" + e.getMessage() + ")");
        }
        try {
            return switch (format) {
                case HTTP_API, FUNCTION_URL -> payload2(parsed, payload);
                case REST -> rest(parsed);
                case ALB, ALB_MULTI_VALUE -> alb(parsed, format == EventFormat.ALB_MULTI_VALUE);
            };
        } catch (MalformedAnswer e) {
            return failure(
                    format, "the answer is not a valid " + format.description() + " response: " + e.getMessage());
        }
    }

    /**
     * Returns the status and headers a streamed response's prelude ({@code {"statusCode","headers",
     * "cookies"}}) asks for, with an empty body; a prelude without {@code statusCode} means 200.
     *
     * @throws IllegalArgumentException saying what is wrong with the prelude
     */
    static HttpAnswer prelude(byte[] prelude) {
        Object parsed = JsonParser.parse(prelude);
        try {
            Map<String, Object> fields = object(parsed, "the prelude");
            int status = fields.get("statusCode") == null ? 200 : status(fields);
            Map<String, List<String>> headers = singleHeaders(fields.get("headers"), "headers");
            addCookies(headers, fields.get("cookies"));
            return new HttpAnswer(status, headers, new byte[0], null);
        } catch (MalformedAnswer e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Returns the answer of a function that failed, crashed or answered something unusable. */
    static HttpAnswer failure(EventFormat format, String problem) {
        return switch (format) {
            case HTTP_API -> HttpAnswer.own(500, JSON, "{\"message\":\"Internal Server Error\"}", problem);
            case REST -> HttpAnswer.own(502, JSON, "{\"message\": \"Internal server error\"}", problem);
            case FUNCTION_URL -> HttpAnswer.own(502, JSON, "Internal Server Error", problem);
            case ALB, ALB_MULTI_VALUE -> HttpAnswer.own(502, HTML, page("502 Bad Gateway"), problem);
        };
    }

    /** Returns the answer when the function did not answer within its timeout. */
    static HttpAnswer timeout(EventFormat format, String problem) {
        return switch (format) {
            case HTTP_API -> HttpAnswer.own(503, JSON, "{\"message\":\"Service Unavailable\"}", problem);
            case REST -> HttpAnswer.own(504, JSON, "{\"message\": \"Endpoint request timed out\"}", problem);
            case FUNCTION_URL, ALB, ALB_MULTI_VALUE -> failure(format, problem);
        };
    }

    /** Returns the answer to a request whose body or event is over the front end's limit. */
    static HttpAnswer tooLarge(EventFormat format, String problem) {
        return switch (format) {
            case HTTP_API -> HttpAnswer.own(413, JSON, "{\"message\":\"Request Entity Too Large\"}", problem);
            case REST -> HttpAnswer.own(413, JSON, "{\"message\":\"Request Too Long\"}", problem);
            case FUNCTION_URL -> HttpAnswer.own(413, JSON, "Request Entity Too Large", problem);
            case ALB, ALB_MULTI_VALUE -> HttpAnswer.own(413, HTML, page("413 Request Entity Too Large"), problem);
        };
    }

    private static HttpAnswer payload2(Object parsed, byte[] payload) throws MalformedAnswer {
        if (!(parsed instanceof Map<?, ?> map) || !map.containsKey("statusCode")) {
            // format inference: valid JSON without a statusCode is the body of a 200
            return new HttpAnswer(200, headers("Content-Type", JSON), payload, null);
        }
        Map<String, Object> fields = object(parsed, "the answer");
        Map<String, List<String>> headers = singleHeaders(fields.get("headers"), "headers");
        addCookies(headers, fields.get("cookies"));
        return new HttpAnswer(status(fields), headers, body(fields), null);
    }

    private static HttpAnswer rest(Object parsed) throws MalformedAnswer {
        Map<String, Object> fields = object(parsed, "the answer");
        if (fields.get("statusCode") == null) {
            throw new MalformedAnswer("statusCode is missing");
        }
        Map<String, List<String>> headers = multiHeaders(fields.get("multiValueHeaders"));
        for (Map.Entry<String, List<String>> single :
                singleHeaders(fields.get("headers"), "headers").entrySet()) {
            List<String> values = valuesOf(headers, single.getKey());
            String value = single.getValue().getFirst();
            if (values == null) {
                headers.put(single.getKey(), new ArrayList<>(List.of(value)));
            } else if (!values.contains(value)) {
                values.add(value);
            }
        }
        return new HttpAnswer(status(fields), headers, body(fields), null);
    }

    private static HttpAnswer alb(Object parsed, boolean multiValue) throws MalformedAnswer {
        Map<String, Object> fields = object(parsed, "the answer");
        if (fields.get("statusCode") == null) {
            throw new MalformedAnswer("statusCode is missing");
        }
        Map<String, List<String>> headers = multiValue
                ? multiHeaders(fields.get("multiValueHeaders"))
                : singleHeaders(fields.get("headers"), "headers");
        return new HttpAnswer(status(fields), headers, body(fields), null);
    }

    private static int status(Map<String, Object> fields) throws MalformedAnswer {
        Object status = fields.get("statusCode");
        long code;
        if (status instanceof Long l) {
            code = l;
        } else if (status instanceof BigDecimal d && d.stripTrailingZeros().scale() <= 0) {
            code = d.longValue();
        } else {
            throw new MalformedAnswer("statusCode must be a whole number, got " + shown(status));
        }
        if (code < 100 || code > 599) {
            throw new MalformedAnswer("statusCode must be from 100 to 599, got " + code);
        }
        return (int) code;
    }

    private static byte[] body(Map<String, Object> fields) throws MalformedAnswer {
        Object body = fields.get("body");
        Object base64 = fields.get("isBase64Encoded");
        if (base64 != null && !(base64 instanceof Boolean)) {
            throw new MalformedAnswer("isBase64Encoded must be true or false, got " + shown(base64));
        }
        if (body == null) {
            return new byte[0];
        }
        if (!(body instanceof String text)) {
            throw new MalformedAnswer("body must be a string, got " + shown(body));
        }
        if (!Boolean.TRUE.equals(base64)) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new MalformedAnswer("body is marked isBase64Encoded but is not base64 (" + e.getMessage() + ")");
        }
    }

    private static Map<String, List<String>> singleHeaders(Object value, String field) throws MalformedAnswer {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        if (value == null) {
            return headers;
        }
        for (Map.Entry<String, Object> header : object(value, field).entrySet()) {
            if (header.getValue() != null
                    && !HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                headers.put(header.getKey(), new ArrayList<>(List.of(scalar(header.getValue(), field))));
            }
        }
        return headers;
    }

    private static Map<String, List<String>> multiHeaders(Object value) throws MalformedAnswer {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        if (value == null) {
            return headers;
        }
        for (Map.Entry<String, Object> header :
                object(value, "multiValueHeaders").entrySet()) {
            if (header.getValue() == null || HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                continue;
            }
            if (!(header.getValue() instanceof List<?> list)) {
                throw new MalformedAnswer(
                        "multiValueHeaders." + header.getKey() + " must be an array, got " + shown(header.getValue()));
            }
            List<String> values = new ArrayList<>(list.size());
            for (Object item : list) {
                if (item != null) {
                    values.add(scalar(item, "multiValueHeaders"));
                }
            }
            if (!values.isEmpty()) {
                headers.put(header.getKey(), values);
            }
        }
        return headers;
    }

    private static void addCookies(Map<String, List<String>> headers, Object cookies) throws MalformedAnswer {
        if (cookies == null) {
            return;
        }
        if (!(cookies instanceof List<?> list)) {
            throw new MalformedAnswer("cookies must be an array of strings, got " + shown(cookies));
        }
        for (Object cookie : list) {
            if (!(cookie instanceof String value)) {
                throw new MalformedAnswer("cookies must be an array of strings, got " + shown(cookie) + " in it");
            }
            List<String> values = valuesOf(headers, "Set-Cookie");
            if (values == null) {
                headers.put("Set-Cookie", values = new ArrayList<>());
            }
            values.add(value);
        }
    }

    private static List<String> valuesOf(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return null;
    }

    /** Header values may be strings, numbers or booleans: front ends send the JSON text of those. */
    private static String scalar(Object value, String field) throws MalformedAnswer {
        return switch (value) {
            case String s -> s;
            case Number n -> n.toString();
            case Boolean b -> b.toString();
            default -> throw new MalformedAnswer(field + " values must be strings, got " + shown(value));
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value, String what) throws MalformedAnswer {
        if (!(value instanceof Map<?, ?>)) {
            throw new MalformedAnswer(what + " must be a JSON object, got " + shown(value));
        }
        return (Map<String, Object>) value;
    }

    private static Map<String, List<String>> headers(String name, String value) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put(name, new ArrayList<>(List.of(value)));
        return headers;
    }

    private static String shown(Object value) {
        return switch (value) {
            case null -> "null";
            case String _ -> "a string";
            case Map<?, ?> _ -> "an object";
            case List<?> _ -> "an array";
            case Boolean b -> b.toString();
            default -> value.toString();
        };
    }

    private static String describe(InvocationResult result) {
        String type = result.errorType() == null ? "no error type" : result.errorType();
        try {
            if (JsonParser.parse(result.body()) instanceof Map<?, ?> error
                    && error.get("errorMessage") instanceof String message) {
                return type + ": " + message;
            }
        } catch (IllegalArgumentException e) {
            // no JSON error body: the type says enough
        }
        return type;
    }

    private static String page(String title) {
        return "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title
                + "</h1></center>\r\n</body>\r\n</html>\r\n";
    }

    /** An answer its front end cannot use; the message says which field is wrong. */
    private static final class MalformedAnswer extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedAnswer(String message) {
            super(message);
        }
    }
}
