package dev.thaw.testkit;

import dev.thaw.Cookie;
import dev.thaw.EventSource;
import dev.thaw.Json;
import dev.thaw.Request;
import dev.thaw.Response;
import dev.thaw.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Real-shaped Lambda invocation events, one JSON file per case, and the answers {@link #routes()} gives
 * to the HTTP ones. Every event source is covered: REST APIs ({@code apigw-v1-*}), HTTP APIs with payload
 * format 1.0 ({@code apigw-http-v1-*}) and 2.0 ({@code apigw-v2-*}), Function URLs
 * ({@code function-url-*}) and ALB target groups in single-value ({@code alb-single*}) and multi-value
 * ({@code alb-multi*}) mode. Each source has:
 *
 * <ul>
 *   <li>{@code *-encoded-path}: {@code GET /files/a%20b%2Fc/%E2%82%AC} with repeated {@code Accept} headers
 *       and two cookies. REST APIs, Function URLs and ALBs pass the path still encoded; HTTP APIs pass it
 *       decoded, where an encoded slash cannot survive, so their event is of {@code /files/a%20b/%E2%82%AC};
 *   <li>{@code *-post-empty}: {@code POST /users/42/sync} without a body ({@code null}, absent or
 *       {@code ""}, as the source sends it);
 *   <li>{@code *-post-base64}: a binary upload, base64 with {@code isBase64Encoded};
 * </ul>
 *
 * plus {@code apigw-v1-get} and {@code apigw-v2-get} (repeated query keys, cookies),
 * {@code apigw-v2-post-json}, {@code function-url-get} (an encoded slash), {@code alb-single} and
 * {@code alb-multi} (still-encoded query values) and {@code alb-multi-encoded-query} ({@code %2B},
 * {@code +}, {@code %3D} and an encoded key). {@code sqs.json} and {@code scheduled-event.json} are not
 * HTTP events.
 *
 * <p>An adapter test decodes each HTTP event, runs it through {@link #routes()} and compares the encoded
 * answer with {@link #expectedResponse(String)} as parsed JSON:
 *
 * <pre>{@code
 * Router router = GoldenEvents.routes().build();
 * for (String name : GoldenEvents.httpEvents()) {
 *     byte[] answer = adapter.invoke(router, GoldenEvents.load(name));
 *     assertThat(GoldenEvents.parse(answer)).isEqualTo(GoldenEvents.parse(GoldenEvents.expectedResponse(name)));
 * }
 * }</pre>
 */
public final class GoldenEvents {

    private static final String FOLDER = "events/";
    private static final String RESPONSE_SUFFIX = ".response.json";

    private static final List<String> HTTP_EVENTS = List.of(
            "apigw-v1-get.json",
            "apigw-v1-post-base64.json",
            "apigw-v1-encoded-path.json",
            "apigw-v1-post-empty.json",
            "apigw-http-v1-encoded-path.json",
            "apigw-http-v1-post-empty.json",
            "apigw-http-v1-post-base64.json",
            "apigw-v2-get.json",
            "apigw-v2-post-json.json",
            "apigw-v2-encoded-path.json",
            "apigw-v2-post-empty.json",
            "apigw-v2-post-base64.json",
            "function-url-get.json",
            "function-url-encoded-path.json",
            "function-url-post-empty.json",
            "function-url-post-base64.json",
            "alb-single.json",
            "alb-single-encoded-path.json",
            "alb-single-post-empty.json",
            "alb-single-post-base64.json",
            "alb-multi.json",
            "alb-multi-encoded-path.json",
            "alb-multi-encoded-query.json",
            "alb-multi-post-empty.json",
            "alb-multi-post-base64.json");

    private static final List<String> NON_HTTP_EVENTS = List.of("sqs.json", "scheduled-event.json");

    private GoldenEvents() {}

    /**
     * Returns the bytes of golden file {@code name}.
     *
     * @param name a file name such as {@code apigw-v2-get.json} or {@code apigw-v2-get.response.json}
     * @throws IllegalArgumentException when there is no such file
     */
    public static byte[] load(String name) {
        try (InputStream in = GoldenEvents.class.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new IllegalArgumentException("Load golden event '" + name + "': no such file under "
                        + "dev/thaw/testkit/" + FOLDER + " (see GoldenEvents.httpEvents() and nonHttpEvents())");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Load golden event '" + name + "': " + e.getMessage(), e);
        }
    }

    /** Returns golden file {@code name} as UTF-8 text. */
    public static String text(String name) {
        return new String(load(name), StandardCharsets.UTF_8);
    }

    /** Returns the file names of every HTTP event, grouped by source; each has a response file. */
    public static List<String> httpEvents() {
        return HTTP_EVENTS;
    }

    /** Returns the file names of the events that are not HTTP events (SQS, an EventBridge schedule). */
    public static List<String> nonHttpEvents() {
        return NON_HTTP_EVENTS;
    }

    /**
     * Returns the file name of the answer {@link #routes()} gives to HTTP event {@code event}.
     *
     * @param event for example {@code alb-multi.json}
     * @return for example {@code alb-multi.response.json}
     */
    public static String responseName(String event) {
        if (!event.endsWith(".json") || event.endsWith(RESPONSE_SUFFIX)) {
            throw new IllegalArgumentException(
                    "Name the response of golden event '" + event + "': expected an event file name ending .json");
        }
        return event.substring(0, event.length() - ".json".length()) + RESPONSE_SUFFIX;
    }

    /** Returns the bytes of the answer {@link #routes()} gives to HTTP event {@code event}. */
    public static byte[] expectedResponse(String event) {
        return load(responseName(event));
    }

    /**
     * Returns the source that sent HTTP event {@code event}, by its name.
     *
     * @throws IllegalArgumentException when the name is not that of an HTTP event
     */
    public static EventSource source(String event) {
        if (event.startsWith("alb-")) {
            return EventSource.ALB;
        }
        if (event.startsWith("apigw-v1-")) {
            return EventSource.API_GATEWAY_REST;
        }
        if (event.startsWith("apigw-http-v1-") || event.startsWith("apigw-v2-")) {
            return EventSource.API_GATEWAY_HTTP;
        }
        if (event.startsWith("function-url-")) {
            return EventSource.FUNCTION_URL;
        }
        throw new IllegalArgumentException("Tell the source of golden event '" + event + "': not an HTTP event name");
    }

    /**
     * Parses a JSON object into maps, lists, strings, numbers and booleans, so two answers can be compared
     * whatever their field order.
     *
     * @throws IllegalArgumentException when the JSON is not an object
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parse(byte[] json) {
        Object value = Json.jsonb().type(Object.class).fromJson(json);
        if (!(value instanceof Map<?, ?>)) {
            throw new IllegalArgumentException(
                    "Parse golden JSON: expected an object, got " + new String(json, StandardCharsets.UTF_8));
        }
        return (Map<String, Object>) value;
    }

    /** Parses JSON text; see {@link #parse(byte[])}. */
    public static Map<String, Object> parse(String json) {
        return parse(json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Returns the routes whose answers the {@code *.response.json} files record. Add routes to the
     * returned builder for an adapter's own cases.
     */
    public static Router.Builder routes() {
        return Router.builder()
                .get(
                        "/users/{id}",
                        request -> Response.status(200)
                                .header("cache-control", "no-store")
                                .header("vary", "accept")
                                .header("vary", "cookie")
                                .cookie(Cookie.of("seen", request.pathParam("id"))
                                        .path("/")
                                        .httpOnly())
                                .cookie(Cookie.of(
                                                "theme", request.cookie("theme").orElse("light"))
                                        .path("/"))
                                .text("user " + request.pathParam("id") + " tags="
                                        + String.join("|", request.query().all("tag")) + " q="
                                        + request.queryParam("q").orElse("")))
                .post(
                        "/uploads",
                        request -> Response.status(201)
                                .header("location", "/uploads/1")
                                .bytes(
                                        request.body(),
                                        request.header("content-type").orElseThrow()))
                .post(
                        "/users",
                        request -> Response.status(201)
                                .header("location", "/users/101")
                                .bytes(request.body(), "application/json"))
                .post(
                        "/users/{id}/sync",
                        request -> Response.status(202)
                                .header("x-body-bytes", Integer.toString(request.body().length))
                                .empty())
                .get("/files/{dir}/{name}", GoldenEvents::file)
                .get(
                        "/reports/{period}",
                        request -> Response.text("report " + request.pathParam("period") + " format="
                                + request.queryParam("format").orElse("") + " include="
                                + String.join("|", request.query().all("include"))))
                .get(
                        "/search",
                        request -> Response.status(200)
                                .header("x-client", request.sourceIp())
                                .cookie(Cookie.of("sid", "renewed"))
                                .cookie(Cookie.of("seen-search", "1"))
                                .text("q=" + request.queryParam("q").orElse("") + " tags="
                                        + String.join("|", request.query().all("tag")) + " page="
                                        + request.queryParam("page").orElse("")));
    }

    /** Echoes the decoded path parameters, the raw path, every Accept value and the cookies. */
    private static Response file(Request request) {
        Response.Builder out = Response.status(200).header("cache-control", "private");
        for (String accept : request.headers().all("accept")) {
            out.header("x-accept", accept);
        }
        return out.cookie(Cookie.of("seen-file", "1").path("/files"))
                .cookie(Cookie.of("theme", request.cookie("theme").orElse("light"))
                        .path("/"))
                .text("dir=" + request.pathParam("dir") + " name=" + request.pathParam("name") + " raw="
                        + request.rawPath() + " cookies=" + new TreeMap<>(request.cookies()));
    }
}
