package dev.thaw.lambda;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A raw-socket HTTP/1.1 server for client tests: each request read is recorded, and a script decides
 * the answer, including closing the connection without one.
 */
final class ScriptedRuntimeApi implements AutoCloseable {

    /** A request as the server read it. */
    record Received(
            String method, String path, Map<String, String> headers, byte[] body, Map<String, String> trailers) {
        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** An answer: raw bytes to write, or null to close the connection without answering. */
    static byte[] reply(int status, String body, String... headers) {
        StringBuilder out = new StringBuilder("HTTP/1.1 ").append(status).append(" X\r\n");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            out.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        out.append("Content-Length: ").append(bytes.length).append("\r\n\r\n");
        byte[] head = out.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[head.length + bytes.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(bytes, 0, all, head.length, bytes.length);
        return all;
    }

    private final ServerSocket server;
    private final Thread acceptor;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private volatile Function<Received, byte[]> script;
    private volatile int connections;

    ScriptedRuntimeApi(Function<Received, byte[]> script) throws IOException {
        this.script = script;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = Thread.ofPlatform().daemon().start(this::accept);
    }

    String endpoint() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    int connections() {
        return connections;
    }

    void script(Function<Received, byte[]> script) {
        this.script = script;
    }

    Received take() throws InterruptedException {
        Received r = received.poll(5, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("no request reached the scripted Runtime API within 5 s");
        }
        return r;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections++;
                Thread.ofPlatform().daemon().start(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (true) {
                Received r = read(in);
                if (r == null) {
                    return;
                }
                received.add(r);
                byte[] answer = script.apply(r);
                if (answer == null) {
                    return;
                }
                out.write(answer);
                out.flush();
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    static Received read(InputStream in) throws IOException {
        String requestLine = line(in);
        if (requestLine == null) {
            return null;
        }
        String[] parts = requestLine.split(" ");
        Map<String, String> headers = new LinkedHashMap<>();
        String h;
        while ((h = line(in)) != null && !h.isEmpty()) {
            int colon = h.indexOf(':');
            headers.put(
                    h.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    h.substring(colon + 1).trim());
        }
        Map<String, String> trailers = new LinkedHashMap<>();
        byte[] body;
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            while (true) {
                int size = Integer.parseInt(line(in).trim(), 16);
                if (size == 0) {
                    String t;
                    while ((t = line(in)) != null && !t.isEmpty()) {
                        int colon = t.indexOf(':');
                        trailers.put(
                                t.substring(0, colon).trim(),
                                t.substring(colon + 1).trim());
                    }
                    break;
                }
                all.write(in.readNBytes(size));
                line(in);
            }
            body = all.toByteArray();
        } else {
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            body = in.readNBytes(length);
        }
        return new Received(parts[0], parts[1], headers, body, trailers);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder s = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                int n = s.length();
                return n > 0 && s.charAt(n - 1) == '\r' ? s.substring(0, n - 1) : s.toString();
            }
            s.append((char) b);
        }
        return s.isEmpty() ? null : s.toString();
    }
}
