package dev.thaw.local;

import java.util.Map;

/**
 * How one invocation ended.
 *
 * @param kind the outcome
 * @param body the response payload ({@link Kind#RESPONSE}; empty when it was streamed to a listener), or
 *     the error JSON {@code {"errorMessage","errorType",...}} ({@link Kind#ERROR}), or a JSON description
 *     Lambda would give ({@link Kind#TIMEOUT}, {@link Kind#CRASH})
 * @param errorType the {@code Lambda-Runtime-Function-Error-Type} header, or for timeouts and crashes
 *     the type Lambda reports ({@code Sandbox.Timedout}, {@code Runtime.ExitError}); null for a response
 * @param streamed whether the response was streamed
 * @param trailers the trailers of a streamed response (a mid-stream error arrives there), else empty
 * @param requestId the invocation's request id
 * @param durationMillis from handing out the event to the answer
 * @param coldStart whether a new execution environment was started for it
 */
record InvocationResult(
        Kind kind,
        byte[] body,
        String errorType,
        boolean streamed,
        Map<String, String> trailers,
        String requestId,
        double durationMillis,
        boolean coldStart) {

    /** How an invocation ends. */
    enum Kind {
        /** The function posted a response. */
        RESPONSE,
        /** The function posted an invocation error (or an init error). */
        ERROR,
        /** The function did not answer within its timeout; its environment was killed. */
        TIMEOUT,
        /** The function's process exited or broke the protocol before answering. */
        CRASH
    }
}
