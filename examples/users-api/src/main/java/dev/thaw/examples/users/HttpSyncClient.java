package dev.thaw.examples.users;

import dev.thaw.Context;
import dev.thaw.DeadlineExceededException;
import dev.thaw.Json;
import dev.thaw.Lazy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link SyncClient} that POSTs the user as JSON to the sync service's URL with
 * {@link HttpURLConnection}, which costs far less at cold start than the general HTTP clients. Each call
 * gets a timeout of its own limit or what is left of the invocation minus a margin, whichever is
 * shorter; it fails fast with {@link DeadlineExceededException} when nothing useful is left, and reports
 * a timeout caused by the deadline the same way. It forwards {@code x-request-id} and the context's trace
 * header as {@code X-Amzn-Trace-Id}.
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

    /** Time kept in hand before the deadline so the handler can still answer. */
    static final long DEADLINE_MARGIN_MILLIS = 50;

    private final URI uri;
    private final long timeoutMillis;
    // URL parsing loads the protocol handlers: not needed until the first sync.
    private final Lazy<URL> url;

    private HttpSyncClient(URI uri, long timeoutMillis) {
        this.uri = uri;
        this.timeoutMillis = timeoutMillis;
        this.url = Lazy.of(() -> toUrl(uri));
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
        return new HttpSyncClient(uri, millis);
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
        return Duration.ofMillis(timeoutMillis);
    }

    @Override
    public void sync(User user, Context context, String requestId) throws IOException {
        long budget = timeoutMillis;
        boolean deadlineBound = false;
        if (context.hasDeadline()) {
            long left = context.remainingMillis() - DEADLINE_MARGIN_MILLIS;
            if (left < budget) {
                budget = left;
                deadlineBound = true;
            }
        }
        if (budget < 1) {
            throw new DeadlineExceededException("Sync of user " + user.id() + " not attempted: "
                    + Math.max(0, context.remainingMillis()) + " ms left before the invocation deadline");
        }
        byte[] body = Json.toBytes(user);
        HttpURLConnection connection = (HttpURLConnection) url.get().openConnection();
        AtomicBoolean finished = new AtomicBoolean();
        // The read timeout applies per read; closing the connection on cancellation bounds the whole call.
        context.onCancel(() -> {
            if (!finished.get()) {
                connection.disconnect();
            }
        });
        int status;
        try {
            connection.setConnectTimeout((int) budget);
            connection.setReadTimeout((int) budget);
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setUseCaches(false);
            connection.setInstanceFollowRedirects(false);
            connection.setFixedLengthStreamingMode(body.length);
            connection.setRequestProperty("Content-Type", "application/json");
            connection.setRequestProperty("Accept", "application/json");
            if (requestId != null) {
                connection.setRequestProperty("x-request-id", requestId);
            }
            if (context.traceHeader() != null) {
                connection.setRequestProperty("X-Amzn-Trace-Id", context.traceHeader());
            }
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
            status = connection.getResponseCode();
            drain(status >= 400 ? connection.getErrorStream() : connection.getInputStream());
        } catch (SocketTimeoutException e) {
            if (deadlineBound || context.isCancelled()) {
                throw new DeadlineExceededException("Sync of user " + user.id()
                        + ": the sync service did not answer within the " + budget
                        + " ms left before the invocation deadline");
            }
            throw new IOException("the sync service did not answer within " + budget + " ms", e);
        } catch (IOException e) {
            if (context.isCancelled()) {
                throw new DeadlineExceededException(
                        "Sync of user " + user.id() + ": cancelled at the invocation deadline");
            }
            throw new IOException("could not reach the sync service (" + reason(e) + ")", e);
        } finally {
            finished.set(true);
        }
        if (status < 200 || status > 299) {
            throw new IOException("the sync service answered " + status);
        }
    }

    @Override
    public String toString() {
        return "HttpSyncClient[" + uri + ", timeout " + timeoutMillis + " ms]";
    }

    private static void drain(InputStream in) throws IOException {
        if (in == null) {
            return;
        }
        // Reading to the end lets HttpURLConnection keep the connection alive for the next call.
        try (in) {
            byte[] buffer = new byte[1024];
            while (in.read(buffer) >= 0) {
                // discard
            }
        }
    }

    private static String reason(IOException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? "I/O error" : message;
    }

    private static URL toUrl(URI uri) {
        try {
            return uri.toURL();
        } catch (MalformedURLException e) {
            throw new UncheckedIOException("Open the sync service URL " + uri + ": " + e.getMessage(), e);
        }
    }
}
