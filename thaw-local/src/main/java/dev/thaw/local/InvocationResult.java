package dev.thaw.local;

import java.util.Map;

/**
 * How one invocation ended.
 *
 * @param kind the outcome
 * @param body the response payload ({@link Kind#RESPONSE}; empty when it was streamed to a listener), or
 *     the error JSON {@code {"errorMessage","errorType",...}} ({@link Kind#ERROR}), or a JSON description
 *     Lambda would give ({@link Kind#TIMEOUT}, {@link Kind#CRASH})
 * @param errorType the {@code Lambda-Runtime-Function-Error-Type} header (as Lambda records it: a value
 *     that does not match {@code (Runtime|Function)\.[A-Z][a-zA-Z]+} becomes {@code Runtime.Unknown}), or
 *     the type Lambda reports when the platform ended the invocation ({@code Sandbox.Timedout},
 *     {@code Runtime.ExitError}, {@code Function.ResponseSizeTooLarge}); for a streamed response, the
 *     error-type trailer if the function failed mid-stream; otherwise null for a response
 * @param streamed whether the response was streamed
 * @param trailers the trailers of a streamed response (a mid-stream error arrives there), else empty
 * @param requestId the invocation's request id
 * @param durationMillis from handing out the event to the answer (the timeout itself for {@link Kind#TIMEOUT},
 *     as Lambda reports it); the REPORT line's {@code Duration}
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
