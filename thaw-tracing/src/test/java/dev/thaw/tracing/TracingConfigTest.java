package dev.thaw.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TracingConfigTest {

    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @ParameterizedTest(name = "traces={0} base={1}")
    @CsvSource(
            delimiter = '|',
            nullValues = "<unset>",
            value = {
                "<unset>                           | <unset>                   | <unset>",
                "<unset>                           | http://localhost:4318     | http://localhost:4318/v1/traces",
                "<unset>                           | http://localhost:4318/    | http://localhost:4318/v1/traces",
                "<unset>                           | https://otel.example/otlp | https://otel.example/otlp/v1/traces",
                "http://127.0.0.1:9/custom/traces  | http://localhost:4318     | http://127.0.0.1:9/custom/traces",
                "'  '                              | http://localhost:4318     | http://localhost:4318/v1/traces"
            })
    void resolvesTheTracesEndpointFromTheEnvironment(String traces, String base, String expected) {
        Map<String, String> env = new HashMap<>();
        if (traces != null) {
            env.put("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", traces);
        }
        if (base != null) {
            env.put("OTEL_EXPORTER_OTLP_ENDPOINT", base);
        }

        URI endpoint = Tracing.builder().env(env).build().endpoint();

        assertThat(endpoint == null ? null : endpoint.toString()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({"OTEL_EXPORTER_OTLP_ENDPOINT, localhost:4318", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, ftp://x/v1/traces"})
    void refusesAnEndpointThatIsNotAnHttpUrl(String variable, String value) {
        assertThatThrownBy(() -> Tracing.builder().env(env(variable, value)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(variable)
                .hasMessageContaining(value);
    }

    @ParameterizedTest(name = "OTEL_SERVICE_NAME={0} function={1}")
    @CsvSource(
            delimiter = '|',
            nullValues = "<unset>",
            value = {
                "users-api | users-fn | users-api",
                "<unset>   | users-fn | users-fn",
                "<unset>   | <unset>  | unknown_service:java"
            })
    void namesTheServiceFromOtelThenTheFunction(String otel, String function, String expected) {
        Map<String, String> env = new HashMap<>();
        if (otel != null) {
            env.put("OTEL_SERVICE_NAME", otel);
        }
        if (function != null) {
            env.put("AWS_LAMBDA_FUNCTION_NAME", function);
        }

        assertThat(Tracing.builder().env(env).build().serviceName()).isEqualTo(expected);
        assertThat(Tracing.builder().env(env).serviceName("given").build().serviceName())
                .isEqualTo("given");
    }

    @Test
    void readsHeadersAndTimeoutTracesVariablesFirst() {
        Map<String, String> env = env(
                "OTEL_EXPORTER_OTLP_HEADERS", "a=1",
                "OTEL_EXPORTER_OTLP_TRACES_HEADERS", "b=2, c = x%20y ,broken,=nokey",
                "OTEL_EXPORTER_OTLP_TIMEOUT", "5000",
                "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "250");

        assertThat(Tracing.Builder.headersFrom(env)).containsExactly(Map.entry("b", "2"), Map.entry("c", "x y"));
        assertThat(Tracing.Builder.timeoutFrom(env)).isEqualTo(Duration.ofMillis(250));
        assertThat(Tracing.Builder.timeoutFrom(env("OTEL_EXPORTER_OTLP_TIMEOUT", "soon")))
                .isEqualTo(Tracing.DEFAULT_TIMEOUT);
        assertThat(Tracing.Builder.timeoutFrom(Map.of())).isEqualTo(Duration.ofSeconds(1));
    }
}
