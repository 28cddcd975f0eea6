package dev.thaw.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One invocation on its way through an execution environment: what the runtime receives from
 * {@code /next}, and how the invocation ended. Whoever ends it first wins (the runtime's answer, the
 * timeout, the process exiting); everyone else sees {@link #end(Answer)} return false.
 */
final class PendingInvocation {

    /** How an invocation ended, before the environment adds timings. */
    record Answer(
            InvocationResult.Kind kind,
            byte[] body,
            String errorType,
            boolean streamed,
            Map<String, String> trailers,
            long atNanos) {

        static Answer response(byte[] body, boolean streamed, String errorType, Map<String, String> trailers) {
            return new Answer(InvocationResult.Kind.RESPONSE, body, errorType, streamed, trailers, System.nanoTime());
        }

        static Answer failure(InvocationResult.Kind kind, String errorType, byte[] body) {
            return new Answer(kind, body, errorType, false, Map.of(), System.nanoTime());
        }

        /** A failure whose body is Lambda's {@code {"errorType","errorMessage"}} JSON. */
        static Answer failure(InvocationResult.Kind kind, String errorType, String message) {
            return failure(kind, errorType, errorJson(errorType, message));
        }
    }

    private final String requestId;
    private final byte[] event;
    private final String traceId;
    private final String clientContext;
    private final String cognitoIdentity;
    private final Invoker.StreamListener stream;
    private final long timeoutMillis;
    private final CompletableFuture<Long> delivered = new CompletableFuture<>();
    private final CompletableFuture<Answer> answer = new CompletableFuture<>();
    private final AtomicBoolean answering = new AtomicBoolean();
    // Held while a streamed chunk goes to the listener and while the invocation ends, so no chunk reaches
    // the listener after invoke returned.
    private final ReentrantLock streamLock = new ReentrantLock();
    private volatile long deadlineEpochMillis;

    /**
     * @param clientContext the {@code Lambda-Runtime-Client-Context} JSON, or null
     * @param cognitoIdentity the {@code Lambda-Runtime-Cognito-Identity} JSON, or null
     * @param stream receives a streamed response, or null to collect it
     */
    PendingInvocation(
            byte[] event,
            String clientContext,
            String cognitoIdentity,
            Invoker.StreamListener stream,
            long timeoutMillis) {
        this.requestId = UUID.randomUUID().toString();
        this.event = event;
        this.traceId = newTraceId();
        this.clientContext = clientContext;
        this.cognitoIdentity = cognitoIdentity;
        this.stream = stream;
        this.timeoutMillis = timeoutMillis;
    }

    String requestId() {
        return requestId;
    }

    byte[] event() {
        return event;
    }

    String traceId() {
        return traceId;
    }

    String clientContext() {
        return clientContext;
    }

    String cognitoIdentity() {
        return cognitoIdentity;
    }

    Invoker.StreamListener stream() {
        return stream;
    }

    long timeoutMillis() {
        return timeoutMillis;
    }

    /** Completes with {@link System#nanoTime()} when the runtime first received the event. */
    CompletableFuture<Long> delivered() {
        return delivered;
    }

    /** Completes with how the invocation ended. */
    CompletableFuture<Answer> answer() {
        return answer;
    }

    /** Returns the deadline the runtime was given (epoch ms), or 0 before delivery. */
    long deadlineEpochMillis() {
        return deadlineEpochMillis;
    }

    /** Marks the invocation handed to the runtime; only the first call counts. */
    void markDelivered() {
        if (!delivered.isDone()) {
            deadlineEpochMillis = System.currentTimeMillis() + timeoutMillis;
            delivered.complete(System.nanoTime());
        }
    }

    boolean isDelivered() {
        return delivered.isDone();
    }

    /** Claims the right to answer; false when an answer is already being read or the invocation ended. */
    boolean claimAnswer() {
        return !answer.isDone() && answering.compareAndSet(false, true);
    }

    /** Gives the claim back after the answer's transfer broke, so the runtime may post it again. */
    void releaseAnswer() {
        answering.set(false);
    }

    /** Returns whether the runtime started posting an answer. */
    boolean isAnswering() {
        return answering.get();
    }

    boolean isEnded() {
        return answer.isDone();
    }

    /**
     * Ends the invocation unless it already ended.
     *
     * @return whether this call ended it
     */
    boolean end(Answer how) {
        streamLock.lock();
        try {
            return answer.complete(how);
        } finally {
            streamLock.unlock();
        }
    }

    /** Passes the start of a streamed response to the listener unless the invocation already ended. */
    void streamStart(String contentType) throws IOException {
        streamLock.lock();
        try {
            if (!answer.isDone()) {
                stream.start(contentType);
            }
        } finally {
            streamLock.unlock();
        }
    }

    /** Passes a piece of a streamed response to the listener unless the invocation already ended. */
    void streamChunk(byte[] bytes, int offset, int length) throws IOException {
        streamLock.lock();
        try {
            if (!answer.isDone()) {
                stream.chunk(bytes, offset, length);
            }
        } finally {
            streamLock.unlock();
        }
    }

    /** Returns Lambda's error JSON, {@code {"errorType":…,"errorMessage":…}}. */
    static byte[] errorJson(String errorType, String message) {
        return ("{\"errorType\":" + quote(errorType) + ",\"errorMessage\":" + quote(message) + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Returns {@code text} as a JSON string literal. */
    static String quote(String text) {
        StringBuilder json = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }

    /** An X-Ray trace header as Lambda passes it to an untraced function. */
    static String newTraceId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        HexFormat hex = HexFormat.of();
        byte[] root = new byte[12];
        byte[] parent = new byte[8];
        random.nextBytes(root);
        random.nextBytes(parent);
        return "Root=1-" + String.format("%08x", System.currentTimeMillis() / 1000) + "-" + hex.formatHex(root)
                + ";Parent=" + hex.formatHex(parent) + ";Sampled=0";
    }
}
