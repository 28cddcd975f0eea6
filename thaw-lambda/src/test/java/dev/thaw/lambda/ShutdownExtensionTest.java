package dev.thaw.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class ShutdownExtensionTest {

    @Test
    void registersForNoEventsThenWaitsOnEventNext() throws Exception {
        try (ScriptedRuntimeApi api = new ScriptedRuntimeApi(r -> r.path().endsWith("/register")
                ? ScriptedRuntimeApi.reply(200, "{\"functionName\":\"users\"}", "Lambda-Extension-Identifier", "ext-1")
                : null)) {
            assertThat(ShutdownExtension.register(api.endpoint())).isEqualTo("ext-1");

            ScriptedRuntimeApi.Received register = api.take();
            assertThat(register.method()).isEqualTo("POST");
            assertThat(register.path()).isEqualTo("/2020-01-01/extension/register");
            assertThat(register.headers()).containsEntry("lambda-extension-name", "thaw-shutdown");
            assertThat(register.bodyText()).isEqualTo("{\"events\":[]}");
            ScriptedRuntimeApi.Received next = api.take();
            assertThat(next.method()).isEqualTo("GET");
            assertThat(next.path()).isEqualTo("/2020-01-01/extension/event/next");
            assertThat(next.headers()).containsEntry("lambda-extension-identifier", "ext-1");
        }
    }

    @Test
    void failsClearlyWhenRegistrationIsRefused() throws Exception {
        try (ScriptedRuntimeApi api =
                new ScriptedRuntimeApi(r -> ScriptedRuntimeApi.reply(403, "{\"errorType\":\"Extension.Forbidden\"}"))) {
            assertThatThrownBy(() -> ShutdownExtension.register(api.endpoint()))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("POST /2020-01-01/extension/register: 403")
                    .hasMessageContaining("Extension.Forbidden");
        }
    }
}
