package dev.thaw.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.thaw.App;
import dev.thaw.Response;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Encoded and overlong paths sent over a socket reach only the route they name; the same table as
 * thaw-core's {@code RouterPathSafetyTest}, plus what jdk.httpserver refuses before thaw sees it.
 */
class PathSafetyOverSocketTest {

    private static LocalServer server;

    @BeforeAll
    static void startServer() {
        App app = App.builder()
                .name("paths")
                .routes(r -> r.get("/admin/secret", request -> Response.text("secret"))
                        .get("/public/{name}", request -> Response.text("public " + request.pathParam("name")))
                        .get("/static/{path...}", request -> Response.text("static " + request.pathParam("path"))))
                .build();
        server = LocalServer.start(app, ServerOptions.builder().port(0).build());
    }

    @AfterAll
    static void stopServer() {
        server.stop(Duration.ZERO);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "/admin/secret                     | 200 | text/plain; charset=utf-8  | secret",
                "/%61dmin/%73ecret                 | 200 | text/plain; charset=utf-8  | secret",
                "/admin%2Fsecret                   | 404 | application/problem+json   |",
                "/admin%2fsecret                   | 404 | application/problem+json   |",
                "/%2e%2e/admin/secret              | 404 | application/problem+json   |",
                "/..%2fadmin/secret                | 404 | application/problem+json   |",
                "/public/../admin/secret           | 404 | application/problem+json   |",
                "/public/%2e%2e/admin/secret       | 404 | application/problem+json   |",
                "/admin/./secret                   | 404 | application/problem+json   |",
                "/admin//secret                    | 404 | application/problem+json   |",
                "/admin/secret/                    | 404 | application/problem+json   |",
                "/ADMIN/secret                     | 404 | application/problem+json   |",
                "/admin/secret;jsessionid=1        | 404 | application/problem+json   |",
                "/admin/secret%00                  | 404 | application/problem+json   |",
                "/admin%00/secret                  | 404 | application/problem+json   |",
                "/admin%5csecret                   | 404 | application/problem+json   |",
                "/admin/secret%20                  | 404 | application/problem+json   |",
                "/admin%ef%bc%8fsecret             | 404 | application/problem+json   |",
                "/%c0%af                           | 400 | application/problem+json   |",
                "/admin%c0%afsecret                | 400 | application/problem+json   |",
                "/%c0%ae%c0%ae/admin/secret        | 400 | application/problem+json   |",
                "/admin/%e0%80%af                  | 400 | application/problem+json   |",
                "/admin/secret%ed%a0%80            | 400 | application/problem+json   |",
                "/admin/secret%                    | 400 | text/html                  |",
                "/admin/secret%zz                  | 400 | text/html                  |",
                "/admin\\secret                     | 400 | text/html                  |",
                "/public/..%2fadmin                | 200 | text/plain; charset=utf-8  | public ../admin",
                "/static/..%2f..%2fetc%2fpasswd    | 200 | text/plain; charset=utf-8  | static ../../etc/passwd",
            })
    void reachesOnlyTheRouteThePathNames(String path, int status, String contentType, String body) throws Exception {
        try (RawHttp raw = RawHttp.connect(server.uri())) {
            raw.send("GET " + path + " HTTP/1.1\nHost: x\nConnection: close\n");
            RawHttp.Head head = raw.readHead();
            String text = new String(raw.readToEnd(), UTF_8);

            assertThat(head.status()).isEqualTo(status);
            assertThat(head.first("content-type")).isEqualTo(contentType);
            if (body != null) {
                assertThat(text).isEqualTo(body);
            } else if (contentType.equals("application/problem+json")) {
                assertThat(text).contains("\"status\":" + status);
            }
        }
    }
}
