package dev.thaw.examples.users;

import dev.thaw.Context;
import dev.thaw.DeadlineExceededException;
import dev.thaw.Lazy;
import dev.thaw.RequestId;
import dev.thaw.client.OutboundException;
import dev.thaw.client.OutboundRequest;
import dev.thaw.client.OutboundResponse;
import dev.thaw.client.OutboundTimeoutException;
import dev.thaw.client.ThawClient;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A {@link SyncClient} that POSTs the user as JSON to the sync service's URL through one {@link ThawClient}
 * shared by every instance and made on the first sync, so start-up pays nothing for it. Each call gets a
 * timeout of its own limit or what is left of the invocation minus the client's margin, whichever is
 * shorter; it fails fast with {@link DeadlineExceededException} when nothing useful is left or the deadline
 * runs out while waiting. The client forwards the context's trace header as {@code X-Amzn-Trace-Id} and
 * {@code traceparent}; the request id goes as {@code X-Request-Id}.
 *
 * <pre>{@code
 * SyncClient sync = HttpSyncClient.fromEnv(System.getenv()); // SYNC_URL
 * SyncClient direct = HttpSyncClient.create(URI.create("http://127.0.0.1:9000/sync"));
 * }</pre>
 */
public final class HttpSyncClient implements SyncClient {

    /** The environment variable naming the sync service's URL. */
    public static final String SYNC_URL = "SYNC_URL";

    /** The longest a call may take when the invocation's deadline allows more. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    // One pool for the whole function; restore hooks drop its connections (see evictIdleConnections).
    private static final Lazy<ThawClient> CLIENT = Lazy.of(new NewClient());

    private final URI uri;
    private final Duration timeout;

    private HttpSyncClient(URI uri, Duration timeout) {
        this.uri = uri;
        this.timeout = timeout;
    }

    /**
     * Returns a client for the sync service at {@code uri} with the {@link #DEFAULT_TIMEOUT}.
     *
     * @param uri an absolute {@code http} or {@code https} URL
     * @return the client
     * @throws IllegalArgumentException when {@code uri} is not an absolute http(s) URL with a host
     */
    public static HttpSyncClient create(URI uri) {
        return create(uri, DEFAULT_TIMEOUT);
    }

    /**
     * Returns a client for the sync service at {@code uri}.
     *
     * @param uri an absolute {@code http} or {@code https} URL
     * @param timeout the longest one call may take, 1 ms to 24 days
     * @return the client
     * @throws IllegalArgumentException when {@code uri} is not an absolute http(s) URL or the timeout is
     *     out of range
     */
    public static HttpSyncClient create(URI uri, Duration timeout) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException(
                    "Create the sync client: '" + uri + "' is not an absolute http(s) URL with a host");
        }
        long millis = timeout.toMillis();
        if (millis < 1 || millis > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "Create the sync client: timeout must be 1 ms to " + Integer.MAX_VALUE + " ms, was " + timeout);
        }
        return new HttpSyncClient(uri, Duration.ofMillis(millis));
    }

    /**
     * Returns a client for the URL in {@code SYNC_URL}, or one that answers 503 when it is unset or blank.
     *
     * @param env the environment
     * @return the client
     * @throws IllegalArgumentException when {@code SYNC_URL} is set but not an absolute http(s) URL
     */
    public static SyncClient fromEnv(Map<String, String> env) {
        String value = env.get(SYNC_URL);
        if (value == null || value.isBlank()) {
            return SyncClient.unavailable("User sync is not configured: set " + SYNC_URL
                    + " to the sync service's URL and restart the function");
        }
        URI uri;
        try {
            uri = new URI(value.trim());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(
                    "Read " + SYNC_URL + ": '" + value + "' is not a valid URL (" + e.getMessage() + ")", e);
        }
        return create(uri);
    }

    /** Returns the sync service's URL. */
    public URI uri() {
        return uri;
    }

    /** Returns the longest one call may take when the deadline allows more. */
    public Duration timeout() {
        return timeout;
    }

    @Override
    public void sync(User user, Context context, String requestId) throws IOException {
        OutboundRequest.Builder request = OutboundRequest.builder("POST", uri)
                .header("accept", "application/json")
                .json(user)
                .timeout(timeout);
        if (requestId != null) {
            request.header(RequestId.HEADER, requestId);
        }
        OutboundResponse response;
        try {
            response = CLIENT.get().send(request.build(), context);
        } catch (DeadlineExceededException e) {
            // Not e's message: it names the sync service's URL, which callers have no business seeing.
            throw new DeadlineExceededException("Sync of user " + user.id()
                    + " abandoned: the invocation deadline leaves no time for the sync service to answer");
        } catch (OutboundTimeoutException e) {
            // The call's own limit ran out, not the deadline. The detail reaches the caller, so it names
            // neither the URL nor JDK exception classes; both stay on the cause for the logs.
            throw new IOException(
                    "the sync service did not answer within the " + timeout.toMillis() + " ms timeout", e);
        } catch (OutboundException e) {
            throw new IOException("could not reach the sync service", e);
        }
        if (!response.isSuccess()) {
            throw new IOException("the sync service answered " + response.status());
        }
    }

    /**
     * Closes the shared client's idle connections, if it has been made. Register it as a restore hook:
     * connections pooled before a SnapStart snapshot point at sockets that no longer exist.
     *
     * @return how many connections were closed
     */
    public static int evictIdleConnections() {
        return CLIENT.isInitialized() ? CLIENT.get().evictIdle() : 0;
    }

    @Override
    public String toString() {
        return "HttpSyncClient[" + uri + ", timeout " + timeout.toMillis() + " ms]";
    }

    /** Makes the shared client: a named class rather than a lambda, which would spin a class at start-up. */
    private static final class NewClient implements Supplier<ThawClient> {
        @Override
        public ThawClient get() {
            return UsersApi.observeOutbound(ThawClient.builder(), System.getenv())
                    .build();
        }
    }
}
