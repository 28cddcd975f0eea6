package dev.thaw.local;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The emulator's HTTP front end: each request becomes an event of the chosen {@link EventFormat}, is
 * handed to an {@link Invoker}, and the function's answer goes back to the client as that front end would
 * send it. Requests run on virtual threads, so a slow invocation holds up no other request. Bodies over the
 * front end's limit (6 MB; 1 MB for ALB) are answered 413 without invoking the function.
 */
final class FrontDoor implements AutoCloseable {

    /** How much of an oversized body is read and dropped before the 413 goes out. */
    private static final long MAX_DRAIN = 64L * 1024 * 1024;

    private final HttpServer server;
    private final ExecutorService executor;
    private final EventFactory events;
    private final Invoker invoker;
    private final PrintStream console;
    private final String command;

    private FrontDoor(
            HttpServer server,
            ExecutorService executor,
            EventFactory events,
            Invoker invoker,
            PrintStream console,
            String command) {
        this.server = server;
        this.executor = executor;
        this.events = events;
        this.invoker = invoker;
        this.console = console;
        this.command = command;
    }

    /**
     * Starts serving on {@code host:port}.
     *
     * @param port the port; 0 picks a free one
     * @param events makes the events, and says which front end to play
     * @param console where requests the front end answered on its own are explained
     * @param command the command serving, which prefixes those lines
     * @throws IOException when the address cannot be bound
     */
    static FrontDoor start(
            String host, int port, EventFactory events, Invoker invoker, PrintStream console, String command)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), port), 128);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        FrontDoor door = new FrontDoor(server, executor, events, invoker, console, command);
        server.createContext("/", door::handle);
        server.start();
        return door;
    }

    /** Returns the port it listens on. */
    int port() {
        return server.getAddress().getPort();
    }

    /** Stops listening and abandons the requests still being answered. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) {
        EventFormat format = events.format();
        String method = exchange.getRequestMethod();
        URI uri = exchange.getRequestURI();
        boolean head = method.equals("HEAD");
        try {
            byte[] body = readBody(exchange, format.maxBody());
            if (body == null) {
                HttpAnswer tooLarge = ResponseMapper.tooLarge(
                        format,
                        "the request body is over " + format.maxBody() + " bytes, the limit of "
                                + format.description());
                send(exchange, tooLarge, head, format);
                return;
            }
            String rawPath = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            IncomingRequest request = new IncomingRequest(
                    method,
                    rawPath,
                    uri.getRawQuery(),
                    headerLines(exchange.getRequestHeaders()),
                    body,
                    exchange.getRemoteAddress().getAddress().getHostAddress(),
                    exchange.getLocalAddress().getPort());
            byte[] event = events.event(request);
            if (event.length > EventFormat.MAX_EVENT_BYTES) {
                HttpAnswer tooLarge = ResponseMapper.tooLarge(
                        format,
                        "the event has " + event.length + " bytes, over Lambda's 6 MB invocation payload limit");
                send(exchange, tooLarge, head, format);
                return;
            }
            StreamedResponse stream = format == EventFormat.FUNCTION_URL ? new StreamedResponse(exchange, head) : null;
            InvocationResult result = invoke(event, stream);
            if (stream != null && stream.sent()) {
                String error = trailer(result, "Lambda-Runtime-Function-Error-Type");
                if (result.kind() != InvocationResult.Kind.RESPONSE || error != null) {
                    // the status is out: a failure now can only cut the body short, as on Lambda
                    explain(
                            method,
                            uri,
                            stream.status(),
                            "the streamed response failed after it started: "
                                    + (error != null ? error : result.kind() + " " + result.errorType()));
                }
                stream.finish();
                return;
            }
            HttpAnswer answer =
                    stream != null && stream.problem() != null && result.kind() == InvocationResult.Kind.RESPONSE
                            ? ResponseMapper.failure(format, stream.problem())
                            : ResponseMapper.map(format, result);
            send(exchange, answer, head, format);
        } catch (IOException e) {
            // the client went away: nobody is left to answer
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            String problem = "the emulator failed: " + e;
            if (exchange.getResponseCode() == -1) {
                try {
                    send(exchange, ResponseMapper.failure(format, problem), head, format);
                } catch (IOException | RuntimeException again) {
                    explain(method, uri, 0, problem);
                }
            } else {
                explain(method, uri, 0, problem);
            }
        } finally {
            exchange.close();
        }
    }

    private static String trailer(InvocationResult result, String name) {
        for (Map.Entry<String, String> trailer : result.trailers().entrySet()) {
            if (trailer.getKey().equalsIgnoreCase(name)) {
                return trailer.getValue();
            }
        }
        return null;
    }

    private InvocationResult invoke(byte[] event, StreamedResponse stream) throws InterruptedException {
        try {
            return invoker.invoke(event, stream);
        } catch (RuntimeException e) {
            // no environment could run it (the pool is closing, bootstrap failed to start): a 5xx, as on Lambda
            return new InvocationResult(
                    InvocationResult.Kind.CRASH,
                    JsonWriter.write(
                            Map.of("errorMessage", String.valueOf(e.getMessage()), "errorType", "Runtime.Unknown")),
                    "Runtime.Unknown",
                    false,
                    Map.of(),
                    null,
                    0,
                    false);
        }
    }

    /**
     * Reads the request body, or returns null when it is over {@code limit} bytes. An oversized body is
     * still read to its end (up to {@link #MAX_DRAIN} bytes) and dropped: a client that is still sending
     * would otherwise see the connection reset instead of the 413.
     */
    private static byte[] readBody(HttpExchange exchange, int limit) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(limit + 1);
            if (body.length <= limit) {
                return body;
            }
            long drained = 0;
            byte[] sink = new byte[64 * 1024];
            for (int n; drained < MAX_DRAIN && (n = in.read(sink)) > 0; ) {
                drained += n;
            }
            return null;
        }
    }

    private static List<Map.Entry<String, String>> headerLines(Headers headers) {
        List<Map.Entry<String, String>> lines = new ArrayList<>();
        headers.forEach((name, values) -> {
            for (String value : values) {
                lines.add(Map.entry(name, value));
            }
        });
        return lines;
    }

    /**
     * Sends {@code answer}, or the front end's error when one of its headers cannot be sent; says first on
     * the console why, when the front end answered on its own.
     */
    private void send(HttpExchange exchange, HttpAnswer answer, boolean head, EventFormat format) throws IOException {
        try {
            putHeaders(exchange, answer);
        } catch (IllegalArgumentException e) {
            // a header value with a line break cannot go out: a front end treats that as a malformed answer
            exchange.getResponseHeaders().clear();
            answer = ResponseMapper.failure(format, "a header of the answer cannot be sent: " + e.getMessage());
            putHeaders(exchange, answer);
        }
        if (answer.problem() != null) {
            explain(exchange.getRequestMethod(), exchange.getRequestURI(), answer.status(), answer.problem());
        }
        int status = answer.status();
        byte[] body = answer.body();
        boolean noBody = head || status == 204 || status == 304 || body.length == 0;
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Puts {@code answer}'s headers on the exchange's response, one line per value. */
    static void putHeaders(HttpExchange exchange, HttpAnswer answer) {
        Headers headers = exchange.getResponseHeaders();
        answer.headers().forEach((name, values) -> {
            for (String value : values) {
                headers.add(name, value);
            }
        });
    }

    private void explain(String method, URI uri, int status, String problem) {
        String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        console.println("thaw " + command + ": " + method + " " + target + (status == 0 ? "" : " answered " + status)
                + ": " + problem);
    }
}
