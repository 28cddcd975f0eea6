package dev.thaw.lambda;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal HTTP/1.1 keep-alive client connection for the loopback Runtime API: one request at a time,
 * each written in one buffer with TCP_NODELAY (Nagle plus delayed ACK would cost ~40 ms per exchange),
 * {@code Content-Length} or chunked responses. General HTTP clients cost 120–330 ms of cold start; this
 * loads a handful of classes.
 */
final class HttpConnection implements Closeable {

    /** Largest response head accepted; the Runtime API's are a few hundred bytes. */
    private static final int MAX_HEAD = 64 * 1024;

    private final String host;
    private final int port;
    private final String hostHeader;
    private Socket socket;
    private InputStream in;
    /**
     * Bytes read from {@link #in} and not yet consumed: {@code buf[pos..limit)}. Scanned directly rather
     * than through a BufferedInputStream, whose locked per-byte {@code read()} was the single largest
     * cost of reading a reply while the request path still runs in the interpreter.
     */
    private final byte[] buf = new byte[16 * 1024];

    private int pos;
    private int limit;
    private OutputStream out;

    HttpConnection(String host, int port) {
        this.host = host;
        this.port = port;
        this.hostHeader = host + ":" + port;
    }

    /** A parsed response: status, headers by lower-case name (last value wins), body. */
    record Reply(int status, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name);
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * Sends one request and reads the reply.
     *
     * @param extraHeaders name/value pairs, flattened
     */
    Reply exchange(String method, String path, byte[] body, String... extraHeaders) throws IOException {
        try {
            ensureOpen();
        } catch (IOException e) {
            throw new NotSent(e);
        }
        StartupTrace.mark(StartupTrace.CONNECTED);
        StringBuilder head = requestHead(method, path, extraHeaders);
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        int bodyLength = body == null ? 0 : body.length;
        byte[] message = new byte[headBytes.length + bodyLength];
        System.arraycopy(headBytes, 0, message, 0, headBytes.length);
        if (bodyLength > 0) {
            System.arraycopy(body, 0, message, headBytes.length, bodyLength);
        }
        try {
            out.write(message);
            out.flush();
        } catch (IOException e) {
            // A write that fails leaves the request incomplete: the server cannot have acted on it.
            close();
            throw new NotSent(e);
        }
        try {
            return readReply();
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /**
     * The request provably did not reach the server in full (the connection could not be opened, or
     * writing failed), so sending it again cannot make the server act on it twice. A failure after the
     * whole request was written is a plain {@link IOException}: the server may have acted on it.
     */
    static final class NotSent extends IOException {

        private static final long serialVersionUID = 1L;

        NotSent(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /**
     * Starts a chunked request; write the body to the returned stream, then call
     * {@link ChunkedBody#finish(String...)} with trailers to read the reply.
     */
    ChunkedBody startChunked(String method, String path, String... extraHeaders) throws IOException {
        ensureOpen();
        StringBuilder head = requestHead(method, path, extraHeaders);
        head.append("Transfer-Encoding: chunked\r\n\r\n");
        try {
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            close();
            throw e;
        }
        return new ChunkedBody();
    }

    @Override
    public void close() {
        Socket s = socket;
        socket = null;
        in = null;
        out = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing a broken connection: nothing left to do
            }
        }
    }

    boolean isOpen() {
        return socket != null;
    }

    private StringBuilder requestHead(String method, String path, String... extraHeaders) {
        StringBuilder head = new StringBuilder(160);
        head.append(method)
                .append(' ')
                .append(path)
                .append(" HTTP/1.1\r\nHost: ")
                .append(hostHeader)
                .append("\r\n");
        for (int i = 0; i + 1 < extraHeaders.length; i += 2) {
            if (extraHeaders[i + 1] != null) {
                head.append(extraHeaders[i])
                        .append(": ")
                        .append(extraHeaders[i + 1])
                        .append("\r\n");
            }
        }
        return head;
    }

    private void ensureOpen() throws IOException {
        if (socket != null) {
            return;
        }
        // Direct: the Runtime API is on the function's own host, never behind a proxy, and a plain Socket()
        // consults the ProxySelector on connect, whose set-up reads net.properties (~1 ms at cold start).
        Socket s = new Socket(Proxy.NO_PROXY);
        try {
            s.setTcpNoDelay(true);
            s.setKeepAlive(true);
            s.connect(new InetSocketAddress(host, port));
        } catch (IOException e) {
            s.close();
            throw new IOException("connect to the Runtime API at " + hostHeader + ": " + e.getMessage(), e);
        }
        socket = s;
        in = s.getInputStream();
        pos = 0;
        limit = 0;
        out = s.getOutputStream();
    }

    private Reply readReply() throws IOException {
        String statusLine = readLine();
        if (!statusLine.startsWith("HTTP/1.")) {
            throw new IOException("malformed status line from the Runtime API: '" + statusLine + "'");
        }
        int status = statusCode(statusLine);
        if (status < 0) {
            throw new IOException("malformed status line from the Runtime API: '" + statusLine + "'");
        }
        Map<String, String> headers = new HashMap<>();
        int headBytes = statusLine.length();
        while (true) {
            String line = readLine();
            if (line.isEmpty()) {
                break;
            }
            headBytes += line.length();
            if (headBytes > MAX_HEAD) {
                throw new IOException("response head from the Runtime API exceeds " + MAX_HEAD + " bytes");
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(
                        line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).trim());
            }
        }
        byte[] body;
        String transferEncoding = headers.get("transfer-encoding");
        if (transferEncoding != null
                && transferEncoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            body = readChunked();
        } else {
            String length = headers.get("content-length");
            int n;
            try {
                n = length == null ? 0 : Integer.parseInt(length);
            } catch (NumberFormatException e) {
                throw new IOException("malformed Content-Length from the Runtime API: '" + length + "'", e);
            }
            if (n < 0) {
                throw new IOException("negative Content-Length from the Runtime API: " + n);
            }
            body = readNBytes(n);
            if (body.length != n) {
                throw new EOFException(
                        "Runtime API closed the connection after " + body.length + " of " + n + " body bytes");
            }
        }
        if ("close".equalsIgnoreCase(headers.get("connection"))) {
            close();
        }
        return new Reply(status, headers, body);
    }

    /**
     * Returns the status of {@code HTTP/1.x NNN reason}, or -1. Exactly three ASCII digits: a parsed
     * integer would let {@code -12} or {@code +20} through as a status.
     */
    static int statusCode(String statusLine) {
        int at = statusLine.indexOf(' ') + 1;
        if (at == 0
                || at + 3 > statusLine.length()
                || (at + 3 < statusLine.length() && statusLine.charAt(at + 3) != ' ')) {
            return -1;
        }
        int status = 0;
        for (int i = at; i < at + 3; i++) {
            char c = statusLine.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            status = status * 10 + (c - '0');
        }
        return status < 100 ? -1 : status;
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine();
            int semi = sizeLine.indexOf(';');
            String hex = (semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).trim();
            int size;
            try {
                size = Integer.parseInt(hex, 16);
            } catch (NumberFormatException e) {
                throw new IOException("malformed chunk size from the Runtime API: '" + sizeLine + "'", e);
            }
            if (size < 0) {
                throw new IOException("malformed chunk size from the Runtime API: '" + sizeLine + "'");
            }
            if (size == 0) {
                while (!readLine().isEmpty()) {
                    // trailers of a response are not used by the Runtime API
                }
                return body.toByteArray();
            }
            byte[] chunk = readNBytes(size);
            if (chunk.length != size) {
                throw new EOFException("Runtime API closed the connection inside a chunk");
            }
            body.write(chunk);
            readLine();
        }
    }

    private String readLine() throws IOException {
        StringBuilder spill = null;
        while (true) {
            int start = pos;
            int end = start;
            while (end < limit && buf[end] != '\n') {
                end++;
            }
            int taken = (spill == null ? 0 : spill.length()) + (end - start);
            if (end < limit) {
                pos = end + 1;
                if (taken > MAX_HEAD) {
                    throw new IOException("line from the Runtime API exceeds " + MAX_HEAD + " bytes");
                }
                if (spill == null) {
                    int len = end - start;
                    if (len > 0 && buf[end - 1] == '\r') {
                        len--;
                    }
                    return new String(buf, start, len, StandardCharsets.ISO_8859_1);
                }
                spill.append(new String(buf, start, end - start, StandardCharsets.ISO_8859_1));
                int len = spill.length();
                if (len > 0 && spill.charAt(len - 1) == '\r') {
                    spill.setLength(len - 1);
                }
                return spill.toString();
            }
            if (taken > MAX_HEAD) {
                throw new IOException("line from the Runtime API exceeds " + MAX_HEAD + " bytes");
            }
            // The line goes on past what has arrived: keep its start and read more.
            if (end > start) {
                if (spill == null) {
                    spill = new StringBuilder(Math.max(64, 2 * (end - start)));
                }
                spill.append(new String(buf, start, end - start, StandardCharsets.ISO_8859_1));
            }
            pos = limit;
            if (!fill()) {
                throw new EOFException("Runtime API closed the connection");
            }
        }
    }

    /** Reads more bytes into the emptied buffer; false at end of stream. */
    private boolean fill() throws IOException {
        pos = 0;
        limit = 0;
        int n = in.read(buf, 0, buf.length);
        if (n < 0) {
            return false;
        }
        limit = n;
        return true;
    }

    /** Reads up to {@code n} bytes, fewer only at end of stream; buffered bytes first. */
    private byte[] readNBytes(int n) throws IOException {
        int buffered = Math.min(n, limit - pos);
        if (buffered == n) {
            byte[] all = Arrays.copyOfRange(buf, pos, pos + n);
            pos += n;
            return all;
        }
        byte[] head = Arrays.copyOfRange(buf, pos, pos + buffered);
        pos = limit;
        byte[] rest = in.readNBytes(n - buffered);
        if (rest.length == 0) {
            return head;
        }
        byte[] all = Arrays.copyOf(head, buffered + rest.length);
        System.arraycopy(rest, 0, all, buffered, rest.length);
        return all;
    }

    /** The body of a chunked request being written. */
    final class ChunkedBody extends OutputStream {
        private boolean finished;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (finished) {
                throw new IOException("chunked body already finished");
            }
            if (len == 0) {
                return;
            }
            byte[] size = (Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            byte[] chunk = new byte[size.length + len + 2];
            System.arraycopy(size, 0, chunk, 0, size.length);
            System.arraycopy(b, off, chunk, size.length, len);
            chunk[chunk.length - 2] = '\r';
            chunk[chunk.length - 1] = '\n';
            try {
                out.write(chunk);
            } catch (IOException e) {
                HttpConnection.this.close();
                throw e;
            }
        }

        @Override
        public void flush() throws IOException {
            if (out != null) {
                out.flush();
            }
        }

        /** Returns whether the connection is still open (a write failure closes it). */
        boolean isConnected() {
            return out != null;
        }

        /** Ends the body with the given trailers (name/value pairs) and reads the reply. */
        Reply finish(String... trailers) throws IOException {
            finished = true;
            StringBuilder end = new StringBuilder("0\r\n");
            for (int i = 0; i + 1 < trailers.length; i += 2) {
                if (trailers[i + 1] != null) {
                    end.append(trailers[i]).append(": ").append(trailers[i + 1]).append("\r\n");
                }
            }
            end.append("\r\n");
            try {
                out.write(end.toString().getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                return readReply();
            } catch (IOException e) {
                HttpConnection.this.close();
                throw e;
            }
        }

        @Override
        public void close() {
            // finish(...) ends the body; closing the stream must not close the connection
        }
    }
}
