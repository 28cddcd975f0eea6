package dev.thaw.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thaw.App;
import dev.thaw.Cookie;
import dev.thaw.Cors;
import dev.thaw.HttpException;
import dev.thaw.Problem;
import dev.thaw.Recovery;
import dev.thaw.Request;
import dev.thaw.RequestId;
import dev.thaw.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The HTTP behaviour every adapter must show, run through {@link #client(App)}: routing, problems,
 * headers, cookies, bodies, request ids, CORS and streaming. Each adapter's test extends it once.
 *
 * <pre>{@code
 * class LocalServerConformanceTest extends HttpConformance {
 *     private LocalServer server;
 *
 *     @Override
 *     protected TestClient client(App app) {
 *         server = LocalServer.start(app, ServerOptions.builder().port(0).build());
 *         return TestClient.http(server.uri());
 *     }
 *
 *     @AfterAll
 *     void stopServer() {
 *         server.stop(Duration.ZERO);
 *     }
 * }
 * }</pre>
 *
 * <p>One test instance (and so one client) serves all the tests of a class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class HttpConformance {

    /** The origin the suite's CORS middleware allows. */
    protected static final String ALLOWED_ORIGIN = "https://app.example.com";

    private final List<String> errorLog = new CopyOnWriteArrayList<>();
    private TestClient client;

    /** Creates the suite; subclasses provide {@link #client(App)}. */
    protected HttpConformance() {}

    /**
     * Returns a client that reaches {@code app} through the adapter under test. Called once per test
     * class; the client is closed after the last test.
     *
     * @param app the suite's application
     * @return the client
     */
    protected abstract TestClient client(App app);

    @BeforeAll
    final void startClient() {
        client = client(app(errorLog));
    }

    @AfterAll
    final void closeClient() throws Exception {
        if (client != null) {
            client.close();
        }
    }

    /** Returns the suite's application: request ids, recovery and CORS around a small router. */
    static App app(List<String> errorLog) {
        return App.builder()
                .name("conformance")
                .use(
                        RequestId.create(),
                        Recovery.to(errorLog::add),
                        Cors.builder()
                                .allowOrigins(ALLOWED_ORIGIN)
                                .allowMethods("GET", "POST", "PUT")
                                .allowHeaders("content-type", "x-custom")
                                .build())
                .routes(r -> r.get("/users/{id}", request -> Response.json(Map.of("id", request.pathParam("id"))))
                        .put("/users/{id}", request -> Response.noContent())
                        .get("/files/{name}", request -> Response.text(request.pathParam("name")))
                        .get(
                                "/query",
                                request -> Response.text(
                                        String.join("|", request.query().all("tag")) + " raw="
                                                + request.query().raw()))
                        .get(
                                "/headers/{name}",
                                request -> Response.text(
                                        String.join("|", request.headers().all(request.pathParam("name")))))
                        .get("/cookies", request -> Response.text(new TreeMap<>(request.cookies()).toString()))
                        .get(
                                "/set-cookies",
                                request -> Response.status(200)
                                        .cookie(Cookie.of("session", "abc123")
                                                .path("/")
                                                .httpOnly())
                                        .cookie(Cookie.of("theme", "dark"))
                                        .text("two cookies"))
                        .post(
                                "/echo",
                                request -> Response.status(200)
                                        .bytes(
                                                request.body(),
                                                request.header("content-type").orElse("application/octet-stream")))
                        .post("/json", request -> Response.json(request.bodyAs(Object.class)))
                        .get("/boom", request -> {
                            throw new IllegalStateException("secret-internal-detail");
                        })
                        .get("/conflict", request -> {
                            throw HttpException.of(409, "user 7 already exists");
                        })
                        .get(
                                "/stream",
                                request -> Response.status(200).stream("text/plain; charset=utf-8", out -> {
                                    for (int i = 0; i < 3; i++) {
                                        out.write(("chunk-" + i + "\n").getBytes(StandardCharsets.UTF_8));
                                        out.flush();
                                    }
                                })))
                .build();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "/users/42            | {\"id\":\"42\"}",
                "/files/a%20b         | a b",
                "/files/%C3%A9t%C3%A9 | été",
                "/files/a%2Fb         | a/b",
                "/files/a+b           | a+b",
            })
    void matchesRoutesAndDecodesPathParameters(String target, String body) {
        Response response = client.get(target);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bodyText()).isEqualTo(body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/nope", "/users", "/users/42/extra", "/files/"})
    void answersNotFoundAsProblemJsonForUnknownRoutes(String target) {
        Response response = client.get(target);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("content-type")).contains(Problem.CONTENT_TYPE);
        assertThat(response.bodyText()).contains("\"status\":404").contains("\"title\":\"Not Found\"");
    }

    @Test
    void answersMethodNotAllowedWithAllowHeader() {
        Response response = client.send(Request.builder("DELETE", "/users/42").build());

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.header("allow")).contains("GET, HEAD, OPTIONS, PUT");
        assertThat(response.header("content-type")).contains(Problem.CONTENT_TYPE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/users/42", "/files/readme", "/stream"})
    void servesHeadFromGetRoutesWithoutBody(String target) {
        Response response = client.send(Request.builder("HEAD", target).build());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void answersMalformedPercentEncodingWithBadRequestProblem() {
        Response response = client.get("/files/%FF%FE");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("content-type")).contains(Problem.CONTENT_TYPE);
        assertThat(response.bodyText()).contains("Malformed URL encoding");
    }

    @Test
    void keepsRepeatedQueryKeysInOrder() {
        Response response = client.get("/query?tag=a&tag=b&other=x&tag=c%20d");

        assertThat(response.bodyText()).isEqualTo("a|b|c d raw=tag=a&tag=b&other=x&tag=c%20d");
    }

    @Test
    void keepsEveryValueOfARepeatedRequestHeader() {
        Request request = Request.builder("GET", "/headers/x-multi")
                .header("x-multi", "first")
                .header("X-Multi", "second")
                .build();

        assertThat(client.send(request).bodyText()).isEqualTo("first|second");
    }

    @Test
    void readsCookiesFromCookieHeader() {
        Request request = Request.builder("GET", "/cookies")
                .header("cookie", "session=abc; theme=dark")
                .build();

        assertThat(client.send(request).bodyText()).isEqualTo("{session=abc, theme=dark}");
    }

    @Test
    void setsEveryCookieSeparately() {
        Response response = client.get("/set-cookies");

        assertThat(response.cookies()).containsExactly("session=abc123; Path=/; HttpOnly", "theme=dark");
    }

    @Test
    void echoesEveryByteValueOfABinaryBody() {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        Request request = Request.builder("POST", "/echo")
                .header("content-type", "application/octet-stream")
                .body(all)
                .build();

        Response response = client.send(request);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("content-type")).contains("application/octet-stream");
        assertThat(response.body()).isEqualTo(all);
    }

    @Test
    void echoesJsonBody() {
        String json = "{\"name\":\"ada\",\"tags\":[\"x\",\"y\"],\"admin\":true,\"nested\":{\"k\":\"v\"}}";
        Request request = Request.builder("POST", "/json")
                .header("content-type", "application/json")
                .body(json)
                .build();

        Response response = client.send(request);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("content-type")).contains("application/json");
        assertThat(response.bodyText()).isEqualTo(json);
    }

    @Test
    void answersMalformedJsonWithBadRequestProblem() {
        Request request = Request.builder("POST", "/json")
                .header("content-type", "application/json")
                .body("{\"name\":")
                .build();

        Response response = client.send(request);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("content-type")).contains(Problem.CONTENT_TYPE);
    }

    @Test
    void answersHandlerExceptionWith500ProblemWithoutInternals() {
        Response response = client.get("/boom");

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.header("content-type")).contains(Problem.CONTENT_TYPE);
        assertThat(response.bodyText())
                .contains("\"status\":500")
                .contains("\"requestId\":")
                .doesNotContain("IllegalStateException")
                .doesNotContain("secret-internal-detail")
                .doesNotContain("java.")
                .doesNotContain("dev.thaw")
                .doesNotContain("\tat ");
        assertThat(errorLog)
                .anySatisfy(line -> assertThat(line)
                        .contains("java.lang.IllegalStateException")
                        .contains("secret-internal-detail"));
    }

    @Test
    void answersHttpExceptionWithItsStatus() {
        Response response = client.get("/conflict");

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.header("content-type")).contains(Problem.CONTENT_TYPE);
        assertThat(response.bodyText()).contains("user 7 already exists");
    }

    @Test
    void echoesGivenRequestId() {
        Request request = Request.builder("GET", "/users/1")
                .header(RequestId.HEADER, "given-id-123")
                .build();

        assertThat(client.send(request).header(RequestId.HEADER)).contains("given-id-123");
    }

    @Test
    void generatesDistinctRequestIdsWhenNoneGiven() {
        String first = client.get("/users/1").header(RequestId.HEADER).orElseThrow();
        String second = client.get("/nope").header(RequestId.HEADER).orElseThrow();

        assertThat(first).isNotBlank().isNotEqualTo(second);
        assertThat(second).isNotBlank();
    }

    @Test
    void answersPreflightFromAllowedOrigin() {
        Request request = Request.builder("OPTIONS", "/users/42")
                .header("origin", ALLOWED_ORIGIN)
                .header("access-control-request-method", "PUT")
                .header("access-control-request-headers", "content-type, x-custom")
                .build();

        Response response = client.send(request);

        assertThat(response.status()).isEqualTo(204);
        assertThat(response.header("access-control-allow-origin")).contains(ALLOWED_ORIGIN);
        assertThat(response.header("access-control-allow-methods").orElseThrow())
                .contains("PUT");
        assertThat(response.header("access-control-allow-headers")).contains("content-type, x-custom");
        assertThat(response.body()).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1} from {2} -> {3}, allow-origin {4}")
    @CsvSource({
        "GET,     ,    https://app.example.com,   200, true",
        "GET,     ,    https://evil.example.com,  200, false",
        "OPTIONS, PUT, https://evil.example.com,  403, false",
        "OPTIONS, PATCH, https://app.example.com, 403, false",
    })
    void sendsAllowOriginOnlyToAllowedOrigins(
            String method, String requestedMethod, String origin, int status, boolean allowed) {
        Request.Builder builder = Request.builder(method, "/users/42").header("origin", origin);
        if (requestedMethod != null) {
            builder.header("access-control-request-method", requestedMethod);
        }

        Response response = client.send(builder.build());

        assertThat(response.status()).isEqualTo(status);
        assertThat(response.headers().contains("access-control-allow-origin")).isEqualTo(allowed);
    }

    @Test
    void sendsStreamingBodyWhole() {
        Response response = client.get("/stream");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("content-type")).contains("text/plain; charset=utf-8");
        assertThat(response.bodyText()).isEqualTo("chunk-0\nchunk-1\nchunk-2\n");
    }
}
