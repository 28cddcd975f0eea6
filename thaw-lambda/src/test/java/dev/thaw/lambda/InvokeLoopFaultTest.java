package dev.thaw.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thaw.App;
import dev.thaw.DeadlineGuard;
import dev.thaw.Response;
import dev.thaw.lambda.FaultyRuntimeApi.Action;
import dev.thaw.lambda.FaultyRuntimeApi.Ending;
import dev.thaw.lambda.ScriptedRuntimeApi.Received;
import dev.thaw.testkit.GoldenEvents;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The whole runtime against a Runtime API that fails on cue: connections dropped or reset around an
 * answer, slow or refused answers, truncated and oversized events, handlers that throw Errors, block past
 * the deadline or leak threads. The invariant each test checks as the server saw it: every invocation the
 * runtime received in full gets exactly one answer, and the loop goes on.
 */
class InvokeLoopFaultTest {

    private static final byte[] ACCEPTED =
            ScriptedRuntimeApi.reply(202, "{\"status\":\"OK\"}", "Content-Type", "application/json");

    private final AtomicReference<Thread> leaked = new AtomicReference<>();
    private FaultyRuntimeApi api;

    @AfterEach
    void stop() throws IOException {
        if (api != null) {
            api.close();
        }
        Thread thread = leaked.get();
        if (thread != null) {
            thread.interrupt();
        }
        System.clearProperty(InvokeLoop.TRACE_PROPERTY);
    }

    private App app() {
        return App.builder()
                .routes(r -> r.get("/ok", request -> Response.text("ok"))
                        .get("/slow", request -> {
                            Thread.sleep(300);
                            return Response.text("slow");
                        })
                        .get("/sleep", request -> {
                            Thread.sleep(10_000);
                            return Response.text("woke");
                        })
                        .get("/assert", request -> {
                            throw new AssertionError("broken invariant");
                        })
                        .get("/link", request -> {
                            throw new NoClassDefFoundError("com/example/Missing");
                        })
                        .get("/oom", request -> {
                            throw new OutOfMemoryError("injected");
                        })
                        .get("/leak", request -> {
                            Thread thread = Thread.ofPlatform()
                                    .name("leaked-by-handler")
                                    .start(new Sleeper());
                            leaked.set(thread);
                            return Response.text("leaked");
                        })
                        .post("/echo", request -> Response.text(Integer.toString(request.body().length))))
                .build();
    }

    /** Never ends on its own: a non-daemon thread a handler forgot. */
    private static final class Sleeper implements Runnable {
        @Override
        public void run() {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                // the test is over
            }
        }
    }

    /**
     * Answers polls with {@code nexts} in order (then 500, which ends the loop) and posts with the action
     * {@code posts} names for the request id, else 202.
     */
    private static final class Script implements Function<Received, Action> {
        private final Deque<Action> nexts = new ArrayDeque<>();
        private final Map<String, Action> posts = new HashMap<>();

        Script next(Action action) {
            nexts.add(action);
            return this;
        }

        Script next(String id, byte[] event) {
            return next(Action.reply(FaultyRuntimeApi.event(id, event)));
        }

        Script post(String id, Action action) {
            posts.put(id, action);
            return this;
        }

        @Override
        public synchronized Action apply(Received r) {
            if (r.method().equals("GET")) {
                Action next = nexts.poll();
                return next != null ? next : Action.reply(FaultyRuntimeApi.status(500));
            }
            String id = r.path().substring((RuntimeApiClient.PREFIX + "/invocation/").length());
            id = id.substring(0, id.indexOf('/'));
            return posts.getOrDefault(id, Action.reply(ACCEPTED));
        }
    }

    /** Runs the runtime against {@code script} until it ends; returns what it logged. */
    private String run(Script script, App app, int expectedExit) throws IOException {
        api = new FaultyRuntimeApi(script);
        int[] exit = new int[1];
        String log =
                logOf(() -> exit[0] = LambdaRuntime.run(() -> app, Map.of("AWS_LAMBDA_RUNTIME_API", api.endpoint())));
        assertThat(exit[0]).as("exit status; log:\n" + log).isEqualTo(expectedExit);
        return log;
    }

    private Received answer(String id) {
        assertThat(api.answers(id)).as("answers to " + id).isEqualTo(1);
        String prefix = RuntimeApiClient.PREFIX + "/invocation/" + id + "/";
        return api.received().stream()
                .filter(r -> r.path().startsWith(prefix))
                .findFirst()
                .orElseThrow();
    }

    private static Map<String, Object> json(Received answer) {
        return GoldenEvents.parse(answer.body());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @CsvSource({"/ok, response", "NOT-JSON, error"})
    void neverSendsAnAnswerAgainOnceItWasWrittenInFull(String path, String kind) throws IOException {
        byte[] event = path.equals("NOT-JSON") ? utf8("{not json") : LambdaTestEvents.v2(path);
        Script script = new Script().next("a", event).post("a", Action.drop()).next("b", LambdaTestEvents.v2("/ok"));

        String log = run(script, app(), 1);

        assertThat(answer("a").path()).endsWith("/a/" + kind);
        assertThat(log).contains("POST " + RuntimeApiClient.PREFIX + "/invocation/a/" + kind + ": ");
        assertThat(json(answer("b"))).containsEntry("body", "ok");
    }

    @Test
    void sendsAnAnswerOnAFreshConnectionWhenTheOldOneWasResetBeforeItWasWritten() throws IOException {
        // The API resets the connection while the handler runs: the answer cannot be written, so it is
        // provably unsent and goes out once on a new connection.
        Script script = new Script()
                .next(Action.reply(FaultyRuntimeApi.event("a", LambdaTestEvents.v2("/slow")))
                        .then(Ending.RESET));

        String log = run(script, app(), 1);

        assertThat(json(answer("a"))).containsEntry("body", "slow");
        assertThat(log).doesNotContain("/invocation/a/");
        assertThat(api.connections()).isEqualTo(2);
    }

    @ParameterizedTest
    @CsvSource({
        "400, /ok, response",
        "403, /ok, response",
        "413, /ok, response",
        "500, /ok, response",
        "400, NOT-JSON, error",
        "403, NOT-JSON, error",
        "413, NOT-JSON, error",
        "500, NOT-JSON, error"
    })
    void logsARefusedAnswerOnceAndServesTheNextInvocation(int status, String path, String kind) throws IOException {
        byte[] event = path.equals("NOT-JSON") ? utf8("{not json") : LambdaTestEvents.v2(path);
        Script script = new Script()
                .next("a", event)
                .post("a", Action.reply(FaultyRuntimeApi.status(status)))
                .next("b", LambdaTestEvents.v2("/ok"));

        String log = run(script, app(), 1);

        assertThat(answer("a").path()).endsWith("/a/" + kind);
        assertThat(log).contains("/invocation/a/" + kind + ": " + status);
        assertThat(json(answer("b"))).containsEntry("body", "ok");
    }

    @Test
    void waitsForASlowAnswerToAPostWithoutSendingItAgain() throws IOException {
        Script script = new Script()
                .next("a", LambdaTestEvents.v2("/ok"))
                .post("a", Action.reply(ACCEPTED).after(800))
                .next("b", LambdaTestEvents.v2("/ok"));

        String log = run(script, app(), 1);

        assertThat(answer("a").path()).endsWith("/a/response");
        assertThat(log).doesNotContain("/invocation/a/");
        assertThat(answer("b").path()).endsWith("/b/response");
    }

    @Test
    void pollsAgainAfterATruncatedEventAndServesTheNextOne() throws IOException {
        byte[] whole = FaultyRuntimeApi.event("cut", LambdaTestEvents.v2("/ok"));
        Script script = new Script()
                .next(new Action(Arrays.copyOf(whole, whole.length - 20), 0, Ending.CLOSE))
                .next("b", LambdaTestEvents.v2("/ok"));

        run(script, app(), 1);

        // Only part of "cut" arrived: the runtime cannot answer what it never read; Lambda times it out.
        assertThat(api.answers("cut")).isZero();
        assertThat(json(answer("b"))).containsEntry("body", "ok");
        assertThat(api.connections()).isEqualTo(2);
    }

    @Test
    void answersAnEventOverSixMegabytesExactlyOnceAndServesTheNext() throws IOException {
        String body = "x".repeat(7_000_000);
        byte[] event =
                utf8("{\"version\":\"2.0\",\"routeKey\":\"$default\",\"rawPath\":\"/echo\",\"rawQueryString\":\"\","
                        + "\"headers\":{\"content-type\":\"text/plain\"},\"requestContext\":{\"domainName\":\"api.example.com\","
                        + "\"http\":{\"method\":\"POST\",\"path\":\"/echo\",\"sourceIp\":\"203.0.113.9\"},\"requestId\":\"r\","
                        + "\"stage\":\"$default\"},\"body\":\"" + body + "\",\"isBase64Encoded\":false}");
        Script script = new Script().next("big", event).next("b", LambdaTestEvents.v2("/ok"));

        run(script, app(), 1);

        // Lambda never hands out more than 6 MB; if something does, its body is over the request limit: one
        // 413 problem answer, and the loop goes on.
        assertThat(json(answer("big"))).containsEntry("statusCode", 413L);
        assertThat(json(answer("b"))).containsEntry("body", "ok");
    }

    @ParameterizedTest
    @CsvSource({"/assert, java.lang.AssertionError", "/link, java.lang.NoClassDefFoundError"})
    void answersAnErrorTheHandlerLetsEscapeAndKeepsServing(String path, String errorType) throws IOException {
        Script script = new Script().next("a", LambdaTestEvents.v2(path)).next("b", LambdaTestEvents.v2("/ok"));

        run(script, app(), 1);

        Received failed = answer("a");
        assertThat(failed.path()).endsWith("/a/error");
        assertThat(failed.headers()).containsEntry("lambda-runtime-function-error-type", "Function.UnhandledError");
        assertThat(json(failed)).containsEntry("errorType", errorType);
        assertThat(json(answer("b"))).containsEntry("body", "ok");
    }

    @Test
    void answersThenEndsTheRuntimeWhenTheJvmFails() throws IOException {
        Script script = new Script().next("a", LambdaTestEvents.v2("/oom")).next("b", LambdaTestEvents.v2("/ok"));

        String log = run(script, app(), 1);

        assertThat(answer("a").headers())
                .containsEntry("lambda-runtime-function-error-type", "Function.UnhandledError");
        assertThat(api.received()).extracting(Received::method).containsExactly("GET", "POST");
        assertThat(log).contains("the JVM failed, ending the runtime: java.lang.OutOfMemoryError: injected");
    }

    @Test
    void answers504BeforeTheDeadlineWhenTheHandlerBlocksPastIt() throws IOException {
        App guarded = App.builder()
                .use(DeadlineGuard.create())
                .routes(r -> r.get("/sleep", request -> {
                    Thread.sleep(10_000);
                    return Response.text("woke");
                }))
                .build();
        long deadline = System.currentTimeMillis() + 700;
        Script script =
                new Script().next(Action.reply(FaultyRuntimeApi.event("a", LambdaTestEvents.v2("/sleep"), deadline)));

        run(script, guarded, 1);

        assertThat(json(answer("a"))).containsEntry("statusCode", 504L);
        assertThat(System.currentTimeMillis())
                .as("answered before the deadline")
                .isLessThan(deadline + 2_000);
    }

    @Test
    void aLeakedNonDaemonThreadNeitherKeepsTheRuntimeServingNorChangesTheNextInvocation() throws IOException {
        Script script = new Script().next("a", LambdaTestEvents.v2("/leak")).next("b", LambdaTestEvents.v2("/ok"));

        run(script, app(), 1);

        assertThat(json(answer("a"))).containsEntry("body", "leaked");
        assertThat(json(answer("b"))).containsEntry("statusCode", 200L).containsEntry("body", "ok");
        Thread thread = leaked.get();
        assertThat(thread.isAlive()).as("the leaked thread still runs").isTrue();
        assertThat(thread.isDaemon()).isFalse();
        // LambdaRuntime.start exits the process with the status run returned: the leak cannot keep it alive.
        assertThat(api.received()).extracting(Received::method).containsExactly("GET", "POST", "GET", "POST", "GET");
    }

    /** Runs {@code action} with standard output captured; the runtime logs there. */
    private static String logOf(Runnable action) {
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
