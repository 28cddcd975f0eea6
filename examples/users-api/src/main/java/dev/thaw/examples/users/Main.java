package dev.thaw.examples.users;

import dev.thaw.Json;
import dev.thaw.examples.users.jsonb.GeneratedJsonComponent;
import dev.thaw.run.Thaw;

/**
 * Starts the users API: on Lambda when {@code AWS_LAMBDA_RUNTIME_API} is set, else on a local server on
 * {@code PORT} (default 8080). {@code SYNC_URL} names the sync service, {@code CORS_ORIGINS} the browser
 * origins allowed.
 */
public final class Main {

    private Main() {}

    /**
     * Runs the application until the runtime stops it.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Json.use(new GeneratedJsonComponent()); // the app's adapters, so the codec skips the class-path search
        // A supplier: on Lambda a failure to build the app (a malformed SYNC_URL, say) becomes an init error.
        Thaw.run(() ->
                UsersApi.app(InMemoryUserStore.seeded(100), HttpSyncClient.fromEnv(System.getenv()), System.getenv()));
    }
}
