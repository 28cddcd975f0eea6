package dev.thaw;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Encoded and overlong paths never reach a route they do not name: segments are split on the raw
 * {@code /} before decoding, nothing normalises dot-segments, and bytes that are not well-formed UTF-8 are
 * a 400. thaw-server's {@code PathSafetyOverSocketTest} sends the same paths over a socket.
 */
class RouterPathSafetyTest {

    private static final App APP = App.builder()
            .use(Recovery.to(line -> {}))
            .routes(r -> r.get("/admin/secret", request -> Response.text("secret"))
                    .get("/public/{name}", request -> Response.text("public " + request.pathParam("name")))
                    .get("/static/{path...}", request -> Response.text("static " + request.pathParam("path"))))
            .build();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "/admin/secret                     | 200 | secret",
                "/%61dmin/%73ecret                 | 200 | secret",
                "/admin%2Fsecret                   | 404 |",
                "/admin%2fsecret                   | 404 |",
                "/%2e%2e/admin/secret              | 404 |",
                "/..%2fadmin/secret                | 404 |",
                "/public/../admin/secret           | 404 |",
                "/public/%2e%2e/admin/secret       | 404 |",
                "/admin/./secret                   | 404 |",
                "/admin//secret                    | 404 |",
                "/admin/secret/                    | 404 |",
                "/ADMIN/secret                     | 404 |",
                "/admin/secret;jsessionid=1        | 404 |",
                "/admin/secret%00                  | 404 |",
                "/admin%00/secret                  | 404 |",
                "/admin%5csecret                   | 404 |",
                "/admin/secret%20                  | 404 |",
                "/admin%ef%bc%8fsecret             | 404 |",
                "/%c0%af                           | 400 |",
                "/admin%c0%afsecret                | 400 |",
                "/%c0%ae%c0%ae/admin/secret        | 400 |",
                "/admin/%e0%80%af                  | 400 |",
                "/admin/secret%ed%a0%80            | 400 |",
                "/admin/secret%                    | 400 |",
                "/admin/secret%zz                  | 400 |",
                "/public/..%2fadmin                | 200 | public ../admin",
                "/static/..%2f..%2fetc%2fpasswd    | 200 | static ../../etc/passwd",
            })
    void reachesOnlyTheRouteThePathNames(String path, int status, String body) throws Exception {
        Response response = APP.handle(Request.get(path));

        assertThat(response.status()).isEqualTo(status);
        String text = new String(response.body(), StandardCharsets.UTF_8);
        if (body != null) {
            assertThat(text).isEqualTo(body);
        } else {
            assertThat(response.header("content-type")).contains(Problem.CONTENT_TYPE);
            assertThat(JsonObjects.parse(text)).containsEntry("status", (long) status);
        }
    }
}
