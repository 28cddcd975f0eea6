package dev.thaw.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

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

    private final ServerSocket serverSocket;
    private final ExtensionsApi extensions;
    private final InvocationApi invocations;
    private final Set<Http1Connection> connections = ConcurrentHashMap.newKeySet();

    private RuntimeApiServer(
            ServerSocket serverSocket, String functionName, String functionArn, Consumer<String> warnings) {
        this.serverSocket = serverSocket;
        this.extensions = new ExtensionsApi(functionName);
        this.invocations = new InvocationApi(functionArn, warnings, extensions);
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
        return invocations.ready();
    }

    /** Returns what the runtime posted to {@code init/error}, or null. */
    InvocationApi.InitFailure initFailure() {
        return invocations.initFailure();
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
        invocations.submit(invocation);
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
        invocations.close();
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
                return method.equals("GET")
                        ? invocations.next(connection, request)
                        : notAllowed(connection, request, "GET");
            }
            int slash = rest.indexOf('/');
            String action = slash < 0 ? "" : rest.substring(slash + 1);
            if (action.equals("response") || action.equals("error")) {
                if (!method.equals("POST")) {
                    return notAllowed(connection, request, "POST");
                }
                String requestId = rest.substring(0, slash);
                return action.equals("response")
                        ? invocations.response(connection, request, requestId)
                        : invocations.invocationError(connection, request, requestId);
            }
        } else if (path.equals(PREFIX + "/init/error")) {
            return method.equals("POST")
                    ? invocations.initError(connection, request)
                    : notAllowed(connection, request, "POST");
        } else if (path.equals(PREFIX + "/restore/next") || path.equals(PREFIX + "/restore/error")) {
            // only SnapStart environments restore; this one is on-demand
            connection.readBody(request, 0);
            return error(
                    connection,
                    request,
                    403,
                    "InvalidStateTransition",
                    "State transition from Running to RestoreReady failed for runtime. Error: State transition is"
                            + " not allowed");
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
