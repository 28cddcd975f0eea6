package dev.thaw.client;

import dev.thaw.ThawException;

/**
 * An outbound call failed: the connection could not be made or broke, the TLS handshake was refused, or
 * the response could not be read. The message names the method, the URI and the cause.
 */
public class OutboundException extends ThawException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was tried, on what, and what happened
     * @param cause the underlying failure, or null
     */
    public OutboundException(String message, Throwable cause) {
        super(message, cause);
    }
}
