package dev.thaw.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The Lambda Runtime API (2018-06-01) of one execution environment, on 127.0.0.1 and an ephemeral port:
 * raw-socket HTTP/1.1 with keep-alive, one virtual thread per connection. Like Lambda, every environment
 * has its own, so there is at most one invocation in flight and routing is trivial.
 *
 * <p>It applies Lambda's validations: an answer for a request id that is not the current invocation gets
 * 400 {@code InvalidRequestID}; a second answer 403 {@code InvalidStateTransition}; a buffered response
 * over 6,291,556 bytes 413 {@code RequestEntityTooLarge} (the invocation then ends with
 * {@code Function.ResponseSizeTooLarge}); an error type that does not contain
 * {@code (Runtime|Function)\.[A-Z][a-zA-Z]+} is accepted but recorded as {@code Runtime.Unknown} (or
 * {@code Function.Unknown} when it starts with {@code Function.}), as Lambda's runtime API does.
 */
final class RuntimeApiServer implements AutoCloseable {

    static final String PREFIX = "/2018-06-01/runtime";
    /** Lambda's limit for a buffered response: 6 MiB plus 100 bytes. */
    static final int MAX_RESPONSE_BYTES = 6 * 1024 * 1024 + 100;

    static final String ERROR_TYPE_HEADER = "Lambda-Runtime-Function-Error-Type";
    static final String RESPONSE_MODE_HEADER = "Lambda-Runtime-Function-Response-Mode";
    private static final Pattern VALID_ERROR_TYPE = Pattern.compile("(Runtime|Function)\\.[A-Z][a-zA-Z]+");
    private static final byte[] ACCEPTED = "{\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8);
    private static final String NOT_ALLOWED = "State transition is not allowed";

    /** What the runtime posted to {@code /runtime/init/error}. */
    record InitFailure(String errorType, byte[] body) {}

    private final ServerSocket serverSocket;
    private final String functionArn;
    private final Consumer<String> warnings;
    private final ExtensionsApi extensions;
    private final Set<Http1Connection> connections = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition submitted = lock.newCondition();
    private final CompletableFuture<Long> ready = new CompletableFuture<>();
    private PendingInvocation queued;
    private PendingInvocation current;
    private InitFailure initFailure;
    private boolean closed;

    private RuntimeApiServer(
            ServerSocket serverSocket, String functionName, String functionArn, Consumer<String> warnings) {
        this.serverSocket = serverSocket;
        this.functionArn = functionArn;
        this.warnings = warnings;
        this.extensions = new ExtensionsApi(functionName);
    }

    /**
     * Starts a server on 127.0.0.1 and an ephemeral port.
     *
     * @param functionArn what {@code Lambda-Runtime-Invoked-Function-Arn} says
     * @param warnings receives one line per protocol problem worth telling the developer about
     */
    static RuntimeApiServer start(String functionName, String functionArn, Consumer<String> warnings)
            throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        RuntimeApiServer server = new RuntimeApiServer(socket, functionName, functionArn, warnings);
        Thread.ofVirtual().name("runtime-api-accept-" + socket.getLocalPort()).start(server::acceptLoop);
        return server;
    }

    /** Returns {@code 127.0.0.1:port}, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
    String endpoint() {
        return serverSocket.getInetAddress().getHostAddress() + ":" + serverSocket.getLocalPort();
    }

    int port() {
        return serverSocket.getLocalPort();
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

    /** Returns the names of the extensions that registered, in order. */
    List<String> extensionNames() {
        return extensions.names();
    }

    /**
     * Hands an invocation to the runtime's next (or waiting) {@code /next}. An environment whose init
     * failed ends it at once with the init error.
     *
     * @throws IllegalStateException when another invocation is still queued or the server is closed
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

    /**
     * Sends {@code SHUTDOWN} to the extensions that subscribed to it.
     *
     * @return whether any extension registered (Lambda signals the runtime with SIGTERM only then)
     */
    boolean shutdownExtensions(long deadlineEpochMillis) {
        extensions.shutdown(deadlineEpochMillis);
        return !extensions.names().isEmpty();
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            submitted.signalAll();
        } finally {
            lock.unlock();
        }
        extensions.close();
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // closing: nothing else to do
        }
        connections.forEach(Http1Connection::close);
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                return;
            }
            Thread.ofVirtual().name("runtime-api-" + socket.getPort()).start(() -> serve(socket));
        }
    }

    private void serve(Socket socket) {
        Http1Connection connection;
        try {
            socket.setTcpNoDelay(true);
            connection = new Http1Connection(socket);
        } catch (IOException e) {
            closeQuietly(socket);
            return;
        }
        connections.add(connection);
        if (serverSocket.isClosed()) {
            connection.close();
        }
        try {
            while (true) {
                Http1Connection.Request request = connection.readRequest();
                if (request == null || !dispatch(connection, request) || !request.keepAlive()) {
                    return;
                }
            }
        } catch (Http1Connection.MalformedRequestException e) {
            try {
                connection.respond(400, "application/json", json("InvalidRequest", e.getMessage()), false);
            } catch (IOException ignored) {
                // the client is gone
            }
        } catch (IOException e) {
            // the runtime closed or broke the connection: nothing to answer
        } finally {
            connection.close();
            connections.remove(connection);
        }
    }

    /** Routes one request; returns whether the connection may serve another. */
    private boolean dispatch(Http1Connection connection, Http1Connection.Request request) throws IOException {
        String path = request.path();
        String method = request.method();
        if (path.startsWith(PREFIX + "/invocation/")) {
            String rest = path.substring(PREFIX.length() + "/invocation/".length());
            if (rest.equals("next")) {
                return method.equals("GET") ? next(connection, request) : notAllowed(connection, request, "GET");
            }
            int slash = rest.indexOf('/');
            String action = slash < 0 ? "" : rest.substring(slash + 1);
            if (action.equals("response") || action.equals("error")) {
                if (!method.equals("POST")) {
                    return notAllowed(connection, request, "POST");
                }
                String requestId = rest.substring(0, slash);
                return action.equals("response")
                        ? response(connection, request, requestId)
                        : invocationError(connection, request, requestId);
            }
        } else if (path.equals(PREFIX + "/init/error")) {
            return method.equals("POST") ? initError(connection, request) : notAllowed(connection, request, "POST");
        } else if (path.equals(PREFIX + "/restore/next") || path.equals(PREFIX + "/restore/error")) {
            // only SnapStart environments restore; this one is on-demand
            connection.readBody(request, 0);
            return error(
                    connection,
                    request,
                    403,
                    "InvalidStateTransition",
                    "State transition from Running to RestoreReady failed for runtime. Error: " + NOT_ALLOWED);
        } else if (path.equals(ExtensionsApi.PREFIX + "/register")) {
            return method.equals("POST")
                    ? extensions.register(connection, request)
                    : notAllowed(connection, request, "POST");
        } else if (path.equals(ExtensionsApi.PREFIX + "/event/next")) {
            return method.equals("GET") ? extensions.next(connection, request) : notAllowed(connection, request, "GET");
        }
        connection.readBody(request, 0);
        return error(connection, request, 404, "NotFound", "No such Runtime API resource: " + method + " " + path);
    }

    /** {@code GET /runtime/invocation/next}: waits without a timeout for the next invocation. */
    private boolean next(Http1Connection connection, Http1Connection.Request request) throws IOException {
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
            return error(
                    connection,
                    request,
                    403,
                    "InvalidStateTransition",
                    "State transition from InitError to Ready failed for runtime. Error: " + NOT_ALLOWED);
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
    private boolean response(Http1Connection connection, Http1Connection.Request request, String requestId)
            throws IOException {
        PendingInvocation invocation = claim(connection, request, requestId, "InvocationResponse");
        if (invocation == null) {
            return true;
        }
        String mode = request.header(RESPONSE_MODE_HEADER);
        if (mode != null && !mode.equals("streaming")) {
            connection.readBody(request, 0);
            invocation.end(PendingInvocation.Answer.failure(
                    InvocationResult.Kind.ERROR, "Runtime.InvalidResponseModeHeader", new byte[0]));
            warnings.accept("invocation " + requestId + ": " + RESPONSE_MODE_HEADER + " '" + mode
                    + "' is not 'streaming'; Lambda fails the invocation with Runtime.InvalidResponseModeHeader");
            return error(connection, request, 400, "InvalidFunctionResponseMode", "Invalid function response mode");
        }
        if (mode != null) {
            return streamedResponse(connection, request, invocation);
        }
        Http1Connection.Body body;
        try {
            body = connection.readBody(request, MAX_RESPONSE_BYTES);
        } catch (IOException e) {
            invocation.releaseAnswer();
            throw e;
        }
        if (body.tooLarge()) {
            invocation.end(PendingInvocation.Answer.failure(
                    InvocationResult.Kind.ERROR,
                    "Function.ResponseSizeTooLarge",
                    ("{\"errorMessage\":\"Response payload size exceeded maximum allowed payload size ("
                                    + MAX_RESPONSE_BYTES
                                    + " bytes).\",\"errorType\":\"Function.ResponseSizeTooLarge\"}")
                            .getBytes(StandardCharsets.UTF_8)));
            return error(
                    connection,
                    request,
                    413,
                    "RequestEntityTooLarge",
                    "Exceeded maximum allowed payload size (" + MAX_RESPONSE_BYTES + " bytes).");
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
        String errorType = trailers.get(ERROR_TYPE_HEADER);
        if (errorType != null) {
            errorType = validErrorType(errorType, invocation.requestId());
        }
        invocation.end(PendingInvocation.Answer.response(collected.toByteArray(), true, errorType, trailers));
        return accepted(connection, request);
    }

    /** {@code POST /runtime/invocation/{id}/error}. */
    private boolean invocationError(Http1Connection connection, Http1Connection.Request request, String requestId)
            throws IOException {
        PendingInvocation invocation = claim(connection, request, requestId, "InvocationErrorResponse");
        if (invocation == null) {
            return true;
        }
        Http1Connection.Body body;
        try {
            body = connection.readBody(request, MAX_RESPONSE_BYTES);
        } catch (IOException e) {
            invocation.releaseAnswer();
            throw e;
        }
        String errorType = validErrorType(request.header(ERROR_TYPE_HEADER), requestId);
        invocation.end(PendingInvocation.Answer.failure(
                InvocationResult.Kind.ERROR, errorType, body.tooLarge() ? new byte[0] : body.bytes()));
        return accepted(connection, request);
    }

    /** {@code POST /runtime/init/error}: the runtime could not start; the pending invocation fails with it. */
    private boolean initError(Http1Connection connection, Http1Connection.Request request) throws IOException {
        Http1Connection.Body body = connection.readBody(request, MAX_RESPONSE_BYTES);
        String errorType = validErrorType(request.header(ERROR_TYPE_HEADER), "init");
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
            return error(
                    connection,
                    request,
                    403,
                    "InvalidStateTransition",
                    "State transition from " + refusedFrom + " to InitError failed for runtime. Error: " + NOT_ALLOWED);
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
            error(connection, request, 400, "InvalidRequestID", "Invalid request ID");
            return null;
        }
        if (!invocation.claimAnswer()) {
            connection.readBody(request, 0);
            error(
                    connection,
                    request,
                    403,
                    "InvalidStateTransition",
                    "State transition from RuntimeResponseSentState to " + transition + " failed for runtime. Error: "
                            + NOT_ALLOWED);
            return null;
        }
        return invocation;
    }

    /** Returns the error type Lambda records for a {@code Lambda-Runtime-Function-Error-Type} value. */
    private String validErrorType(String header, String requestId) {
        String valid = validErrorType(header);
        if (!valid.equals(header)) {
            warnings.accept("invocation " + requestId + ": " + ERROR_TYPE_HEADER + " '" + (header == null ? "" : header)
                    + "' does not match (Runtime|Function)\\.[A-Z][a-zA-Z]+; Lambda records it as " + valid);
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

    private static boolean notAllowed(Http1Connection connection, Http1Connection.Request request, String allowed)
            throws IOException {
        connection.readBody(request, 0);
        return error(
                connection,
                request,
                405,
                "MethodNotAllowed",
                request.method() + " " + request.path() + " is not supported; use " + allowed);
    }

    /** Answers with Lambda's error JSON; returns whether the connection may serve another request. */
    static boolean error(
            Http1Connection connection, Http1Connection.Request request, int status, String type, String message)
            throws IOException {
        connection.respond(status, "application/json", json(type, message), request.keepAlive());
        return true;
    }

    private static byte[] json(String type, String message) {
        return ("{\"errorMessage\":" + PendingInvocation.quote(message) + ",\"errorType\":"
                        + PendingInvocation.quote(type) + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
    }
}
