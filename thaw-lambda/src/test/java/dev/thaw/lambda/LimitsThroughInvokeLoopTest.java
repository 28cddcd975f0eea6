package dev.thaw.lambda;

import static java.util.Collections.nCopies;
import static org.assertj.core.api.Assertions.assertThat;

import dev.thaw.App;
import dev.thaw.Json;
import dev.thaw.Limits;
import dev.thaw.Response;
import dev.thaw.testkit.FakeRuntimeApi;
import dev.thaw.testkit.FakeRuntimeApi.Answer;
import dev.thaw.testkit.FakeRuntimeApi.Fault;
import dev.thaw.testkit.GoldenEvents;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile event shapes through the whole runtime against the fake Runtime API: each is answered as a
 * normal HTTP response with a 4xx problem (never an invocation error), and the loop goes on serving.
 */
class LimitsThroughInvokeLoopTest {

    private final FakeRuntimeApi api = FakeRuntimeApi.start();
    private final AtomicInteger handled = new AtomicInteger();

    @AfterEach
    void stopApi() {
        api.close();
        System.clearProperty(InvokeLoop.TRACE_PROPERTY);
    }

    private App app(Limits limits) {
        return App.builder()
                .limits(limits)
                .routes(r -> r.get("/users/{id}", request -> {
                            handled.incrementAndGet();
                            return Response.text("user " + request.pathParam("id"));
                        })
                        .post("/users", request -> {
                            Object body = request.bodyAs(Object.class);
                            handled.incrementAndGet();
                            return Response.json(body);
                        }))
                .build();
    }

    /** Returns golden event {@code name} with {@code change} applied to its JSON tree. */
    private static byte[] event(String name, Consumer<Map<String, Object>> change) {
        Map<String, Object> tree = new LinkedHashMap<>(GoldenEvents.parse(GoldenEvents.load(name)));
        change.accept(tree);
        return Json.toBytes(tree);
    }

    static Stream<Arguments> hostileEvents() {
        return Stream.of(
                Arguments.of(
                        "REST: 200,000 values of one header",
                        event("apigw-v1-get.json", e -> e.put("multiValueHeaders", Map.of("x", nCopies(200_000, "v")))),
                        431),
                Arguments.of(
                        "REST: 5,000 distinct headers",
                        event("apigw-v1-get.json", e -> {
                            Map<String, List<String>> headers = new LinkedHashMap<>();
                            for (int i = 0; i < 5_000; i++) {
                                headers.put("x-" + i, List.of("v"));
                            }
                            e.put("multiValueHeaders", headers);
                        }),
                        431),
                Arguments.of(
                        "REST: 200,000 values of one query parameter",
                        event(
                                "apigw-v1-get.json",
                                e -> e.put("multiValueQueryStringParameters", Map.of("q", nCopies(200_000, "v")))),
                        414),
                Arguments.of(
                        "REST: 300 values of one query parameter",
                        event(
                                "apigw-v1-get.json",
                                e -> e.put("multiValueQueryStringParameters", Map.of("q", nCopies(300, "v")))),
                        400),
                Arguments.of(
                        "HTTP API: a 20,000-character path",
                        event("apigw-v2-get.json", e -> e.put("rawPath", "/" + "a".repeat(20_000))),
                        414),
                Arguments.of(
                        "HTTP API: a 20,000-character query string",
                        event("apigw-v2-get.json", e -> e.put("rawQueryString", "q=" + "a".repeat(20_000))),
                        414),
                Arguments.of(
                        "HTTP API: 5,000 query parameters",
                        event("apigw-v2-get.json", e -> e.put("rawQueryString", String.join("&", nCopies(5_000, "a")))),
                        400),
                Arguments.of(
                        "HTTP API: a 20,000-character header",
                        event("apigw-v2-get.json", e -> e.put("headers", Map.of("x", "v".repeat(20_000)))),
                        431),
                Arguments.of(
                        "HTTP API: 5,000 distinct headers",
                        event("apigw-v2-get.json", e -> {
                            Map<String, String> headers = new LinkedHashMap<>();
                            for (int i = 0; i < 5_000; i++) {
                                headers.put("x-" + i, "v");
                            }
                            e.put("headers", headers);
                        }),
                        431),
                Arguments.of(
                        "ALB: 100,000 headers",
                        event("alb-multi.json", e -> e.put("multiValueHeaders", Map.of("x", nCopies(100_000, "v")))),
                        431),
                Arguments.of(
                        "HTTP API: JSON body nested 20,000 deep",
                        event("apigw-v2-post-json.json", e -> e.put("body", "[".repeat(20_000))),
                        400),
                Arguments.of(
                        "HTTP API: JSON body with a trailing comma",
                        event("apigw-v2-post-json.json", e -> e.put("body", "{\"name\":\"a\",}")),
                        400));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileEvents")
    void answersAProblemAsANormalResponseAndKeepsServing(String name, byte[] event, int status) {
        String hostile = api.enqueue(event);
        String next = api.enqueue(LambdaTestEvents.v2("/users/7"));

        run(app(Limits.defaults()));

        Answer refused = api.awaitAnswer(hostile, Duration.ofSeconds(10));
        assertThat(refused.kind())
                .as("an HTTP response, not an invocation error")
                .isEqualTo(Answer.Kind.RESPONSE);
        Map<String, Object> answer = GoldenEvents.parse(refused.body());
        assertThat(answer).containsEntry("statusCode", (long) status);
        String body = (String) answer.get("body");
        assertThat(body).contains("\"status\":" + status).doesNotContain("Exception", "java.", "at dev.");
        assertThat(body.length())
                .as("the problem never echoes the hostile input")
                .isLessThan(1_000);
        assertThat(GoldenEvents.parse(
                        api.awaitAnswer(next, Duration.ofSeconds(10)).body()))
                .containsEntry("body", "user 7");
        assertThat(handled)
                .as("only the well-formed invocation reached a route")
                .hasValue(1);
    }

    /**
     * avaje-jsonb 3.11 reads no JSON string longer than 32,767 characters, so an event whose path (or
     * header, query string or body) is longer cannot be decoded: it is an invalid event, reported as an
     * invocation error, and the loop goes on. See docs/reliability.md.
     */
    @Test
    void refusesAnEventStringLongerThanTheCodecReadsAsAnInvalidEventAndKeepsServing() {
        String hostile = api.enqueue(event("apigw-v2-get.json", e -> e.put("rawPath", "/" + "a".repeat(6_000_000))));
        String next = api.enqueue(LambdaTestEvents.v2("/users/7"));

        run(app(Limits.defaults()));

        Answer refused = api.awaitAnswer(hostile, Duration.ofSeconds(10));
        assertThat(refused.kind()).isEqualTo(Answer.Kind.ERROR);
        assertThat(refused.errorType()).isEqualTo("Runtime.InvalidEvent");
        assertThat(refused.bodyText()).hasSizeLessThan(2_000);
        assertThat(GoldenEvents.parse(
                        api.awaitAnswer(next, Duration.ofSeconds(10)).body()))
                .containsEntry("body", "user 7");
    }

    @Test
    void appliesTheAppsOwnLimitsToEvents() {
        String big = api.enqueue(event(
                "apigw-v2-post-json.json", e -> e.put("body", "{\"a\":\"" + "x".repeat(20_000) + "\"}")));
        String deep = api.enqueue(event("apigw-v2-post-json.json", e -> e.put("body", "[[[[1]]]]")));

        run(app(Limits.defaults().withMaxBodyBytes(1_000).withMaxJsonDepth(3)));

        assertThat(GoldenEvents.parse(
                        api.awaitAnswer(big, Duration.ofSeconds(10)).body()))
                .containsEntry("statusCode", 413L);
        assertThat(GoldenEvents.parse(
                        api.awaitAnswer(deep, Duration.ofSeconds(10)).body()))
                .containsEntry("statusCode", 400L);
    }

    private void run(App app) {
        api.failNextPoll(Fault.status(500));
        LambdaRuntime.run(() -> app, Map.of("AWS_LAMBDA_RUNTIME_API", api.endpoint()));
    }
}
