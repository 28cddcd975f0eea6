package dev.thaw.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.thaw.App;
import dev.thaw.HttpException;
import dev.thaw.Request;
import dev.thaw.Response;
import org.junit.jupiter.api.Test;

class InProcessTestClientTest {

    // no Recovery middleware: the client's own boundary must answer, as the server's does
    private final App app = App.builder()
            .routes(r -> r.get("/text", request -> Response.text("hello"))
                    .get("/boom", request -> {
                        throw new IllegalStateException("secret-internal-detail");
                    })
                    .get("/gone", request -> {
                        throw HttpException.of(410, "user 3 was deleted");
                    })
                    .get(
                            "/stream",
                            request -> Response.status(201).header("x-kind", "stream").stream("text/plain", out -> {
                                out.write("a".getBytes(UTF_8));
                                out.flush();
                                out.write("b".getBytes(UTF_8));
                            })))
            .build();
    private final TestClient client = TestClient.inProcess(app);

    @Test
    void answersUnexpectedExceptionWith500ProblemInsteadOfThrowing() {
        Response response = client.get("/boom");

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.header("content-type")).contains("application/problem+json");
        assertThat(response.bodyText()).doesNotContain("secret-internal-detail");
    }

    @Test
    void answersHttpExceptionWithItsProblem() {
        Response response = client.get("/gone");

        assertThat(response.status()).isEqualTo(410);
        assertThat(response.bodyText()).contains("user 3 was deleted");
    }

    @Test
    void answersUnknownRouteWith404ProblemEvenWithoutRecovery() {
        assertThat(client.get("/nope").status()).isEqualTo(404);
    }

    @Test
    void dropsBodyOfHeadAnswers() {
        Response response = client.send(Request.builder("HEAD", "/text").build());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(response.header("content-type")).contains("text/plain; charset=utf-8");
    }

    @Test
    void collectsStreamedBodyIntoBytesKeepingStatusAndHeaders() {
        Response response = client.get("/stream");

        assertThat(response.isStreaming()).isFalse();
        assertThat(response.status()).isEqualTo(201);
        assertThat(response.header("x-kind")).contains("stream");
        assertThat(response.header("content-type")).contains("text/plain");
        assertThat(response.bodyText()).isEqualTo("ab");
    }
}
