package dev.thaw.testkit;

import dev.thaw.App;
import dev.thaw.Request;
import dev.thaw.Response;
import java.net.URI;

/**
 * Sends {@link Request}s to an application and returns its {@link Response}s as a client would see
 * them: HTTP errors are responses, never exceptions; streamed bodies arrive as bytes; HEAD answers have
 * no body.
 *
 * <pre>{@code
 * try (TestClient client = TestClient.inProcess(app)) {
 *     Response response = client.get("/users/42");
 *     assertThat(response.status()).isEqualTo(200);
 * }
 * }</pre>
 */
public interface TestClient extends AutoCloseable {

    /**
     * Sends {@code request}.
     *
     * @param request the request; its method, raw path, raw query, headers and body are sent
     * @return the response, whatever its status
     */
    Response send(Request request);

    /**
     * Sends a GET for {@code target}.
     *
     * @param target a raw path with an optional raw query, {@code /users?limit=10}
     * @return the response
     */
    default Response get(String target) {
        return send(Request.get(target));
    }

    /**
     * Returns a client that calls {@link App#handle} in memory, with the same exception boundary as the
     * server: anything the app throws is answered by {@link dev.thaw.Recovery#answer}.
     *
     * @param app the application
     * @return the client
     */
    static TestClient inProcess(App app) {
        return new InProcessTestClient(app);
    }

    /**
     * Returns a client that sends each request over a real socket (java.net.http, HTTP/1.1) to
     * {@code baseUri}. Headers the JDK's client sets itself ({@code Host}, {@code Content-Length},
     * {@code Connection}, {@code Expect}, {@code Upgrade}) are not sent from the request.
     *
     * @param baseUri for example {@code http://127.0.0.1:8080}; the request's raw path is appended
     * @return the client; close it to release its connections
     */
    static TestClient http(URI baseUri) {
        return new HttpTestClient(baseUri);
    }

    /** Releases the client's resources; the in-process client has none. */
    @Override
    default void close() {}
}
