package dev.thaw;

import java.util.List;

/**
 * Wraps a handler with behaviour that runs around it: logging, recovery, CORS, deadlines.
 *
 * <pre>{@code
 * Middleware timing = next -> request -> {
 *     long start = System.nanoTime();
 *     Response response = next.handle(request);
 *     return response.withHeader("server-timing", "app;dur=" + (System.nanoTime() - start) / 1e6);
 * };
 * }</pre>
 */
@FunctionalInterface
public interface Middleware {

    /**
     * Returns a handler that runs this middleware around {@code next}.
     *
     * @param next the handler to call (the rest of the chain)
     * @return the wrapped handler
     */
    Handler wrap(Handler next);

    /**
     * Composes middleware around a handler; the first in the list is the outermost.
     *
     * @param middleware the chain, outermost first
     * @param handler the innermost handler (usually a {@link Router})
     * @return the composed handler
     */
    static Handler chain(List<? extends Middleware> middleware, Handler handler) {
        Handler current = handler;
        for (int i = middleware.size() - 1; i >= 0; i--) {
            current = middleware.get(i).wrap(current);
        }
        return current;
    }
}
