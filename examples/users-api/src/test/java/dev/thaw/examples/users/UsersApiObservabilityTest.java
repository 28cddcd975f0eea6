package dev.thaw.examples.users;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.thaw.App;
import dev.thaw.Context;
import dev.thaw.Json;
import dev.thaw.Request;
import dev.thaw.Response;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the example tells CloudWatch: one metrics line per request; tracing classes only when asked for. */
class UsersApiObservabilityTest {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final App app = UsersApi.app(
            InMemoryUserStore.seeded(100), SyncClient.unavailable("not in this test"), Map.of(), lines::add);

    private static Request post(String body) {
        return Request.builder("POST", "/users")
                .header("content-type", "application/json")
                .body(body)
                .build();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String line) {
        return (Map<String, Object>) Json.fromJson(line, Object.class);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> directives(Map<String, Object> line) {
        return (List<Map<String, Object>>) ((Map<String, Object>) line.get("_aws")).get("CloudWatchMetrics");
    }

    @ParameterizedTest(name = "{0} {1} → {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "GET    | /health  |                                     | 200",
                "GET    | /users/7 |                                     | 200",
                "GET    | /nowhere |                                     | 404",
                "POST   | /users   | {\"name\":\"ada\",\"email\":\"ada@example.com\"} | 201",
                "POST   | /users   | {\"name\":                          | 400",
                "DELETE | /users/8 |                                     | 204"
            })
    void writesOneMetricsLinePerRequest(String method, String target, String body, int status) throws Exception {
        Request.Builder request = Request.builder(method, target);
        if (body != null) {
            request.header("content-type", "application/json").body(body);
        }

        Response response = app.handle(request.build());

        assertThat(response.status()).isEqualTo(status);
        assertThat(lines).hasSize(1);
        Map<String, Object> line = parse(lines.get(0));
        Map<String, Object> builtIns = directives(line).get(0);
        assertThat(builtIns)
                .containsEntry("Namespace", "users-api")
                .containsEntry("Dimensions", List.of(List.of("Service")));
        assertThat(((Number) line.get("statusCode")).intValue()).isEqualTo(status);
        assertThat(((Number) line.get("Errors")).intValue()).isEqualTo(status >= 400 && status < 500 ? 1 : 0);
        assertThat(((Number) line.get("Faults")).intValue()).isZero();
        assertThat(line).containsKeys("Duration", "requestId", "Service");
    }

    @Test
    void countsUsersCreatedOnlyWhenAUserWasCreated() throws Exception {
        app.handle(post("{\"name\":\"ada\",\"email\":\"ada@example.com\"}"));
        app.handle(post("{\"name\":\"\",\"email\":\"nobody\"}"));

        assertThat(lines).hasSize(2);
        Map<String, Object> created = parse(lines.get(0));
        assertThat(((Number) created.get("UsersCreated")).intValue()).isEqualTo(1);
        assertThat(directives(created).get(1))
                .containsEntry("Metrics", List.of(Map.of("Name", "UsersCreated", "Unit", "Count")));
        Map<String, Object> refused = parse(lines.get(1));
        assertThat(refused).doesNotContainKey("UsersCreated");
        assertThat(directives(refused)).hasSize(1);
    }

    @Test
    void countsTheColdStartOnTheColdInvocationOnly() throws Exception {
        app.handle(Request.builder("GET", "/health")
                .context(Context.builder().coldStart(true).build())
                .build());
        app.handle(Request.get("/health"));

        assertThat(parse(lines.get(0))).containsKey("ColdStart");
        assertThat(parse(lines.get(1))).doesNotContainKey("ColdStart");
    }

    @Test
    @SuppressWarnings("unchecked")
    void postsOneSpanPerRequestToTheCollectorWhenTracingIsOn() throws Exception {
        List<String> batches = new CopyOnWriteArrayList<>();
        HttpServer collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        collector.createContext("/v1/traces", exchange -> {
            batches.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        try {
            App traced = UsersApi.app(
                    InMemoryUserStore.seeded(100),
                    SyncClient.unavailable("not in this test"),
                    Map.of(
                            UsersApi.TRACING,
                            "on",
                            "OTEL_SERVICE_NAME",
                            "users-api",
                            "OTEL_EXPORTER_OTLP_ENDPOINT",
                            "http://127.0.0.1:" + collector.getAddress().getPort()),
                    lines::add);
            String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

            Response response = traced.handle(Request.builder("GET", "/users/9")
                    .header("traceparent", traceparent)
                    .build());

            assertThat(response.status()).isEqualTo(200);
            assertThat(lines).hasSize(1);
            assertThat(batches).hasSize(1);
            Map<String, Object> resourceSpans =
                    (Map<String, Object>) ((List<Object>) parse(batches.get(0)).get("resourceSpans")).get(0);
            Map<String, Object> scopeSpans =
                    (Map<String, Object>) ((List<Object>) resourceSpans.get("scopeSpans")).get(0);
            Map<String, Object> span = (Map<String, Object>) ((List<Object>) scopeSpans.get("spans")).get(0);
            assertThat(span)
                    .containsEntry("traceId", "4bf92f3577b34da6a3ce929d0e0e4736")
                    .containsEntry("parentSpanId", "00f067aa0ba902b7")
                    .containsEntry("name", "GET /users/{id}"); // the route the router matched
            assertThat((List<Object>) span.get("attributes"))
                    .contains(
                            Map.of("key", "http.response.status_code", "value", Map.of("intValue", "200")),
                            Map.of("key", "http.route", "value", Map.of("stringValue", "/users/{id}")));
        } finally {
            collector.stop(0);
        }
    }

    @Test
    void loadsNoTracingClassUnlessTracingIsOn() throws Exception {
        assertThat(tracingClassesLoadedServing(Map.of())).isEmpty();
        assertThat(tracingClassesLoadedServing(Map.of(UsersApi.TRACING, "off"))).isEmpty();
        assertThat(tracingClassesLoadedServing(Map.of(UsersApi.TRACING, "on"))).contains("dev.thaw.tracing.Tracing");
    }

    /**
     * Builds the app and serves one request in a class loader of its own over the test class path, and returns
     * the thaw-tracing classes that loader was asked for.
     */
    private static Set<String> tracingClassesLoadedServing(Map<String, String> env) throws Exception {
        List<URL> urls = new java.util.ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            urls.add(java.nio.file.Path.of(entry).toUri().toURL());
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (RecordingLoader loader = new RecordingLoader(urls.toArray(new URL[0]))) {
            // The JSON codec finds the generated adapters through the context class loader.
            thread.setContextClassLoader(loader);
            Class<?> api = loader.loadClass(UsersApi.class.getName());
            Class<?> storeType = loader.loadClass(UserStore.class.getName());
            Class<?> syncType = loader.loadClass(SyncClient.class.getName());
            Object store = loader.loadClass(InMemoryUserStore.class.getName())
                    .getMethod("seeded", int.class)
                    .invoke(null, 3);
            Object sync = syncType.getMethod("unavailable", String.class).invoke(null, "none");
            Method build = api.getDeclaredMethod("app", storeType, syncType, Map.class, Consumer.class);
            build.setAccessible(true);
            Consumer<String> discard = line -> {};
            Object built = build.invoke(null, store, sync, env, discard);
            Class<?> requestType = loader.loadClass(Request.class.getName());
            Object request = requestType.getMethod("get", String.class).invoke(null, "/users/1");
            Object response = built.getClass().getMethod("handle", requestType).invoke(built, request);
            assertThat(response.getClass().getMethod("status").invoke(response)).isEqualTo(200);
            Set<String> tracing = new java.util.TreeSet<>();
            for (String name : loader.requested) {
                if (name.startsWith("dev.thaw.tracing.")) {
                    tracing.add(name);
                }
            }
            assertThat(loader.requested).contains("dev.thaw.metrics.EmfMetrics");
            return tracing;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Loads the application's classes itself (not from the test's loader) and records every name asked for. */
    private static final class RecordingLoader extends URLClassLoader {
        final Set<String> requested = ConcurrentHashMap.newKeySet();

        RecordingLoader(URL[] urls) {
            super(urls, ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            requested.add(name);
            return super.loadClass(name, resolve);
        }
    }
}
