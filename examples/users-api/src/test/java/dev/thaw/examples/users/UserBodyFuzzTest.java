package dev.thaw.examples.users;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.thaw.App;
import dev.thaw.HttpException;
import dev.thaw.Json;
import dev.thaw.Problem;
import dev.thaw.Request;
import dev.thaw.Response;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Coverage-guided fuzzing of the JSON bodies of {@code POST /users} and {@code PUT /users/{id}} through
 * the whole application in process (middleware, router, {@code Request.bodyAs}, {@link NewUserInput}):
 * every body is either accepted (201, 200) or refused with a 4xx problem; a 500 is a finding.
 *
 * <p>The normal build replays the corpus under {@code UserBodyFuzzTestInputs/}; {@code JAZZER_FUZZ=1}
 * fuzzes one method (see docs/reliability.md).
 */
class UserBodyFuzzTest {

    private static final String[] CONTENT_TYPES = {
        "application/json",
        "application/json; charset=utf-8",
        "application/json; charset=UTF-16",
        "application/json; charset=nonsense",
        "application/merge-patch+json",
        "text/plain",
        "",
        "application/json; charset=\"",
    };

    /** Fresh every few thousand inputs, so created users do not pile up while fuzzing. */
    private static App app = newApp();

    private static int uses;

    /** Arbitrary bytes as a JSON body of {@code POST /users}. */
    @FuzzTest
    void anyPostedBodyIsCreatedOrRefusedWithAProblem(byte[] body) throws Exception {
        check(Request.builder("POST", "/users")
                .header("content-type", "application/json")
                .body(body)
                .build());
    }

    /**
     * Bodies built from the expected shape with each field of a type, length and nesting the fuzzer
     * picks, sent with a content type it picks, to {@code POST /users} or {@code PUT /users/{id}}.
     */
    @FuzzTest
    void structuredBodiesAreAcceptedOrRefusedWithAProblem(FuzzedDataProvider data) throws Exception {
        boolean put = data.consumeBoolean();
        String target = put ? "/users/" + data.consumeInt(0, 120) : "/users";
        String contentType = data.pickValue(CONTENT_TYPES);
        StringBuilder json = new StringBuilder("{");
        int fields = data.consumeInt(0, 4);
        for (int i = 0; i < fields; i++) {
            String name = data.pickValue(new String[] {"name", "email", "name", "email", "id", ""});
            json.append(i == 0 ? "" : ",");
            Json.appendQuoted(json, data.consumeBoolean() ? name : data.consumeString(8));
            json.append(':');
            value(json, data);
        }
        json.append('}');
        if (data.consumeBoolean()) {
            json.setLength(data.consumeInt(0, json.length()));
        }
        Request.Builder request = Request.builder(put ? "PUT" : "POST", target)
                .body(json.toString().getBytes(StandardCharsets.UTF_8));
        if (!contentType.isEmpty()) {
            request.header("content-type", contentType);
        }
        check(request.build());
    }

    private static void value(StringBuilder json, FuzzedDataProvider data) {
        switch (data.consumeInt(0, 7)) {
            case 0 -> Json.appendQuoted(json, data.consumeString(40) + "@" + data.consumeString(20));
            case 1 -> Json.appendQuoted(json, data.consumeString(300));
            case 2 -> Json.appendQuoted(json, "x".repeat(data.consumeInt(0, 2_000_000)));
            case 3 -> json.append(data.consumeLong());
            case 4 -> json.append(data.pickValue(new String[] {"true", "false", "null", "1e999", "-0", "[]", "{}"}));
            case 5 -> {
                int depth = data.consumeInt(1, 100_000);
                json.append("[".repeat(depth)).append("]".repeat(depth));
            }
            case 6 -> {
                int depth = data.consumeInt(1, 100_000);
                json.append("{\"a\":".repeat(depth)).append("1").append("}".repeat(depth));
            }
            default -> json.append(data.consumeString(20));
        }
    }

    private static void check(Request request) throws Exception {
        if (++uses % 5_000 == 0) {
            app = newApp();
        }
        Response response;
        try {
            response = app.handle(request);
        } catch (HttpException e) {
            // Refused before the recovery middleware: the adapters answer it the same way.
            response = e.toResponse();
        }
        int status = response.status();
        if (status == 201 || status == 200) {
            return;
        }
        assertThat(status).as("status of %s", request).isBetween(400, 499);
        assertThat(response.headers().first("content-type")).contains(Problem.CONTENT_TYPE);
        Object problem = Json.jsonb().type(Object.class).fromJson(response.body());
        assertThat(problem)
                .isInstanceOfSatisfying(
                        Map.class,
                        p -> assertThat(((Number) p.get("status")).intValue()).isEqualTo(status));
    }

    private static App newApp() {
        return UsersApi.app(InMemoryUserStore.seeded(100), (user, context, requestId) -> {}, Map.of());
    }
}
