package dev.thaw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            /                              | /                 | /              | ''
            /users                         | /users            | /users         | ''
            /users?limit=10&cursor=abc     | /users            | /users         | limit=10&cursor=abc
            /a?                            | /a                | /a             | ''
            /a?b                           | /a                | /a             | b
            /a?b=1?c=2                     | /a                | /a             | b=1?c=2
            /a%20b/c%2Fd?x=%20             | /a%20b/c%2Fd      | /a b/c/d       | x=%20
            /caf%C3%A9                     | /caf%C3%A9        | /café          | ''
            """)
    void splitsTheTargetIntoRawPathDecodedPathAndQuery(String target, String rawPath, String path, String query) {
        Request request = Request.get(target);

        assertThat(request.rawPath()).isEqualTo(rawPath);
        assertThat(request.path()).isEqualTo(path);
        assertThat(request.query().raw()).isEqualTo(query);
    }

    @Test
    void decodesQueryParameters() {
        Request request = Request.get("/search?q=hello+world&tag=a&tag=b");

        assertThat(request.queryParam("q")).contains("hello world");
        assertThat(request.query().all("tag")).containsExactly("a", "b");
        assertThat(request.queryParam("missing")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"''", "users", "http://example.com/users", "*", "?a=1"})
    void rejectsTargetsThatDoNotStartWithASlash(String target) {
        assertThatThrownBy(() -> Request.get(target))
                .isInstanceOfSatisfying(
                        HttpException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void rejectsAMissingMethodAndUpperCasesOthers() {
        assertThatThrownBy(() -> Request.builder("", "/")).isInstanceOf(HttpException.class);
        assertThatThrownBy(() -> Request.builder(null, "/")).isInstanceOf(HttpException.class);
        assertThat(Request.builder("post", "/").build().method()).isEqualTo("POST");
    }

    @Test
    void rejectsAMalformedPathOnlyWhenItIsDecoded() {
        Request request = Request.get("/bad%zz");

        assertThat(request.rawPath()).isEqualTo("/bad%zz");
        assertThatThrownBy(request::path)
                .isInstanceOfSatisfying(
                        HttpException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void parsesCookiesFromOneHeader() {
        Request request = Request.builder("GET", "/")
                .header("cookie", "a=1; b=two;c=3 ;  d = 4")
                .build();

        assertThat(request.cookies())
                .containsExactly(Map.entry("a", "1"), Map.entry("b", "two"), Map.entry("c", "3"), Map.entry("d", "4"));
        assertThat(request.cookie("b")).contains("two");
        assertThat(request.cookie("z")).isEmpty();
    }

    @Test
    void parsesCookiesFromSeveralHeadersWithTheFirstValueWinning() {
        Request request = Request.builder("GET", "/")
                .header("Cookie", "a=1; b=2")
                .header("cookie", "b=3; c=4")
                .build();

        assertThat(request.cookies()).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"), Map.entry("c", "4"));
    }

    @Test
    void unquotesQuotedCookieValuesAndKeepsEqualsSignsInValues() {
        Request request = Request.builder("GET", "/")
                .header("cookie", "q=\"quoted\"; token=abc==; empty=; lone=\"")
                .build();

        assertThat(request.cookies())
                .containsEntry("q", "quoted")
                .containsEntry("token", "abc==")
                .containsEntry("empty", "")
                .containsEntry("lone", "\"");
    }

    @Test
    void skipsMalformedCookiePairs() {
        Request request = Request.builder("GET", "/")
                .header("cookie", "novalue; =nameless; ;; ok=1")
                .build();

        assertThat(request.cookies()).containsExactly(Map.entry("ok", "1"));
    }

    @Test
    void hasNoCookiesWithoutACookieHeader() {
        assertThat(Request.get("/").cookies()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            text/plain; charset=ISO-8859-1     | ISO-8859-1
            text/plain;charset="iso-8859-1"    | ISO-8859-1
            TEXT/PLAIN; CHARSET=UTF-16BE       | UTF-16BE
            text/plain; charset=utf-8; x=y     | UTF-8
            text/plain                         | UTF-8
            """)
    void decodesTheBodyWithTheContentTypeCharset(String contentType, String charset) {
        Request request = Request.builder("POST", "/")
                .header("content-type", contentType)
                .body("café".getBytes(Charset.forName(charset)))
                .build();

        assertThat(request.bodyText()).isEqualTo("café");
    }

    @Test
    void decodesTheBodyAsUtf8WithoutAContentType() {
        Request request = Request.builder("POST", "/").body("ünïcode ✓").build();

        assertThat(request.bodyText()).isEqualTo("ünïcode ✓");
        assertThat(request.body()).isEqualTo("ünïcode ✓".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void answersUnsupportedMediaTypeForAnUnknownCharset() {
        Request request = Request.builder("POST", "/")
                .header("content-type", "text/plain; charset=no-such-charset")
                .body(new byte[] {1})
                .build();

        assertThatThrownBy(request::bodyText)
                .isInstanceOfSatisfying(
                        HttpException.class, e -> assertThat(e.status()).isEqualTo(415));
    }

    @Test
    void hasAnEmptyBodyAndADirectContextByDefault() {
        Request request = Request.get("/");

        assertThat(request.body()).isEmpty();
        assertThat(request.bodyText()).isEmpty();
        assertThat(request.context().source()).isEqualTo(EventSource.DIRECT);
        assertThat(request.context().hasDeadline()).isFalse();
        assertThat(request.route()).isNull();
        assertThat(request.pathParams()).isEmpty();
        assertThat(request.sourceIp()).isNull();
        assertThat(Request.builder("POST", "/").body((byte[]) null).build().body())
                .isEmpty();
    }

    @Test
    void withHeaderReturnsACopyWithExactlyThatValue() {
        Request original = Request.builder("GET", "/x")
                .header("x-a", "1")
                .header("x-a", "2")
                .build();

        Request copy = original.withHeader("X-A", "3");

        assertThat(copy.headers().all("x-a")).containsExactly("3");
        assertThat(original.headers().all("x-a")).containsExactly("1", "2");
        assertThat(copy.context()).isSameAs(original.context());
        assertThat(copy.rawPath()).isEqualTo("/x");
    }

    @Test
    void withRouteReturnsACopyWithADefensiveUnmodifiableParamsMap() {
        Request original = Request.get("/users/7");
        Map<String, String> params = new HashMap<>(Map.of("id", "7"));

        Request routed = original.withRoute("/users/{id}", params);
        params.put("id", "changed");

        assertThat(routed.route()).isEqualTo("/users/{id}");
        assertThat(routed.pathParam("id")).isEqualTo("7");
        assertThat(original.route()).isNull();
        assertThat(original.pathParams()).isEmpty();
        assertThatThrownBy(() -> routed.pathParams().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void withMethodReturnsACopyWithTheNewMethod() {
        Request original = Request.builder("HEAD", "/x").header("a", "1").build();

        Request copy = original.withMethod("get");

        assertThat(copy.method()).isEqualTo("GET");
        assertThat(copy.header("a")).contains("1");
        assertThat(original.method()).isEqualTo("HEAD");
    }

    @Test
    void toBuilderKeepsEverythingButTheRoute() {
        Context context = Context.builder().requestId("r").build();
        Request original = Request.builder("POST", "/x?a=1")
                .header("h", "v")
                .body("b")
                .context(context)
                .sourceIp("203.0.113.9")
                .build()
                .withRoute("/x", Map.of());

        Request copy = original.toBuilder().header("h2", "v2").build();

        assertThat(copy.method()).isEqualTo("POST");
        assertThat(copy.rawPath()).isEqualTo("/x");
        assertThat(copy.queryParam("a")).contains("1");
        assertThat(copy.headers().names()).containsExactly("h", "h2");
        assertThat(copy.bodyText()).isEqualTo("b");
        assertThat(copy.context()).isSameAs(context);
        assertThat(copy.sourceIp()).isEqualTo("203.0.113.9");
        assertThat(original.headers().names()).containsExactly("h");
    }

    @Test
    void replacesHeadersAndQueryThroughTheBuilder() {
        Request request = Request.builder("GET", "/x?old=1")
                .header("gone", "1")
                .headers(Headers.builder().add("kept", "2").build())
                .query(Query.of(Map.of("new", List.of("v"))))
                .build();

        assertThat(request.headers().names()).containsExactly("kept");
        assertThat(request.queryParam("old")).isEmpty();
        assertThat(request.queryParam("new")).contains("v");
        assertThat(request).hasToString("GET /x?new=v");
    }

    @Test
    void keepsBuiltHeadersAsGivenAndAddsLaterHeadersToACopy() {
        Headers given = Headers.builder().add("a", "1").build();

        Request asGiven = Request.builder("GET", "/x").headers(given).build();
        Request added = Request.builder("GET", "/x")
                .headers(given)
                .header("A", "2")
                .header("b", "3")
                .build();
        Request replacedAgain = Request.builder("GET", "/x")
                .headers(given)
                .header("dropped", "1")
                .headers(Headers.empty())
                .build();

        assertThat(asGiven.headers()).isSameAs(given);
        assertThat(added.headers().all("a")).containsExactly("1", "2");
        assertThat(added.headers().names()).containsExactly("a", "b");
        assertThat(given.all("a")).containsExactly("1");
        assertThat(given.names()).containsExactly("a");
        assertThat(replacedAgain.headers().names()).isEmpty();
        assertThatThrownBy(() -> Request.builder("GET", "/x").headers(null)).isInstanceOf(NullPointerException.class);
    }
}
