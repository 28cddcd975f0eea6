package dev.thaw.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thaw.Cookie;
import dev.thaw.Request;
import dev.thaw.Response;
import dev.thaw.Router;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each golden HTTP event goes through detection, decode, a small router and encode; the answer must
 * equal the golden {@code NAME.response.json}, compared as parsed JSON.
 */
class RoundTripTest {

    private static final Router ROUTER = goldenRoutes().build();

    /** Returns the routes whose answers the golden {@code *.response.json} files record. */
    static Router.Builder goldenRoutes() {
        return Router.builder()
                .get(
                        "/users/{id}",
                        request -> Response.status(200)
                                .header("cache-control", "no-store")
                                .header("vary", "accept")
                                .header("vary", "cookie")
                                .cookie(Cookie.of("seen", request.pathParam("id"))
                                        .path("/")
                                        .httpOnly())
                                .cookie(Cookie.of(
                                                "theme", request.cookie("theme").orElse("light"))
                                        .path("/"))
                                .text("user " + request.pathParam("id") + " tags="
                                        + String.join("|", request.query().all("tag")) + " q="
                                        + request.queryParam("q").orElse("")))
                .post(
                        "/uploads",
                        request -> Response.status(201)
                                .header("location", "/uploads/1")
                                .bytes(
                                        request.body(),
                                        request.header("content-type").orElseThrow()))
                .post(
                        "/users",
                        request -> Response.status(201)
                                .header("location", "/users/101")
                                .bytes(request.body(), "application/json"))
                .get(
                        "/reports/{period}",
                        request -> Response.text("report " + request.pathParam("period") + " format="
                                + request.queryParam("format").orElse("") + " include="
                                + String.join("|", request.query().all("include"))))
                .get(
                        "/search",
                        request -> Response.status(200)
                                .header("x-client", request.sourceIp())
                                .cookie(Cookie.of("sid", "renewed"))
                                .cookie(Cookie.of("seen-search", "1"))
                                .text("q=" + request.queryParam("q").orElse("") + " tags="
                                        + String.join("|", request.query().all("tag")) + " page="
                                        + request.queryParam("page").orElse("")));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "apigw-v1-get",
                "apigw-v1-post-base64",
                "apigw-v2-get",
                "apigw-v2-post-json",
                "function-url-get",
                "alb-single",
                "alb-multi"
            })
    void answersEachGoldenEventWithItsGoldenResponse(String name) throws Exception {
        byte[] event = GoldenEvents.load(name + ".json");
        EventCodec codec = EventCodecs.forEvent(event).orElseThrow();

        Request request = codec.decode(event, GoldenEvents.runtimeContext());
        byte[] answer = codec.encode(ROUTER.handle(request), request);

        assertThat(GoldenEvents.parse(answer))
                .isEqualTo(GoldenEvents.parse(GoldenEvents.load(name + ".response.json")));
    }
}
