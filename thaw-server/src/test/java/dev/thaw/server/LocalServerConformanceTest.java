package dev.thaw.server;

import dev.thaw.App;
import dev.thaw.testkit.HttpConformance;
import dev.thaw.testkit.TestClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;

class LocalServerConformanceTest extends HttpConformance {

    private LocalServer server;

    @Override
    protected TestClient client(App app) {
        server = LocalServer.start(app, ServerOptions.builder().port(0).build());
        return TestClient.http(server.uri());
    }

    @AfterAll
    void stopServer() {
        server.stop(Duration.ZERO);
    }
}
