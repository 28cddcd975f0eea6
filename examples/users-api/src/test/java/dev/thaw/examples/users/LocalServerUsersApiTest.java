package dev.thaw.examples.users;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.thaw.App;
import dev.thaw.Request;
import dev.thaw.Response;
import dev.thaw.server.LocalServer;
import dev.thaw.server.ServerOptions;
import dev.thaw.testkit.TestClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The conformance suite over real sockets: the local server on an ephemeral port and an HTTP client. */
class LocalServerUsersApiTest extends UsersApiConformance {

    private final List<LocalServer> servers = new ArrayList<>();

    @Override
    protected TestClient client(App app) {
        LocalServer server = LocalServer.start(
                app, ServerOptions.builder().host("127.0.0.1").port(0).build());
        servers.add(server);
        return TestClient.http(server.uri());
    }

    @AfterEach
    void stopServers() {
        for (LocalServer server : servers) {
            server.close();
        }
    }

    @Test
    void servesHeadOfHealthWithoutABody() {
        Response response = client.send(Request.builder("HEAD", "/health").build());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
    }

    @ParameterizedTest(name = "downstream {0} -> {1}")
    @CsvSource({"204,202", "200,202", "500,502", "404,502"})
    void syncsThroughTheRealHttpClientToALocalDownstream(int downstreamStatus, int expected) throws IOException {
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer downstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        downstream.createContext("/sync", exchange -> {
            try (exchange) {
                received.add(exchange.getRequestHeaders().getFirst("x-request-id") + " "
                        + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(downstreamStatus, -1);
            }
        });
        downstream.start();
        try {
            URI syncUrl =
                    URI.create("http://127.0.0.1:" + downstream.getAddress().getPort() + "/sync");
            TestClient real = clientFor(UsersApi.app(
                    store, HttpSyncClient.fromEnv(Map.of(HttpSyncClient.SYNC_URL, syncUrl.toString())), Map.of()));

            Response response = real.send(Request.builder("POST", "/users/42/sync")
                    .header("x-request-id", "e2e-1")
                    .build());

            assertThat(received)
                    .containsExactly("e2e-1 {\"id\":\"42\",\"name\":\"user-42\",\"email\":\"user-42@example.com\"}");
            if (expected == 202) {
                assertThat(response.status()).isEqualTo(202);
                assertThat(response.bodyText()).isEqualTo("{\"id\":\"42\",\"synced\":true}");
            } else {
                assertProblem(response, expected);
                assertThat(object(response).get("detail")).asString().contains("answered " + downstreamStatus);
            }
        } finally {
            downstream.stop(0);
        }
    }
}
