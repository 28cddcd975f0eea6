package dev.thaw;

/**
 * Answers one HTTP request. The same handler runs on the local server, on Lambda's Runtime API and on
 * the managed Java runtime.
 *
 * <pre>{@code
 * Handler hello = request -> Response.text("hello " + request.queryParam("name").orElse("world"));
 * }</pre>
 *
 * <p>A handler may throw: {@link HttpException} becomes its problem response, anything else a 500
 * (see {@link Recovery}).
 */
@FunctionalInterface
public interface Handler {

    /**
     * Handles {@code request}.
     *
     * @param request the request, with its per-invocation {@link Context}
     * @return the response to send
     * @throws Exception when the request cannot be answered; the adapter's boundary turns it into an
     *     error response
     */
    Response handle(Request request) throws Exception;
}
