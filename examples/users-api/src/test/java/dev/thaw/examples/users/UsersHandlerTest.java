package dev.thaw.examples.users;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thaw.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The managed-runtime entry answers like the app, with the event source's response shape. */
class UsersHandlerTest {

    private static final String GET_USER_V2 = "{\"version\":\"2.0\",\"routeKey\":\"$default\",\"rawPath\":"
            + "\"/users/42\",\"rawQueryString\":\"\",\"headers\":{\"accept\":\"application/json\"},"
            + "\"requestContext\":{\"http\":{\"method\":\"GET\",\"path\":\"/users/42\",\"sourceIp\":\"203.0.113.7\"},"
            + "\"stage\":\"$default\"},\"isBase64Encoded\":false}";

    @Test
    @SuppressWarnings("unchecked")
    void answersAnHttpApiEventWithTheUser() throws Exception {
        UsersHandler handler = new UsersHandler();
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        handler.handleRequest(new ByteArrayInputStream(GET_USER_V2.getBytes(StandardCharsets.UTF_8)), out, null);

        Map<String, Object> answer =
                (Map<String, Object>) Json.jsonb().type(Object.class).fromJson(out.toByteArray());
        assertThat(answer).containsEntry("statusCode", 200L);
        assertThat((String) answer.get("body"))
                .isEqualTo("{\"id\":\"42\",\"name\":\"user-42\",\"email\":\"user-42@example.com\"}");
    }
}
