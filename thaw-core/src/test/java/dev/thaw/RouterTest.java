package dev.thaw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Matching is strict: a trailing slash or an empty segment ({@code //}) is part of the path, so
 * {@code /users/} does not reach {@code /users} and {@code /users//42} reaches no route. Segments are
 * percent-decoded one by one before matching.
 */
class RouterTest {

    /** Answers with the matched route in a header and the method and parameters in the body. */
    private static final Handler ECHO = request ->
            Response.status(200).header("x-route", request.route()).text(request.method() + " " + request.pathParams());

    private static final Router ROUTER = Router.builder()
            .get("/", ECHO)
            .get("/users", ECHO)
            .post("/users", ECHO)
            .get("/users/me", ECHO)
            .get("/users/{id}", ECHO)
            .put("/users/{id}", ECHO)
            .delete("/users/{id}", ECHO)
            .get("/users/{id}/posts/{postId}", ECHO)
            .get("/mixed/lit/y", ECHO)
            .get("/mixed/{id}/x", ECHO)
            .get("/files/special", ECHO)
            .get("/files/{path...}", ECHO)
            .get("/static/*", ECHO)
            .get("/docs/{name}", ECHO)
            .get("/a/b", ECHO)
            .patch("/items/{id}", ECHO)
            .route("OPTIONS", "/explicit", request -> Response.status(200).text("explicit options"))
            .build();

    private static Response handle(String method, String target) throws Exception {
        return ROUTER.handle(Request.builder(method, target).build());
    }

    @ParameterizedTest(name = "{0} {1} -> {2} {3}")
    @CsvSource(delimiter = '|', textBlock = """
            GET    | /                         | /                          | {}
            GET    | /users                    | /users                     | {}
            POST   | /users                    | /users                     | {}
            GET    | /users/me                 | /users/me                  | {}
            GET    | /users/42                 | /users/{id}                | {id=42}
            DELETE | /users/me                 | /users/{id}                | {id=me}
            PUT    | /users/me                 | /users/{id}                | {id=me}
            GET    | /users/%6De               | /users/me                  | {}
            GET    | /users/7/posts/9          | /users/{id}/posts/{postId} | {id=7, postId=9}
            GET    | /mixed/lit/y              | /mixed/lit/y               | {}
            GET    | /mixed/lit/x              | /mixed/{id}/x              | {id=lit}
            GET    | /files/special            | /files/special             | {}
            GET    | /files/special/more       | /files/{path...}           | {path=special/more}
            GET    | /files/a/b/c.txt          | /files/{path...}           | {path=a/b/c.txt}
            GET    | /files/a%20b              | /files/{path...}           | {path=a b}
            GET    | /files/x%2Fy/z            | /files/{path...}           | {path=x/y/z}
            GET    | /files/                   | /files/{path...}           | {path=}
            GET    | /files                    | /files/{path...}           | {path=}
            GET    | /static/css/site.css      | /static/*                  | {*=css/site.css}
            GET    | /static/                  | /static/*                  | {*=}
            GET    | /static                   | /static/*                  | {*=}
            GET    | /docs/a%20b               | /docs/{name}               | {name=a b}
            GET    | /docs/a+b                 | /docs/{name}               | {name=a+b}
            GET    | /docs/a%2Fb               | /docs/{name}               | {name=a/b}
            GET    | /docs/caf%C3%A9           | /docs/{name}               | {name=café}
            GET    | /docs/%E2%82%AC           | /docs/{name}               | {name=€}
            GET    | /a/b                      | /a/b                       | {}
            PATCH  | /items/9                  | /items/{id}                | {id=9}
            patch  | /items/9                  | /items/{id}                | {id=9}
            HEAD   | /users/42                 | /users/{id}                | {id=42}
            HEAD   | /files/a/b                | /files/{path...}           | {path=a/b}
            """)
    void routesToTheMostSpecificPatternWithDecodedParameters(String method, String target, String route, String params)
            throws Exception {
        Response response = handle(method, target);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("x-route")).contains(route);
        assertThat(response.bodyText()).isEqualTo(method.toUpperCase(java.util.Locale.ROOT) + " " + params);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            GET     | /nope
            GET     | /users/42/unknown
            GET     | /users/
            GET     | //users
            GET     | /users//42
            GET     | /a%2Fb
            GET     | /a/b/
            GET     | /docs/
            GET     | /docs/x/y
            DELETE  | /nope
            OPTIONS | /nope
            """)
    void answersNotFoundProblemForUnknownPaths(String method, String target) {
        assertThatThrownBy(() -> handle(method, target)).isInstanceOfSatisfying(HttpException.class, e -> {
            assertThat(e.status()).isEqualTo(404);
            assertThat(e.problem().instance()).isEqualTo(target);
            Response response = e.toResponse();
            assertThat(response.header("content-type")).contains(Problem.CONTENT_TYPE);
            assertThat(JsonObjects.parse(response.bodyText())).containsEntry("title", "Not Found");
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "/users/%zz",
        "/users/%4",
        "/users/%",
        "/users/%C0%AF",
        "/users/%E0%80%AF",
        "/users/%FF",
        "/users/%ED%A0%80",
        "/users/%E2%82",
        "/files/ok/%C0%AF",
        "/unrouted/%C0%AF"
    })
    void rejectsMalformedOrOverlongEscapesWithBadRequest(String target) {
        assertThatThrownBy(() -> handle("GET", target)).isInstanceOfSatisfying(HttpException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.problem().detail()).startsWith("Malformed URL encoding");
        });
    }

    @ParameterizedTest(name = "{0} {1} -> Allow: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            DELETE | /users      | GET, HEAD, OPTIONS, POST
            PATCH  | /users/me   | DELETE, GET, HEAD, OPTIONS, PUT
            POST   | /users/42   | DELETE, GET, HEAD, OPTIONS, PUT
            POST   | /a/b        | GET, HEAD, OPTIONS
            PUT    | /files/x/y  | GET, HEAD, OPTIONS
            GET    | /items/1    | OPTIONS, PATCH
            GET    | /explicit   | OPTIONS
            """)
    void answersMethodNotAllowedWithTheAllowedMethods(String method, String target, String allow) throws Exception {
        Response response = handle(method, target);

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.header("allow")).contains(allow);
        assertThat(response.header("content-type")).contains(Problem.CONTENT_TYPE);
        Map<String, Object> body = JsonObjects.parse(response.bodyText());
        assertThat(body).containsEntry("title", "Method Not Allowed").containsEntry("instance", target);
        assertThat((String) body.get("detail")).contains(method).contains(allow);
    }

    @ParameterizedTest(name = "OPTIONS {0} -> Allow: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            /users      | GET, HEAD, OPTIONS, POST
            /users/me   | DELETE, GET, HEAD, OPTIONS, PUT
            /static/x   | GET, HEAD, OPTIONS
            /items/3    | OPTIONS, PATCH
            """)
    void answersOptionsWithNoContentAndAllow(String target, String allow) throws Exception {
        Response response = handle("OPTIONS", target);

        assertThat(response.status()).isEqualTo(204);
        assertThat(response.header("allow")).contains(allow);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void routesOptionsExplicitlyWhenARouteAsksForIt() throws Exception {
        Response response = handle("OPTIONS", "/explicit");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bodyText()).isEqualTo("explicit options");
    }

    @Test
    void servesHeadWithAnExplicitHeadRouteBeforeTheGetRoute() throws Exception {
        Router router = Router.builder()
                .get("/thing", request -> Response.text("get"))
                .route(
                        "HEAD",
                        "/thing",
                        request -> Response.status(200).header("x-head", "1").empty())
                .build();

        Response head = router.handle(Request.builder("HEAD", "/thing").build());

        assertThat(head.header("x-head")).contains("1");
        assertThat(router.handle(Request.get("/thing")).bodyText()).isEqualTo("get");
    }

    @Test
    void recordsTheMatchedRouteOnTheContextForMiddlewareOutsideTheRouter() throws Exception {
        Router router = Router.builder()
                .get("/users/{id}", request -> Response.text(request.pathParam("id")))
                .build();
        Request matched = Request.get("/users/7");
        Request unmatched = Request.get("/nowhere");

        assertThat(matched.context().route()).isNull();
        router.handle(matched);
        assertThatThrownBy(() -> router.handle(unmatched)).isInstanceOf(HttpException.class);

        assertThat(matched.context().route()).isEqualTo("/users/{id}");
        assertThat(unmatched.context().route()).isNull();
    }

    @Test
    void exposesRoutePatternAndUnmodifiableParamsOnTheRequest() throws Exception {
        Request[] seen = new Request[1];
        Router router = Router.builder()
                .get("/orgs/{org}/repos/{repo}", request -> {
                    seen[0] = request;
                    return Response.noContent();
                })
                .build();

        router.handle(Request.get("/orgs/thaw/repos/core%20lib?x=1"));

        Request routed = seen[0];
        assertThat(routed.route()).isEqualTo("/orgs/{org}/repos/{repo}");
        assertThat(routed.pathParams()).containsExactly(Map.entry("org", "thaw"), Map.entry("repo", "core lib"));
        assertThat(routed.pathParam("repo")).isEqualTo("core lib");
        assertThat(routed.queryParam("x")).contains("1");
        assertThatThrownBy(() -> routed.pathParams().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> routed.pathParam("missing"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/orgs/{org}/repos/{repo}")
                .hasMessageContaining("missing");
    }

    @Test
    void keepsAnEncodedSlashInsideOneSegment() throws Exception {
        Router router = Router.builder()
                .get("/a/b", request -> Response.text("two segments"))
                .get("/{name}", request -> Response.text("one segment: " + request.pathParam("name")))
                .build();

        assertThat(router.handle(Request.get("/a/b")).bodyText()).isEqualTo("two segments");
        assertThat(router.handle(Request.get("/a%2Fb")).bodyText()).isEqualTo("one segment: a/b");
        assertThat(router.handle(Request.get("/a%2fb")).bodyText()).isEqualTo("one segment: a/b");
    }

    @Test
    void decodesEscapesInLiteralPatterns() throws Exception {
        Router router = Router.builder()
                .get("/caf%C3%A9", request -> Response.text("ok"))
                .build();

        assertThat(router.handle(Request.get("/caf%c3%a9")).bodyText()).isEqualTo("ok");
        assertThat(router.handle(Request.get("/café")).bodyText()).isEqualTo("ok");
    }

    @Test
    void matchesTrailingSlashPatternsStrictly() throws Exception {
        Router router = Router.builder()
                .get("/dir/", request -> Response.text("with slash"))
                .get("/dir", request -> Response.text("without slash"))
                .build();

        assertThat(router.handle(Request.get("/dir/")).bodyText()).isEqualTo("with slash");
        assertThat(router.handle(Request.get("/dir")).bodyText()).isEqualTo("without slash");
        assertThatThrownBy(() -> router.handle(Request.get("/dir//")))
                .isInstanceOfSatisfying(
                        HttpException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void passesTheRoutedRequestsContextAndBodyThrough() throws Exception {
        Context context = Context.builder().requestId("req-1").build();
        Router router = Router.builder()
                .post("/echo", request -> Response.text(request.context().requestId() + ":" + request.bodyText()))
                .build();

        Response response = router.handle(
                Request.builder("POST", "/echo").context(context).body("hello").build());

        assertThat(response.bodyText()).isEqualTo("req-1:hello");
    }

    @ParameterizedTest(name = "{0} then {1}")
    @CsvSource(delimiter = '|', textBlock = """
            /users/{id}       | /users/{name}
            /files/{path...}  | /files/*
            /files/*          | /files/{rest...}
            /a/b              | /a/b
            /caf%C3%A9        | /café
            """)
    void rejectsConflictingRoutesNamingBoth(String first, String second) {
        Router.Builder builder = Router.builder().get(first, ECHO);

        assertThatThrownBy(() -> builder.get(second, ECHO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("GET " + second + " conflicts with GET " + first);
    }

    @Test
    void treatsMethodNamesCaseInsensitivelyWhenDetectingConflicts() {
        Router.Builder builder = Router.builder().route("get", "/x", ECHO);

        assertThatThrownBy(() -> builder.get("/x", ECHO)).hasMessage("GET /x conflicts with GET /x");
    }

    @Test
    void acceptsTheSamePatternForDifferentMethodsWithDifferentParameterNames() throws Exception {
        Router router = Router.builder()
                .get("/users/{id}", request -> Response.text("get " + request.pathParams()))
                .delete("/users/{userId}", request -> Response.text("delete " + request.pathParams()))
                .build();

        assertThat(router.handle(Request.get("/users/1")).bodyText()).isEqualTo("get {id=1}");
        assertThat(router.handle(Request.builder("DELETE", "/users/1").build()).bodyText())
                .isEqualTo("delete {userId=1}");
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', textBlock = """
            users             | must start with '/'
            ''                | must start with '/'
            /users/{id        | a parameter must be a whole segment
            /users/id}        | a parameter must be a whole segment
            /users/x{id}      | a parameter must be a whole segment
            /users/{}         | invalid parameter name ''
            /users/{a-b}      | invalid parameter name 'a-b'
            /{...}            | invalid parameter name ''
            /files/{p...}/x   | wildcard must be the last segment
            /files/*/x        | wildcard must be the last segment
            /a/{id}/b/{id}    | duplicate parameter name
            /a//b             | empty segment
            //a               | empty segment
            /a/%zz            | malformed percent escape
            /a/%C0%AF         | malformed percent escape
            """)
    void rejectsMalformedPatternsWithTheReason(String pattern, String reason) {
        assertThatThrownBy(() -> Router.builder().get(pattern, ECHO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason)
                .hasMessageContaining(pattern);
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource({"''", "'GE T'", "'GET/'", "'GÉT'"})
    void rejectsInvalidMethods(String method) {
        assertThatThrownBy(() -> Router.builder().route(method, "/x", ECHO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid HTTP method")
                .hasMessageContaining("/x");
    }

    @Test
    void rejectsAMissingHandlerOrMethodAtBuild() {
        assertThatThrownBy(() -> Router.builder().get("/x", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("route GET /x has no handler");
        assertThatThrownBy(() -> Router.builder().route(null, "/x", ECHO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid HTTP method");
        assertThatThrownBy(() -> Router.builder().get(null, ECHO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must start with '/'");
    }

    @Test
    void doesNotChangeABuiltRouterWhenItsBuilderGoesOn() throws Exception {
        Router.Builder builder = Router.builder().get("/a", ECHO);
        Router first = builder.build();

        builder.get("/b", ECHO).post("/a", ECHO);

        assertThatThrownBy(() -> first.handle(Request.get("/b"))).isInstanceOf(HttpException.class);
        assertThat(first.handle(Request.builder("POST", "/a").build()).status()).isEqualTo(405);
        assertThat(builder.build().handle(Request.get("/b")).status()).isEqualTo(200);
    }

    @Test
    void propagatesWhatTheHandlerThrows() {
        IllegalStateException failure = new IllegalStateException("boom");
        Router router = Router.builder()
                .get("/fail", request -> {
                    throw failure;
                })
                .build();

        assertThatThrownBy(() -> router.handle(Request.get("/fail"))).isSameAs(failure);
    }

    @Test
    void routesEachRequestIndependentlyAcrossManyRoutes() throws Exception {
        Router.Builder builder = Router.builder();
        Map<String, String> expected = new HashMap<>();
        for (int i = 0; i < 200; i++) {
            String pattern = "/r" + i + "/{id}";
            builder.get(pattern, ECHO);
            expected.put("/r" + i + "/x" + i, pattern);
        }
        Router router = builder.build();

        for (Map.Entry<String, String> e : expected.entrySet()) {
            assertThat(router.handle(Request.get(e.getKey())).header("x-route")).contains(e.getValue());
        }
    }
}
