package dev.thaw.lambda;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * An internal extension that exists only so SIGTERM reaches the runtime: Lambda signals a runtime at
 * shutdown only when at least one extension is registered. It subscribes to no events, so its
 * {@code event/next} call simply waits, on a daemon thread, until the environment goes away. Registering
 * must happen during init, before the runtime's first {@code invocation/next}.
 */
final class ShutdownExtension {

    static final String PREFIX = "/2020-01-01/extension";
    static final String NAME = "thaw-shutdown";

    private ShutdownExtension() {}

    /**
     * Registers the extension and starts its waiting thread.
     *
     * @param endpoint the Runtime API's {@code host:port}
     * @return the extension identifier Lambda gave
     * @throws IOException when registering fails (the runtime then simply gets no SIGTERM)
     */
    static String register(String endpoint) throws IOException {
        HttpConnection connection = RuntimeApiClient.connect(endpoint);
        HttpConnection.Reply reply = connection.exchange(
                "POST",
                PREFIX + "/register",
                "{\"events\":[]}".getBytes(StandardCharsets.UTF_8),
                RuntimeApiHeaders.EXTENSION_NAME,
                NAME,
                "Content-Type",
                "application/json");
        String id = reply.header(RuntimeApiHeaders.EXTENSION_ID);
        if (reply.status() != 200 || id == null || id.isEmpty()) {
            connection.close();
            throw new IOException("POST " + PREFIX + "/register: " + reply.status() + " "
                    + (id == null ? "without " + RuntimeApiHeaders.EXTENSION_ID : "") + " " + reply.bodyText());
        }
        Thread.ofPlatform().daemon().name(NAME).start(new Waiting(connection, id));
        return id;
    }

    private static void waitForever(HttpConnection connection, String id) {
        try {
            // Subscribed to nothing: Lambda answers only if the protocol changes; then stop quietly.
            connection.exchange("GET", PREFIX + "/event/next", null, RuntimeApiHeaders.EXTENSION_ID_HEADER, id);
        } catch (IOException e) {
            // The environment is shutting down, or the API went away: nothing to do either way.
        } finally {
            connection.close();
        }
    }

    /** Waits on the extension's connection until it ends; a named class, as a lambda would spin one at start-up. */
    private static final class Waiting implements Runnable {

        private final HttpConnection connection;
        private final String id;

        Waiting(HttpConnection connection, String id) {
            this.connection = connection;
            this.id = id;
        }

        @Override
        public void run() {
            waitForever(connection, id);
        }
    }
}
