package dev.thaw.local;

import dev.thaw.Json;
import dev.thaw.testkit.GoldenEvents;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Invocation events for examples/users-api, made from thaw-testkit's golden events of each source by
 * pointing them at the example's routes. {@link #sequence()} is one session against a fresh function:
 * reads through every source, a create, a malformed create, an SQS message and a read of the created
 * user, so two runtimes fed the same sequence hold the same store at every step.
 */
final class UsersApiEvents {

    /** What a case is: an HTTP event of one source, or an event that is not HTTP. */
    enum Source {
        REST_V1,
        HTTP_V1,
        HTTP_V2,
        FUNCTION_URL,
        ALB_MULTI,
        ALB_SINGLE,
        NOT_HTTP
    }

    /**
     * One event to invoke with.
     *
     * @param name what it asks, for messages
     * @param source where it comes from, which decides the answer's shape
     * @param event the event JSON
     * @param status the status code the function answers with; 0 for an event that is not HTTP
     */
    record Case(String name, Source source, byte[] event, int status) {}

    /** The body of the create; the seeded store has users 1 to 100, so this becomes user 101. */
    static final String NEW_USER = "{\"name\":\"ada\",\"email\":\"ada@example.com\"}";

    private UsersApiEvents() {}

    /** Returns the session; see the class comment. */
    static List<Case> sequence() {
        return List.of(
                new Case("REST API GET /users/42", Source.REST_V1, GoldenEvents.load("apigw-v1-get.json"), 200),
                new Case("HTTP API GET /users/42", Source.HTTP_V2, GoldenEvents.load("apigw-v2-get.json"), 200),
                new Case("Function URL GET /users/42", Source.FUNCTION_URL, functionUrlGet("/users/42"), 200),
                new Case("ALB multi-value GET /users/42", Source.ALB_MULTI, albGet("alb-multi.json", "/users/42"), 200),
                new Case(
                        "ALB single-value GET /users/42",
                        Source.ALB_SINGLE,
                        albGet("alb-single.json", "/users/42"),
                        200),
                new Case("HTTP API GET /health", Source.HTTP_V2, httpApiGet("/health"), 200),
                new Case("HTTP API POST /users (base64 body)", Source.HTTP_V2, httpApiPostBase64(NEW_USER), 201),
                new Case(
                        "HTTP API POST /users (truncated JSON)",
                        Source.HTTP_V2,
                        httpApiPost("{\"name\":\"ada\","),
                        400),
                new Case("SQS message", Source.NOT_HTTP, GoldenEvents.load("sqs.json"), 0),
                new Case(
                        "HTTP API GET /users/101 after the SQS message",
                        Source.HTTP_V2,
                        httpApiGet("/users/101"),
                        200));
    }

    /**
     * Returns {@code GET /users/42} as each HTTP source sends it: a REST API, an HTTP API with payload 1.0
     * and 2.0, a Function URL, and an ALB in multi-value and in single-value mode.
     */
    static List<Case> userOfEverySource() {
        List<Case> sequence = sequence();
        return List.of(
                sequence.get(0),
                new Case(
                        "HTTP API (payload 1.0) GET /users/42", Source.HTTP_V1, httpApiV1Get("/users/{id}", "42"), 200),
                sequence.get(1),
                sequence.get(2),
                sequence.get(3),
                sequence.get(4));
    }

    /** Returns an HTTP API payload 1.0 GET of {@code /users/<id>}, made from its golden encoded-path event. */
    private static byte[] httpApiV1Get(String resource, String id) {
        Map<String, Object> event = GoldenEvents.parse(GoldenEvents.load("apigw-http-v1-encoded-path.json"));
        String path = resource.replace("{id}", id);
        event.put("resource", resource);
        event.put("path", path);
        event.put("pathParameters", Map.of("id", id));
        Map<String, Object> context = object(event, "requestContext");
        context.put("path", path);
        context.put("resourcePath", resource);
        context.put("resourceId", "GET " + resource);
        return json(event);
    }

    /** Returns an HTTP API (payload 2.0) GET of {@code path}, without query or cookies. */
    static byte[] httpApiGet(String path) {
        Map<String, Object> event = GoldenEvents.parse(GoldenEvents.load("apigw-v2-get.json"));
        route(event, "GET", path);
        event.put("rawQueryString", "");
        event.remove("queryStringParameters");
        event.remove("cookies");
        event.remove("pathParameters");
        return json(event);
    }

    private static byte[] functionUrlGet(String path) {
        Map<String, Object> event = GoldenEvents.parse(GoldenEvents.load("function-url-get.json"));
        object(event, "requestContext", "http").put("path", path);
        event.put("rawPath", path);
        event.put("rawQueryString", "");
        event.remove("queryStringParameters");
        return json(event);
    }

    private static byte[] albGet(String golden, String path) {
        Map<String, Object> event = GoldenEvents.parse(GoldenEvents.load(golden));
        event.put("path", path);
        return json(event);
    }

    private static byte[] httpApiPostBase64(String body) {
        Map<String, Object> event = GoldenEvents.parse(GoldenEvents.load("apigw-v2-post-base64.json"));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        route(event, "POST", "/users");
        headers(event).put("content-type", "application/json");
        headers(event).put("content-length", Integer.toString(bytes.length));
        event.put("body", Base64.getEncoder().encodeToString(bytes));
        event.put("isBase64Encoded", true);
        return json(event);
    }

    private static byte[] httpApiPost(String body) {
        Map<String, Object> event = GoldenEvents.parse(GoldenEvents.load("apigw-v2-post-json.json"));
        route(event, "POST", "/users");
        event.put("rawQueryString", "");
        event.remove("queryStringParameters");
        headers(event).put("content-length", Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
        event.put("body", body);
        event.put("isBase64Encoded", false);
        return json(event);
    }

    /** Points an HTTP API event at {@code method path}, in every field that names them. */
    private static void route(Map<String, Object> event, String method, String path) {
        String routeKey = method + " " + path;
        event.put("rawPath", path);
        event.put("routeKey", routeKey);
        Map<String, Object> context = object(event, "requestContext");
        context.put("routeKey", routeKey);
        Map<String, Object> http = object(event, "requestContext", "http");
        http.put("method", method);
        http.put("path", path);
    }

    private static Map<String, Object> headers(Map<String, Object> event) {
        return object(event, "headers");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> event, String... keys) {
        Map<String, Object> object = event;
        for (String key : keys) {
            object = (Map<String, Object>) object.get(key);
        }
        return object;
    }

    private static byte[] json(Map<String, Object> event) {
        return Json.jsonb().type(Object.class).toJsonBytes(event);
    }
}
