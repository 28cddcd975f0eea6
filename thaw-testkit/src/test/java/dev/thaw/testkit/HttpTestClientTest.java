package dev.thaw.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.thaw.Request;
import dev.thaw.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Checks the socket client's mapping against a bare jdk.httpserver, independent of thaw-server. */
class HttpTestClientTest {

    private HttpServer server;
    private TestClient client;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", HttpTestClientTest::echo);
        server.start();
        client = TestClient.http(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"));
    }

    @AfterEach
    void stopServer() {
        client.close();
        server.stop(0);
    }

    /** Answers with what arrived: method, raw URI, the x- headers and the body; status from ?status=. */
    private static void echo(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String query = exchange.getRequestURI().getRawQuery();
        int status = query != null && query.startsWith("status=") ? Integer.parseInt(query.substring(7)) : 200;
        TreeMap<String, List<String>> custom = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (name.toLowerCase().startsWith("x-")) {
                custom.put(name.toLowerCase(), values);
            }
        });
        byte[] answer = (exchange.getRequestMethod() + " "
                        + exchange.getRequestURI().getRawPath() + "?" + query + " " + custom + " "
                        + new String(body, UTF_8))
                .getBytes(UTF_8);
        exchange.getResponseHeaders().add("X-Out", "one");
        exchange.getResponseHeaders().add("X-Out", "two");
        exchange.getResponseHeaders().add("Set-Cookie", "a=1; Path=/");
        exchange.getResponseHeaders().add("Set-Cookie", "b=2");
        exchange.getResponseHeaders().add("Content-Type", "text/plain");
        exchange.sendResponseHeaders(status, answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
    }

    @Test
    void sendsMethodRawTargetEveryHeaderValueAndBody() {
        Request request = Request.builder("PUT", "/a%20b/c?x=1&x=2&y=%2F")
                .header("x-multi", "first")
                .header("x-multi", "second")
                .header("host", "ignored.example") // set by java.net.http itself
                .header("content-length", "999")
                .body("payload")
                .build();

        Response response = client.send(request);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bodyText()).isEqualTo("PUT /a%20b/c?x=1&x=2&y=%2F {x-multi=[first, second]} payload");
    }

    @Test
    void mapsEveryResponseHeaderValueAndSetCookieIntoCookies() {
        Response response = client.get("/");

        assertThat(response.headers().all("x-out")).containsExactly("one", "two");
        assertThat(response.cookies()).containsExactly("a=1; Path=/", "b=2");
        assertThat(response.headers().contains("set-cookie")).isFalse();
        assertThat(response.header("content-type")).contains("text/plain");
    }

    @Test
    void returnsErrorStatusesAsResponses() {
        Response response = client.get("/?status=503");

        assertThat(response.status()).isEqualTo(503);
    }

    @Test
    void sendsHeadAndReturnsNoBody() {
        Response response = client.send(Request.builder("HEAD", "/").build());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void refusesTargetThatIsNotAValidUri() {
        Request request = Request.builder("GET", "/a b").build();

        assertThatThrownBy(() -> client.send(request))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GET http://127.0.0.1:")
                .hasMessageContaining("/a b: not a valid request target");
    }

    @Test
    void reportsUnreachableServerNamingTheRequest() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (TestClient unreachable = TestClient.http(URI.create("http://127.0.0.1:" + closedPort))) {
            assertThatThrownBy(() -> unreachable.get("/users/1"))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageStartingWith("GET http://127.0.0.1:" + closedPort + "/users/1: ");
        }
    }
}
