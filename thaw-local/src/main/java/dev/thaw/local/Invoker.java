package dev.thaw.local;

/**
 * Runs one invocation of a function in one of its execution environments, as Lambda's invoke does: the
 * emulator's front door and {@code thaw invoke} call it, the environment pool implements it.
 */
interface Invoker {

    /**
     * Invokes the function with {@code event} and waits for its answer, a failure, or the timeout.
     *
     * @param event the invocation payload (an API Gateway / Function URL / ALB event, or any JSON)
     * @param stream receives a streamed response as it arrives (prelude and body bytes exactly as the
     *     function wrote them); null to collect a streamed body into {@link InvocationResult#body()}
     * @return how the invocation ended
     * @throws InterruptedException when the caller is interrupted while waiting
     */
    InvocationResult invoke(byte[] event, StreamListener stream) throws InterruptedException;

    /**
     * Receives the body of a streamed response while the function writes it. The calls come from the
     * Runtime API's connection thread, in order, and never after {@link Invoker#invoke} returned; when one throws,
     * the rest of the body is read and dropped, and the function finishes as it would on Lambda.
     */
    interface StreamListener {

        /**
         * Called once, before the first bytes, with the response's content type (for HTTP sources
         * {@code application/vnd.awslambda.http-integration-response}: a JSON prelude, 8 NUL bytes, body).
         */
        void start(String contentType) throws java.io.IOException;

        /** Called with each piece of the body in order. */
        void chunk(byte[] bytes, int offset, int length) throws java.io.IOException;
    }
}
