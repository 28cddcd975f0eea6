package dev.thaw;

import static java.util.Collections.nCopies;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LimitsTest {

    /** Counts the requests that got past the limits. */
    private static final class Counting implements Handler {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public Response handle(Request request) {
            calls.incrementAndGet();
            return Response.text("ok");
        }
    }

    private static Request.Builder get(String target) {
        return Request.builder("GET", target);
    }

    private static Request withHeaders(int count, int valueLength) {
        Request.Builder b = get("/");
        for (int i = 0; i < count; i++) {
            b.header("x-h" + i, "v".repeat(valueLength));
        }
        return b.build();
    }

    private static String params(int count) {
        StringBuilder q = new StringBuilder("/?");
        for (int i = 0; i < count; i++) {
            q.append(i == 0 ? "" : "&").append("p=").append(i);
        }
        return q.toString();
    }

    /** One request just within and one just over each default limit, with the status over it. */
    static Stream<Arguments> edges() {
        return Stream.of(
                Arguments.of(
                        "path",
                        get("/" + "a".repeat(8_191)).build(),
                        get("/" + "a".repeat(8_192)).build(),
                        414),
                Arguments.of(
                        "query length",
                        get("/?q=" + "a".repeat(16_382)).build(),
                        get("/?q=" + "a".repeat(16_383)).build(),
                        414),
                Arguments.of(
                        "query params",
                        get(params(256)).build(),
                        get(params(257)).build(),
                        400),
                Arguments.of(
                        "repeated query key",
                        get("/").query(Query.of(Map.of("k", nCopies(256, "v")))).build(),
                        get("/").query(Query.of(Map.of("k", nCopies(257, "v")))).build(),
                        400),
                Arguments.of("header count", withHeaders(100, 1), withHeaders(101, 1), 431),
                Arguments.of(
                        "repeated header",
                        get("/").headers(Headers.builder()
                                        .addAll("x", nCopies(100, "v"))
                                        .build())
                                .build(),
                        get("/").headers(Headers.builder()
                                        .addAll("x", nCopies(101, "v"))
                                        .build())
                                .build(),
                        431),
                // 64 names x-h0…x-h63 (310 chars) and 64 values of 251 chars: 16,374; of 252: 16,438.
                Arguments.of("header size", withHeaders(64, 251), withHeaders(64, 252), 431),
                Arguments.of(
                        "body",
                        Request.builder("POST", "/").body(new byte[6_291_456]).build(),
                        Request.builder("POST", "/").body(new byte[6_291_457]).build(),
                        413));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("edges")
    void answersAProblemJustOverEachLimitAndServesJustWithinIt(String limit, Request within, Request over, int status)
            throws Exception {
        Counting handler = new Counting();
        App app = App.builder().handler(handler).build();

        assertThat(app.handle(within).status())
                .as("within the " + limit + " limit")
                .isEqualTo(200);
        Response refused = app.handle(over);

        assertThat(refused.status()).isEqualTo(status);
        assertThat(refused.header("content-type")).contains(Problem.CONTENT_TYPE);
        Map<String, Object> body = JsonObjects.parse(new String(refused.body(), StandardCharsets.UTF_8));
        assertThat(body).containsEntry("status", (long) status).containsEntry("title", HttpStatus.reasonPhrase(status));
        assertThat((String) body.get("detail")).contains("over the limit of");
        assertThat(handler.calls).as("the handler never sees a refused request").hasValue(1);
    }

    @Test
    void answersBeforeAnyMiddlewareRuns() throws Exception {
        AtomicInteger middlewareCalls = new AtomicInteger();
        Middleware counting = next -> request -> {
            middlewareCalls.incrementAndGet();
            return next.handle(request);
        };
        App app = App.builder().use(counting).handler(new Counting()).build();

        assertThat(app.handle(withHeaders(101, 1)).status()).isEqualTo(431);
        assertThat(middlewareCalls).hasValue(0);
    }

    @Test
    void appliesAnAppsOwnLimits() throws Exception {
        App app = App.builder()
                .limits(Limits.defaults()
                        .withMaxHeaders(2)
                        .withMaxPathLength(10)
                        .withMaxQueryParams(1)
                        .withMaxBodyBytes(3))
                .handler(new Counting())
                .build();

        assertThat(app.handle(withHeaders(2, 1)).status()).isEqualTo(200);
        assertThat(app.handle(withHeaders(3, 1)).status()).isEqualTo(431);
        assertThat(app.handle(Request.get("/123456789/")).status()).isEqualTo(414);
        assertThat(app.handle(Request.get("/?a=1&b=2")).status()).isEqualTo(400);
        assertThat(app.handle(Request.builder("POST", "/").body("1234").build()).status())
                .isEqualTo(413);
        assertThat(app.limits().maxHeaders()).isEqualTo(2);
    }

    @Test
    void raisedLimitsLetLargerRequestsThrough() throws Exception {
        App app = App.builder()
                .limits(Limits.defaults().withMaxHeaders(1_000).withMaxHeaderBytes(1 << 20))
                .handler(new Counting())
                .build();

        assertThat(app.handle(withHeaders(500, 100)).status()).isEqualTo(200);
    }

    @Test
    void appliesTheAppsJsonDepthToBodyAs() throws Exception {
        Handler parse = request -> {
            request.bodyAs(Object.class);
            return Response.text("parsed");
        };
        App shallow = App.builder()
                .limits(Limits.defaults().withMaxJsonDepth(3))
                .use(Recovery.to(line -> {}))
                .handler(parse)
                .build();
        App deep = App.builder().use(Recovery.to(line -> {})).handler(parse).build();
        Request fourLevels = Request.builder("POST", "/").body("[[[[1]]]]").build();

        assertThat(shallow.handle(fourLevels).status()).isEqualTo(400);
        assertThat(shallow.handle(Request.builder("POST", "/").body("[[[1]]]").build())
                        .status())
                .isEqualTo(200);
        assertThat(deep.handle(fourLevels).status()).isEqualTo(200);
    }

    @Test
    void keepsTheLimitsOnCopiesOfTheRequest() {
        Limits limits = Limits.defaults().withMaxJsonDepth(2);
        Request request = Request.get("/").withLimits(limits);

        assertThat(request.withHeader("a", "b").limits()).isSameAs(limits);
        assertThat(request.withRoute("/", Map.of()).limits()).isSameAs(limits);
        assertThat(request.withMethod("POST").limits()).isSameAs(limits);
        assertThat(request.toBuilder().build().limits()).isSameAs(limits);
    }

    @Test
    void defaultsAreWhatTheDocsSay() {
        Limits limits = Limits.defaults();

        assertThat(limits.maxHeaders()).isEqualTo(100);
        assertThat(limits.maxHeaderBytes()).isEqualTo(16 * 1024);
        assertThat(limits.maxPathLength()).isEqualTo(8 * 1024);
        assertThat(limits.maxQueryLength()).isEqualTo(16 * 1024);
        assertThat(limits.maxQueryParams()).isEqualTo(256);
        assertThat(limits.maxBodyBytes()).isEqualTo(6 * 1024 * 1024);
        assertThat(limits.maxJsonDepth()).isEqualTo(64);
        assertThat(App.builder().handler(new Counting()).build().limits()).isEqualTo(limits);
    }

    @Test
    void refusesLimitsThatCouldNeverBeMet() {
        assertThatThrownBy(() -> Limits.defaults().withMaxHeaders(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limit maxHeaders must be at least 1, was 0");
        assertThatThrownBy(() -> Limits.defaults().withMaxBodyBytes(-1))
                .hasMessage("limit maxBodyBytes must be zero or more, was -1");
        assertThatThrownBy(() -> Limits.defaults().withMaxJsonDepth(10_000))
                .hasMessage("limit maxJsonDepth must be 1–512, was 10000");
        assertThatThrownBy(() -> App.builder().limits(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withersChangeOnlyTheirOwnLimit() {
        Limits changed = Limits.defaults().withMaxQueryLength(10);

        assertThat(changed.maxQueryLength()).isEqualTo(10);
        assertThat(changed.withMaxQueryLength(Limits.DEFAULT_MAX_QUERY_LENGTH)).isEqualTo(Limits.defaults());
        assertThat(changed).isNotEqualTo(Limits.defaults());
        assertThat(changed.toString()).contains("maxQueryLength=10", "maxHeaders=100");
    }
}
