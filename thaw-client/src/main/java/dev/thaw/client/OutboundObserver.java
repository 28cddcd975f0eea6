package dev.thaw.client;

import dev.thaw.Context;
import java.net.URI;
import java.util.Map;

/**
 * Watches the calls a {@link ThawClient} makes, for tracing or metrics: told when each call starts, and how
 * it ended. Set one with {@link ThawClient.Builder#observer(OutboundObserver)}.
 *
 * <pre>{@code
 * ThawClient client = ThawClient.builder().observer(Tracing.observer()).build();
 * }</pre>
 *
 * <p>Callbacks run on the calling thread, around the whole call (retries included), so keep them short. An
 * exception they throw is reported on standard error and never fails the call.
 */
public interface OutboundObserver {

    /**
     * Called once per {@link ThawClient#send} before anything is sent, also when the call is then refused
     * for lack of time.
     *
     * @param method the request method
     * @param uri the request URI
     * @param context the invocation making the call
     * @return what to do with this call, or null not to follow it
     */
    Call start(String method, URI uri, Context context);

    /** One observed call: headers to add, then exactly one of {@link #succeeded} or {@link #failed}. */
    interface Call {

        /**
         * Returns headers to send with this call ({@code traceparent}, say); they replace the headers of the
         * same name the client would forward from the context, not those the request sets itself.
         */
        Map<String, String> headers();

        /**
         * Called when a response arrived, whatever its status.
         *
         * @param status the response status
         */
        void succeeded(int status);

        /**
         * Called when the call failed: not sent for lack of time, timed out, cancelled, or no response.
         *
         * @param failure what {@link ThawClient#send} throws next
         */
        void failed(RuntimeException failure);
    }
}
