package dev.thaw.local;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Forwards a streamed Function URL response to the client while the function writes it: the JSON prelude
 * up to the eight NUL bytes becomes the status line and headers, then every piece of the body goes out as
 * its own chunk, flushed at once. A stream of any other content type is sent as a 200 of that type.
 */
final class StreamedResponse implements Invoker.StreamListener {

    /** The content type of a stream that starts with an HTTP prelude. */
    static final String HTTP_INTEGRATION = "application/vnd.awslambda.http-integration-response";

    private static final int DELIMITER = 8;
    private static final int MAX_PRELUDE = 64 * 1024;

    private final HttpExchange exchange;
    private final boolean head;
    private final ByteArrayOutputStream prelude = new ByteArrayOutputStream();
    private boolean started;
    private boolean integration;
    private int nuls;
    private OutputStream body;
    private int status;
    private String problem;

    /**
     * @param exchange the client's exchange; its response is sent from here once the prelude is complete
     * @param head whether the client asked with HEAD (headers only)
     */
    StreamedResponse(HttpExchange exchange, boolean head) {
        this.exchange = exchange;
        this.head = head;
    }

    @Override
    public void start(String contentType) throws IOException {
        started = true;
        integration =
                contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith(HTTP_INTEGRATION);
        if (!integration) {
            HttpAnswer plain = new HttpAnswer(
                    200,
                    contentType == null ? Map.of() : Map.of("Content-Type", List.of(contentType)),
                    new byte[0],
                    null);
            open(plain);
        }
    }

    @Override
    public void chunk(byte[] bytes, int offset, int length) throws IOException {
        if (problem != null) {
            return;
        }
        if (sent()) {
            write(bytes, offset, length);
            return;
        }
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            nuls = b == 0 ? nuls + 1 : 0;
            if (nuls == DELIMITER) {
                byte[] json = prelude.toByteArray();
                // the prelude buffer holds the seven NULs before this one
                byte[] preludeJson = Arrays.copyOf(json, json.length - (DELIMITER - 1));
                HttpAnswer answer;
                try {
                    answer = ResponseMapper.prelude(preludeJson);
                } catch (IllegalArgumentException e) {
                    problem = "the streamed response's prelude is not valid (" + e.getMessage() + ")";
                    return;
                }
                open(answer);
                write(bytes, i + 1, offset + length - i - 1);
                return;
            }
            prelude.write(b);
        }
        if (prelude.size() > MAX_PRELUDE) {
            problem = "the streamed response has no end of its prelude (eight NUL bytes) within " + MAX_PRELUDE
                    + " bytes";
        }
    }

    /** Returns whether the status and headers went out: the response can no longer change. */
    boolean sent() {
        return status != 0;
    }

    /** Returns whether the function streamed at all. */
    boolean started() {
        return started;
    }

    /** Returns the status sent, once {@link #sent()}. */
    int status() {
        return status;
    }

    /**
     * Returns why the stream cannot be forwarded (a bad or endless prelude), or, when the stream ended
     * before its prelude did, that; null when it was forwarded or never started.
     */
    String problem() {
        if (problem == null && integration && !sent()) {
            return "the streamed response ended before its prelude did (no eight NUL bytes)";
        }
        return problem;
    }

    /** Ends the chunked body. */
    void finish() throws IOException {
        if (body != null) {
            body.close();
        }
    }

    private void open(HttpAnswer answer) throws IOException {
        FrontDoor.putHeaders(exchange, answer);
        status = answer.status();
        boolean noBody = head || status == 204 || status == 304;
        // 0: chunked, each flushed write a chunk of its own
        exchange.sendResponseHeaders(status, noBody ? -1 : 0);
        if (!noBody) {
            body = exchange.getResponseBody();
        }
    }

    private void write(byte[] bytes, int offset, int length) throws IOException {
        if (body != null && length > 0) {
            body.write(bytes, offset, length);
            body.flush();
        }
    }
}
