package dev.thaw;

/**
 * The root of thaw's unchecked exceptions. Each adapter has exactly one boundary that turns these (and
 * anything else a handler throws) into a problem response or a Runtime API error.
 */
public class ThawException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what was tried, on what, and what happened
     */
    public ThawException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a cause.
     *
     * @param message what was tried, on what, and what happened
     * @param cause the underlying failure
     */
    public ThawException(String message, Throwable cause) {
        super(message, cause);
    }
}
