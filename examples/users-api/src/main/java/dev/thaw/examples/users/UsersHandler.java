package dev.thaw.examples.users;

import dev.thaw.App;
import dev.thaw.lambda.StreamHandler;

/**
 * The users API on Lambda's managed Java runtime ({@code java21}/{@code java25}, SnapStart on published
 * versions): handler string {@code dev.thaw.examples.users.UsersHandler::handleRequest}. The same app as
 * {@link Main} serves, with the same event mapping.
 */
public final class UsersHandler extends StreamHandler {

    /** Called by the managed runtime; the app is made on first use or before the SnapStart checkpoint. */
    public UsersHandler() {}

    @Override
    protected App createApp() {
        return UsersApi.app(InMemoryUserStore.seeded(100), HttpSyncClient.fromEnv(System.getenv()), System.getenv());
    }
}
