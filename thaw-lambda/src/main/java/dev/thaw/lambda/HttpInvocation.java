package dev.thaw.lambda;

import dev.thaw.App;
import dev.thaw.Context;
import dev.thaw.EventSource;
import dev.thaw.Recovery;
import dev.thaw.Request;
import dev.thaw.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Optional;

/**
 * One HTTP invocation from event bytes to answer bytes: the codec the event's shape picks, the decoded
 * request, and the single exception boundary around the app. The Runtime API loop and the managed
 * runtime's {@link StreamHandler} both go through it, so an event is answered the same way whichever
 * way it arrived; each maps the failures to its own error channel.
 */
final class HttpInvocation {

    private final EventCodec codec;
    private final Request request;

    private HttpInvocation(EventCodec codec, Request request) {
        this.codec = codec;
        this.request = request;
    }

    /**
     * Picks the codec for {@code event} and decodes it.
     *
     * @throws InvalidEventException when the event is not an HTTP event or is malformed for its source
     * @throws dev.thaw.HttpException when a well-formed event carries a URL thaw refuses (malformed
     *     percent-encoding, say)
     * @throws RuntimeException whatever else the codec failed with
     */
    static HttpInvocation decode(byte[] event, Context context) {
        if (expectV2) {
            HttpInvocation v2 = decodeIfV2(event, context);
            if (v2 != null) {
                return v2;
            }
        }
        Optional<EventCodec> found = EventCodecs.forEvent(event);
        if (found.isEmpty()) {
            expectV2 = false;
            throw EventCodecs.unsupported(event);
        }
        EventCodec codec = found.get();
        expectV2 = codec instanceof ApiGatewayV2Codec;
        return new HttpInvocation(codec, codec.decode(event, context));
    }

    /**
     * Whether the next event is tried as payload 2.0 first: true until an event of another shape came. A
     * function sits behind one trigger, so events keep their shape; the usual way reads each event twice,
     * once for its shape and once to decode it (~0.8 ms on the first invocation, interpreted). Races between
     * concurrent invocations only cost a wasted attempt.
     */
    private static volatile boolean expectV2 = true;

    /**
     * Reads {@code event} as payload 2.0 and decodes it with the codec {@link EventCodecs#forEvent} would
     * pick, or returns null when it does not read as one or has another shape: the usual way then decides
     * (and reports a malformed event with the same words as always). A field that fails to decode once the
     * shape is known fails as it would have.
     */
    private static HttpInvocation decodeIfV2(byte[] event, Context context) {
        ApiGatewayV2Event e;
        try {
            e = EventJson.read(event, ApiGatewayV2Event.class, "Decode a payload format 2.0 event");
        } catch (RuntimeException notV2) {
            return null;
        }
        ApiGatewayV2Codec codec = ApiGatewayV2Codec.forShape(e);
        return codec == null ? null : new HttpInvocation(codec, codec.decode(e, context));
    }

    /**
     * Runs {@code app} on the request, answering anything it throws as {@link Recovery#answer} does, and
     * encodes the response for the event's source.
     *
     * @return the answer JSON
     * @throws IOException when a streaming body fails while it is collected
     * @throws RuntimeException when the response cannot be encoded
     */
    byte[] answer(App app) throws IOException {
        return codec.encode(buffered(respond(app)), request);
    }

    /** Names the codec that decoded the event, for tests. */
    String codecName() {
        return codec.toString();
    }

    /** Returns the decoded request. */
    Request request() {
        return request;
    }

    /**
     * Returns whether this invocation can be answered with response streaming: Function URLs and REST
     * APIs support it; HTTP APIs and ALBs do not.
     */
    boolean canStream() {
        EventSource source = codec.source();
        return source == EventSource.FUNCTION_URL || source == EventSource.API_GATEWAY_REST;
    }

    /** Runs {@code app} on the request with the single exception boundary; the body is not collected. */
    Response respond(App app) {
        try {
            return app.handle(request);
        } catch (Exception | StackOverflowError e) {
            return Recovery.answer(request, e);
        }
    }

    /** Collects a streaming body: on the buffered invocation mode the answer is one JSON document. */
    private static Response buffered(Response response) throws IOException {
        if (!response.isStreaming()) {
            return response;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        response.streamingBody().writeTo(body);
        return response.toBuilder().bytes(body.toByteArray(), null);
    }
}
