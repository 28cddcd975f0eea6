package dev.thaw.lambda;

import dev.thaw.App;
import dev.thaw.Context;
import dev.thaw.HttpException;
import dev.thaw.Response;
import dev.thaw.internal.AfterResponse;
import dev.thaw.internal.Log;
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
        run(0);
    }

    /**
     * Serves invocations until the Runtime API cannot be reached, or halts the JVM after answering
     * {@code haltAfter} of them (when above 0). {@code thaw package}'s AOT cache training ends its JVM so:
     * any exit through {@code Runtime.exit} or SIGTERM looks up a {@code System.Logger} (to log the exit),
     * which loads ~100 classes through {@code ServiceLoader} that would go into the cache and be loaded at
     * every start, while halting writes the same cache without them.
     */
    void run(int haltAfter) throws IOException {
        int handled = 0;
        while (true) {
            handle(client.next());
            if (haltAfter > 0 && ++handled >= haltAfter) {
                Runtime.getRuntime().halt(0);
            }
        }
    }

    /**
     * Answers one invocation exactly once, then does the work middleware deferred until the answer was
     * sent (the access log and metrics lines): before the next {@code next}, so Lambda does not freeze
     * the environment with it undone.
     */
    void handle(Invocation invocation) {
        AfterResponse after = AfterResponse.open();
        try {
            answer(invocation);
        } finally {
            after.run();
        }
    }

    private void answer(Invocation invocation) {
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
            StartupTrace.mark(StartupTrace.DECODED);
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
        } catch (Error e) {
            answerError(id, e);
            return;
        }
        StartupTrace.mark(StartupTrace.ANSWERED);
        post(id, payload);
    }

    /**
     * Answers an Error the handler let escape (a class that failed to link, an assertion): without an
     * answer Lambda would wait for the timeout. The JVM itself failing then ends the loop.
     */
    private void answerError(String id, Error e) {
        postError(id, ErrorReport.of("Function.UnhandledError", e));
        if (e instanceof VirtualMachineError) {
            throw e;
        }
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
        Response response;
        try {
            response = http.respond(app);
        } catch (Error e) {
            answerError(id, e);
            return;
        }
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

    /** Logs a Runtime API refusal or failure the loop carries on from, as a WARN line of thaw's log. */
    static void log(String message) {
        log(Log.WARN, message);
    }

    /** Writes one runtime line at {@code level} ({@link Log#INFO}, {@link Log#FATAL}, ...). */
    static void log(int level, String message) {
        Log.standard().write(level, "dev.thaw.lambda.InvokeLoop", message);
    }
}
