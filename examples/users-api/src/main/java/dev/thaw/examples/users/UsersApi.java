package dev.thaw.examples.users;

import dev.thaw.AccessLog;
import dev.thaw.App;
import dev.thaw.Cors;
import dev.thaw.DeadlineGuard;
import dev.thaw.Recovery;
import dev.thaw.Request;
import dev.thaw.RequestId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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

    private UsersApi() {}

    /**
     * Builds the application. Does no I/O.
     *
     * @param store where users live
     * @param sync the downstream sync service
     * @param env the environment; reads {@link #CORS_ORIGINS}
     * @return the application, with its priming requests (which change no state)
     */
    public static App app(UserStore store, SyncClient sync, Map<String, String> env) {
        UserRoutes users = new UserRoutes(Objects.requireNonNull(store, "store"), Objects.requireNonNull(sync, "sync"));
        return App.builder()
                .name("users-api")
                // CORS sits outside Recovery so that error answers carry CORS headers too: a browser
                // hides the body of a cross-origin response without them.
                .use(RequestId.create(), AccessLog.create(), cors(env), Recovery.create(), DeadlineGuard.create())
                .routes(r -> r.get("/health", users::health)
                        .get("/users", users::list)
                        .post("/users", users::create)
                        .get("/users/{id}", users::find)
                        .put("/users/{id}", users::update)
                        .delete("/users/{id}", users::delete)
                        .post("/users/{id}/sync", users::sync))
                .prime(primingRequests())
                // Pooled sync connections do not survive a SnapStart snapshot.
                .onRestore(HttpSyncClient::evictIdleConnections)
                .build();
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

    /** Read routes, plus POSTs that fail validation: they warm every layer and store nothing. */
    private static Request[] primingRequests() {
        return new Request[] {
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
                    .build()
        };
    }
}
