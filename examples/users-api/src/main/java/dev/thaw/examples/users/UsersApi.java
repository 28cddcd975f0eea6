package dev.thaw.examples.users;

import dev.thaw.AccessLog;
import dev.thaw.App;
import dev.thaw.Cors;
import dev.thaw.DeadlineGuard;
import dev.thaw.Middleware;
import dev.thaw.Recovery;
import dev.thaw.Request;
import dev.thaw.RequestId;
import dev.thaw.Response;
import dev.thaw.client.OutboundObserver;
import dev.thaw.client.ThawClient;
import dev.thaw.metrics.EmfMetrics;
import dev.thaw.metrics.Metrics;
import dev.thaw.tracing.Tracing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The users API as a thaw {@link App}: health, users CRUD with cursor paging, and a sync to a downstream
 * service. Everything it needs comes in through {@link #app}, so tests hand it an in-memory store and a
 * fake sync client and no server is involved.
 *
 * <pre>{@code
 * App app = UsersApi.app(InMemoryUserStore.seeded(100), HttpSyncClient.fromEnv(System.getenv()), System.getenv());
 * Thaw.run(app);
 * }</pre>
 */
public final class UsersApi {

    /** The environment variable listing the origins browsers may call from, comma-separated. */
    public static final String CORS_ORIGINS = "CORS_ORIGINS";

    /** The origin allowed when {@link #CORS_ORIGINS} is unset: a local front-end dev server. */
    public static final String DEFAULT_CORS_ORIGIN = "http://localhost:5173";

    /**
     * The environment variable that turns tracing on ({@code THAW_TRACING=on}); otherwise no class of
     * thaw-tracing is loaded. {@code OTEL_*} variables then configure it (see docs/observability.md).
     */
    public static final String TRACING = "THAW_TRACING";

    /** The CloudWatch namespace of the metrics line every request writes. */
    public static final String METRICS_NAMESPACE = "users-api";

    private UsersApi() {}

    /**
     * Builds the application. Does no I/O.
     *
     * @param store where users live
     * @param sync the downstream sync service
     * @param env the environment; reads {@link #CORS_ORIGINS} and {@link #TRACING}
     * @return the application, with its priming requests (which change no state)
     */
    public static App app(UserStore store, SyncClient sync, Map<String, String> env) {
        return app(store, sync, env, EmfMetrics.middleware(METRICS_NAMESPACE));
    }

    /** As {@link #app(UserStore, SyncClient, Map)}, the metrics lines handed to {@code metricsSink}: for tests. */
    static App app(UserStore store, SyncClient sync, Map<String, String> env, Consumer<String> metricsSink) {
        return app(
                store,
                sync,
                env,
                EmfMetrics.builder(METRICS_NAMESPACE).sink(metricsSink).build());
    }

    private static App app(UserStore store, SyncClient sync, Map<String, String> env, EmfMetrics metrics) {
        UserRoutes users = new UserRoutes(Objects.requireNonNull(store, "store"), Objects.requireNonNull(sync, "sync"));
        return App.builder()
                .name("users-api")
                .use(middleware(env, metrics))
                .routes(r -> r.get("/health", users::health)
                        .get("/users", users::list)
                        .post("/users", request -> countCreated(request, users.create(request)))
                        .get("/users/{id}", users::find)
                        .put("/users/{id}", users::update)
                        .delete("/users/{id}", users::delete)
                        .post("/users/{id}/sync", users::sync))
                // Made only when priming runs (SnapStart, AOT training), not at every cold start.
                .prime(UsersApi::primingRequests)
                // Pooled sync connections do not survive a SnapStart snapshot.
                .onRestore(HttpSyncClient::evictIdleConnections)
                .build();
    }

    /**
     * Returns whether {@link #TRACING} turns tracing on.
     *
     * @param env the environment
     * @return true when {@code THAW_TRACING} is {@code on}, any case
     */
    public static boolean tracingOn(Map<String, String> env) {
        String value = env.get(TRACING);
        return value != null && value.trim().equalsIgnoreCase("on");
    }

    /** Gives the sync client's {@code client} the tracing observer when {@link #TRACING} is on. */
    static ThawClient.Builder observeOutbound(ThawClient.Builder client, Map<String, String> env) {
        return tracingOn(env) ? client.observer(Traced.observer()) : client;
    }

    /**
     * The chain, outermost first. Tracing (when on) wraps everything so its span covers the whole request;
     * metrics sit outside CORS and Recovery, so a handler's failure is counted as the 500 Recovery answers.
     */
    private static Middleware[] middleware(Map<String, String> env, EmfMetrics metrics) {
        List<Middleware> chain = new ArrayList<>(7);
        chain.add(RequestId.create());
        if (tracingOn(env)) {
            chain.add(Traced.middleware(env));
        }
        chain.add(AccessLog.create());
        chain.add(metrics);
        // CORS sits outside Recovery so that error answers carry CORS headers too: a browser
        // hides the body of a cross-origin response without them.
        chain.add(cors(env));
        chain.add(Recovery.create());
        chain.add(DeadlineGuard.create());
        return chain.toArray(new Middleware[0]);
    }

    /** Counts each user that POST /users creates (a 201) as the {@code UsersCreated} metric. */
    private static Response countCreated(Request request, Response response) {
        if (response.status() == 201) {
            Metrics.of(request).count("UsersCreated");
        }
        return response;
    }

    /**
     * Returns the allowed CORS origins: the trimmed, non-empty entries of {@link #CORS_ORIGINS}, or
     * {@link #DEFAULT_CORS_ORIGIN} when it is unset or lists none.
     *
     * @param env the environment
     * @return the origins, {@code "*"} meaning any
     */
    public static List<String> corsOrigins(Map<String, String> env) {
        String value = env.get(CORS_ORIGINS);
        List<String> origins = new ArrayList<>();
        if (value != null) {
            for (String part : value.split(",")) {
                String origin = part.trim();
                if (!origin.isEmpty()) {
                    origins.add(origin);
                }
            }
        }
        return origins.isEmpty() ? List.of(DEFAULT_CORS_ORIGIN) : List.copyOf(origins);
    }

    private static Cors cors(Map<String, String> env) {
        Cors.Builder cors = Cors.builder()
                .allowMethods("GET", "POST", "PUT", "DELETE")
                .allowHeaders("content-type", "authorization", RequestId.HEADER)
                .exposeHeaders("location", RequestId.HEADER)
                .maxAge(Duration.ofMinutes(10));
        List<String> origins = corsOrigins(env);
        if (origins.contains("*")) {
            cors.allowAnyOrigin();
        } else {
            cors.allowOrigins(origins.toArray(new String[0]));
        }
        return cors.build();
    }

    /** Every reference to thaw-tracing, so that its classes load only when tracing is on. */
    private static final class Traced {
        private Traced() {}

        static Middleware middleware(Map<String, String> env) {
            return Tracing.builder().env(env).build();
        }

        static OutboundObserver observer() {
            return Tracing.observer();
        }
    }

    /** Read routes, plus POSTs that fail validation: they warm every layer and store nothing. */
    private static List<Request> primingRequests() {
        return List.of(
                Request.get("/health"),
                Request.get("/users/1"),
                Request.get("/users?limit=2"),
                Request.builder("POST", "/users")
                        .header("content-type", "application/json")
                        .body("{\"name\":\"\",\"email\":\"priming\"}")
                        .build(),
                Request.builder("POST", "/users")
                        .header("content-type", "application/json")
                        .body("{\"name\":")
                        .build());
    }
}
