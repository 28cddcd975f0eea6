package dev.thaw.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thaw.App;
import dev.thaw.HttpException;
import dev.thaw.Json;
import dev.thaw.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The invoke loop against a scripted Runtime API: real sockets, real HTTP/1.1. */
class InvokeLoopTest {

    private static final String RESPONSE = "/response";

    private static App app() {
        return App.builder()
                .routes(r -> r.get("/users/{id}", request -> Response.text("user " + request.pathParam("id")))
                        .get("/boom", request -> {
                            throw new IllegalStateException("secret internal detail");
                        })
                        .get("/missing", request -> {
                            throw HttpException.notFound("nothing here");
                        })
                        .get("/big", request -> Response.text("x".repeat(7_000_000))))
                .build();
    }

    private static byte[] v2(String path) {
        return v2(path, "api.example.com");
    }

    private static byte[] v2(String path, String domain) {
        return ("{\"version\":\"2.0\",\"routeKey\":\"$default\",\"rawPath\":\"" + path
                        + "\",\"rawQueryString\":\"\",\"headers\":{\"accept\":\"*/*\"},\"requestContext\":{"
                        + "\"domainName\":\"" + domain + "\","
                        + "\"http\":{\"method\":\"GET\",\"path\":\"" + path + "\",\"sourceIp\":\"203.0.113.9\"},"
                        + "\"requestId\":\"r\",\"stage\":\"$default\"},\"isBase64Encoded\":false}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Hands out the given events in order, then a 500 that ends the loop; records every post. */
    private static final class Script {
        final List<byte[]> events;
        final AtomicInteger handedOut = new AtomicInteger();
        final Map<String, Integer> postStatus;

        Script(List<byte[]> events, Map<String, Integer> postStatus) {
            this.events = events;
            this.postStatus = postStatus;
        }

        byte[] answer(ScriptedRuntimeApi.Received r) {
            if (r.method().equals("GET")) {
                int i = handedOut.getAndIncrement();
                if (i >= events.size()) {
                    return ScriptedRuntimeApi.reply(500, "{\"errorType\":\"done\"}");
                }
                return ScriptedRuntimeApi.reply(
                        200,
                        new String(events.get(i), StandardCharsets.UTF_8),
                        "Lambda-Runtime-Aws-Request-Id",
                        "req-" + i,
                        "Lambda-Runtime-Deadline-Ms",
                        Long.toString(System.currentTimeMillis() + 30_000),
                        "Lambda-Runtime-Trace-Id",
                        "Root=1-abc-" + i);
            }
            for (Map.Entry<String, Integer> e : postStatus.entrySet()) {
                if (r.path().contains(e.getKey())) {
                    return ScriptedRuntimeApi.reply(e.getValue(), "{}");
                }
            }
            return ScriptedRuntimeApi.reply(202, "{\"status\":\"OK\"}");
        }
    }

    private static List<ScriptedRuntimeApi.Received> run(List<byte[]> events, Map<String, Integer> postStatus)
            throws Exception {
        Script script = new Script(events, postStatus);
        try (ScriptedRuntimeApi api = new ScriptedRuntimeApi(script::answer)) {
            int status = LambdaRuntime.run(InvokeLoopTest::app, Map.of("AWS_LAMBDA_RUNTIME_API", api.endpoint()));
            assertThat(status)
                    .as("the loop ends only when the Runtime API fails")
                    .isEqualTo(1);
            List<ScriptedRuntimeApi.Received> posts = new ArrayList<>();
            for (int i = 0; i < events.size() * 2 + 1; i++) {
                ScriptedRuntimeApi.Received r = api.take();
                if (r.method().equals("POST")) {
                    posts.add(r);
                }
                if (posts.size() == events.size()) {
                    break;
                }
            }
            return posts;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(ScriptedRuntimeApi.Received post) {
        return (Map<String, Object>) Json.jsonb().type(Object.class).fromJson(post.body());
    }

    @Test
    void answersEveryInvocationExactlyOnceAndKeepsServing() throws Exception {
        List<ScriptedRuntimeApi.Received> posts = run(
                List.of(
                        v2("/users/42"),
                        "{not json".getBytes(StandardCharsets.UTF_8),
                        GoldenEvents.load("sqs.json"),
                        v2("/boom"),
                        v2("/missing"),
                        v2("/users/7")),
                Map.of());

        assertThat(posts)
                .extracting(ScriptedRuntimeApi.Received::path)
                .containsExactly(
                        "/2018-06-01/runtime/invocation/req-0/response",
                        "/2018-06-01/runtime/invocation/req-1/error",
                        "/2018-06-01/runtime/invocation/req-2/error",
                        "/2018-06-01/runtime/invocation/req-3/response",
                        "/2018-06-01/runtime/invocation/req-4/response",
                        "/2018-06-01/runtime/invocation/req-5/response");
        assertThat(json(posts.get(0))).containsEntry("statusCode", 200L).containsEntry("body", "user 42");
        assertThat(posts.get(1).headers()).containsEntry("lambda-runtime-function-error-type", "Runtime.InvalidEvent");
        assertThat(json(posts.get(1))).containsEntry("errorType", "InvalidEvent");
        assertThat(posts.get(2).headers())
                .containsEntry("lambda-runtime-function-error-type", "Runtime.UnsupportedEvent");
        Map<String, Object> failed = json(posts.get(3));
        assertThat(failed).containsEntry("statusCode", 500L);
        assertThat((String) failed.get("body"))
                .contains("\"status\":500")
                .doesNotContain("secret internal detail")
                .doesNotContain("IllegalStateException");
        assertThat(json(posts.get(4))).containsEntry("statusCode", 404L);
        assertThat(json(posts.get(5))).containsEntry("body", "user 7");
    }

    @Test
    void goesOnAfterTheRuntimeApiRefusesAResponse() throws Exception {
        List<ScriptedRuntimeApi.Received> posts =
                run(List.of(v2("/big"), v2("/users/1")), Map.of("req-0" + RESPONSE, 413));

        assertThat(posts).hasSize(2);
        assertThat(posts.get(0).body().length).isGreaterThan(6_000_000);
        assertThat(json(posts.get(1))).containsEntry("body", "user 1");
    }

    @Test
    void setsTheTraceHeaderPropertyPerInvocation() throws Exception {
        ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
        App app = App.builder()
                .routes(r -> r.get("/t", request -> {
                    seen.add(System.getProperty(InvokeLoop.TRACE_PROPERTY) + "|"
                            + request.context().traceHeader());
                    return Response.text("ok");
                }))
                .build();
        Script script = new Script(List.of(v2("/t"), v2("/t")), Map.of());
        try (ScriptedRuntimeApi api = new ScriptedRuntimeApi(script::answer)) {
            LambdaRuntime.run(() -> app, Map.of("AWS_LAMBDA_RUNTIME_API", api.endpoint()));
        }
        assertThat(seen).containsExactly("Root=1-abc-0|Root=1-abc-0", "Root=1-abc-1|Root=1-abc-1");
    }

    @Test
    void reportsAnAppThatFailsToStartAsAnInitError() throws Exception {
        try (ScriptedRuntimeApi api = new ScriptedRuntimeApi(r -> ScriptedRuntimeApi.reply(202, ""))) {
            int status = LambdaRuntime.run(
                    () -> {
                        throw new IllegalStateException("DATABASE_URL is not set");
                    },
                    Map.of("AWS_LAMBDA_RUNTIME_API", api.endpoint()));

            assertThat(status).isEqualTo(1);
            ScriptedRuntimeApi.Received init = api.take();
            assertThat(init.path()).isEqualTo("/2018-06-01/runtime/init/error");
            assertThat(init.headers()).containsEntry("lambda-runtime-function-error-type", "Runtime.InitError");
            assertThat(init.bodyText()).contains("DATABASE_URL is not set");
        }
    }

    @Test
    void runsOnePollLoopPerConfiguredConcurrency() throws Exception {
        CountDownLatch bothInside = new CountDownLatch(2);
        App app = App.builder()
                .routes(r -> r.get("/wait", request -> {
                    bothInside.countDown();
                    // Each invocation waits for the other: only concurrent loops can answer both.
                    return Response.text(Boolean.toString(bothInside.await(5, TimeUnit.SECONDS)));
                }))
                .build();
        Script script = new Script(List.of(v2("/wait"), v2("/wait")), Map.of());
        try (ScriptedRuntimeApi api = new ScriptedRuntimeApi(script::answer)) {
            LambdaRuntime.run(
                    () -> app, Map.of("AWS_LAMBDA_RUNTIME_API", api.endpoint(), "AWS_LAMBDA_MAX_CONCURRENCY", "2"));
            assertThat(api.connections()).isEqualTo(2);
            List<String> bodies = new ArrayList<>();
            for (int i = 0; i < 6 && bodies.size() < 2; i++) {
                ScriptedRuntimeApi.Received r = api.take();
                if (r.method().equals("POST")) {
                    bodies.add((String) json(r).get("body"));
                }
            }
            assertThat(bodies).containsExactly("true", "true");
        }
    }

    @Test
    void readsTheConcurrencySetting() {
        assertThat(LambdaRuntime.concurrency(null)).isEqualTo(1);
        assertThat(LambdaRuntime.concurrency("4")).isEqualTo(4);
        assertThat(LambdaRuntime.concurrency("zero")).isEqualTo(1);
        assertThat(LambdaRuntime.concurrency("0")).isEqualTo(1);
    }

    @Test
    void streamsFunctionUrlAnswersWhenStreamingIsOnAndBuffersHttpApiOnes() throws Exception {
        Script script =
                new Script(List.of(v2("/users/3", "abcdef.lambda-url.eu-west-1.on.aws"), v2("/users/4")), Map.of());
        try (ScriptedRuntimeApi api = new ScriptedRuntimeApi(script::answer)) {
            LambdaRuntime.run(
                    InvokeLoopTest::app,
                    Map.of("AWS_LAMBDA_RUNTIME_API", api.endpoint(), LambdaRuntime.STREAMING, "true"));
            List<ScriptedRuntimeApi.Received> posts = new ArrayList<>();
            for (int i = 0; i < 6 && posts.size() < 2; i++) {
                ScriptedRuntimeApi.Received r = api.take();
                if (r.method().equals("POST")) {
                    posts.add(r);
                }
            }
            assertThat(posts.get(0).headers()).containsEntry("lambda-runtime-function-response-mode", "streaming");
            assertThat(posts.get(0).bodyText())
                    .startsWith("{\"statusCode\":200,")
                    .endsWith("\0\0\0\0\0\0\0\0user 3");
            assertThat(posts.get(1).headers()).doesNotContainKey("lambda-runtime-function-response-mode");
            assertThat(json(posts.get(1))).containsEntry("body", "user 4");
        }
    }
}
