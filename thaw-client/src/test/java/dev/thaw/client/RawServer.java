package dev.thaw.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A loopback HTTP/1.1 server on raw sockets that counts connections and lets each test script them. */
final class RawServer implements AutoCloseable {

    /** What to do with one accepted connection. */
    interface Script {
        void run(Socket socket, RawServer server) throws Exception;
    }

    /** One request as read off the wire. */
    record Received(String method, String target, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final ServerSocket socket;
    private final Script script;
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    private RawServer(Script script) throws IOException {
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.script = script;
        Thread.ofPlatform().daemon().start(this::acceptLoop);
    }

    static RawServer start(Script script) throws IOException {
        return new RawServer(script);
    }

    /** A server answering every request on a connection with {@code response}, keeping the connection open. */
    static RawServer answering(String response) throws IOException {
        return start((s, server) -> {
            while (server.readRequest(s.getInputStream()) != null) {
                s.getOutputStream().write(response.getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
            }
        });
    }

    static String ok(String body) {
        return "HTTP/1.1 200 OK\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort() + path);
    }

    int accepted() {
        return accepted.get();
    }

    List<Received> received() {
        return received;
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            Socket s;
            try {
                s = socket.accept();
            } catch (IOException e) {
                return;
            }
            accepted.incrementAndGet();
            open.add(s);
            Thread.ofVirtual().start(() -> {
                try (s) {
                    script.run(s, this);
                } catch (Exception ignored) {
                    // the client went away; the test asserts on what it saw
                }
            });
        }
    }

    /** Reads one request (head and Content-Length body) and records it; null at end of stream. */
    Received readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0;
        while (last4 != 0x0D0A0D0A) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            last4 = (last4 << 8) | b;
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        String[] start = lines[0].split(" ");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(
                    lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        Received r = new Received(start[0], start[1], headers, body);
        received.add(r);
        return r;
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
