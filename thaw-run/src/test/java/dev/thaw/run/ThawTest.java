package dev.thaw.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thaw.App;
import dev.thaw.Response;
import dev.thaw.server.LocalServer;
import dev.thaw.server.ServerOptions;
import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ThawTest {

    @ParameterizedTest(name = "AWS_LAMBDA_RUNTIME_API={0} -> Lambda {1}")
    @CsvSource(
            nullValues = "null",
            value = {"null, false", "'', false", "'  ', false", "127.0.0.1:9001, true", "localhost:80, true"})
    void choosesLambdaOnlyWhenRuntimeApiIsSet(String runtimeApi, boolean lambda) {
        Map<String, String> env = new HashMap<>(Map.of("PORT", "3000"));
        if (runtimeApi != null) {
            env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        }

        assertThat(Thaw.onLambda(env)).isEqualTo(lambda);
    }

    @Test
    void shutdownHookStopsServerThenRunsEveryAppHook() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        LocalServer[] server = new LocalServer[1];
        App app = App.builder()
                .name("hooks")
                .routes(r -> r.get("/", request -> Response.text("ok")))
                .onShutdown(() -> {
                    events.add("first, server accepting=" + accepting(server[0]));
                    throw new IllegalStateException("first hook fails");
                })
                .onShutdown(() -> events.add("second"))
                .build();
        server[0] = LocalServer.start(app, ServerOptions.builder().port(0).build());
        assertThat(accepting(server[0])).isTrue();

        Thread hook = Thaw.shutdownHook(app, server[0], Duration.ofSeconds(1));
        hook.start();
        hook.join(5_000);

        assertThat(hook.isAlive()).isFalse();
        assertThat(events).containsExactly("first, server accepting=false", "second");
        assertThatThrownBy(() -> new Socket("127.0.0.1", server[0].port()).close())
                .isInstanceOf(ConnectException.class);
    }

    private static boolean accepting(LocalServer server) {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            return socket.isConnected();
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
