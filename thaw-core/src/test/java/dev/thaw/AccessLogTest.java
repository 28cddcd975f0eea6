package dev.thaw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.thaw.internal.Log;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AccessLogTest {

    private final List<String> lines = new ArrayList<>();
    private final AccessLog log = AccessLog.with(Log.of("JSON", "INFO", lines::add));

    private Map<String, Object> onlyLine() {
        assertThat(lines).hasSize(1);
        return JsonObjects.parse(lines.get(0));
    }

    @Test
    void writesOneJsonLinePerRequestWithTheRequestFacts() throws Exception {
        Handler handler = log.wrap(request -> Response.text("hello"));

        Response response = handler.handle(Request.builder("GET", "/users/42?verbose=true")
                .header(RequestId.HEADER, "abc-123")
                .build());

        assertThat(response.bodyText()).isEqualTo("hello");
        Map<String, Object> line = onlyLine();
        assertThat(line)
                .containsEntry("level", "INFO")
                .containsEntry("message", "request")
                .containsEntry("logger", "dev.thaw.AccessLog")
                .containsEntry("requestId", "abc-123")
                .containsEntry("method", "GET")
                .containsEntry("path", "/users/42")
                .containsKeys("timestamp", "durationMs");
        assertThat(((Number) line.get("status")).intValue()).isEqualTo(200);
        assertThat(((Number) line.get("bytes")).longValue()).isEqualTo(5);
        assertThat(((Number) line.get("durationMs")).doubleValue()).isGreaterThanOrEqualTo(0.0);
        assertThat((String) line.get("timestamp")).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
        assertThat(Instant.parse((String) line.get("timestamp")).toEpochMilli())
                .isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));
    }

    @Test
    void writesALambdaJsonRecordWithTheInvocationFieldsAtTopLevel() throws Exception {
        Context context = Context.builder()
                .requestId("8f5b-invocation")
                .traceHeader("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1")
                .coldStart(true)
                .build();
        Handler handler = log.wrap(request -> Response.text("ok"));

        handler.handle(Request.builder("GET", "/health").context(context).build());

        Map<String, Object> line = onlyLine();
        assertThat(line)
                .containsEntry("requestId", "8f5b-invocation")
                .containsEntry("traceId", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1")
                .containsEntry("coldStart", true)
                .containsEntry("status", 200L);
        assertThat(line.keySet())
                .startsWith("timestamp", "level", "message", "logger", "requestId")
                .doesNotHaveDuplicates();
    }

    @Test
    void writesAReadableTextLineWhenTheFormatIsText() throws Exception {
        List<String> text = new ArrayList<>();
        Handler handler = AccessLog.with(Log.of(null, null, text::add)).wrap(request -> Response.text("hello"));

        handler.handle(Request.builder("GET", "/users/42")
                .header(RequestId.HEADER, "abc-123")
                .build());

        assertThat(text).singleElement().satisfies(line -> {
            String[] columns = line.split("\t");
            assertThat(columns).hasSize(5);
            assertThat(Instant.parse(columns[0]).toEpochMilli())
                    .isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));
            assertThat(columns[1]).isEqualTo("INFO");
            assertThat(columns[2]).isEqualTo("abc-123");
            assertThat(columns[3]).isEqualTo("dev.thaw.AccessLog");
            assertThat(columns[4])
                    .matches(
                            "request method=GET path=/users/42 status=200 durationMs=\\d+(\\.\\d+)?(E-?\\d+)? bytes=5");
        });
    }

    @Test
    void namesTheRouteTheRouterMatchedAfterThePath() throws Exception {
        List<String> text = new ArrayList<>();
        Handler handler = AccessLog.with(Log.of(null, null, text::add))
                .wrap(Router.builder()
                        .get("/users/{id}", request -> Response.text("hello"))
                        .build());

        handler.handle(Request.get("/users/42"));
        assertThatThrownBy(() -> handler.handle(Request.get("/nowhere"))).isInstanceOf(HttpException.class);

        assertThat(text).hasSize(2);
        assertThat(text.get(0).split("\t")[4])
                .matches("request method=GET path=/users/42 route=/users/\\{id} status=200 durationMs=\\S+ bytes=5");
        assertThat(text.get(1).split("\t")[4]).startsWith("request method=GET path=/nowhere status=404 ");
    }

    @Test
    void writesNothingWhenTheLevelIsAboveInfo() throws Exception {
        Handler handler = AccessLog.with(Log.of("JSON", "WARN", lines::add)).wrap(request -> Response.text("hi"));

        assertThat(handler.handle(Request.get("/quiet")).bodyText()).isEqualTo("hi");

        assertThat(lines).isEmpty();
    }

    @Test
    void handsLinesToASinkInTheConfiguredFormat() throws Exception {
        Handler handler = AccessLog.to(lines::add).wrap(request -> Response.noContent());

        handler.handle(Request.get("/sink"));

        assumeFalse(Log.standard().json(), "AWS_LAMBDA_LOG_FORMAT=JSON in the test's environment");
        assertThat(lines).singleElement().asString().contains("\tdev.thaw.AccessLog\trequest method=GET path=/sink");
    }

    @Test
    void usesTheContextRequestIdWhenNoHeaderIsSent() throws Exception {
        Context context = Context.builder().requestId("lambda-req-7").build();
        Handler handler = log.wrap(request -> Response.noContent());

        handler.handle(Request.builder("DELETE", "/users/1").context(context).build());

        assertThat(onlyLine())
                .containsEntry("requestId", "lambda-req-7")
                .containsEntry("method", "DELETE")
                .containsEntry("bytes", 0L);
    }

    @Test
    void measuresTheDurationOfTheChain() throws Exception {
        Handler handler = log.wrap(request -> {
            Thread.sleep(30);
            return Response.noContent();
        });

        handler.handle(Request.get("/slow"));

        assertThat(((Number) onlyLine().get("durationMs")).doubleValue()).isGreaterThanOrEqualTo(29.0);
    }

    @Test
    void logsStatus500AndRethrowsWhenTheChainThrows() {
        IllegalStateException failure = new IllegalStateException("boom");
        Handler handler = log.wrap(request -> {
            throw failure;
        });

        assertThatThrownBy(() -> handler.handle(Request.get("/boom"))).isSameAs(failure);

        Map<String, Object> line = onlyLine();
        assertThat(((Number) line.get("status")).intValue()).isEqualTo(500);
        assertThat(line).containsEntry("path", "/boom").doesNotContainKey("bytes");
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 404, 409, 503, 504})
    void logsTheStatusOfAnHttpExceptionAndRethrowsIt(int status) {
        HttpException failure = HttpException.of(status, "nope");
        Handler handler = log.wrap(request -> {
            throw failure;
        });

        assertThatThrownBy(() -> handler.handle(Request.get("/x"))).isSameAs(failure);

        assertThat(((Number) onlyLine().get("status")).intValue()).isEqualTo(status);
    }

    @Test
    void logsStatus500AndRethrowsErrors() {
        StackOverflowError failure = new StackOverflowError();
        Handler handler = log.wrap(request -> {
            throw failure;
        });

        assertThatThrownBy(() -> handler.handle(Request.get("/deep"))).isSameAs(failure);

        assertThat(((Number) onlyLine().get("status")).intValue()).isEqualTo(500);
    }

    @Test
    void leavesBytesOutForAStreamedBody() throws Exception {
        Handler handler =
                log.wrap(request -> Response.status(200).stream("text/plain", out -> out.write(new byte[] {1, 2, 3})));

        handler.handle(Request.get("/stream"));

        assertThat(onlyLine()).doesNotContainKey("bytes").containsEntry("status", 200L);
    }

    @Test
    void escapesPathsSoTheLineStaysValidJson() throws Exception {
        String path = "/say/\"hi\"\\there/\u2028/é";
        Handler handler = log.wrap(request -> Response.noContent());

        handler.handle(Request.get(path));

        assertThat(lines.get(0)).doesNotContain("\u2028").doesNotContain("\n");
        assertThat(onlyLine()).containsEntry("path", path);
    }

    @Test
    void logsTheEchoedIdWhenPlacedInsideRequestId() throws Exception {
        Context context = Context.builder().requestId("ctx-id").build();
        Handler handler = Middleware.chain(List.of(RequestId.create(), log), request -> Response.noContent());

        Response response = handler.handle(Request.builder("GET", "/x")
                .header(RequestId.HEADER, "bad id with spaces")
                .context(context)
                .build());

        assertThat(response.header(RequestId.HEADER)).contains("ctx-id");
        assertThat(onlyLine()).containsEntry("requestId", "ctx-id");
    }
}
