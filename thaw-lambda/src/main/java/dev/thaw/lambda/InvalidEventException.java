package dev.thaw.lambda;

import dev.thaw.ThawException;

/**
 * An invocation event thaw cannot turn into a request: malformed JSON, a field of the wrong type, a body
 * that is not valid base64, or an event of a kind no codec serves. The runtime answers it with a Runtime
 * API error whose {@code errorType} is {@link #errorType()}, and keeps serving.
 *
 * <pre>{@code
 * try {
 *     request = codec.decode(event, context);
 * } catch (InvalidEventException e) {
 *     postError(requestId, e.errorType(), e.getMessage());
 * }
 * }</pre>
 */
public final class InvalidEventException extends ThawException {

    private static final long serialVersionUID = 1L;

    /** The error type of an event that is not valid for its source. */
    static final String INVALID_EVENT = "Runtime.InvalidEvent";

    /** The error type of an event that no codec serves (SQS, a schedule, ...) when the app has no raw handler. */
    static final String UNSUPPORTED_EVENT = "Runtime.UnsupportedEvent";

    private final String errorType;

    private InvalidEventException(String errorType, String message, Throwable cause) {
        super(message, cause);
        this.errorType = errorType;
    }

    /** Returns an exception for an event that is malformed for its source. */
    static InvalidEventException invalid(String message) {
        return new InvalidEventException(INVALID_EVENT, message, null);
    }

    /** Returns an exception for an event that is malformed for its source, keeping the parser's failure. */
    static InvalidEventException invalid(String message, Throwable cause) {
        return new InvalidEventException(INVALID_EVENT, message, cause);
    }

    /** Returns an exception for an event that is not an HTTP event. */
    static InvalidEventException unsupported(String message) {
        return new InvalidEventException(UNSUPPORTED_EVENT, message, null);
    }

    /**
     * Returns the Runtime API error type: {@code Runtime.InvalidEvent} for a malformed event,
     * {@code Runtime.UnsupportedEvent} for an event of a kind thaw does not serve.
     *
     * @return a value matching {@code Runtime\.[A-Z][a-zA-Z]+}
     */
    public String errorType() {
        return errorType;
    }
}
