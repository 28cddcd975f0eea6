package dev.thaw;

import dev.thaw.internal.AfterResponse;
import dev.thaw.internal.Log;
import java.util.function.Consumer;

/**
 * Writes one log line per request: request id, method, path, status, duration and body size, at INFO
 * in the format {@code AWS_LAMBDA_LOG_FORMAT} selects. As JSON (a Lambda JSON log record, the request
 * fields at top level):
 *
 * <pre>{@code
 * {"timestamp":"2026-11-28T01:29:28.123Z","level":"INFO","message":"request","logger":"dev.thaw.AccessLog",
 *  "requestId":"…","traceId":"Root=1-…","coldStart":false,"method":"GET","path":"/users/42","status":200,
 *  "durationMs":0.412,"bytes":57}
 * }</pre>
 *
 * <p>As text: {@code 2026-11-28T01:29:28.123Z INFO <requestId> dev.thaw.AccessLog request method=GET
 * path=/users/42 status=200 durationMs=0.412 bytes=57} (tab-separated up to the message).
 *
 * <p>A request that throws is logged with status 500 (or the {@link HttpException}'s status) and the
 * exception goes on to the next boundary. Place it inside {@link RequestId} to log the echoed id.
 *
 * <p>Under thaw's Lambda runtime and local server the line is written once the response has been sent
 * (on Lambda: posted, and before the runtime asks for the next invocation), so the caller does not wait
 * for it; called directly (tests, the managed runtime) the handler writes it before returning.
 */
public final class AccessLog implements Middleware {

    static final String LOGGER = "dev.thaw.AccessLog";

    private final Log log;

    private AccessLog(Log log) {
        this.log = log;
    }

    /** Returns an access log that writes to standard output (CloudWatch Logs on Lambda). */
    public static AccessLog create() {
        return new AccessLog(Log.standard());
    }

    /** Returns an access log that hands each line (in the configured format, without line break) to {@code sink}. */
    public static AccessLog to(Consumer<String> sink) {
        return new AccessLog(Log.standard().to(sink));
    }

    /** Returns an access log writing through {@code log} (tests choose the format). */
    static AccessLog with(Log log) {
        return new AccessLog(log);
    }

    @Override
    public Handler wrap(Handler next) {
        return new Logged(next, log);
    }

    /** The wrapped handler: a named class rather than a lambda, which would spin a class at start-up. */
    private static final class Logged implements Handler {

        private final Handler next;
        private final Log log;

        Logged(Handler next, Log log) {
            this.next = next;
            this.log = log;
        }

        @Override
        public Response handle(Request request) throws Exception {
            long start = System.nanoTime();
            int status = 500;
            long bytes = -1;
            try {
                Response response = next.handle(request);
                status = response.status();
                bytes = response.isStreaming() ? -1 : response.body().length;
                return response;
            } catch (HttpException e) {
                status = e.status();
                throw e;
            } finally {
                if (log.isLoggable(Log.INFO)) {
                    AfterResponse.later(
                            new Entry(log, request, status, bytes, (System.nanoTime() - start) / 1_000_000.0));
                }
            }
        }
    }

    /** One request's line, written once the response is sent (or at once where no runtime defers it). */
    private static final class Entry implements Runnable {

        private final Log log;
        private final Request request;
        private final int status;
        private final long bytes;
        private final double millis;

        Entry(Log log, Request request, int status, long bytes, double millis) {
            this.log = log;
            this.request = request;
            this.status = status;
            this.bytes = bytes;
            this.millis = millis;
        }

        @Override
        public void run() {
            Log.Line line = log.line(Log.INFO, LOGGER, "request")
                    .invocation(request.context())
                    .field("requestId", RequestId.of(request))
                    .field("method", request.method())
                    .field("path", request.rawPath())
                    .field("route", request.context().route()) // null (no route matched) adds nothing
                    .field("status", status)
                    .field("durationMs", millis);
            if (bytes >= 0) {
                line.field("bytes", bytes);
            }
            line.write();
        }
    }
}
