package dev.thaw.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A plain-socket HTTP/1.1 client for tests that need to see the bytes on the wire. */
final class RawHttp implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;

    private RawHttp(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    static RawHttp connect(URI base) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        return new RawHttp(socket);
    }

    /** Sends the request head (CRLF line ends are added) and {@code body}. */
    RawHttp send(String head, byte[] body) throws IOException {
        String text = head.replace("\n", "\r\n") + "\r\n";
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().write(body);
        socket.getOutputStream().flush();
        return this;
    }

    RawHttp send(String head) throws IOException {
        return send(head, new byte[0]);
    }

    /** Reads the status line and headers. */
    Head readHead() throws IOException {
        String statusLine = readLine();
        if (statusLine == null) {
            throw new IOException("connection closed before a status line");
        }
        List<String[]> headers = new ArrayList<>();
        for (String line = readLine(); line != null && !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            headers.add(new String[] {
                line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                line.substring(colon + 1).trim()
            });
        }
        return new Head(Integer.parseInt(statusLine.split(" ")[1]), headers);
    }

    /** Reads a body of exactly {@code length} bytes. */
    byte[] readBytes(int length) throws IOException {
        return in.readNBytes(length);
    }

    /** Reads one chunk of a chunked body; null at the final empty chunk. */
    byte[] readChunk() throws IOException {
        String sizeLine = readLine();
        if (sizeLine == null) {
            throw new IOException("connection closed before the chunk size");
        }
        int size = Integer.parseInt(sizeLine.trim(), 16);
        byte[] data = in.readNBytes(size);
        String end = readLine();
        if (data.length < size || end == null) {
            throw new IOException("connection closed inside a chunk");
        }
        return size == 0 ? null : data;
    }

    /** Reads until the server closes the connection. */
    byte[] readToEnd() throws IOException {
        return in.readAllBytes();
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                String s = line.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    record Head(int status, List<String[]> headers) {
        List<String> all(String name) {
            List<String> out = new ArrayList<>();
            for (String[] h : headers) {
                if (h[0].equals(name)) {
                    out.add(h[1]);
                }
            }
            return out;
        }

        String first(String name) {
            List<String> all = all(name);
            return all.isEmpty() ? null : all.get(0);
        }
    }
}
