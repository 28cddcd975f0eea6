package dev.thaw.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.thaw.App;
import dev.thaw.Context;
import dev.thaw.EventSource;
import dev.thaw.Headers;
import dev.thaw.HttpException;
import dev.thaw.Problem;
import dev.thaw.Recovery;
import dev.thaw.Request;
import dev.thaw.Response;
import dev.thaw.internal.AfterResponse;
import dev.thaw.internal.Log;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns one jdk.httpserver exchange into a {@link Request}, runs the app and writes its {@link
 * Response}. The adapter's single exception boundary is here: whatever the app throws, and whatever
 * makes the exchange unreadable as a request, is answered through {@link Recovery#answer}.
 */
final class ExchangeAdapter implements HttpHandler {

    private final App app;
    private final int maxBodyBytes;
    private final Object idle = new Object();
    /** The first request this server answers is the process's cold start. */
    private final AtomicBoolean coldStart = new AtomicBoolean(true);

    private int inFlight;

    ExchangeAdapter(App app, int maxBodyBytes) {
        this.app = app;
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * Waits until no exchange is being handled, or {@code millis} have passed.
     *
     * @return whether the adapter is idle
     */
    boolean awaitIdle(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        synchronized (idle) {
            while (inFlight > 0) {
                // Rounded up: never give up before the whole grace has passed.
                long left = (deadline - System.nanoTime() + 999_999) / 1_000_000;
                if (left <= 0) {
                    return false;
                }
                idle.wait(left);
            }
            return true;
        }
    }

    @Override
    public void handle(HttpExchange exchange) {
        synchronized (idle) {
            inFlight++;
        }
        AfterResponse after = AfterResponse.open();
        try {
            Request request;
            try {
                request = toRequest(exchange);
            } catch (IOException e) {
                log(exchange, "reading the request body failed (" + e.getMessage() + "); connection dropped");
                return;
            } catch (RuntimeException e) {
                send(exchange, null, unreadable(exchange, e));
                return;
            }
            Response response;
            try {
                response = app.handle(request);
                if (response == null) {
                    throw new IllegalStateException("the handler returned no response");
                }
            } catch (Throwable failure) {
                response = Recovery.answer(request, failure);
            }
            send(exchange, request, response);
        } finally {
            exchange.close();
            // the access log and metrics lines, once the client has its answer
            after.run();
            synchronized (idle) {
                if (--inFlight == 0) {
                    idle.notifyAll();
                }
            }
        }
    }

    /** Answers an exchange that could not be turned into a request (bad target, oversized body). */
    private static Response unreadable(HttpExchange exchange, RuntimeException failure) {
        if (failure instanceof HttpException e) {
            Response response = e.toResponse();
            // an oversized body was left unread on the connection: it cannot carry another request
            return e.status() == 413 ? response.withHeader("connection", "close") : response;
        }
        return Recovery.answer(Request.builder(exchange.getRequestMethod(), "/").build(), failure);
    }

    private Request toRequest(HttpExchange exchange) throws IOException {
        URI uri = exchange.getRequestURI();
        String rawPath = uri.getRawPath();
        String rawQuery = uri.getRawQuery();
        String target = rawQuery == null ? rawPath : rawPath + "?" + rawQuery;
        Request.Builder builder = Request.builder(exchange.getRequestMethod(), target);
        Headers.Builder headers = Headers.builder();
        for (Map.Entry<String, List<String>> e : exchange.getRequestHeaders().entrySet()) {
            try {
                headers.addAll(e.getKey(), e.getValue());
            } catch (IllegalArgumentException invalid) {
                throw HttpException.badRequest("Malformed request header: " + invalid.getMessage());
            }
        }
        builder.headers(headers.build())
                .body(readBody(exchange))
                .context(Context.builder()
                        .source(EventSource.LOCAL)
                        .coldStart(coldStart.get() && coldStart.getAndSet(false))
                        .build());
        InetSocketAddress remote = exchange.getRemoteAddress();
        if (remote != null) {
            builder.sourceIp(
                    remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString());
        }
        return builder.build();
    }

    private byte[] readBody(HttpExchange exchange) throws IOException {
        InputStream in = exchange.getRequestBody();
        String declared = exchange.getRequestHeaders().getFirst("content-length");
        if (declared != null) {
            // jdk.httpserver has already refused a malformed or negative Content-Length
            long length = Long.parseLong(declared.trim());
            if (length > maxBodyBytes) {
                throw tooLarge();
            }
            byte[] body = in.readNBytes((int) length);
            if (body.length < length) {
                throw new IOException("the client sent " + body.length + " of " + length + " body bytes");
            }
            return body;
        }
        byte[] body = in.readNBytes(maxBodyBytes + 1);
        if (body.length > maxBodyBytes) {
            throw tooLarge();
        }
        return body;
    }

    private HttpException tooLarge() {
        return new HttpException(
                Problem.of(413, "The request body is larger than the limit of " + maxBodyBytes + " bytes"));
    }

    private static void send(HttpExchange exchange, Request request, Response response) {
        com.sun.net.httpserver.Headers out = exchange.getResponseHeaders();
        for (Map.Entry<String, List<String>> e : response.headers().asMap().entrySet()) {
            String name = e.getKey();
            // the server frames the body itself
            if (name.equals("content-length") || name.equals("transfer-encoding")) {
                continue;
            }
            for (String value : e.getValue()) {
                out.add(name, value);
            }
        }
        for (String cookie : response.cookies()) {
            out.add("set-cookie", cookie);
        }
        int status = response.status();
        try {
            if (status < 200 || status == 204 || status == 304) {
                exchange.sendResponseHeaders(status, -1);
            } else if (exchange.getRequestMethod().equals("HEAD")) {
                // jdk.httpserver sends no body for HEAD and leaves Content-Length to the handler: the
                // GET body's length, or what a handler answering HEAD itself declared
                int length = response.body().length;
                String declared =
                        length == 0 ? response.header("content-length").orElse(null) : null;
                if (declared != null) {
                    out.set("content-length", declared);
                } else if (!response.isStreaming()) {
                    out.set("content-length", Integer.toString(length));
                }
                exchange.sendResponseHeaders(status, -1);
            } else if (response.isStreaming()) {
                exchange.sendResponseHeaders(status, 0);
                stream(exchange, request, response);
            } else {
                byte[] body = response.body();
                exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
                OutputStream stream = exchange.getResponseBody();
                stream.write(body);
                stream.close();
            }
        } catch (IOException e) {
            log(exchange, "the client closed the connection before the response was sent (" + e.getMessage() + ")");
        }
    }

    private static void stream(HttpExchange exchange, Request request, Response response) throws IOException {
        OutputStream body = exchange.getResponseBody();
        try {
            response.streamingBody().writeTo(body);
        } catch (Throwable failure) {
            if (failure instanceof IOException e) {
                log(exchange, "the response stream ended early (" + e.getMessage() + "); connection dropped");
            } else {
                Recovery.answer(request, failure);
            }
            abort(body);
            return;
        }
        body.close();
    }

    /**
     * Drops the connection without the final empty chunk, so the client sees a truncated body rather
     * than a complete-looking one. jdk.httpserver has no abort: closing the stream would write that
     * chunk. With the interrupt flag set, the blocking channel write of it fails and closes the channel
     * (ClosedByInterruptException), while the server still counts the exchange as finished, which a
     * graceful stop relies on.
     */
    private static void abort(OutputStream body) {
        Thread.currentThread().interrupt();
        try {
            body.close();
        } catch (IOException ignored) {
            // the channel is closed: that is the point
        } finally {
            Thread.interrupted();
        }
    }

    private static void log(HttpExchange exchange, String what) {
        Log.standard()
                .write(
                        Log.WARN,
                        "dev.thaw.server.ExchangeAdapter",
                        exchange.getRequestMethod() + " "
                                + exchange.getRequestURI().getRawPath() + ": " + what);
    }
}
