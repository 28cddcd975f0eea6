package dev.thaw.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thaw.App;
import dev.thaw.Context;
import dev.thaw.HttpException;
import dev.thaw.Request;
import dev.thaw.Response;
import dev.thaw.testkit.GoldenEvents;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The managed-runtime entry, called as Lambda's Java runtime calls it: bytes in, bytes out. */
class StreamHandlerTest {

    /** A handler as a user writes it: the golden routes plus a few that fail or report their context. */
    static final class TestHandler extends StreamHandler {
        final AtomicInteger created = new AtomicInteger();
        final AtomicInteger primed = new AtomicInteger();
        final AtomicInteger restored = new AtomicInteger();

        @Override
        protected App createApp() {
            created.incrementAndGet();
            // Widens the window in which concurrent first invocations could each make an app.
            sleep(50);
            return App.builder()
                    .name("stream-test")
                    .handler(GoldenEvents.routes()
                            .get("/boom", request -> {
                                throw new IllegalStateException("secret internal detail");
                            })
                            .get("/missing", request -> {
                                throw HttpException.notFound("No report for this period");
                            })
                            .get("/context", request -> Response.text(describe(request.context())))
                            .get("/warm", request -> {
                                primed.incrementAndGet();
                                return Response.text("warm");
                            })
                            .build())
                    .prime(Request.get("/warm"), Request.get("/warm"))
                    .onRestore(restored::incrementAndGet)
                    .build();
        }
    }

    private static String describe(Context context) {
        return context.requestId() + "|" + context.functionArn() + "|" + context.traceHeader() + "|" + context.source()
                + "|" + context.remainingMillis();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] invoke(StreamHandler handler, byte[] event, FakeLambdaContext context) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), out, context);
        return out.toByteArray();
    }

    private static Map<String, Object> answer(StreamHandler handler, byte[] event) throws IOException {
        return GoldenEvents.parse(invoke(handler, event, new FakeLambdaContext("req-1", 30_000)));
    }

    static List<String> httpEvents() {
        return GoldenEvents.httpEvents();
    }

    @ParameterizedTest
    @MethodSource("httpEvents")
    void answersEachGoldenEventWithItsGoldenResponse(String name) throws Exception {
        Map<String, Object> answer = answer(new TestHandler(), GoldenEvents.load(name));

        assertThat(answer).isEqualTo(GoldenEvents.parse(GoldenEvents.expectedResponse(name)));
    }

    @Test
    void answersAHandlerFailureWithAProblemThatHidesTheException() throws Exception {
        Map<String, Object> answer = answer(new TestHandler(), LambdaTestEvents.v2("/boom"));

        assertThat(answer).containsEntry("statusCode", 500L);
        assertThat(answer.get("headers")).asString().contains("application/problem+json");
        assertThat((String) answer.get("body"))
                .contains("\"status\":500")
                .contains("req-1")
                .doesNotContain("secret internal detail")
                .doesNotContain("IllegalStateException");
    }

    @Test
    void answersAnHttpExceptionWithItsProblem() throws Exception {
        Map<String, Object> answer = answer(new TestHandler(), LambdaTestEvents.v2("/missing"));

        assertThat(answer).containsEntry("statusCode", 404L);
        assertThat((String) answer.get("body")).contains("No report for this period");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "sqs.json                        | Runtime.UnsupportedEvent | not an HTTP event",
                "scheduled-event.json            | Runtime.UnsupportedEvent | not an HTTP event",
                "{not json                       | Runtime.InvalidEvent     | Detect the event source",
                "''                              | Runtime.InvalidEvent     | the event is empty",
                "{\"httpMethod\":\"GET\",\"path\":\"/x\",\"requestContext\":{},\"body\":\"%%%\",\"isBase64Encoded\":true}"
                        + " | Runtime.InvalidEvent | base64",
            })
    void throwsInvalidEventForAnEventItCannotServe(String event, String errorType, String message) {
        byte[] bytes = event.endsWith(".json") ? GoldenEvents.load(event) : event.getBytes(StandardCharsets.UTF_8);
        TestHandler handler = new TestHandler();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertThatThrownBy(() -> handler.handleRequest(
                        new ByteArrayInputStream(bytes), out, new FakeLambdaContext("req-2", 30_000)))
                .isInstanceOfSatisfying(
                        InvalidEventException.class,
                        e -> assertThat(e.errorType()).isEqualTo(errorType))
                .hasMessageContaining(message);
        assertThat(out.size()).as("nothing is written for a refused event").isZero();
        assertThat(handler.created).as("no app is made for a refused event").hasValue(0);
    }

    @Test
    void makesTheAppOnceAcrossConcurrentInvocations() throws Exception {
        TestHandler handler = new TestHandler();
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    start.await();
                    List<String> bodies = new ArrayList<>();
                    for (int i = 0; i < 5; i++) {
                        String id = "req-" + thread + "-" + i;
                        byte[] out =
                                invoke(handler, LambdaTestEvents.v2("/context"), new FakeLambdaContext(id, 30_000));
                        bodies.add((String) GoldenEvents.parse(out).get("body"));
                    }
                    return bodies;
                }));
            }
            start.countDown();
            for (int t = 0; t < threads; t++) {
                List<String> bodies = results.get(t).get(10, TimeUnit.SECONDS);
                for (int i = 0; i < bodies.size(); i++) {
                    assertThat(bodies.get(i)).startsWith("req-" + t + "-" + i + "|");
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(handler.created).hasValue(1);
    }

    @Test
    void passesTheInvocationsContextToTheApp() throws Exception {
        System.setProperty(InvokeLoop.TRACE_PROPERTY, "Root=1-6650a1f2-4c8e2b7d9a0f13e5b6c7d8e9;Sampled=1");
        String body;
        try {
            body = (String) GoldenEvents.parse(invoke(
                            new TestHandler(),
                            LambdaTestEvents.v2("/context"),
                            new FakeLambdaContext("req-ctx", 12_345)))
                    .get("body");
        } finally {
            System.clearProperty(InvokeLoop.TRACE_PROPERTY);
        }

        String[] parts = body.split("\\|");
        assertThat(parts)
                .startsWith(
                        "req-ctx",
                        FakeLambdaContext.ARN,
                        "Root=1-6650a1f2-4c8e2b7d9a0f13e5b6c7d8e9;Sampled=1",
                        "API_GATEWAY_HTTP");
        assertThat(Long.parseLong(parts[4])).as("remaining millis").isBetween(11_345L, 12_345L);
    }

    @Test
    void derivesTheDeadlineFromTheRemainingTime() {
        Context context = StreamHandler.context(new FakeLambdaContext("req-d", 900), 1_716_560_000_000L);

        assertThat(context.deadlineMillis()).isEqualTo(1_716_560_000_900L);
        assertThat(context.requestId()).isEqualTo("req-d");
        assertThat(context.functionArn()).isEqualTo(FakeLambdaContext.ARN);
    }

    @Test
    void servesADirectCallWithoutALambdaContext() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new TestHandler().handleRequest(new ByteArrayInputStream(LambdaTestEvents.v2("/context")), out, null);

        String body = (String) GoldenEvents.parse(out.toByteArray()).get("body");
        assertThat(body).endsWith("|" + Long.MAX_VALUE).doesNotStartWith("null|");
    }

    @Test
    void writesTheAnswerInOneWriteWithoutClosingTheStream() throws Exception {
        List<String> calls = new ArrayList<>();
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) {
                calls.add("byte");
            }

            @Override
            public void write(byte[] b, int off, int len) {
                calls.add("write " + len);
            }

            @Override
            public void close() {
                calls.add("close");
            }
        };
        new TestHandler()
                .handleRequest(
                        new ByteArrayInputStream(LambdaTestEvents.v2("/warm")),
                        out,
                        new FakeLambdaContext("req-w", 30_000));

        assertThat(calls).hasSize(1).allMatch(call -> call.startsWith("write "));
    }

    @Test
    void primesAtCheckpointAndRunsRestoreHooksThroughTheRegisteredHooks() throws Exception {
        TestHandler handler = new TestHandler();
        SnapStartHooks hooks = (SnapStartHooks) handler.snapStartHooks();

        hooks.beforeCheckpoint(null);
        assertThat(handler.created).hasValue(1);
        assertThat(handler.primed).hasValue(2);

        hooks.afterRestore(null);
        assertThat(handler.restored).hasValue(1);

        answer(handler, LambdaTestEvents.v2("/warm"));
        assertThat(handler.created)
                .as("the app made at checkpoint serves after restore")
                .hasValue(1);
        assertThat(handler.primed).hasValue(3);
    }
}
