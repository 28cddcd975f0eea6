package dev.thaw.client;

import dev.thaw.Context;
import dev.thaw.internal.Log;
import java.util.Map;

/** Calls an {@link OutboundObserver} so that nothing it throws can fail the call it watches. */
final class ObservedCall {

    private ObservedCall() {}

    static OutboundObserver.Call start(OutboundObserver observer, OutboundRequest request, Context context) {
        try {
            return observer.start(request.method(), request.uri(), context);
        } catch (RuntimeException e) {
            report("start", request, e);
            return null;
        }
    }

    static Map<String, String> headers(OutboundObserver.Call call, OutboundRequest request) {
        try {
            Map<String, String> headers = call.headers();
            return headers == null ? Map.of() : headers;
        } catch (RuntimeException e) {
            report("headers", request, e);
            return Map.of();
        }
    }

    static void succeeded(OutboundObserver.Call call, OutboundRequest request, int status) {
        try {
            call.succeeded(status);
        } catch (RuntimeException e) {
            report("succeeded", request, e);
        }
    }

    static void failed(OutboundObserver.Call call, OutboundRequest request, RuntimeException failure) {
        try {
            call.failed(failure);
        } catch (RuntimeException e) {
            report("failed", request, e);
        }
    }

    private static void report(String callback, OutboundRequest request, RuntimeException e) {
        Log.standard()
                .write(
                        Log.WARN,
                        "dev.thaw.client",
                        "outbound observer " + callback + " for " + request.method() + " "
                                + request.uri().getHost() + " failed: " + e);
    }
}
