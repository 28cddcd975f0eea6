package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingEventsTest {

    @TempDir
    Path tmp;

    @Test
    void readsMethodPathQueryHeadersAndAnInlineBody() {
        IncomingRequest request = TrainingEvents.parse(
                "post /users?dry=1 x-trace:abc {\"name\":\"ada\", \"email\":\"a@b\"}", tmp, "test");

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.rawPath()).isEqualTo("/users");
        assertThat(request.rawQuery()).isEqualTo("dry=1");
        assertThat(request.headers())
                .contains(Map.entry("x-trace", "abc"), Map.entry("content-type", "application/json"));
        assertThat(new String(request.body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"name\":\"ada\", \"email\":\"a@b\"}");
    }

    @Test
    void readsABodyFileRelativeToTheTrainingFileAndKeepsAGivenContentType() throws Exception {
        Files.writeString(tmp.resolve("user.xml"), "<user/>");

        IncomingRequest request = TrainingEvents.parse("PUT /users/7 content-type:text/xml @user.xml", tmp, "test");

        assertThat(new String(request.body(), StandardCharsets.UTF_8)).isEqualTo("<user/>");
        assertThat(request.headers()).contains(Map.entry("content-type", "text/xml"));
        assertThat(request.headers())
                .filteredOn(h -> h.getKey().equals("content-type"))
                .hasSize(1);
    }

    @Test
    void sendsARequestWithoutBodyWithoutContentType() {
        IncomingRequest request = TrainingEvents.parse(
                "OPTIONS /users origin:https://example.com access-control-request-method:POST", tmp, "test");

        assertThat(request.body()).isEmpty();
        assertThat(request.headers())
                .contains(
                        Map.entry("origin", "https://example.com"), Map.entry("access-control-request-method", "POST"))
                .noneMatch(h -> h.getKey().equals("content-type"));
    }

    @Test
    void namesTheFileAndLineOfARequestItCannotRead() throws Exception {
        Path file = tmp.resolve(TrainingEvents.FILE);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "# routes\nGET /health\nusers/42\n");

        assertThatThrownBy(() -> TrainingEvents.of(tmp))
                .isInstanceOf(CliException.class)
                .hasMessageContaining(file + ":3")
                .hasMessageContaining("'users/42' is not 'METHOD /path");
    }

    @Test
    void sendsEveryRequestAsEveryEventSourceThenANonHttpEvent() throws Exception {
        Path file = tmp.resolve(TrainingEvents.FILE);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "# routes\n\nGET /health\nGET /users/42\n");

        List<byte[]> events = TrainingEvents.of(tmp);

        int requests = 3 + 2;
        assertThat(events).hasSize(requests * EventFormat.values().length + 1);
        assertThat(new String(events.getLast(), StandardCharsets.UTF_8)).isEqualTo(TrainingEvents.NOT_HTTP);
        for (byte[] event : events) {
            JsonParser.parse(event);
        }
        assertThat(new String(events.get(requests - 1), StandardCharsets.UTF_8)).contains("\"rawPath\":\"/users/42\"");
    }
}
