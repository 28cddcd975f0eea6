package dev.thaw.lambda;

import dev.thaw.Context;
import dev.thaw.EventSource;
import dev.thaw.Request;
import dev.thaw.Response;

/**
 * Maps one event source's invocation JSON to a {@link Request} and a {@link Response} back to the JSON
 * that source expects. Codecs are stateless and thread-safe; get the one for an event from
 * {@link EventCodecs#forEvent(byte[])}.
 *
 * <pre>{@code
 * EventCodec codec = EventCodecs.forEvent(event).orElseThrow();
 * Request request = codec.decode(event, context);
 * Response response = app.handle(request);
 * byte[] answer = codec.encode(response, request);
 * }</pre>
 */
public interface EventCodec {

    /** Returns the source this codec's requests are tagged with ({@link Context#source()}). */
    EventSource source();

    /**
     * Decodes an invocation event.
     *
     * @param event the event JSON as the Runtime API delivered it
     * @param context the invocation's context (request id, deadline, trace); the request gets a copy
     *     tagged with {@link #source()}, or this one when it already is (null makes a direct one)
     * @return the request, without path parameters (the router sets them)
     * @throws InvalidEventException when the JSON is malformed, a field has the wrong type, a required
     *     field is missing, or the body is not valid base64
     */
    Request decode(byte[] event, Context context);

    /**
     * Encodes a response as the JSON this source expects. A body is sent as text when its content type
     * is textual and it is valid UTF-8, else base64 with {@code isBase64Encoded}; HEAD answers carry no
     * body.
     *
     * @param response the response with a byte body
     * @param request the request it answers (its method decides whether a body is sent)
     * @return UTF-8 JSON
     * @throws IllegalArgumentException when the response is streaming: that needs Lambda's streaming
     *     invocation mode, not a buffered JSON answer
     */
    byte[] encode(Response response, Request request);
}
