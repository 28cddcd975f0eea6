package dev.thaw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thaw.internal.Log;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RecoveryTest {

    /** Log's cap on frames per throwable. */
    private static final int MAX_FRAMES = 50;

    private final List<String> lines = new ArrayList<>();
    private final Recovery recovery = Recovery.with(Log.of("JSON", "INFO", lines::add));

    static Stream<Arguments> unexpectedFailures() {
        return Stream.of(
                Arguments.of(new IllegalStateException("db password=hunter2 leaked")),
                Arguments.of(new IOException("connection to 10.0.0.7 refused")),
                Arguments.of(new NullPointerException()),
                Arguments.of(new RuntimeException("wrapped", new IllegalArgumentException("inner secret"))));
    }

    @ParameterizedTest
    @MethodSource("unexpectedFailures")
    void answersUnexpectedExceptionsWithA500ProblemWithoutInternals(Exception failure) throws Exception {
        Context context = Context.builder().requestId("req-500").build();
        Handler handler = recovery.wrap(request -> {
            throw failure;
        });

        Response response = handler.handle(
                Request.builder("POST", "/orders").context(context).build());

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.header("content-type")).contains(Problem.CONTENT_TYPE);
        String body = response.bodyText();
        Map<String, Object> problem = JsonObjects.parse(body);
        assertThat(problem)
                .containsEntry("title", "Internal Server Error")
                .containsEntry("status", 500L)
                .containsEntry("instance", "/orders")
                .containsEntry("requestId", "req-500");
        assertThat(body)
                .doesNotContain(failure.getClass().getSimpleName())
                .doesNotContain("java.")
                .doesNotContain("dev.thaw")
                .doesNotContain("\tat ")
                .doesNotContain("hunter2")
                .doesNotContain("10.0.0.7")
                .doesNotContain("secret");
    }

    @Test
    void logsTheFailureWithItsStackTraceAsOneJsonLine() throws Exception {
        IllegalStateException failure = new IllegalStateException("state broke");
        Handler handler = recovery.wrap(request -> {
            throw failure;
        });

        handler.handle(Request.builder("GET", "/x")
                .header(RequestId.HEADER, "client-id-1")
                .build());

        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).doesNotContain("\n");
        Map<String, Object> line = JsonObjects.parse(lines.get(0));
        assertThat(line)
                .containsEntry("level", "ERROR")
                .containsEntry("logger", "dev.thaw.Recovery")
                .containsEntry("message", "handler failed")
                .containsEntry("requestId", "client-id-1")
                .containsEntry("method", "GET")
                .containsEntry("path", "/x")
                .containsEntry("errorType", "java.lang.IllegalStateException")
                .containsEntry("errorMessage", "state broke");
        assertThat(line.get("stackTrace")).isInstanceOf(List.class);
        List<?> frames = (List<?>) line.get("stackTrace");
        assertThat(frames).isNotEmpty().hasSizeLessThanOrEqualTo(MAX_FRAMES + 1);
        assertThat(frames.get(0).toString()).startsWith("dev.thaw.RecoveryTest.");
        assertThat(frames).allSatisfy(frame -> assertThat(frame).isInstanceOf(String.class));
    }

    @Test
    void logsTheCauseChainAfterTheFrames() throws Exception {
        RuntimeException failure = new RuntimeException("outer", new IllegalArgumentException("inner cause"));
        Handler handler = recovery.wrap(request -> {
            throw failure;
        });

        handler.handle(Request.get("/chain"));

        List<Object> trace = JsonObjects.asList(JsonObjects.parse(lines.get(0)).get("stackTrace"));
        assertThat(trace).contains("Caused by: java.lang.IllegalArgumentException: inner cause");
        assertThat(trace.indexOf("Caused by: java.lang.IllegalArgumentException: inner cause"))
                .isGreaterThan(0);
    }

    @Test
    void logsTheFailureAsOneTextLineWithTheStackBelowWhenTheFormatIsText() throws Exception {
        List<String> text = new ArrayList<>();
        Handler handler = Recovery.with(Log.of("TEXT", "INFO", text::add)).wrap(request -> {
            throw new IllegalStateException("state broke");
        });

        handler.handle(Request.builder("GET", "/x")
                .header(RequestId.HEADER, "client-id-1")
                .build());

        assertThat(text).singleElement().satisfies(line -> {
            String[] rows = line.split("\n");
            assertThat(rows[0])
                    .endsWith("\tERROR\tclient-id-1\tdev.thaw.Recovery\thandler failed method=GET path=/x"
                            + " java.lang.IllegalStateException: state broke");
            assertThat(rows[1]).startsWith("\tat dev.thaw.RecoveryTest.");
        });
    }

    @Test
    void namesTheRouteTheFailingHandlerWasMatchedBy() throws Exception {
        List<String> text = new ArrayList<>();
        Handler handler = Recovery.with(Log.of("TEXT", "INFO", text::add))
                .wrap(Router.builder()
                        .get("/users/{id}", request -> {
                            throw new IllegalStateException("state broke");
                        })
                        .build());

        handler.handle(Request.get("/users/7"));

        assertThat(text)
                .singleElement()
                .asString()
                .contains("\thandler failed method=GET path=/users/7 route=/users/{id}"
                        + " java.lang.IllegalStateException: state broke");
    }

    @Test
    void writesNothingWhenTheLevelIsFatalButStillAnswers500() throws Exception {
        Handler handler = Recovery.with(Log.of("JSON", "FATAL", lines::add)).wrap(request -> {
            throw new IllegalStateException("quiet");
        });

        assertThat(handler.handle(Request.get("/x")).status()).isEqualTo(500);
        assertThat(lines).isEmpty();
    }

    @Test
    void answersAnHttpExceptionWithItsOwnStatusWithoutLogging() throws Exception {
        Handler handler = recovery.wrap(request -> {
            throw HttpException.of(409, "User 7 already exists");
        });

        Response response = handler.handle(Request.get("/users"));

        assertThat(response.status()).isEqualTo(409);
        assertThat(JsonObjects.parse(response.bodyText())).containsEntry("detail", "User 7 already exists");
        assertThat(lines).isEmpty();
    }

    @Test
    void answersADeadlineExceededExceptionWith504() throws Exception {
        Handler handler = recovery.wrap(request -> {
            throw new DeadlineExceededException("GET /slow: 3 ms left");
        });

        assertThat(handler.handle(Request.get("/slow")).status()).isEqualTo(504);
    }

    @Test
    void answersAStackOverflowWith500() throws Exception {
        Handler handler = recovery.wrap(request -> Response.text(Integer.toString(depth(0))));

        Response response = handler.handle(Request.get("/recurse"));

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.bodyText()).doesNotContain("StackOverflowError");
        // ~1,000 frames deep, but the trace is capped: a small line that parses as JSON.
        assertThat(lines)
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .startsWith("{")
                        .endsWith("}")
                        .hasSizeLessThan(8_000)
                        .contains("\"errorType\":\"java.lang.StackOverflowError\"")
                        .contains("\"dev.thaw.RecoveryTest.depth(RecoveryTest.java:"));
        List<Object> trace = JsonObjects.asList(JsonObjects.parse(lines.get(0)).get("stackTrace"));
        assertThat(trace).hasSize(MAX_FRAMES + 1);
        assertThat(trace.get(MAX_FRAMES).toString()).matches("\\.\\.\\. \\d+ more");
    }

    @Test
    void passesSuccessfulResponsesThroughUntouched() throws Exception {
        Response ok = Response.text("fine");
        Handler handler = recovery.wrap(request -> ok);

        assertThat(handler.handle(Request.get("/"))).isSameAs(ok);
        assertThat(lines).isEmpty();
    }

    @Test
    void letsOtherErrorsReachTheAdapterBoundary() {
        InternalError failure = new InternalError("vm trouble");
        Handler handler = recovery.wrap(request -> {
            throw failure;
        });

        assertThatThrownBy(() -> handler.handle(Request.get("/"))).isSameAs(failure);
    }

    @Test
    void answersLikeTheMiddlewareAtAnAdapterBoundary() {
        Request request = Request.get("/x");

        assertThat(Recovery.answer(request, HttpException.notFound("gone")).status())
                .isEqualTo(404);
        Response failed = Recovery.answer(request, new IllegalStateException("internal detail"));
        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.bodyText()).doesNotContain("internal detail");
    }

    private static int depth(int n) {
        return depth(n + 1) + 1;
    }
}
