package dev.thaw.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The invocation endpoints of the Runtime API (2018-06-01) and the state behind them: the invocation
 * waiting for {@code /next}, the current one, and whether init ended or failed. Lambda's state machine
 * decides what is refused: an answer for another request id (400), a second answer, an init error after
 * init, a {@code /next} after an init error (403).
 */
final class InvocationApi {

    private static final Pattern VALID_ERROR_TYPE = Pattern.compile("(Runtime|Function)\\.[A-Z][a-zA-Z]+");
    private static final byte[] ACCEPTED = "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8);

    /** What the runtime posted to {@code /runtime/init/error}. */
    record InitFailure(String errorType, byte[] body) {}

    private final String functionArn;
    private final Consumer<String> warnings;
    private final ExtensionsApi extensions;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition submitted = lock.newCondition();
    private final CompletableFuture<Long> ready = new CompletableFuture<>();
    private PendingInvocation queued;
    private PendingInvocation current;
    private InitFailure initFailure;
    private boolean closed;

    InvocationApi(String functionArn, Consumer<String> warnings, ExtensionsApi extensions) {
        this.functionArn = functionArn;
        this.warnings = warnings;
        this.extensions = extensions;
    }

    /** Completes with {@link System#nanoTime()} of the runtime's first {@code /next}: the end of init. */
    CompletableFuture<Long> ready() {
        return ready;
    }

    /** Returns what the runtime posted to {@code init/error}, or null. */
    InitFailure initFailure() {
        lock.lock();
        try {
            return initFailure;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Hands an invocation to the runtime's next (or waiting) {@code /next}; after an init failure, ends it
     * at once with the init error.
     *
     * @throws IllegalStateException when another invocation is still queued or the API is closed
     */
    void submit(PendingInvocation invocation) {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("submit " + invocation.requestId() + ": the Runtime API is closed");
            }
            if (queued != null && !queued.isEnded()) {
                throw new IllegalStateException("submit " + invocation.requestId() + ": invocation "
                        + queued.requestId() + " is still waiting for the runtime");
            }
            if (initFailure != null) {
                invocation.end(PendingInvocation.Answer.failure(
                        InvocationResult.Kind.ERROR, initFailure.errorType(), initFailure.body()));
                return;
            }
            queued = invocation;
            submitted.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every waiting {@code /next} so its connection closes. */
    void close() {
        lock.lock();
        try {
            closed = true;
            submitted.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** {@code GET /runtime/invocation/next}: waits without a timeout for the next invocation. */
    boolean next(Http1Connection connection, Http1Connection.Request request) throws IOException {
        connection.readBody(request, 0);
        PendingInvocation invocation = null;
        lock.lock();
        try {
            if (initFailure == null) {
                if (!ready.isDone()) {
                    extensions.closeRegistration();
                    ready.complete(System.nanoTime());
                }
                if (current != null && current.isDelivered() && !current.isAnswering() && !current.isEnded()) {
                    // Lambda hands the current invocation out again, e.g. to a runtime that lost the connection
                    invocation = current;
                } else {
                    while ((queued == null || queued.isEnded()) && !closed) {
                        submitted.awaitUninterruptibly();
                    }
                    if (closed) {
                        return false;
                    }
                    invocation = queued;
                    queued = null;
                    current = invocation;
                }
            }
        } finally {
            lock.unlock();
        }
        if (invocation == null) {
            return refuseTransition(connection, request, "InitError", "Ready");
        }
        boolean first = !invocation.isDelivered();
        invocation.markDelivered();
        if (first) {
            extensions.invoked(invocation, functionArn);
        }
        connection.respond(
                200,
                "application/json",
                invocation.event(),
                request.keepAlive(),
                "Lambda-Runtime-Aws-Request-Id",
                invocation.requestId(),
                "Lambda-Runtime-Deadline-Ms",
                Long.toString(invocation.deadlineEpochMillis()),
                "Lambda-Runtime-Invoked-Function-Arn",
                functionArn,
                "Lambda-Runtime-Trace-Id",
                invocation.traceId(),
                "Lambda-Runtime-Client-Context",
                invocation.clientContext(),
                "Lambda-Runtime-Cognito-Identity",
                invocation.cognitoIdentity());
        return true;
    }

    /** {@code POST /runtime/invocation/{id}/response}, buffered or streamed. */
    boolean response(Http1Connection connection, Http1Connection.Request request, String requestId) throws IOException {
        PendingInvocation invocation = claim(connection, request, requestId, "InvocationResponse");
        if (invocation == null) {
            return true;
        }
        String mode = request.header(RuntimeApiServer.RESPONSE_MODE_HEADER);
        if (mode != null && !mode.equals("streaming")) {
            connection.readBody(request, 0);
            invocation.end(PendingInvocation.Answer.failure(
                    InvocationResult.Kind.ERROR, "Runtime.InvalidResponseModeHeader", new byte[0]));
            warnings.accept("invocation " + requestId + ": " + RuntimeApiServer.RESPONSE_MODE_HEADER + " '" + mode
                    + "' is not 'streaming'; Lambda fails the invocation with Runtime.InvalidResponseModeHeader");
            return RuntimeApiServer.error(
                    connection, request, 400, "InvalidFunctionResponseMode", "Invalid function response mode");
        }
        if (mode != null) {
            return streamedResponse(connection, request, invocation);
        }
        Http1Connection.Body body;
        try {
            body = connection.readBody(request, RuntimeApiServer.MAX_RESPONSE_BYTES);
        } catch (IOException e) {
            invocation.releaseAnswer();
            throw e;
        }
        if (body.tooLarge()) {
            invocation.end(PendingInvocation.Answer.failure(
                    InvocationResult.Kind.ERROR,
                    "Function.ResponseSizeTooLarge",
                    ("{\"errorMessage\":\"Response payload size exceeded maximum allowed payload size ("
                                    + RuntimeApiServer.MAX_RESPONSE_BYTES
                                    + " bytes).\",\"errorType\":\"Function.ResponseSizeTooLarge\"}")
                            .getBytes(StandardCharsets.UTF_8)));
            return RuntimeApiServer.error(
                    connection,
                    request,
                    413,
                    "RequestEntityTooLarge",
                    "Exceeded maximum allowed payload size (" + RuntimeApiServer.MAX_RESPONSE_BYTES + " bytes).");
        }
        invocation.end(PendingInvocation.Answer.response(body.bytes(), false, null, Map.of()));
        return accepted(connection, request);
    }

    private boolean streamedResponse(
            Http1Connection connection, Http1Connection.Request request, PendingInvocation invocation)
            throws IOException {
        boolean forwarding = invocation.stream() != null;
        ByteArrayOutputStream collected = new ByteArrayOutputStream();
        boolean[] listening = {forwarding};
        long[] bytes = {0};
        Map<String, String> trailers;
        try {
            if (forwarding) {
                String contentType = request.headers().getOrDefault("Content-Type", "application/octet-stream");
                try {
                    invocation.streamStart(contentType);
                } catch (IOException e) {
                    // the caller went away; the function still finishes, as on Lambda
                    listening[0] = false;
                }
            }
            trailers = connection.streamBody(request, (chunk, offset, length) -> {
                bytes[0] += length;
                if (!forwarding) {
                    collected.write(chunk, offset, length);
                } else if (listening[0]) {
                    try {
                        invocation.streamChunk(chunk, offset, length);
                    } catch (IOException e) {
                        listening[0] = false;
                    }
                }
            });
        } catch (IOException e) {
            if (bytes[0] == 0) {
                invocation.releaseAnswer();
            } else {
                invocation.end(new PendingInvocation.Answer(
                        InvocationResult.Kind.ERROR,
                        collected.toByteArray(),
                        "Runtime.TruncatedResponse",
                        true,
                        Map.of(),
                        System.nanoTime()));
            }
            throw e;
        }
        String errorType = trailers.get(RuntimeApiServer.ERROR_TYPE_HEADER);
        if (errorType != null) {
            errorType = validErrorType(errorType, "invocation " + invocation.requestId());
        }
        invocation.end(PendingInvocation.Answer.response(collected.toByteArray(), true, errorType, trailers));
        return accepted(connection, request);
    }

    /** {@code POST /runtime/invocation/{id}/error}. */
    boolean invocationError(Http1Connection connection, Http1Connection.Request request, String requestId)
            throws IOException {
        PendingInvocation invocation = claim(connection, request, requestId, "InvocationErrorResponse");
        if (invocation == null) {
            return true;
        }
        Http1Connection.Body body;
        try {
            body = connection.readBody(request, RuntimeApiServer.MAX_RESPONSE_BYTES);
        } catch (IOException e) {
            invocation.releaseAnswer();
            throw e;
        }
        String errorType =
                validErrorType(request.header(RuntimeApiServer.ERROR_TYPE_HEADER), "invocation " + requestId);
        invocation.end(PendingInvocation.Answer.failure(
                InvocationResult.Kind.ERROR, errorType, body.tooLarge() ? new byte[0] : body.bytes()));
        return accepted(connection, request);
    }

    /** {@code POST /runtime/init/error}: the runtime could not start; the pending invocation fails with it. */
    boolean initError(Http1Connection connection, Http1Connection.Request request) throws IOException {
        Http1Connection.Body body = connection.readBody(request, RuntimeApiServer.MAX_RESPONSE_BYTES);
        String errorType = validErrorType(request.header(RuntimeApiServer.ERROR_TYPE_HEADER), "init/error");
        InitFailure failure = new InitFailure(errorType, body.tooLarge() ? new byte[0] : body.bytes());
        PendingInvocation failed = null;
        String refusedFrom = null;
        lock.lock();
        try {
            if (ready.isDone() || initFailure != null) {
                refusedFrom = initFailure != null ? "InitError" : "Running";
            } else {
                initFailure = failure;
                failed = queued;
                queued = null;
            }
        } finally {
            lock.unlock();
        }
        if (refusedFrom != null) {
            return refuseTransition(connection, request, refusedFrom, "InitError");
        }
        if (failed != null) {
            failed.end(
                    PendingInvocation.Answer.failure(InvocationResult.Kind.ERROR, failure.errorType(), failure.body()));
        }
        return accepted(connection, request);
    }

    /**
     * Finds the invocation an answer is for and claims it; on failure answers 400 or 403 (after reading
     * the body, so the connection stays usable) and returns null.
     */
    private PendingInvocation claim(
            Http1Connection connection, Http1Connection.Request request, String requestId, String transition)
            throws IOException {
        PendingInvocation invocation;
        lock.lock();
        try {
            invocation = current != null && current.requestId().equals(requestId) ? current : null;
        } finally {
            lock.unlock();
        }
        if (invocation == null) {
            connection.readBody(request, 0);
            RuntimeApiServer.error(connection, request, 400, "InvalidRequestID", "Invalid request ID");
            return null;
        }
        if (!invocation.claimAnswer()) {
            connection.readBody(request, 0);
            refuseTransition(connection, request, "RuntimeResponseSentState", transition);
            return null;
        }
        return invocation;
    }

    /**
     * Returns the error type Lambda records for a {@code Lambda-Runtime-Function-Error-Type} value, with a
     * warning when that is not the value itself.
     *
     * @param context what posted it, such as {@code invocation <id>}
     */
    private String validErrorType(String header, String context) {
        String valid = validErrorType(header);
        if (!valid.equals(header)) {
            warnings.accept(context + ": " + RuntimeApiServer.ERROR_TYPE_HEADER
                    + (header == null
                            ? " is missing"
                            : " '" + header + "' does not match (Runtime|Function)\\.[A-Z][a-zA-Z]+")
                    + "; Lambda records it as " + valid);
        }
        return valid;
    }

    /**
     * Returns the header when it contains a valid error type (Lambda's check is not anchored), else
     * {@code Function.Unknown} for values starting with {@code Function.} and {@code Runtime.Unknown}
     * otherwise.
     */
    static String validErrorType(String header) {
        if (header != null && VALID_ERROR_TYPE.matcher(header).find()) {
            return header;
        }
        return header != null && header.startsWith("Function.") ? "Function.Unknown" : "Runtime.Unknown";
    }

    private static boolean accepted(Http1Connection connection, Http1Connection.Request request) throws IOException {
        connection.respond(202, "application/json", ACCEPTED, request.keepAlive());
        return true;
    }

    private static boolean refuseTransition(
            Http1Connection connection, Http1Connection.Request request, String from, String to) throws IOException {
        return RuntimeApiServer.error(
                connection,
                request,
                403,
                "InvalidStateTransition",
                "State transition from " + from + " to " + to
                        + " failed for runtime. Error: State transition is not allowed");
    }
}
