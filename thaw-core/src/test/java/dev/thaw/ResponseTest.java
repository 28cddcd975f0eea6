package dev.thaw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResponseTest {

    @Test
    void routesSetCookieHeadersToTheCookies() {
        Response response = Response.status(200)
                .header("Set-Cookie", "a=1")
                .header("set-cookie", "b=2")
                .header("x-other", "v")
                .empty();

        assertThat(response.cookies()).containsExactly("a=1", "b=2");
        assertThat(response.headers().contains("set-cookie")).isFalse();
        assertThat(response.header("x-other")).contains("v");
    }

    @Test
    void appendsACookieWithWithHeaderAndClearsThemWithWithoutHeader() {
        Response response = Response.status(200).header("set-cookie", "a=1").empty();

        Response more = response.withHeader("SET-COOKIE", "b=2");
        Response none = more.withoutHeader("Set-Cookie");

        assertThat(more.cookies()).containsExactly("a=1", "b=2");
        assertThat(none.cookies()).isEmpty();
        assertThat(response.cookies()).containsExactly("a=1");
    }

    @Test
    void writesJsonWithItsContentType() {
        Response response = Response.json(new Address("1 Main St", "Springfield"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("content-type")).contains("application/json");
        assertThat(response.bodyText()).isEqualTo("{\"street\":\"1 Main St\",\"city\":\"Springfield\"}");
    }

    @Test
    void writesTextAsUtf8WithItsContentType() {
        Response response = Response.text("héllo ✓");

        assertThat(response.header("content-type")).contains("text/plain; charset=utf-8");
        assertThat(response.body()).isEqualTo("héllo ✓".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void writesBytesWithTheGivenContentTypeOrNone() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G'};

        Response typed = Response.status(200).bytes(png, "image/png");
        Response untyped = Response.status(200).bytes(null, null);

        assertThat(typed.header("content-type")).contains("image/png");
        assertThat(typed.body()).isSameAs(png);
        assertThat(untyped.headers().contains("content-type")).isFalse();
        assertThat(untyped.body()).isEmpty();
    }

    @Test
    void keepsAnExplicitContentTypeOverTheDefault() {
        Response response = Response.status(200)
                .header("Content-Type", "application/vnd.thaw+json")
                .json(Map.of("a", 1));

        assertThat(response.headers().all("content-type")).containsExactly("application/vnd.thaw+json");
    }

    @Test
    void streamsABodyWithItsContentType() throws Exception {
        Response response = Response.status(200).stream("text/event-stream", out -> {
            out.write("data: 1\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        });
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        response.streamingBody().writeTo(out);

        assertThat(response.isStreaming()).isTrue();
        assertThat(response.body()).isEmpty();
        assertThat(response.header("content-type")).contains("text/event-stream");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("data: 1\n\n");
    }

    @Test
    void withoutBodyKeepsStatusHeadersAndCookies() {
        Response response = Response.status(201)
                .header("location", "/users/1")
                .header("set-cookie", "a=1")
                .json(Map.of("id", "1"));
        Response streamed = Response.status(200).stream("text/plain", out -> out.write(1));

        Response head = response.withoutBody();

        assertThat(head.status()).isEqualTo(201);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers()).isEqualTo(response.headers());
        assertThat(head.cookies()).containsExactly("a=1");
        assertThat(streamed.withoutBody().isStreaming()).isFalse();
        assertThat(streamed.withoutBody().header("content-type")).contains("text/plain");
    }

    @Test
    void answersNoContentWithAnEmptyBody() {
        Response response = Response.noContent();

        assertThat(response.status()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
        assertThat(response.isStreaming()).isFalse();
        assertThat(response.streamingBody()).isNull();
    }

    @Test
    void returnsChangedCopiesAndLeavesTheOriginal() {
        Response original = Response.status(200).header("x-a", "1").text("t");

        Response changed = original.withHeader("x-a", "2").withHeader("x-b", "3");
        Response without = original.withoutHeader("X-A");

        assertThat(original.header("x-a")).contains("1");
        assertThat(original.header("x-b")).isEmpty();
        assertThat(changed.headers().all("x-a")).containsExactly("2");
        assertThat(changed.header("x-b")).contains("3");
        assertThat(without.header("x-a")).isEmpty();
        assertThat(without.bodyText()).isEqualTo("t");
    }

    @Test
    void toBuilderStartsFromHeadersAndCookies() {
        Response original = Response.status(200)
                .header("x-a", "1")
                .header("set-cookie", "c=1")
                .text("old");

        Response rebuilt = original.toBuilder().header("x-b", "2").text("new");

        assertThat(rebuilt.header("x-a")).contains("1");
        assertThat(rebuilt.header("x-b")).contains("2");
        assertThat(rebuilt.cookies()).containsExactly("c=1");
        assertThat(rebuilt.bodyText()).isEqualTo("new");
        assertThat(original.header("x-b")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 99, 600, -1})
    void rejectsStatusesOutsideHttpsRange(int status) {
        assertThatThrownBy(() -> Response.status(status))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Integer.toString(status));
    }

    @Test
    void describesItselfWithoutTheBody() {
        assertThat(Response.status(200)
                        .header("set-cookie", "a=1")
                        .text("secret")
                        .toString())
                .contains("200")
                .contains("cookies=[a=1]")
                .contains("6 bytes")
                .doesNotContain("secret");
    }
}
