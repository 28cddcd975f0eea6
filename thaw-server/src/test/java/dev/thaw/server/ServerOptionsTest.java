package dev.thaw.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ServerOptionsTest {

    @Test
    void defaultsToLoopbackPort8080And6MegabyteBodies() {
        ServerOptions options = ServerOptions.builder().build();

        assertThat(options.host()).isEqualTo("127.0.0.1");
        assertThat(options.port()).isEqualTo(8080);
        assertThat(options.maxBodyBytes()).isEqualTo(6_291_456);
        assertThat(options.shutdownGrace()).isEqualTo(Duration.ofSeconds(5));
    }

    @ParameterizedTest(name = "HOST={0} PORT={1} -> {2}:{3}")
    @CsvSource(
            nullValues = "null",
            value = {
                "null,      null,  127.0.0.1, 8080",
                "0.0.0.0,   3000,  0.0.0.0,   3000",
                "localhost, ' 0 ', localhost, 0",
                "'  ',      '',    127.0.0.1, 8080",
            })
    void readsHostAndPortFromEnvironment(String host, String port, String expectedHost, int expectedPort) {
        Map<String, String> env = new HashMap<>();
        if (host != null) {
            env.put("HOST", host);
        }
        if (port != null) {
            env.put("PORT", port);
        }

        ServerOptions options = ServerOptions.fromEnvironment(env);

        assertThat(options.host()).isEqualTo(expectedHost);
        assertThat(options.port()).isEqualTo(expectedPort);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http", "80a", "65536", "-1", "8080.0"})
    void refusesMalformedPortNamingTheVariable(String port) {
        assertThatThrownBy(() -> ServerOptions.fromEnvironment(Map.of("PORT", port)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("read PORT from the environment: '" + port + "' is not a port number (0–65535)");
    }

    @Test
    void refusesOutOfRangeValuesInTheBuilder() {
        ServerOptions.Builder builder = ServerOptions.builder();

        assertThatThrownBy(() -> builder.port(70_000)).hasMessageContaining("0–65535");
        assertThatThrownBy(() -> builder.maxBodyBytes(-1)).hasMessageContaining("maxBodyBytes");
        assertThatThrownBy(() -> builder.shutdownGrace(Duration.ofSeconds(-1))).hasMessageContaining("shutdownGrace");
        assertThatThrownBy(() -> builder.host(" ")).hasMessageContaining("host");
    }

    @Test
    void toBuilderKeepsEveryValue() {
        ServerOptions options = ServerOptions.builder()
                .host("0.0.0.0")
                .port(1234)
                .maxBodyBytes(10)
                .shutdownGrace(Duration.ofMillis(1500))
                .build();

        assertThat(options.toBuilder().build()).hasToString(options.toString());
    }
}
