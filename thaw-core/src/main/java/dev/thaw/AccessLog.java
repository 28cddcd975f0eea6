package dev.thaw;

import java.util.function.Consumer;

/**
 * Writes one JSON line per request: request id, method, path, status, duration and body size.
 *
 * <pre>{@code
 * {"timestamp":1764288000000,"level":"INFO","message":"request","requestId":"…","method":"GET",
 *  "path":"/users/42","status":200,"durationMs":0.412,"bytes":57}
 * }</pre>
 *
 * <p>A request that throws is logged with status 500 (or the {@link HttpException}'s status) and the
 * exception goes on to the next boundary. Place it inside {@link RequestId} to log the echoed id.
 */
public final class AccessLog implements Middleware {

    private final Consumer<String> sink;

    private AccessLog(Consumer<String> sink) {
        this.sink = sink;
    }

    /** Returns an access log that writes to standard output (CloudWatch Logs on Lambda). */
    public static AccessLog create() {
        return new AccessLog(new PrintLines(System.out));
    }

    /** Returns an access log that hands each line to {@code sink}. */
    public static AccessLog to(Consumer<String> sink) {
        return new AccessLog(sink);
    }

    @Override
    public Handler wrap(Handler next) {
        return new Logged(next, sink);
    }

    /** The wrapped handler: a named class rather than a lambda, which would spin a class at start-up. */
    private static final class Logged implements Handler {

        private final Handler next;
        private final Consumer<String> sink;

        Logged(Handler next, Consumer<String> sink) {
            this.next = next;
            this.sink = sink;
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
                double millis = (System.nanoTime() - start) / 1_000_000.0;
                LogLine line = new LogLine("INFO", "request")
                        .field("requestId", RequestId.of(request))
                        .field("method", request.method())
                        .field("path", request.rawPath())
                        .field("status", status)
                        .field("durationMs", millis);
                if (bytes >= 0) {
                    line.field("bytes", bytes);
                }
                sink.accept(line.end());
            }
        }
    }
}
