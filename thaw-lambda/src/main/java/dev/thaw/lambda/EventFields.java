package dev.thaw.lambda;

import dev.thaw.Context;
import dev.thaw.EventSource;
import dev.thaw.Headers;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Checks and conversions every codec's decode shares. */
final class EventFields {

    private static final byte[] NO_BODY = new byte[0];
    private static final int MAX_METHOD = 32;

    private EventFields() {}

    /**
     * Returns what a decoder throws for {@code failure}: a decoder answers a bad event with an
     * {@link InvalidEventException} and nothing else, so any other exception is wrapped in one.
     */
    static InvalidEventException invalid(String action, RuntimeException failure) {
        if (failure instanceof InvalidEventException invalid) {
            return invalid;
        }
        return InvalidEventException.invalid(action + ": " + failure.getMessage(), failure);
    }

    /** Returns {@code method} when it is an HTTP token. */
    static String method(String method, String field, String action) {
        if (method == null || method.isEmpty()) {
            throw InvalidEventException.invalid(action + ": field \"" + field + "\" is missing");
        }
        boolean token = method.length() <= MAX_METHOD;
        for (int i = 0; i < method.length() && token; i++) {
            char c = method.charAt(i);
            token = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        }
        if (!token) {
            throw InvalidEventException.invalid(action + ": field \"" + field + "\" is not an HTTP method");
        }
        return method;
    }

    /** Returns the body bytes: the text as UTF-8, or the base64 decoded. */
    static byte[] body(String body, Boolean base64Encoded, String action) {
        if (body == null || body.isEmpty()) {
            return NO_BODY;
        }
        if (!Boolean.TRUE.equals(base64Encoded)) {
            return body.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw InvalidEventException.invalid(
                    action + ": field \"body\" is marked isBase64Encoded but is not valid base64 (" + e.getMessage()
                            + ")",
                    e);
        }
    }

    /**
     * Returns headers from a multi-value map and a single-value one: every multi value, then the
     * single-value names the multi-value map lacks. Null names and values are skipped.
     */
    static Headers.Builder headers(Map<String, List<String>> multi, Map<String, String> single) {
        Headers.Builder headers = Headers.builder();
        if (multi != null) {
            for (Map.Entry<String, List<String>> entry : multi.entrySet()) {
                String name = entry.getKey();
                List<String> values = entry.getValue();
                if (name != null && values != null) {
                    for (String value : values) {
                        if (value != null) {
                            headers.add(name, value);
                        }
                    }
                }
            }
        }
        if (single != null) {
            for (Map.Entry<String, String> entry : single.entrySet()) {
                String name = entry.getKey();
                String value = entry.getValue();
                if (name != null && value != null && !headers.contains(name)) {
                    headers.add(name, value);
                }
            }
        }
        return headers;
    }

    /**
     * Returns {@code context} tagged with {@code source}. {@link Context} is immutable, so a copy is made
     * when the source differs; cancelling the runtime's context cancels the copy too.
     */
    static Context context(Context context, EventSource source) {
        if (context == null) {
            return Context.builder().source(source).build();
        }
        if (context.source() == source) {
            return context;
        }
        Context tagged = Context.builder()
                .requestId(context.requestId())
                .deadlineMillis(context.deadlineMillis())
                .traceHeader(context.traceHeader())
                .functionArn(context.functionArn())
                .coldStart(context.coldStart())
                .clock(context.clock())
                .source(source)
                .build();
        context.onCancel(new CancelCopy(tagged));
        return tagged;
    }

    /** Cancels the tagged copy with the runtime's context; a named class, as a method reference would spin one. */
    private static final class CancelCopy implements Runnable {

        private final Context copy;

        CancelCopy(Context copy) {
            this.copy = copy;
        }

        @Override
        public void run() {
            copy.cancel();
        }
    }
}
