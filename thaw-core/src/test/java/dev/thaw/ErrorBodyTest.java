package dev.thaw;

import static java.util.Collections.nCopies;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Whatever fails, the client gets a problem body with no exception, class, package or stack frame in it. */
class ErrorBodyTest {

    /** A package-qualified name such as {@code dev.thaw.Router} or {@code io.avaje.json.JsonDataException}. */
    private static final Pattern PACKAGE_NAME = Pattern.compile("\\b[a-z_][a-z0-9_]*\\.[a-z_][a-z0-9_]*\\.[A-Za-z]");

    /** A stack frame such as {@code at Foo.bar(Foo.java:12)}. */
    private static final Pattern STACK_FRAME = Pattern.compile("\\bat [\\w$.]+\\(|\\.java:\\d+\\)");

    private static final App APP = App.builder()
            .use(RequestId.create(), Recovery.to(line -> {}))
            .routes(r -> r.post("/people", request -> Response.json(request.bodyAs(Person.class)))
                    .get("/boom", request -> {
                        throw new IllegalStateException(
                                "dev.thaw.internal.Secret failed at dev.thaw.Secret.run(Secret.java:12)");
                    })
                    .get("/overflow", new Overflowing())
                    .get("/null", request -> null))
            .build();

    /** Recurses until the stack overflows. */
    private static final class Overflowing implements Handler {
        @Override
        public Response handle(Request request) throws Exception {
            return handle(request);
        }
    }

    private static Request post(String json) {
        return Request.builder("POST", "/people")
                .header("content-type", "application/json")
                .body(json)
                .build();
    }

    static Stream<Arguments> failures() {
        Request.Builder manyHeaders = Request.builder("GET", "/people");
        for (int i = 0; i < 101; i++) {
            manyHeaders.header("x-" + i, "v");
        }
        return Stream.of(
                Arguments.of("path too long", Request.get("/" + "a".repeat(9_000)), 414),
                Arguments.of("query too long", Request.get("/people?q=" + "a".repeat(17_000)), 414),
                Arguments.of(
                        "too many query parameters",
                        Request.get("/people?" + String.join("&", nCopies(300, "a"))),
                        400),
                Arguments.of("too many headers", manyHeaders.build(), 431),
                Arguments.of(
                        "headers too large",
                        Request.builder("GET", "/people")
                                .header("x", "v".repeat(17_000))
                                .build(),
                        431),
                Arguments.of(
                        "body too large",
                        Request.builder("POST", "/people")
                                .body(new byte[6_291_457])
                                .build(),
                        413),
                Arguments.of("malformed JSON", post("{\"name\":"), 400),
                Arguments.of("JSON of the wrong type", post("{\"name\":\"a\",\"age\":\"x\"}"), 400),
                Arguments.of("JSON field of the wrong shape", post("{\"name\":{\"a\":1},\"age\":1}"), 400),
                Arguments.of("deeply nested JSON", post("[".repeat(100_000)), 400),
                Arguments.of("trailing comma", post("{\"name\":\"a\",}"), 400),
                Arguments.of("long JSON string", post("{\"name\":\"" + "x".repeat(40_000) + "\"}"), 400),
                Arguments.of(
                        "JSON that is not UTF-8",
                        post("{\"name\":\"\u00ff\"}").toBuilder()
                                .body(new byte[] {'{', '"', 'n', '"', ':', '"', (byte) 0xc0, (byte) 0xaf, '"', '}'})
                                .build(),
                        400),
                Arguments.of(
                        "not JSON at all",
                        Request.builder("POST", "/people")
                                .header("content-type", "text/plain")
                                .body("hi")
                                .build(),
                        415),
                Arguments.of("unknown route", Request.get("/no/such/route"), 404),
                Arguments.of(
                        "wrong method", Request.builder("DELETE", "/people").build(), 405),
                Arguments.of("malformed escape in the path", Request.get("/people%zz"), 400),
                Arguments.of("overlong UTF-8 in the path", Request.get("/%c0%af"), 400),
                Arguments.of("handler exception naming a class", Request.get("/boom"), 500),
                Arguments.of("stack overflow in a handler", Request.get("/overflow"), 500),
                Arguments.of("handler returning null", Request.get("/null"), 500));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void answersAProblemWithoutInternals(String failure, Request request, int status) throws Exception {
        Response response = respond(request);

        assertThat(response.status()).isEqualTo(status);
        assertThat(response.header("content-type")).contains(Problem.CONTENT_TYPE);
        String body = new String(response.body(), StandardCharsets.UTF_8);
        Map<String, Object> problem = JsonObjects.parse(body);
        assertThat(problem).containsEntry("status", (long) status).containsKey("title");
        assertThat(body)
                .doesNotContain("Exception", "Error:", "at dev.", "java.", "avaje")
                .doesNotContainPattern(PACKAGE_NAME)
                .doesNotContainPattern(STACK_FRAME);
        assertThat(body.length()).as("the body never echoes a huge input").isLessThan(1_000);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void allowsNoOtherOriginWithoutCorsConfigured(String failure, Request request, int status) throws Exception {
        Response response = respond(request.withHeader("origin", "https://evil.example"));

        assertThat(response.headers().names()).noneMatch(name -> name.startsWith("access-control-"));
    }

    @ParameterizedTest
    @MethodSource("dev.thaw.ErrorBodyTest#successes")
    void allowsNoOtherOriginOnSuccessesOrPreflightsEither(Request request) throws Exception {
        Response response = respond(request);

        assertThat(response.status()).isLessThan(300);
        assertThat(response.headers().names()).noneMatch(name -> name.startsWith("access-control-"));
    }

    static Stream<Request> successes() {
        return Stream.of(
                post("{\"name\":\"a\",\"age\":1}").withHeader("origin", "https://evil.example"),
                Request.builder("OPTIONS", "/people")
                        .header("origin", "https://evil.example")
                        .header("access-control-request-method", "POST")
                        .header("access-control-request-headers", "content-type")
                        .build());
    }

    /** Answers as an adapter does: the app, then the single exception boundary for what escapes it. */
    private static Response respond(Request request) {
        try {
            Response response = APP.handle(request);
            return response != null ? response : Recovery.answer(request, new IllegalStateException("no response"));
        } catch (Exception | StackOverflowError e) {
            return Recovery.answer(request, e);
        }
    }
}
