package dev.thaw.lambda;

import java.util.Optional;

/**
 * Chooses the codec for an invocation event by its shape: ALB events have {@code requestContext.elb}
 * (multi-value mode when they carry {@code multiValueHeaders}), payload format 2.0 events
 * {@code requestContext.http} (a Function URL when the domain is {@code *.lambda-url.*}), payload format
 * 1.0 events {@code httpMethod}. Anything else (SQS, a schedule, a custom payload) is not an HTTP event.
 *
 * <pre>{@code
 * Optional<EventCodec> codec = EventCodecs.forEvent(event);
 * if (codec.isEmpty()) {
 *     // not HTTP: hand it to the app's raw-event handler, or answer Runtime.UnsupportedEvent
 * }
 * }</pre>
 */
public final class EventCodecs {

    private EventCodecs() {}

    /**
     * Returns the codec for {@code event}.
     *
     * @param event the invocation event JSON
     * @return the codec, or empty when the event is not an HTTP event
     * @throws InvalidEventException when the event is empty or not well-formed JSON
     */
    public static Optional<EventCodec> forEvent(byte[] event) {
        return Optional.ofNullable(codecFor(EventShape.of(event)));
    }

    /**
     * Returns the error for an event no codec serves, naming its top-level fields (never its values).
     *
     * @param event an event for which {@link #forEvent(byte[])} is empty
     * @return an exception with error type {@code Runtime.UnsupportedEvent}
     */
    static InvalidEventException unsupported(byte[] event) {
        return InvalidEventException.unsupported("Handle the invocation: the event is not an HTTP event from API"
                + " Gateway, a Function URL or an ALB (got "
                + EventShape.of(event).summary()
                + "), and the app has no raw-event handler");
    }

    private static EventCodec codecFor(EventShape shape) {
        if (shape.isAlb()) {
            return shape.isMultiValue() ? AlbCodec.MULTI_VALUE : AlbCodec.SINGLE_VALUE;
        }
        if (shape.isV2()) {
            return shape.isFunctionUrl() ? ApiGatewayV2Codec.FUNCTION_URL : ApiGatewayV2Codec.HTTP_API;
        }
        if (shape.isV1()) {
            return shape.isHttpApiV1() ? ApiGatewayV1Codec.HTTP_API_V1 : ApiGatewayV1Codec.REST;
        }
        return null;
    }
}
