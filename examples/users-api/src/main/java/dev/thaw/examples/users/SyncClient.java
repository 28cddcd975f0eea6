package dev.thaw.examples.users;

import dev.thaw.Context;
import dev.thaw.DeadlineExceededException;
import dev.thaw.HttpException;
import java.io.IOException;

/**
 * Pushes a user to the downstream sync service. {@link UsersApi} answers 202 when {@link #sync} returns,
 * 502 when it throws {@link IOException}, and passes {@link HttpException}s (504 for a deadline, 503 when
 * unconfigured) through as they are.
 *
 * <pre>{@code
 * SyncClient sync = HttpSyncClient.fromEnv(System.getenv());
 * SyncClient recording = (user, context, requestId) -> calls.add(user);
 * }</pre>
 */
@FunctionalInterface
public interface SyncClient {

    /**
     * Sends {@code user} downstream within the invocation's deadline.
     *
     * @param user the user to sync
     * @param context the invocation: its deadline bounds the call, its trace header is forwarded
     * @param requestId the request's id, forwarded as {@code x-request-id}
     * @throws IOException when the downstream service cannot be reached or refuses the user
     * @throws DeadlineExceededException when the call cannot finish before the invocation deadline
     */
    void sync(User user, Context context, String requestId) throws IOException;

    /**
     * Returns a client that answers every call with 503, for when no downstream service is configured.
     *
     * @param detail what is missing and how to fix it, sent to the caller
     * @return the client
     */
    static SyncClient unavailable(String detail) {
        return (user, context, requestId) -> {
            throw HttpException.of(503, detail);
        };
    }
}
