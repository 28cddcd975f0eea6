package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.thaw.testkit.GoldenEvents;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fidelity of the emulator's Runtime API: AWS's official runtime interface client (the managed Java
 * runtime's entry, {@code AWSLambda}, calling {@code UsersHandler::handleRequest} of the packaged
 * examples/users-api) runs as the function process of an {@link EnvironmentPool}, started by a
 * {@code bootstrap} like any other. Its answers must equal those of the package's own
 * {@code provided.al2023} bootstrap for the same events. Skipped until the example is built.
 */
class RuntimeInterfaceClientEmulatorTest {

    private static final Pattern ERROR_TYPE = Pattern.compile("(Runtime|Function)\\.[A-Z][a-zA-Z]+");

    @TempDir
    static Path work;

    private static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();
    private static EnvironmentPool ric;
    private static EnvironmentPool bootstrap;

    @BeforeAll
    static void startBothPools() throws IOException {
        assumeTrue(PackagedUsersApi.isBuilt(), "build examples/users-api first: " + PackagedUsersApi.JAR);
        PackageApp.Written written = PackagedUsersApi.packageCopy(work);
        PrintStream log = new PrintStream(LOG, true, StandardCharsets.UTF_8);
        ric = EnvironmentPool.create(
                FunctionConfig.of(ricFunction(written), "users-api-java").withLog(log));
        bootstrap = EnvironmentPool.create(
                FunctionConfig.of(written.function(), "users-api").withLog(log));
    }

    @AfterAll
    static void stopPools() {
        if (ric != null) {
            ric.close();
        }
        if (bootstrap != null) {
            bootstrap.close();
        }
    }

    /**
     * Writes a function directory whose {@code bootstrap} runs the runtime interface client on the package's
     * jars, as Lambda's managed Java runtime starts a zip of {@code lib/*.jar}.
     */
    private static Path ricFunction(PackageApp.Written written) throws IOException {
        List<String> classPath = new ArrayList<>();
        for (String jar : written.jars()) {
            classPath.add(written.function().resolve("lib").resolve(jar).toString());
        }
        classPath.addAll(FunctionProcess.ricClassPath());
        Path function = Files.createDirectories(work.resolve("ric-function"));
        Files.writeString(
                function.resolve("bootstrap"),
                "#!/bin/sh\n"
                        // the client loads its JNI library: without this JDK 25 warns about a restricted method
                        + "exec \"$JAVA_HOME/bin/java\" --enable-native-access=ALL-UNNAMED -XX:TieredStopAtLevel=1"
                        + " -XX:+UseSerialGC -Xshare:auto -cp '" + String.join(File.pathSeparator, classPath) + "' "
                        + FunctionProcess.RIC_MAIN + " " + ManagedHandlers.handlerSetting(PackagedUsersApi.HANDLER)
                        + "\n");
        return function;
    }

    @Test
    void answersAUserReadOfEverySourceExactlyAsTheBootstrapDoes() throws Exception {
        for (UsersApiEvents.Case c : UsersApiEvents.userOfEverySource()) {
            InvocationResult fromRic = ric.invoke(c.event(), null);
            InvocationResult fromBootstrap = bootstrap.invoke(c.event(), null);

            assertThat(fromRic.kind()).as(c.name() + ": " + text(fromRic)).isEqualTo(InvocationResult.Kind.RESPONSE);
            assertThat(fromBootstrap.kind())
                    .as(c.name() + ": " + text(fromBootstrap))
                    .isEqualTo(InvocationResult.Kind.RESPONSE);
            Map<String, Object> answer = comparable(fromRic);
            assertThat(answer).as(c.name()).containsEntry("statusCode", 200L);
            assertThat(answer).as(c.name()).isEqualTo(comparable(fromBootstrap));
            assertThat(GoldenEvents.parse((String) answer.get("body")))
                    .as(c.name())
                    .isEqualTo(Map.of("id", "42", "name", "user-42", "email", "user-42@example.com"));
        }
        // one environment served every invocation of this class: one cold start, whichever test ran first
        assertThat(ric.started()).isEqualTo(1);
        assertThat(Pattern.compile("\\[users-api-java 1] REPORT RequestId: [0-9a-f-]{36}\tDuration: [^\\n]*"
                                + "\tInit Duration: \\d+\\.\\d{2} ms\t\n")
                        .matcher(LOG.toString(StandardCharsets.UTF_8))
                        .results())
                .hasSize(1);
    }

    @Test
    void reportsAnEventThatIsNotHttpAsAnErrorAndKeepsServing() throws Exception {
        InvocationResult failed = ric.invoke(GoldenEvents.load("sqs.json"), null);
        InvocationResult next = ric.invoke(UsersApiEvents.httpApiGet("/users/7"), null);

        assertThat(failed.kind()).as(text(failed)).isEqualTo(InvocationResult.Kind.ERROR);
        assertThat(failed.errorType()).matches(ERROR_TYPE);
        assertThat(GoldenEvents.parse(failed.body()))
                .containsEntry("errorType", "dev.thaw.lambda.InvalidEventException")
                .containsKey("errorMessage");
        assertThat(next.kind()).isEqualTo(InvocationResult.Kind.RESPONSE);
        assertThat(next.coldStart()).isFalse();
        assertThat(GoldenEvents.parse(next.body())).containsEntry("statusCode", 200L);
    }

    @Test
    void servesTheFrontDoorThroughTheRuntimeInterfaceClient() throws Exception {
        try (FrontDoor door = FrontDoor.start(
                        "127.0.0.1",
                        0,
                        EventFactory.of(EventFormat.HTTP_API, "us-east-1"),
                        ric,
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        "start-api");
                HttpClient client = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .build()) {
            HttpResponse<String> user = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + door.port() + "/users/42"))
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> missing = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + door.port() + "/users/100000"))
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(user.statusCode()).isEqualTo(200);
            assertThat(user.headers().firstValue("content-type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            assertThat(GoldenEvents.parse(user.body()))
                    .isEqualTo(Map.of("id", "42", "name", "user-42", "email", "user-42@example.com"));
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.headers().firstValue("content-type")).contains("application/problem+json");
        }
    }

    private static String text(InvocationResult result) {
        return new String(result.body(), StandardCharsets.UTF_8);
    }

    /**
     * Returns an answer parsed, without its {@code x-request-id} header once that is checked to be the
     * invocation's request id: each pool hands out its own ids, everything else must be equal.
     */
    private static Map<String, Object> comparable(InvocationResult result) {
        Map<String, Object> json = new LinkedHashMap<>(GoldenEvents.parse(result.body()));
        for (String field : List.of("headers", "multiValueHeaders")) {
            if (json.get(field) instanceof Map<?, ?> headers) {
                Map<Object, Object> rest = new LinkedHashMap<>(headers);
                Object id = rest.remove("x-request-id");
                assertThat(id).isIn(result.requestId(), List.of(result.requestId()));
                json.put(field, rest);
            }
        }
        return json;
    }
}
