package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.thaw.testkit.GoldenEvents;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code thaw invoke} on the packaged examples/users-api with thaw-testkit's golden events of every source,
 * as they are, through the real {@link InvokeCommand} and a real {@link EnvironmentPool}. To keep it quick
 * the HTTP events share one warm environment (each {@code invoke} gets the pool, and its log goes to that
 * invocation's standard error); the events that are not HTTP, and one HTTP event, go through the whole CLI
 * with an environment of their own. {@code SYNC_URL} (given with {@code --env} / {@code --env-file}) points
 * at a sync service in this test. Skipped until the example is built.
 */
class InvokeGoldenEventsEndToEndTest {

    private static final Pattern REPORT = Pattern.compile("(?m)^\\[users-api \\d+] REPORT RequestId: [^\\n]*$");

    /**
     * What users-api answers each golden HTTP event with, as the event is: its two reads of user 42, the
     * create, the syncs of user 42 (SYNC_URL is set), and 404 for the routes it does not have.
     */
    private static final Map<String, Integer> STATUS = Map.ofEntries(
            Map.entry("apigw-v1-get.json", 200),
            Map.entry("apigw-v1-post-base64.json", 404),
            Map.entry("apigw-v1-encoded-path.json", 404),
            Map.entry("apigw-v1-post-empty.json", 202),
            Map.entry("apigw-http-v1-encoded-path.json", 404),
            Map.entry("apigw-http-v1-post-empty.json", 202),
            Map.entry("apigw-http-v1-post-base64.json", 404),
            Map.entry("apigw-v2-get.json", 200),
            Map.entry("apigw-v2-post-json.json", 201),
            Map.entry("apigw-v2-encoded-path.json", 404),
            Map.entry("apigw-v2-post-empty.json", 202),
            Map.entry("apigw-v2-post-base64.json", 404),
            Map.entry("function-url-get.json", 404),
            Map.entry("function-url-encoded-path.json", 404),
            Map.entry("function-url-post-empty.json", 202),
            Map.entry("function-url-post-base64.json", 404),
            Map.entry("alb-single.json", 404),
            Map.entry("alb-single-encoded-path.json", 404),
            Map.entry("alb-single-post-empty.json", 202),
            Map.entry("alb-single-post-base64.json", 404),
            Map.entry("alb-multi.json", 404),
            Map.entry("alb-multi-encoded-path.json", 404),
            Map.entry("alb-multi-encoded-query.json", 404),
            Map.entry("alb-multi-post-empty.json", 202),
            Map.entry("alb-multi-post-base64.json", 404));

    @TempDir
    static Path work;

    private static Path app;
    private static HttpServer syncService;
    private static final List<String> SYNCED = Collections.synchronizedList(new ArrayList<>());
    private static SharedPool shared;

    @BeforeAll
    static void packageUsersApiAndStartTheSyncService() throws IOException {
        assumeTrue(PackagedUsersApi.isBuilt(), "build examples/users-api first: " + PackagedUsersApi.JAR);
        app = PackagedUsersApi.packageCopy(work).function().getParent().getParent();
        syncService = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        syncService.createContext("/sync", exchange -> {
            SYNCED.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        syncService.start();
        shared = new SharedPool();
    }

    @AfterAll
    static void stop() {
        if (shared != null) {
            shared.close();
        }
        if (syncService != null) {
            syncService.stop(0);
        }
    }

    private static String syncUrl() {
        return "http://127.0.0.1:" + syncService.getAddress().getPort() + "/sync";
    }

    /** What one {@code invoke} printed. */
    private record Run(int code, String out, String err) {
        Map<String, Object> json() {
            return GoldenEvents.parse(out);
        }

        List<String> reports() {
            return REPORT.matcher(err).results().map(r -> r.group()).toList();
        }
    }

    /** Runs {@link InvokeCommand} with the shared warm pool on the event in {@code eventJson}. */
    private static Run invokeWarm(byte[] eventJson) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        InvokeCommand command = new InvokeCommand(
                work,
                null,
                Path.of(System.getProperty("java.home")),
                "/never/run/mvn",
                new ByteArrayInputStream(eventJson),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                shared);
        int code = command.run(InvokeOptions.parse(
                List.of(app.toString(), "--event", "-", "--no-build", "--env", "SYNC_URL=" + syncUrl())));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs the whole CLI, {@code thaw invoke}, with an environment of its own. */
    private static Run invokeCli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ThawCli.run(
                List.of(args),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Stream<String> goldenHttpEvents() {
        return GoldenEvents.httpEvents().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenHttpEvents")
    void answersEveryGoldenHttpEventWithTheRoutesStatusAndAReportLine(String event) throws Exception {
        Integer status = STATUS.get(event);
        assertThat(status)
                .as("the status users-api answers " + event + " with: add it to STATUS")
                .isNotNull();
        int syncsBefore = SYNCED.size();

        Run run = invokeWarm(GoldenEvents.load(event));

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.json()).as(run.out()).containsEntry("statusCode", (long) status);
        assertThat(run.out()).endsWith("}\n");
        assertThat(run.reports()).as(run.err()).hasSize(1);
        if (status == 202) {
            // users-api answers the sync route only after the sync service (SYNC_URL, from --env) took the user
            assertThat(SYNCED.subList(syncsBefore, SYNCED.size()))
                    .singleElement()
                    .satisfies(body -> assertThat(GoldenEvents.parse(body)).containsEntry("id", "42"));
        }
    }

    static Stream<Named<UsersApiEvents.Case>> userOfEverySource() {
        return UsersApiEvents.userOfEverySource().stream().map(c -> Named.of(c.name(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("userOfEverySource")
    void answersAUserReadOfEverySourceWithTheUser(UsersApiEvents.Case c) throws Exception {
        Run run = invokeWarm(c.event());

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.json()).containsEntry("statusCode", 200L);
        assertThat(GoldenEvents.parse((String) run.json().get("body")))
                .isEqualTo(Map.of("id", "42", "name", "user-42", "email", "user-42@example.com"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"sqs.json", "scheduled-event.json"})
    void printsTheErrorPayloadAndExitsOneForAnEventThatIsNotHttp(String event) throws Exception {
        Path file = Files.write(work.resolve(event), GoldenEvents.load(event));

        Run run = invokeCli("invoke", app.toString(), "--event", file.toString(), "--no-build");

        assertThat(run.code()).as(run.err()).isEqualTo(1);
        assertThat(run.json())
                .as(run.out())
                .containsEntry("errorType", "Runtime.UnsupportedEvent")
                .containsKey("errorMessage");
        assertThat(run.reports()).as(run.err()).singleElement().asString().contains("Init Duration: ");
        assertThat(run.err())
                .contains("thaw invoke: the invocation of users-api failed (Runtime.UnsupportedEvent): the payload"
                        + " above is what Lambda returns for it");
    }

    @Test
    void invokesThroughTheWholeCliWithVariablesFromAnEnvFile() throws Exception {
        Path event =
                Files.write(work.resolve("apigw-v1-post-empty.json"), GoldenEvents.load("apigw-v1-post-empty.json"));
        Path env =
                Files.writeString(work.resolve("sync.env"), "# the test's sync service\nSYNC_URL=" + syncUrl() + "\n");
        int syncsBefore = SYNCED.size();

        Run run = invokeCli(
                "invoke", app.toString(), "--event", event.toString(), "--env-file", env.toString(), "--no-build");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.json()).containsEntry("statusCode", 202L);
        assertThat(SYNCED.size()).isEqualTo(syncsBefore + 1);
        assertThat(run.reports()).singleElement().asString().contains("Init Duration: ");
    }

    /**
     * One {@link EnvironmentPool} for every {@code invoke} of this class: each start hands it out again
     * (closing it is left to the class) and points its log at that command's standard error.
     */
    private static final class SharedPool implements FunctionRuntime, AutoCloseable {

        private final RedirectedLog log = new RedirectedLog();
        private EnvironmentPool pool;
        private FunctionConfig first;

        @Override
        public synchronized Running start(FunctionConfig config) {
            log.target = config.log();
            if (pool == null) {
                first = config;
                pool = EnvironmentPool.create(config.withLog(new PrintStream(log, true, StandardCharsets.UTF_8)));
            }
            assertThat(config.withLog(first.log()))
                    .as("every invoke configures the function alike")
                    .isEqualTo(first);
            EnvironmentPool running = pool;
            return new Running() {
                @Override
                public InvocationResult invoke(byte[] event, StreamListener stream) throws InterruptedException {
                    return running.invoke(event, stream);
                }

                @Override
                public void close() {
                    // the next invoke reuses the warm environment
                }
            };
        }

        @Override
        public synchronized void close() {
            if (pool != null) {
                pool.close();
            }
        }
    }

    /** Writes to whichever stream is the current command's standard error. */
    private static final class RedirectedLog extends OutputStream {

        volatile PrintStream target;

        @Override
        public void write(int b) {
            target.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            target.write(bytes, offset, length);
        }

        @Override
        public void flush() {
            target.flush();
        }
    }
}
