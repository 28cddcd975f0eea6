package dev.thaw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CorsTest {

    private static final String APP = "https://app.example.com";

    private final AtomicInteger calls = new AtomicInteger();
    private final Handler inner = request -> {
        calls.incrementAndGet();
        return Response.text("inner");
    };

    private static Cors configured() {
        return Cors.builder()
                .allowOrigins(APP, "http://localhost:3000")
                .allowMethods("get", "POST", "PUT")
                .allowHeaders("Content-Type", "authorization")
                .exposeHeaders("X-Request-Id")
                .maxAge(Duration.ofMinutes(10))
                .build();
    }

    private static Request preflight(String origin, String method, String headers) {
        Request.Builder b = Request.builder("OPTIONS", "/users")
                .header("origin", origin)
                .header("access-control-request-method", method);
        if (headers != null) {
            b.header("access-control-request-headers", headers);
        }
        return b.build();
    }

    private static void assertNoCorsHeaders(Response response) {
        assertThat(response.headers().names()).noneMatch(name -> name.startsWith("access-control-"));
    }

    @Test
    void allowsNothingByDefault() throws Exception {
        Handler handler = Cors.builder().build().wrap(inner);

        Response refused = handler.handle(preflight(APP, "GET", null));
        Response simple = handler.handle(
                Request.builder("GET", "/users").header("origin", APP).build());

        assertThat(refused.status()).isEqualTo(403);
        assertNoCorsHeaders(refused);
        assertThat(simple.bodyText()).isEqualTo("inner");
        assertNoCorsHeaders(simple);
    }

    @Test
    void answersAnAllowedPreflightWithNoContentAndTheCorsHeaders() throws Exception {
        Handler handler = configured().wrap(inner);

        Response response = handler.handle(preflight(APP, "PUT", "Content-Type, Authorization"));

        assertThat(response.status()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
        assertThat(response.header("access-control-allow-origin")).contains(APP);
        assertThat(response.header("access-control-allow-methods")).contains("GET, POST, PUT");
        assertThat(response.header("access-control-allow-headers")).contains("content-type, authorization");
        assertThat(response.header("access-control-max-age")).contains("600");
        assertThat(response.header("vary")).contains("origin");
        assertThat(response.headers().contains("access-control-allow-credentials"))
                .isFalse();
        assertThat(calls).hasValue(0);
    }

    @Test
    void answersAPreflightWithoutRequestedHeaders() throws Exception {
        Response response = configured().wrap(inner).handle(preflight(APP, "get", null));

        assertThat(response.status()).isEqualTo(204);
        assertThat(response.headers().contains("access-control-allow-headers")).isFalse();
    }

    @ParameterizedTest(name = "{0} {1} [{2}] -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            https://evil.example.com | GET    |                        | origin https://evil.example.com
            http://app.example.com   | GET    |                        | origin http://app.example.com
            https://app.example.com  | DELETE |                        | method DELETE
            https://app.example.com  | PATCH  | content-type           | method PATCH
            https://app.example.com  | POST   | content-type, x-secret | header x-secret
            https://app.example.com  | POST   | X-Other                | header x-other
            """)
    void refusesADisallowedPreflightWithForbidden(String origin, String method, String headers, String refused)
            throws Exception {
        Response response = configured().wrap(inner).handle(preflight(origin, method, headers));

        assertThat(response.status()).isEqualTo(403);
        assertNoCorsHeaders(response);
        assertThat(response.header("content-type")).contains(Problem.CONTENT_TYPE);
        assertThat((String) JsonObjects.parse(response.bodyText()).get("detail"))
                .contains(refused);
        assertThat(calls).hasValue(0);
    }

    @Test
    void addsAllowOriginAndVaryToASimpleRequestFromAnAllowedOrigin() throws Exception {
        Handler handler = configured().wrap(inner);

        Response response = handler.handle(
                Request.builder("GET", "/users").header("origin", APP).build());

        assertThat(response.bodyText()).isEqualTo("inner");
        assertThat(response.header("access-control-allow-origin")).contains(APP);
        assertThat(response.header("access-control-expose-headers")).contains("x-request-id");
        assertThat(response.header("vary")).contains("origin");
        assertThat(response.headers().contains("access-control-allow-credentials"))
                .isFalse();
    }

    @Test
    void addsNoCorsHeadersToASimpleRequestFromAnotherOrigin() throws Exception {
        Response response = configured()
                .wrap(inner)
                .handle(Request.builder("GET", "/users")
                        .header("origin", "https://evil.example.com")
                        .build());

        assertThat(response.bodyText()).isEqualTo("inner");
        assertNoCorsHeaders(response);
        assertThat(response.header("vary")).contains("origin");
    }

    @Test
    void leavesRequestsWithoutOriginUntouched() throws Exception {
        Response plain = Response.text("same");
        Response response = configured().wrap(request -> plain).handle(Request.get("/users"));

        assertThat(response).isSameAs(plain);
    }

    @Test
    void appendsOriginToAnExistingVary() throws Exception {
        Handler handler = configured()
                .wrap(request ->
                        Response.status(200).header("vary", "accept-encoding").text("x"));

        Response response =
                handler.handle(Request.builder("GET", "/").header("origin", APP).build());

        assertThat(response.headers().all("vary")).containsExactly("accept-encoding, origin");
    }

    @Test
    void passesAnOptionsRequestThatIsNotAPreflightToTheHandler() throws Exception {
        Response response = configured()
                .wrap(inner)
                .handle(Request.builder("OPTIONS", "/users")
                        .header("origin", APP)
                        .build());

        assertThat(response.bodyText()).isEqualTo("inner");
        assertThat(calls).hasValue(1);
    }

    @Test
    void allowsCredentialsForAllowedOriginsWhenConfigured() throws Exception {
        Handler handler = Cors.builder()
                .allowOrigins(APP)
                .allowMethods("POST")
                .allowCredentials()
                .build()
                .wrap(inner);

        Response preflight = handler.handle(preflight(APP, "POST", null));
        Response simple = handler.handle(
                Request.builder("POST", "/users").header("origin", APP).build());

        assertThat(preflight.header("access-control-allow-credentials")).contains("true");
        assertThat(preflight.header("access-control-allow-origin")).contains(APP);
        assertThat(simple.header("access-control-allow-credentials")).contains("true");
        assertThat(simple.header("access-control-allow-origin")).contains(APP);
    }

    @Test
    void answersAnyOriginWithAStar() throws Exception {
        Handler handler =
                Cors.builder().allowAnyOrigin().allowMethods("GET").build().wrap(inner);

        Response preflight = handler.handle(preflight("https://anyone.example", "GET", null));
        Response simple = handler.handle(Request.builder("GET", "/")
                .header("origin", "https://anyone.example")
                .build());

        assertThat(preflight.status()).isEqualTo(204);
        assertThat(preflight.header("access-control-allow-origin")).contains("*");
        assertThat(simple.header("access-control-allow-origin")).contains("*");
    }

    @Test
    void rejectsAnyOriginCombinedWithCredentials() {
        Cors.Builder builder = Cors.builder().allowAnyOrigin().allowCredentials();

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("credentials")
                .hasMessageContaining("any origin");
    }

    @Test
    void rejectsAStarAmongExplicitOrigins() {
        assertThatThrownBy(() -> Cors.builder().allowOrigins(APP, "*"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("allowAnyOrigin()");
    }

    @Test
    void addsTheHeadersToProblemAnswersThrownInside() throws Exception {
        Handler failing = request -> {
            throw HttpException.notFound("No user with id 7");
        };
        Handler handler = configured().wrap(failing);

        Response allowed = handler.handle(
                Request.builder("GET", "/users/7").header("origin", APP).build());
        Response other = handler.handle(Request.builder("GET", "/users/7")
                .header("origin", "https://evil.example")
                .build());

        assertThat(allowed.status()).isEqualTo(404);
        assertThat(allowed.header("access-control-allow-origin")).contains(APP);
        assertThat(allowed.header("content-type")).contains(Problem.CONTENT_TYPE);
        assertThat(other.status()).isEqualTo(404);
        assertNoCorsHeaders(other);
    }
}
