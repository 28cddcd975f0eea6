package dev.thaw.lambda;

import dev.thaw.App;
import dev.thaw.Context;
import dev.thaw.HttpException;
import dev.thaw.Response;
import java.io.IOException;
import java.util.List;

/**
 * One poll loop: {@code next} → decode → the app → encode → {@code response} (or {@code error}), for
 * ever. Every invocation gets exactly one answer; a failing handler becomes a 500 problem response, a
 * bad event an invocation error, and neither stops the loop. Only a Runtime API that stays unreachable
 * ends it.
 */
final class InvokeLoop {

    /** The system property AWS's X-Ray SDK reads the trace header from. */
    static final String TRACE_PROPERTY = "com.amazonaws.xray.traceHeader";

    private final App app;
    private final RuntimeApiClient client;
    private final boolean setTraceProperty;
    private final boolean streaming;

    /**
     * Creates a loop.
     *
     * @param setTraceProperty set {@link #TRACE_PROPERTY} per invocation (only when one loop runs)
     * @param streaming answer Function URL and REST API invocations with response streaming (the function
     *     is configured with {@code InvokeMode: RESPONSE_STREAM})
     */
    InvokeLoop(App app, RuntimeApiClient client, boolean setTraceProperty, boolean streaming) {
        this.app = app;
        this.client = client;
        this.setTraceProperty = setTraceProperty;
        this.streaming = streaming;
    }

    /** Serves invocations until the Runtime API cannot be reached. */
    void run() throws IOException {
        while (true) {
            handle(client.next());
        }
    }

    /** Answers one invocation exactly once. */
    void handle(Invocation invocation) {
        String id = invocation.requestId();
        if (setTraceProperty) {
            if (invocation.traceId() != null) {
                System.setProperty(TRACE_PROPERTY, invocation.traceId());
            } else {
                System.clearProperty(TRACE_PROPERTY);
            }
        }
        Context context = Context.builder()
                .requestId(id)
                .deadlineMillis(invocation.deadlineMillis())
                .traceHeader(invocation.traceId())
                .functionArn(invocation.functionArn())
                .coldStart(ColdStart.claim())
                .build();
        HttpInvocation http;
        try {
            http = HttpInvocation.decode(invocation.event(), context);
        } catch (InvalidEventException e) {
            postError(
                    id,
                    // The body names the same type as the header: there is no exception class to tell.
                    new ErrorReport(e.errorType(), e.errorType(), e.getMessage(), List.of()));
            return;
        } catch (HttpException e) {
            // A well-formed event whose URL thaw refuses (malformed percent-encoding, say).
            postError(id, new ErrorReport("Runtime.InvalidEvent", "Runtime.InvalidEvent", e.getMessage(), List.of()));
            return;
        } catch (RuntimeException e) {
            postError(id, ErrorReport.of("Runtime.InvalidEvent", e));
            return;
        }
        if (streaming && http.canStream()) {
            stream(id, http);
            return;
        }
        byte[] payload;
        try {
            payload = http.answer(app);
        } catch (RuntimeException | IOException e) {
            postError(id, ErrorReport.of("Runtime.ResponseEncodingError", e));
            return;
        }
        post(id, payload);
    }

    private void post(String id, byte[] payload) {
        try {
            int status = client.respond(id, payload);
            if (status == 413) {
                log("POST " + RuntimeApiClient.PREFIX + "/invocation/" + id + "/response: 413, the response ("
                        + payload.length + " bytes) is over Lambda's limit; the invocation failed");
            } else if (status != 202) {
                log("POST " + RuntimeApiClient.PREFIX + "/invocation/" + id + "/response: " + status
                        + " (refused; going on)");
            }
        } catch (IOException e) {
            log("POST " + RuntimeApiClient.PREFIX + "/invocation/" + id + "/response: " + e.getMessage());
        }
    }

    private void stream(String id, HttpInvocation http) {
        Response response = http.respond(app);
        try {
            int status = StreamingResponder.send(
                    client, id, response, http.request().method().equals("HEAD"));
            if (status != 202) {
                log("POST " + RuntimeApiClient.PREFIX + "/invocation/" + id + "/response (streaming): " + status
                        + " (refused; going on)");
            }
        } catch (IOException e) {
            log("POST " + RuntimeApiClient.PREFIX + "/invocation/" + id + "/response (streaming): " + e.getMessage());
        }
    }

    private void postError(String id, ErrorReport report) {
        try {
            int status = client.respondError(id, report);
            if (status != 202) {
                log("POST " + RuntimeApiClient.PREFIX + "/invocation/" + id + "/error: " + status
                        + " (refused; going on)");
            }
        } catch (IOException e) {
            log("POST " + RuntimeApiClient.PREFIX + "/invocation/" + id + "/error: " + e.getMessage());
        }
    }

    static void log(String message) {
        System.err.println("thaw: " + message);
    }
}
