package dev.thaw;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Consumer;

/**
 * Turns anything a handler throws into a problem response: an {@link HttpException} into its own
 * status and detail, any other exception into a 500 whose body names the request id but never the
 * exception. The 500 is logged as one JSON line with the stack trace.
 */
public final class Recovery implements Middleware {

    private final Consumer<String> sink;

    private Recovery(Consumer<String> sink) {
        this.sink = sink;
    }

    /** Returns a recovery middleware that logs to standard error. */
    public static Recovery create() {
        return new Recovery(new PrintLines(System.err));
    }

    /** Returns a recovery middleware that hands each error log line to {@code sink}. */
    public static Recovery to(Consumer<String> sink) {
        return new Recovery(sink);
    }

    @Override
    public Handler wrap(Handler next) {
        return new Recovering(next, sink);
    }

    /** The wrapped handler: a named class rather than a lambda, which would spin a class at start-up. */
    private static final class Recovering implements Handler {

        private final Handler next;
        private final Consumer<String> sink;

        Recovering(Handler next, Consumer<String> sink) {
            this.next = next;
            this.sink = sink;
        }

        @Override
        public Response handle(Request request) {
            try {
                return next.handle(request);
            } catch (HttpException e) {
                return e.toResponse();
            } catch (Exception | StackOverflowError e) {
                return failure(request, e, sink);
            }
        }
    }

    /**
     * Logs {@code failure} with its stack trace and returns the 500 problem response for it; the one
     * way every adapter answers an unexpected exception.
     *
     * @param request the request that failed
     * @param failure what was thrown
     * @param sink where the log line goes
     * @return a 500 problem response without internal details
     */
    static Response failure(Request request, Throwable failure, Consumer<String> sink) {
        String requestId = RequestId.of(request);
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        sink.accept(new LogLine("ERROR", "handler failed")
                .field("requestId", requestId)
                .field("method", request.method())
                .field("path", request.rawPath())
                .field("errorType", failure.getClass().getName())
                .field("errorMessage", String.valueOf(failure.getMessage()))
                .field("stackTrace", trace.toString())
                .end());
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
        return failure(request, failure, new PrintLines(System.err));
    }
}
