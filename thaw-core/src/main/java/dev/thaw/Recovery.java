package dev.thaw;

import dev.thaw.internal.Log;
import java.util.function.Consumer;

/**
 * Turns anything a handler throws into a problem response: an {@link HttpException} into its own
 * status and detail, any other exception into a 500 whose body names the request id but never the
 * exception. The 500 is logged at ERROR as one line (one JSON object when {@code AWS_LAMBDA_LOG_FORMAT=JSON})
 * with the request id, method, path, {@code errorType}, {@code errorMessage} and a capped stack trace.
 */
public final class Recovery implements Middleware {

    static final String LOGGER = "dev.thaw.Recovery";

    private final Log log;

    private Recovery(Log log) {
        this.log = log;
    }

    /** Returns a recovery middleware that logs to standard output, thaw's one log stream. */
    public static Recovery create() {
        return new Recovery(Log.standard());
    }

    /** Returns a recovery middleware that hands each error log line (configured format, no line break) to {@code sink}. */
    public static Recovery to(Consumer<String> sink) {
        return new Recovery(Log.standard().to(sink));
    }

    /** Returns a recovery middleware writing through {@code log} (tests choose the format). */
    static Recovery with(Log log) {
        return new Recovery(log);
    }

    @Override
    public Handler wrap(Handler next) {
        return new Recovering(next, log);
    }

    /** The wrapped handler: a named class rather than a lambda, which would spin a class at start-up. */
    private static final class Recovering implements Handler {

        private final Handler next;
        private final Log log;

        Recovering(Handler next, Log log) {
            this.next = next;
            this.log = log;
        }

        @Override
        public Response handle(Request request) {
            try {
                return next.handle(request);
            } catch (HttpException e) {
                return e.toResponse();
            } catch (Exception | StackOverflowError e) {
                return failure(request, e, log);
            }
        }
    }

    /**
     * Logs {@code failure} with its stack trace and returns the 500 problem response for it; the one
     * way every adapter answers an unexpected exception.
     *
     * @param request the request that failed
     * @param failure what was thrown
     * @param log where the log line goes
     * @return a 500 problem response without internal details
     */
    static Response failure(Request request, Throwable failure, Log log) {
        String requestId = RequestId.of(request);
        if (log.isLoggable(Log.ERROR)) {
            // The request's own context: an adapter's boundary answers after the invocation was exited.
            log.line(Log.ERROR, LOGGER, "handler failed")
                    .invocation(request.context())
                    .field("requestId", requestId)
                    .field("method", request.method())
                    .field("path", request.rawPath())
                    .field("route", request.context().route()) // null (no route matched) adds nothing
                    .error(failure)
                    .write();
        }
        return Problem.of(500, "The server could not answer " + request.method() + " " + request.rawPath())
                .withInstance(request.rawPath())
                .with("requestId", requestId)
                .toResponse();
    }

    /**
     * Answers {@code failure} as the adapters' single exception boundary does: the problem of an
     * {@link HttpException}, else a logged 500.
     *
     * @param request the request that failed
     * @param failure what was thrown
     * @return the response to send
     */
    public static Response answer(Request request, Throwable failure) {
        if (failure instanceof HttpException e) {
            return e.toResponse();
        }
        return failure(request, failure, Log.standard());
    }
}
