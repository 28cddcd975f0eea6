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
 *
 * <h2>Lambda's managed Java runtime and SnapStart</h2>
 *
 * <p>On the {@code java21}/{@code java25} runtimes, subclass {@link dev.thaw.lambda.StreamHandler} and name
 * it as the handler ({@code com.example.UsersHandler::handleRequest}); events go through the same codecs
 * and the same exception boundary as on thaw's own Runtime API loop ({@link dev.thaw.lambda.LambdaRuntime}).
 *
 * <pre>{@code
 * public final class UsersHandler extends StreamHandler {
 *     @Override
 *     protected App createApp() {
 *         return UsersApi.app(new InMemoryUserStore(), HttpSyncClient.fromEnv(System.getenv()));
 *     }
 * }
 * }</pre>
 *
 * <p>With {@code org.crac:crac} in the deployment package the handler hooks into SnapStart: the app is
 * made and its priming requests sent through the whole chain before the checkpoint, and its restore hooks
 * run after each restore. {@code aws-lambda-java-core} and {@code org.crac} are optional dependencies of
 * this module; the Runtime API path needs neither.
 */
package dev.thaw.lambda;
