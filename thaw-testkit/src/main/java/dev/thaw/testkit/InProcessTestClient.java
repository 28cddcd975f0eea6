package dev.thaw.testkit;

import dev.thaw.App;
import dev.thaw.Recovery;
import dev.thaw.Request;
import dev.thaw.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Runs requests through {@link App#handle} in memory and shapes the answer as a transport would. */
final class InProcessTestClient implements TestClient {

    private final App app;

    InProcessTestClient(App app) {
        this.app = app;
    }

    @Override
    public Response send(Request request) {
        Response response;
        try {
            response = app.handle(request);
        } catch (Throwable failure) {
            response = Recovery.answer(request, failure);
        }
        if (request.method().equals("HEAD")) {
            return response.withoutBody();
        }
        if (response.isStreaming()) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            try {
                response.streamingBody().writeTo(body);
            } catch (IOException e) {
                throw new UncheckedIOException("stream the response body of " + request + ": " + e.getMessage(), e);
            }
            return response.toBuilder().bytes(body.toByteArray(), null);
        }
        return response;
    }

    @Override
    public String toString() {
        return "TestClient.inProcess(" + app.name() + ")";
    }
}
