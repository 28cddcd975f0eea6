package dev.thaw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProblemTest {

    @Test
    void writesTheStandardMembersInOrder() {
        Problem problem = Problem.of(404, "No user with id 7").withInstance("/users/7");

        assertThat(problem.toJson())
                .isEqualTo("{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,"
                        + "\"detail\":\"No user with id 7\",\"instance\":\"/users/7\"}");
        assertThat(problem).hasToString(problem.toJson());
    }

    @Test
    void leavesOutAbsentDetailAndInstance() {
        assertThat(Problem.of(503, null).toJson())
                .isEqualTo("{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503}");
    }

    @Test
    void usesACustomTypeAndTitle() {
        Problem problem = Problem.of(422, "email is invalid")
                .withType("https://example.com/problems/validation")
                .withTitle("Validation failed");

        Map<String, Object> json = JsonObjects.parse(problem.toJson());

        assertThat(json)
                .containsEntry("type", "https://example.com/problems/validation")
                .containsEntry("title", "Validation failed")
                .containsEntry("status", 422L);
        assertThat(problem.type()).isEqualTo("https://example.com/problems/validation");
        assertThat(problem.title()).isEqualTo("Validation failed");
    }

    static Stream<String> awkwardText() {
        return Stream.of(
                "say \"hi\"",
                "back\\slash",
                "line\nbreak\r\n",
                "tab\there",
                "control \u0001\u001f\u0000",
                "separators \u2028 and \u2029",
                "</script><script>",
                "unicode é € 😀 日本");
    }

    @ParameterizedTest
    @MethodSource("awkwardText")
    void escapesDetailsSoTheyRoundTrip(String detail) {
        String json = Problem.of(400, detail).with("note", detail).toJson();

        assertThat(json).doesNotContain("\n").doesNotContain("\u2028").doesNotContain("\u2029");
        assertThat(json.chars()).noneMatch(c -> c < 0x20);
        Map<String, Object> parsed = JsonObjects.parse(json);
        assertThat(parsed).containsEntry("detail", detail).containsEntry("note", detail);
    }

    @Test
    void writesEscapesInTheirShortOrUnicodeForm() {
        String json = Problem.of(400, "\"\\\n\r\t\u0001\u2028").toJson();

        assertThat(json).contains("\"detail\":\"\\\"\\\\\\n\\r\\t\\u0001\\u2028\"");
    }

    @Test
    void writesExtensionsOfEveryType() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("field", "email");
        nested.put("codes", List.of(1, 2));
        Problem problem = Problem.of(400, "invalid")
                .with("string", "s")
                .with("int", 7)
                .with("long", 9_000_000_000L)
                .with("double", 1.5)
                .with("decimal", new BigDecimal("12.50"))
                .with("notANumber", Double.NaN)
                .with("infinite", Float.POSITIVE_INFINITY)
                .with("bool", true)
                .with("nothing", null)
                .with("list", Arrays.asList("a", 2, null, false))
                .with("map", nested)
                .with("errors", List.of(Map.of("field", "name"), Map.of("field", "age")))
                .with("other", new StringBuilder("to\"String"));

        Map<String, Object> json = JsonObjects.parse(problem.toJson());

        assertThat(json)
                .containsEntry("string", "s")
                .containsEntry("int", 7L)
                .containsEntry("long", 9_000_000_000L)
                .containsEntry("double", 1.5)
                .containsEntry("bool", true)
                .containsEntry("notANumber", null)
                .containsEntry("infinite", null)
                .containsEntry("nothing", null)
                .containsEntry("other", "to\"String");
        assertThat(((Number) json.get("decimal")).doubleValue()).isEqualTo(12.5);
        assertThat(JsonObjects.asList(json.get("list"))).containsExactly("a", 2L, null, false);
        Map<String, Object> map = JsonObjects.asMap(json.get("map"));
        assertThat(map).containsEntry("field", "email");
        assertThat(JsonObjects.asList(map.get("codes"))).containsExactly(1L, 2L);
        assertThat(JsonObjects.asList(json.get("errors"))).hasSize(2);
        assertThat(problem.extensions()).containsKeys("string", "map", "errors");
    }

    @Test
    void keepsTheOriginalWhenAnExtensionIsAdded() {
        Problem plain = Problem.of(400, "x");

        Problem extended = plain.with("a", 1);

        assertThat(plain.extensions()).isEmpty();
        assertThat(extended.extensions()).containsEntry("a", 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"type", "title", "status", "detail", "instance"})
    void rejectsExtensionsNamedLikeStandardMembers(String name) {
        assertThatThrownBy(() -> Problem.of(400, "x").with(name, "clash"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + name + "'");
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 302, 399, 600, 0})
    void rejectsStatusesThatAreNotErrors(int status) {
        assertThatThrownBy(() -> Problem.of(status, "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Integer.toString(status));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "400,Bad Request",
        "413,Content Too Large",
        "499,Client Error",
        "504,Gateway Timeout",
        "599,Server Error"
    })
    void titlesAProblemWithTheReasonPhrase(int status, String title) {
        assertThat(Problem.of(status, null).title()).isEqualTo(title);
    }

    @Test
    void answersAsAProblemJsonResponse() {
        Response response = Problem.of(409, "taken").with("id", "7").toResponse();

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.header("content-type")).contains(Problem.CONTENT_TYPE);
        assertThat(JsonObjects.parse(response.bodyText()))
                .containsEntry("detail", "taken")
                .containsEntry("id", "7");
    }

    @Test
    void carriesTheProblemInAnHttpException() {
        IllegalStateException cause = new IllegalStateException("internal");

        HttpException e = new HttpException(Problem.of(502, "Downstream failed"), cause);

        assertThat(e.status()).isEqualTo(502);
        assertThat(e).hasMessage("502 Bad Gateway: Downstream failed").hasCause(cause);
        assertThat(e.toResponse().bodyText()).doesNotContain("internal");
        assertThat(HttpException.badRequest("b").status()).isEqualTo(400);
        assertThat(HttpException.notFound("n").status()).isEqualTo(404);
        assertThat(HttpException.of(418, null)).hasMessage("418 Client Error");
        assertThat(new DeadlineExceededException("late").status()).isEqualTo(504);
    }
}
