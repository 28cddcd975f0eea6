/**
 * thaw on AWS Lambda: event codecs that map every HTTP event source to thaw's {@link dev.thaw.Request}
 * and a {@link dev.thaw.Response} back to the JSON that source expects, exactly.
 *
 * <pre>{@code
 * EventCodec codec = EventCodecs.forEvent(event)
 *         .orElseThrow(() -> new IllegalStateException("not an HTTP event"));
 * Request request = codec.decode(event, context);   // InvalidEventException for a bad event
 * byte[] answer = codec.encode(app.handle(request), request);
 * }</pre>
 *
 * <p>Sources: API Gateway REST APIs and HTTP APIs with payload format 1.0 ({@code ApiGatewayV1Codec}),
 * HTTP APIs with payload format 2.0 and Function URLs ({@code ApiGatewayV2Codec}), Application Load
 * Balancer targets in single- or multi-value header mode ({@code AlbCodec}). JSON is read and written
 * through adapters generated at compile time; nothing here uses reflection.
 */
package dev.thaw.lambda;
