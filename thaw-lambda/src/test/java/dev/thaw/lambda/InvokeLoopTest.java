package dev.thaw.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thaw.AccessLog;
import dev.thaw.App;
import dev.thaw.HttpException;
import dev.thaw.Response;
import dev.thaw.testkit.FakeRuntimeApi;
import dev.thaw.testkit.FakeRuntimeApi.Answer;
import dev.thaw.testkit.FakeRuntimeApi.Fault;
import dev.thaw.testkit.GoldenEvents;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The whole runtime ({@link LambdaRuntime#run}) against the testkit's fake Runtime API: real sockets, real HTTP/1.1. */
class InvokeLoopTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final FakeRuntimeApi api = FakeRuntimeApi.start();

    @AfterEach
    void stopApi() {
        api.close();
        // The single loop leaves the last invocation's trace header set, as it would on Lambda.
        System.clearProperty(InvokeLoop.TRACE_PROPERTY);
    }

    private static App app() {
        return App.builder()
                .routes(r -> r.get("/users/{id}", request -> Response.text("user " + request.pathParam("id")))
                        .get("/boom", request -> {
                            throw new IllegalStateException("secret internal detail");
                        })
                        .get("/missing", request -> {
                            throw HttpException.notFound("nothing here");
                        })
                        .get("/big", request -> Response.text("x".repeat(7_000_000)))
                        .get(
                                "/deadline",
                                request -> Response.text(request.context().hasDeadline() + " "
                                        + request.context().deadlineMillis())))
                .build();
    }

    /** Runs the runtime until the fake answers a poll with 500 for every loop; returns the exit status. */
    private int runUntilDone(Supplier<App> app, int loops, Map<String, String> env) {
        for (int i = 0; i < loops; i++) {
            api.failNextPoll(Fault.status(500));
        }
        Map<String, String> all = new HashMap<>(env);
        all.put("AWS_LAMBDA_RUNTIME_API", api.endpoint());
        return LambdaRuntime.run(app, all);
    }

    private int runUntilDone(Supplier<App> app) {
        return runUntilDone(app, 1, Map.of());
    }

    /** Returns the one answer {@code id} got, failing when it got none or several. */
    private Answer onlyAnswer(String id) {
        api.awaitAnswer(id, WAIT);
        List<Answer> answers = api.answers(id);
        assertThat(answers).as("answers to invocation " + id).hasSize(1);
        return answers.get(0);
    }

    private static Map<String, Object> json(Answer answer) {
        return GoldenEvents.parse(answer.body());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void answersEveryInvocationExactlyOnceAndKeepsServing() {
        List<String> ids = List.of(
                api.enqueue(LambdaTestEvents.v2("/users/42")),
                api.enqueue(utf8("{not json")),
                api.enqueue(GoldenEvents.load("sqs.json")),
                api.enqueue(LambdaTestEvents.v2("/boom")),
                api.enqueue(LambdaTestEvents.v2("/missing")),
                api.enqueue(LambdaTestEvents.v2("/users/7")));

        assertThat(runUntilDone(InvokeLoopTest::app))
                .as("the loop ends only when the Runtime API fails")
                .isEqualTo(1);

        List<Answer> answers = ids.stream().map(this::onlyAnswer).toList();
        assertThat(answers)
                .extracting(Answer::kind)
                .containsExactly(
                        Answer.Kind.RESPONSE,
                        Answer.Kind.ERROR,
                        Answer.Kind.ERROR,
                        Answer.Kind.RESPONSE,
                        Answer.Kind.RESPONSE,
                        Answer.Kind.RESPONSE);
        assertThat(answers).allMatch(Answer::accepted);
        assertThat(json(answers.get(0))).containsEntry("statusCode", 200L).containsEntry("body", "user 42");
        assertThat(answers.get(1).errorType()).isEqualTo("Runtime.InvalidEvent");
        assertThat(json(answers.get(1))).containsEntry("errorType", "Runtime.InvalidEvent");
        assertThat(answers.get(2).errorType()).isEqualTo("Runtime.UnsupportedEvent");
        assertThat(answers.subList(1, 3)).allMatch(Answer::errorTypeValid);
        Map<String, Object> failed = json(answers.get(3));
        assertThat(failed).containsEntry("statusCode", 500L);
        assertThat((String) failed.get("body"))
                .contains("\"status\":500")
                .doesNotContain("secret internal detail")
                .doesNotContain("IllegalStateException");
        assertThat(json(answers.get(4))).containsEntry("statusCode", 404L);
        assertThat(json(answers.get(5))).containsEntry("body", "user 7");
        assertThat(api.connections()).as("one keep-alive connection").isEqualTo(1);
    }

    @Test
    void writesTheAccessLogLineOnceTheAnswerIsPostedAndBeforeTheNextPoll() {
        String first = api.enqueue(LambdaTestEvents.v2("/users/42"));
        String second = api.enqueue(LambdaTestEvents.v2("/boom"));
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        Supplier<App> app = () -> App.builder()
                .use(AccessLog.to(line -> seen.add(
                        line.contains("/users/42")
                                ? "first answered=" + api.answers(first).size() + " second answered="
                                        + api.answers(second).size()
                                : "second answered=" + api.answers(second).size())))
                .routes(r -> r.get("/users/{id}", request -> Response.text("user " + request.pathParam("id")))
                        .get("/boom", request -> {
                            throw new IllegalStateException("boom");
                        }))
                .build();

        runUntilDone(app);

        assertThat(onlyAnswer(first).kind()).isEqualTo(Answer.Kind.RESPONSE);
        assertThat(seen)
                .as("each line written after its own answer was posted, before the next invocation was polled")
                .containsExactly("first answered=1 second answered=0", "second answered=1");
    }

    @Test
    void servesTheNextInvocationAfterA413OnAResponse() {
        String big = api.enqueue(LambdaTestEvents.v2("/big"));
        String after = api.enqueue(LambdaTestEvents.v2("/users/1"));

        runUntilDone(InvokeLoopTest::app);

        Answer refused = onlyAnswer(big);
        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.body().length).isGreaterThan(FakeRuntimeApi.MAX_RESPONSE_BYTES);
        Answer served = onlyAnswer(after);
        assertThat(served.accepted()).isTrue();
        assertThat(json(served)).containsEntry("body", "user 1");
    }

    @ParameterizedTest
    @CsvSource(
            nullValues = "OMITTED",
            value = {"OMITTED", "''", "soon", "-5", "0"})
    void aMissingOrMalformedDeadlineMeansNoDeadline(String header) {
        String id = api.enqueue(
                LambdaTestEvents.v2("/deadline"), Collections.singletonMap(FakeRuntimeApi.DEADLINE_MS, header));

        runUntilDone(InvokeLoopTest::app);

        assertThat(json(onlyAnswer(id))).containsEntry("body", "false " + Long.MAX_VALUE);
    }

    @Test
    void passesTheDeadlineHeaderToTheContext() {
        String id = api.enqueue(LambdaTestEvents.v2("/deadline"), Map.of(FakeRuntimeApi.DEADLINE_MS, "1764288000123"));

        runUntilDone(InvokeLoopTest::app);

        assertThat(json(onlyAnswer(id))).containsEntry("body", "true 1764288000123");
    }

    @Test
    void reconnectsAfterTheConnectionDropsOnNextAndServesTheEvent() {
        api.failNextPoll(Fault.closeConnection());
        String id = api.enqueue(LambdaTestEvents.v2("/users/9"));

        assertThat(runUntilDone(InvokeLoopTest::app)).isEqualTo(1);

        assertThat(json(onlyAnswer(id))).containsEntry("body", "user 9");
        assertThat(api.connections()).isEqualTo(2);
    }

    @Test
    void logsAnAnswerRefusedForAnUnknownRequestIdAndGoesOn() {
        AtomicInteger calls = new AtomicInteger();
        App app = App.builder()
                .routes(r -> r.get("/forgotten", request -> {
                            // Lambda gives up on the invocation while the handler still runs.
                            api.forget(request.context().requestId());
                            calls.incrementAndGet();
                            return Response.text("too late");
                        })
                        .get("/users/{id}", request -> Response.text("user " + request.pathParam("id"))))
                .build();
        String forgotten = api.enqueue(LambdaTestEvents.v2("/forgotten"));
        String next = api.enqueue(LambdaTestEvents.v2("/users/5"));

        String log = stderrOf(() -> runUntilDone(() -> app));

        assertThat(onlyAnswer(forgotten).status()).isEqualTo(400);
        assertThat(json(onlyAnswer(next))).containsEntry("body", "user 5");
        assertThat(calls).hasValue(1);
        assertThat(log)
                .containsPattern("\tWARN\t-\tdev\\.thaw\\.lambda\\.InvokeLoop\tPOST \\S+/invocation/" + forgotten
                        + "/response: 400");
    }

    @Test
    void setsTheTraceHeaderPropertyPerInvocation() {
        ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
        App app = App.builder()
                .routes(r -> r.get("/t", request -> {
                    seen.add(System.getProperty(InvokeLoop.TRACE_PROPERTY) + "|"
                            + request.context().traceHeader());
                    return Response.text("ok");
                }))
                .build();
        api.enqueue(LambdaTestEvents.v2("/t"), Map.of(FakeRuntimeApi.TRACE_ID, "Root=1-abc-0"));
        api.enqueue(LambdaTestEvents.v2("/t"), Map.of(FakeRuntimeApi.TRACE_ID, "Root=1-abc-1"));

        runUntilDone(() -> app);

        assertThat(seen).containsExactly("Root=1-abc-0|Root=1-abc-0", "Root=1-abc-1|Root=1-abc-1");
    }

    @Test
    void reportsAnAppThatFailsToStartAsAnInitErrorAndExitsWithOne() {
        int status = LambdaRuntime.run(
                () -> {
                    throw new IllegalStateException("DATABASE_URL is not set");
                },
                Map.of("AWS_LAMBDA_RUNTIME_API", api.endpoint()));

        assertThat(status).isEqualTo(1);
        Answer init = api.initError(WAIT).orElseThrow();
        assertThat(init.accepted()).isTrue();
        assertThat(init.errorType()).isEqualTo("Runtime.InitError");
        assertThat(init.errorTypeValid()).isTrue();
        assertThat(init.bodyText()).contains("DATABASE_URL is not set");
        assertThat(api.answers()).containsExactly(init);
    }

    @Test
    void servesFourOverlappingSlowInvocationsWithFourPollLoops() {
        int loops = 4;
        CountDownLatch allInside = new CountDownLatch(loops);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger mostInside = new AtomicInteger();
        App app = App.builder()
                .routes(r -> r.get("/slow", request -> {
                    mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    allInside.countDown();
                    // Each invocation waits for the others: only concurrent loops can answer all four.
                    boolean overlapped = allInside.await(5, TimeUnit.SECONDS);
                    inside.decrementAndGet();
                    return Response.text(Boolean.toString(overlapped));
                }))
                .build();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < loops; i++) {
            ids.add(api.enqueue(LambdaTestEvents.v2("/slow")));
        }

        runUntilDone(() -> app, loops, Map.of("AWS_LAMBDA_MAX_CONCURRENCY", Integer.toString(loops)));

        for (String id : ids) {
            assertThat(json(onlyAnswer(id))).containsEntry("body", "true");
        }
        assertThat(mostInside).hasValue(loops);
        assertThat(api.connections()).isEqualTo(loops);
    }

    @Test
    void readsTheConcurrencySetting() {
        assertThat(LambdaRuntime.concurrency(null)).isEqualTo(1);
        assertThat(LambdaRuntime.concurrency("4")).isEqualTo(4);
        assertThat(LambdaRuntime.concurrency("zero")).isEqualTo(1);
        assertThat(LambdaRuntime.concurrency("0")).isEqualTo(1);
    }

    @Test
    void readsTheTrainingInvocationCountOnlyAsAPlainPositiveNumber() {
        assertThat(LambdaRuntime.trainingInvocations(null)).isZero();
        assertThat(LambdaRuntime.trainingInvocations("")).isZero();
        assertThat(LambdaRuntime.trainingInvocations("71")).isEqualTo(71);
        assertThat(LambdaRuntime.trainingInvocations("-3")).isZero();
        assertThat(LambdaRuntime.trainingInvocations("7 ")).isZero();
        assertThat(LambdaRuntime.trainingInvocations("9999999999")).isZero();
    }

    @Test
    void streamsFunctionUrlAnswersWhenStreamingIsOnAndBuffersHttpApiOnes() {
        String url = api.enqueue(LambdaTestEvents.v2("/users/3", "abcdef.lambda-url.eu-west-1.on.aws"));
        String httpApi = api.enqueue(LambdaTestEvents.v2("/users/4"));

        runUntilDone(InvokeLoopTest::app, 1, Map.of(LambdaRuntime.STREAMING, "true"));

        Answer streamed = onlyAnswer(url);
        assertThat(streamed.streamed()).isTrue();
        assertThat(streamed.accepted()).isTrue();
        assertThat(streamed.header("content-type")).isEqualTo(StreamingResponder.HTTP_INTEGRATION);
        assertThat(streamed.bodyText()).startsWith("{\"statusCode\":200,").endsWith("\0\0\0\0\0\0\0\0user 3");
        assertThat(streamed.errorType()).isNull();
        Answer buffered = onlyAnswer(httpApi);
        assertThat(buffered.streamed()).isFalse();
        assertThat(json(buffered)).containsEntry("body", "user 4");
    }

    @Test
    void registersTheShutdownExtensionOnlyForAnAppWithShutdownHooks() {
        App withHooks = App.builder()
                .routes(r -> r.get("/users/{id}", request -> Response.text("user " + request.pathParam("id"))))
                .onShutdown(() -> {})
                .build();
        String id = api.enqueue(LambdaTestEvents.v2("/users/2"));

        runUntilDone(() -> withHooks);

        assertThat(api.registeredExtensions()).containsExactly(ShutdownExtension.NAME);
        assertThat(json(onlyAnswer(id))).containsEntry("body", "user 2");
    }

    @Test
    void registersNoExtensionForAnAppWithoutShutdownHooks() {
        runUntilDone(InvokeLoopTest::app);

        assertThat(api.registeredExtensions()).isEmpty();
    }

    /** Runs {@code action} with System.out captured; the runtime logs there (thaw's one log stream). */
    private static String stderrOf(Runnable action) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
