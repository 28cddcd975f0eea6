package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.thaw.testkit.FakeRuntimeApi;
import dev.thaw.testkit.GoldenEvents;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged examples/users-api on both Lambda paths the SAM template declares, each in its own process
 * against thaw-testkit's fake Runtime API: {@code provided.al2023} (its {@code bootstrap} running thaw's
 * own Runtime API loop) and the managed Java runtime (AWS's runtime interface client calling
 * {@code UsersHandler::handleRequest}). Both are fed {@link UsersApiEvents#sequence()}; skipped until the
 * example is built, which the reactor does before thaw-local.
 */
class PackagedFunctionEndToEndTest {

    // the first answer waits for the JVM to start; a loaded CI machine can take seconds
    private static final Duration FIRST_ANSWER = Duration.ofSeconds(30);
    private static final Duration ANSWER = Duration.ofSeconds(10);

    private static final Map<String, String> USER_42 =
            Map.of("id", "42", "name", "user-42", "email", "user-42@example.com");

    @TempDir
    Path tmp;

    private PackageApp.Written written;

    @BeforeEach
    void packageUsersApi() throws Exception {
        assumeTrue(PackagedUsersApi.isBuilt(), "build examples/users-api first: " + PackagedUsersApi.JAR);
        written = PackagedUsersApi.packageCopy(tmp);
        assertThat(written.handlers().chosen()).contains(PackagedUsersApi.HANDLER);
    }

    @Test
    void bootstrapAnswersEverySourceInItsShapeAndKeepsServingAfterANonHttpEvent() throws Exception {
        List<FakeRuntimeApi.Answer> answers = run("provided.al2023", false);

        List<UsersApiEvents.Case> cases = UsersApiEvents.sequence();
        for (int i = 0; i < cases.size(); i++) {
            UsersApiEvents.Case c = cases.get(i);
            FakeRuntimeApi.Answer answer = answers.get(i);
            if (c.source() == UsersApiEvents.Source.NOT_HTTP) {
                assertThat(answer.kind()).as(c.name()).isEqualTo(FakeRuntimeApi.Answer.Kind.ERROR);
                assertThat(answer.errorType()).as(c.name()).isEqualTo("Runtime.UnsupportedEvent");
                assertThat(answer.errorTypeValid()).as(c.name()).isTrue();
                assertThat(GoldenEvents.parse(answer.body()))
                        .as(c.name())
                        .containsKeys("errorMessage", "errorType", "stackTrace");
                continue;
            }
            assertThat(answer.kind())
                    .as(c.name() + ": " + answer.bodyText())
                    .isEqualTo(FakeRuntimeApi.Answer.Kind.RESPONSE);
            Map<String, Object> json = GoldenEvents.parse(answer.body());
            assertShape(c, json);
            assertThat(json.get("statusCode")).as(c.name()).isEqualTo((long) c.status());
        }
        assertThat(body(answers.get(0))).isEqualTo(USER_42);
        for (int i = 1; i <= 4; i++) {
            assertThat(body(answers.get(i))).as(cases.get(i).name()).isEqualTo(USER_42);
        }
        assertThat(body(answers.get(5))).containsEntry("status", "ok").containsKey("time");

        Map<String, Object> created = GoldenEvents.parse(answers.get(6).body());
        assertThat(header(created, "location")).isEqualTo("/users/101");
        assertThat(body(answers.get(6))).isEqualTo(Map.of("id", "101", "name", "ada", "email", "ada@example.com"));

        Map<String, Object> malformed = GoldenEvents.parse(answers.get(7).body());
        assertThat(header(malformed, "content-type")).startsWith("application/problem+json");
        String problem = (String) malformed.get("body");
        assertThat(GoldenEvents.parse(problem)).containsEntry("status", 400L).containsKey("detail");
        assertThat(problem).doesNotContain("Exception", "\tat ", ".java:");

        assertThat(body(answers.get(9))).isEqualTo(Map.of("id", "101", "name", "ada", "email", "ada@example.com"));
    }

    @Test
    void managedRuntimeWithAwsRuntimeInterfaceClientAnswersAsBootstrapDoes() throws Exception {
        List<FakeRuntimeApi.Answer> provided = run("provided.al2023", false);
        List<FakeRuntimeApi.Answer> managed = run("managed runtime", true);

        List<UsersApiEvents.Case> cases = UsersApiEvents.sequence();
        for (int i = 0; i < cases.size(); i++) {
            UsersApiEvents.Case c = cases.get(i);
            if (c.source() == UsersApiEvents.Source.NOT_HTTP) {
                // the client reports the handler's exception its own way: its class in the body, a
                // Runtime.* category in the header
                assertThat(provided.get(i).kind()).as(c.name()).isEqualTo(FakeRuntimeApi.Answer.Kind.ERROR);
                assertThat(managed.get(i).kind()).as(c.name()).isEqualTo(FakeRuntimeApi.Answer.Kind.ERROR);
                assertThat(managed.get(i).errorTypeValid())
                        .as(c.name() + ": " + managed.get(i).errorType())
                        .isTrue();
                assertThat(GoldenEvents.parse(managed.get(i).body()))
                        .as(c.name())
                        .containsEntry("errorType", "dev.thaw.lambda.InvalidEventException");
                continue;
            }
            assertThat(managed.get(i).kind())
                    .as(c.name() + ": " + managed.get(i).bodyText())
                    .isEqualTo(FakeRuntimeApi.Answer.Kind.RESPONSE);
            assertThat(comparable(managed.get(i)))
                    .as(c.name())
                    .isEqualTo(comparable(provided.get(i)))
                    .containsEntry("statusCode", (long) c.status());
        }
    }

    /**
     * Starts the function on the chosen path against a fresh fake, feeds it the sequence and returns the
     * answers in order, after checking that each invocation got exactly one, accepted, answer.
     */
    private List<FakeRuntimeApi.Answer> run(String name, boolean managedRuntime) throws Exception {
        List<UsersApiEvents.Case> cases = UsersApiEvents.sequence();
        List<FakeRuntimeApi.Answer> answers = new ArrayList<>();
        try (FakeRuntimeApi api = FakeRuntimeApi.start()) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < cases.size(); i++) {
                // the same ids on both paths, so the answers that echo them (x-request-id) compare equal
                String id = String.format(Locale.ROOT, "e2e-invocation-%02d", i);
                ids.add(api.enqueue(cases.get(i).event(), Map.of(FakeRuntimeApi.REQUEST_ID, id)));
            }
            Path log = tmp.resolve((managedRuntime ? "managed" : "provided") + ".log");
            try (FunctionProcess function = managedRuntime
                    ? FunctionProcess.managedRuntime(
                            written.function(), written.jars(), PackagedUsersApi.HANDLER, api.endpoint(), log)
                    : FunctionProcess.bootstrap(written.function(), api.endpoint(), Map.of(), log)) {
                for (int i = 0; i < ids.size(); i++) {
                    try {
                        answers.add(api.awaitAnswer(ids.get(i), i == 0 ? FIRST_ANSWER : ANSWER));
                    } catch (AssertionError e) {
                        throw new AssertionError(
                                name + ": no answer to " + cases.get(i).name() + " (process "
                                        + (function.isAlive() ? "running" : "ended") + "); its output:\n"
                                        + function.output(),
                                e);
                    }
                }
                for (int i = 0; i < ids.size(); i++) {
                    assertThat(api.answers(ids.get(i)))
                            .as(name + ": answers to " + cases.get(i).name())
                            .hasSize(1)
                            .allSatisfy(answer -> assertThat(answer.accepted()).isTrue());
                }
                assertThat(api.answers()).as(name + ": every answer").hasSize(ids.size());
            }
        }
        return answers;
    }

    /** Checks the fields an answer to {@code c}'s source has, and those it must not have. */
    private static void assertShape(UsersApiEvents.Case c, Map<String, Object> json) {
        switch (c.source()) {
            case REST_V1, HTTP_V1 ->
                assertThat(json)
                        .as(c.name())
                        .containsKeys("statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded")
                        .doesNotContainKeys("cookies", "statusDescription");
            case HTTP_V2, FUNCTION_URL -> {
                assertThat(json)
                        .as(c.name())
                        .containsKeys("statusCode", "headers", "body", "isBase64Encoded")
                        .doesNotContainKeys("multiValueHeaders", "statusDescription");
                if (json.containsKey("cookies")) {
                    assertThat(json.get("cookies")).as(c.name()).isInstanceOf(List.class);
                }
            }
            case ALB_MULTI ->
                assertThat(json)
                        .as(c.name())
                        .containsEntry("statusDescription", c.status() + " OK")
                        .containsKeys("multiValueHeaders", "body", "isBase64Encoded")
                        .doesNotContainKeys("headers", "cookies");
            case ALB_SINGLE ->
                assertThat(json)
                        .as(c.name())
                        .containsEntry("statusDescription", c.status() + " OK")
                        .containsKeys("headers", "body", "isBase64Encoded")
                        .doesNotContainKeys("multiValueHeaders", "cookies");
            case NOT_HTTP -> throw new IllegalArgumentException(c.name() + " has no HTTP answer");
        }
    }

    /** Returns an HTTP answer's JSON body, parsed. */
    private static Map<String, Object> body(FakeRuntimeApi.Answer answer) {
        Map<String, Object> json = GoldenEvents.parse(answer.body());
        assertThat(json.get("isBase64Encoded")).as(answer.bodyText()).isEqualTo(false);
        return GoldenEvents.parse((String) json.get("body"));
    }

    /** Returns header {@code name} of an HTTP answer, from {@code headers} or {@code multiValueHeaders}. */
    @SuppressWarnings("unchecked")
    private static String header(Map<String, Object> json, String name) {
        if (json.get("headers") instanceof Map<?, ?> headers && headers.get(name) instanceof String value) {
            return value;
        }
        if (json.get("multiValueHeaders") instanceof Map<?, ?> headers
                && headers.get(name) instanceof List<?> values
                && !values.isEmpty()) {
            return (String) ((List<Object>) values).getFirst();
        }
        return null;
    }

    /**
     * Returns an HTTP answer parsed, its JSON body parsed too and without its {@code time} (the clock when
     * {@code /health} answered), the one thing that legitimately differs between two runs of the session
     * with the same request ids.
     */
    private static Map<String, Object> comparable(FakeRuntimeApi.Answer answer) {
        Map<String, Object> json = new LinkedHashMap<>(GoldenEvents.parse(answer.body()));
        String type = header(json, "content-type");
        if (type != null && type.contains("json") && json.get("body") instanceof String text && !text.isEmpty()) {
            Map<String, Object> body = new LinkedHashMap<>(GoldenEvents.parse(text));
            body.remove("time");
            json.put("body", body);
        }
        return json;
    }
}
