package dev.thaw.client;

/**
 * An outbound call ran past its own timeout (the client's or the request's). When the invocation's
 * deadline is what ran out, {@link dev.thaw.DeadlineExceededException} is thrown instead.
 */
public final class OutboundTimeoutException extends OutboundException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the call and the timeout it ran past
     * @param cause the socket timeout, or null
     */
    public OutboundTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
