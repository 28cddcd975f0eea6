package dev.thaw.lambda;

import dev.thaw.Json;
import dev.thaw.Response;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Sends a response with Lambda response streaming ({@code InvokeMode: RESPONSE_STREAM} Function URLs,
 * REST APIs with streaming integrations): {@code Lambda-Runtime-Function-Response-Mode: streaming},
 * chunked, the body starting with a JSON prelude {@code {"statusCode","headers","cookies"}} and eight NUL
 * bytes, then the body as the app writes it. A failure after the first byte cannot change the status any
 * more; it is reported in the {@code Lambda-Runtime-Function-Error-Type} and {@code -Error-Body}
 * trailers.
 */
final class StreamingResponder {

    /** The content type that tells Lambda the stream starts with an HTTP prelude. */
    static final String HTTP_INTEGRATION = "application/vnd.awslambda.http-integration-response";

    private static final byte[] DELIMITER = new byte[8];

    private StreamingResponder() {}

    /**
     * Streams {@code response} as the answer to invocation {@code requestId}.
     *
     * @return the Runtime API's status
     * @throws IOException when the Runtime API connection fails
     */
    static int send(RuntimeApiClient client, String requestId, Response response, boolean head) throws IOException {
        HttpConnection.ChunkedBody body = client.openStream(requestId, HTTP_INTEGRATION);
        byte[] prelude = prelude(response).getBytes(StandardCharsets.UTF_8);
        byte[] start = new byte[prelude.length + DELIMITER.length];
        System.arraycopy(prelude, 0, start, 0, prelude.length);
        body.write(start, 0, start.length);
        body.flush();
        String errorType = null;
        String errorBody = null;
        if (!head) {
            try {
                if (response.isStreaming()) {
                    response.streamingBody().writeTo(new Unclosable(body));
                } else {
                    body.write(response.body(), 0, response.body().length);
                }
            } catch (IOException e) {
                if (!body.isConnected()) {
                    throw e;
                }
                errorType = "Function.StreamError";
                errorBody = errorJson(e);
            } catch (RuntimeException | StackOverflowError e) {
                errorType = "Function.StreamError";
                errorBody = errorJson(e);
            }
        }
        if (errorType != null) {
            InvokeLoop.log(
                    "invocation " + requestId + ": the streamed body failed after the status was sent: " + errorBody);
        }
        return body.finish(
                        RuntimeApiHeaders.ERROR_TYPE,
                        errorType,
                        RuntimeApiHeaders.ERROR_BODY,
                        errorBody == null
                                ? null
                                : Base64.getEncoder().encodeToString(errorBody.getBytes(StandardCharsets.UTF_8)))
                .status();
    }

    /** Returns the prelude: status, headers (repeated values comma-joined), cookies. */
    static String prelude(Response response) {
        StringBuilder out = new StringBuilder(128);
        out.append("{\"statusCode\":").append(response.status()).append(",\"headers\":{");
        boolean first = true;
        for (Map.Entry<String, List<String>> header : response.headers().asMap().entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            Json.appendQuoted(out, header.getKey());
            out.append(':');
            Json.appendQuoted(out, String.join(",", header.getValue()));
        }
        out.append("},\"cookies\":[");
        for (int i = 0; i < response.cookies().size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            Json.appendQuoted(out, response.cookies().get(i));
        }
        return out.append("]}").toString();
    }

    private static String errorJson(Throwable failure) {
        String message = failure.getMessage() == null ? failure.getClass().getName() : failure.getMessage();
        StringBuilder out = new StringBuilder(96).append("{\"errorMessage\":");
        Json.appendQuoted(out, message);
        out.append(",\"errorType\":");
        Json.appendQuoted(out, failure.getClass().getName());
        return out.append('}').toString();
    }

    /** Keeps the app from ending the chunked body by closing the stream it was given. */
    private static final class Unclosable extends OutputStream {
        private final OutputStream out;

        Unclosable(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
