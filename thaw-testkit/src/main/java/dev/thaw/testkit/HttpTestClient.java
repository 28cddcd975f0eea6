package dev.thaw.testkit;

import dev.thaw.Request;
import dev.thaw.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Sends requests over a socket with java.net.http and maps the HTTP response back to a {@link Response}. */
final class HttpTestClient implements TestClient {

    /** Headers java.net.http refuses to take from callers: it sets them itself. */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String base;
    private final HttpClient client;

    HttpTestClient(URI baseUri) {
        String s = baseUri.toString();
        this.base = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(TIMEOUT)
                .build();
    }

    @Override
    public Response send(Request request) {
        String query = request.query().raw();
        String target = base + request.rawPath() + (query.isEmpty() ? "" : "?" + query);
        URI uri;
        try {
            uri = new URI(target);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    request.method() + " " + target + ": not a valid request target (percent-encode it): "
                            + e.getMessage(),
                    e);
        }
        byte[] body = request.body();
        HttpRequest.Builder out = HttpRequest.newBuilder(uri)
                .timeout(TIMEOUT)
                .method(
                        request.method(),
                        body.length == 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, List<String>> e : request.headers().asMap().entrySet()) {
            if (RESTRICTED.contains(e.getKey())) {
                continue;
            }
            for (String value : e.getValue()) {
                out.header(e.getKey(), value);
            }
        }
        HttpResponse<byte[]> answer;
        try {
            answer = client.send(out.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(request.method() + " " + uri + ": interrupted", e);
        }
        Response.Builder response = Response.status(answer.statusCode());
        for (Map.Entry<String, List<String>> e : answer.headers().map().entrySet()) {
            // HTTP/2 pseudo-headers (":status") are not headers of the response
            if (e.getKey().startsWith(":")) {
                continue;
            }
            for (String value : e.getValue()) {
                response.header(e.getKey(), value);
            }
        }
        return response.bytes(answer.body(), null);
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "TestClient.http(" + base + ")";
    }
}
