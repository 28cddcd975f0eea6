package dev.thaw.local;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The server side of one HTTP/1.1 connection, as small as the Runtime API needs: request heads,
 * {@code Content-Length} and chunked bodies with their trailers (which jdk.httpserver drops), and responses
 * written in one buffer. Requests are read one after another (keep-alive); not thread-safe.
 */
final class Http1Connection {

    /** Largest request head (request line and headers) accepted. */
    static final int MAX_HEAD = 64 * 1024;

    /** Bodies are drained up to this size to keep the connection usable; beyond it the connection is closed. */
    static final long MAX_DRAIN = 64L * 1024 * 1024;

    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    Http1Connection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        this.out = socket.getOutputStream();
    }

    /**
     * A request head.
     *
     * @param headers by name, case-insensitive; repeated headers joined with ", "
     * @param contentLength the declared body length, or -1 when there is none or the body is chunked
     */
    record Request(
            String method,
            String path,
            String version,
            Map<String, String> headers,
            boolean chunked,
            long contentLength) {

        String header(String name) {
            return headers.get(name);
        }

        boolean hasBody() {
            return chunked || contentLength > 0;
        }

        /** Returns whether the client wants the connection kept open after this exchange. */
        boolean keepAlive() {
            String connection = headers.getOrDefault("Connection", "").toLowerCase(Locale.ROOT);
            return "HTTP/1.0".equals(version) ? connection.contains("keep-alive") : !connection.contains("close");
        }
    }

    /**
     * A request body read into memory.
     *
     * @param bytes the body, or null when it was larger than the limit (it was then read and dropped)
     * @param size how many bytes the body had
     * @param trailers the trailers of a chunked body, else empty
     */
    record Body(byte[] bytes, long size, Map<String, String> trailers) {
        boolean tooLarge() {
            return bytes == null;
        }
    }

    /** Receives the pieces of a streamed body in order. */
    interface ChunkSink {
        void chunk(byte[] bytes, int offset, int length) throws IOException;
    }

    /** A request line or header that does not parse; answered with 400 and the connection closed. */
    static final class MalformedRequestException extends IOException {
        private static final long serialVersionUID = 1L;

        MalformedRequestException(String message) {
            super(message);
        }
    }

    /**
     * Reads the next request head.
     *
     * @return the head, or null when the client closed the connection between requests
     * @throws MalformedRequestException when the head does not parse
     */
    Request readRequest() throws IOException {
        String requestLine = readLine(true);
        if (requestLine == null) {
            return null;
        }
        // RFC 9112 asks servers to ignore empty lines before a request line
        while (requestLine.isEmpty()) {
            requestLine = readLine(true);
            if (requestLine == null) {
                return null;
            }
        }
        String[] parts = requestLine.split(" ", -1);
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
            throw new MalformedRequestException("malformed request line '" + requestLine + "'");
        }
        Map<String, String> headers = readFields();
        String transferEncoding = headers.get("Transfer-Encoding");
        boolean chunked = transferEncoding != null
                && transferEncoding.toLowerCase(Locale.ROOT).contains("chunked");
        long contentLength = -1;
        String length = headers.get("Content-Length");
        if (!chunked && length != null) {
            try {
                contentLength = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                throw new MalformedRequestException("malformed Content-Length '" + length + "'");
            }
            if (contentLength < 0) {
                throw new MalformedRequestException("negative Content-Length " + contentLength);
            }
        }
        String target = parts[1];
        int query = target.indexOf('?');
        String path = query >= 0 ? target.substring(0, query) : target;
        return new Request(parts[0], path, parts[2], headers, chunked, contentLength);
    }

    /**
     * Reads the body of {@code request} into memory; a body larger than {@code limit} is read to its end
     * and dropped, so the connection stays usable.
     */
    Body readBody(Request request, long limit) throws IOException {
        sendContinueIfExpected(request);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(
                request.contentLength() > 0 ? (int) Math.min(request.contentLength(), limit) : 256);
        long[] size = {0};
        ChunkSink sink = (bytes, offset, length) -> {
            size[0] += length;
            if (size[0] <= limit) {
                buffer.write(bytes, offset, length);
            } else if (size[0] > MAX_DRAIN) {
                throw new IOException("request body exceeds " + MAX_DRAIN + " bytes");
            }
        };
        Map<String, String> trailers = streamBody(request, sink);
        return new Body(size[0] <= limit ? buffer.toByteArray() : null, size[0], trailers);
    }

    /**
     * Reads the body of {@code request} piece by piece as it arrives.
     *
     * @return the trailers of a chunked body, else an empty map
     */
    Map<String, String> streamBody(Request request, ChunkSink sink) throws IOException {
        sendContinueIfExpected(request);
        byte[] buffer = new byte[16 * 1024];
        if (!request.chunked()) {
            long remaining = Math.max(0, request.contentLength());
            while (remaining > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                if (n < 0) {
                    throw new EOFException("connection closed " + remaining + " bytes before the end of the body");
                }
                remaining -= n;
                sink.chunk(buffer, 0, n);
            }
            return Map.of();
        }
        while (true) {
            String sizeLine = readLine(false);
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim();
            long size;
            try {
                size = Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                throw new MalformedRequestException("malformed chunk size '" + sizeLine + "'");
            }
            if (size < 0) {
                throw new MalformedRequestException("malformed chunk size '" + sizeLine + "'");
            }
            if (size == 0) {
                return readFields();
            }
            long remaining = size;
            while (remaining > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                if (n < 0) {
                    throw new EOFException("connection closed inside a chunk");
                }
                remaining -= n;
                sink.chunk(buffer, 0, n);
            }
            if (!readLine(false).isEmpty()) {
                throw new MalformedRequestException("chunk of " + size + " bytes not followed by CRLF");
            }
        }
    }

    /**
     * Writes a complete response in one buffer.
     *
     * @param headers name/value pairs, flattened; null values are skipped
     */
    void respond(int status, String contentType, byte[] body, boolean keepAlive, String... headers) throws IOException {
        StringBuilder head = new StringBuilder(192)
                .append("HTTP/1.1 ")
                .append(status)
                .append(' ')
                .append(reason(status))
                .append("\r\n");
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            if (headers[i + 1] != null) {
                head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            }
        }
        head.append("Content-Length: ").append(body.length).append("\r\n");
        if (!keepAlive) {
            head.append("Connection: close\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] message = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, message, 0, headBytes.length);
        System.arraycopy(body, 0, message, headBytes.length, body.length);
        out.write(message);
        out.flush();
    }

    void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // the connection is being dropped either way
        }
    }

    private void sendContinueIfExpected(Request request) throws IOException {
        // curl (under AWS's runtime interface client) asks before sending larger bodies
        String expect = request.header("Expect");
        if (expect != null && expect.equalsIgnoreCase("100-continue") && request.hasBody()) {
            out.write(CONTINUE);
            out.flush();
        }
    }

    /** Reads header or trailer fields up to the empty line. */
    private Map<String, String> readFields() throws IOException {
        Map<String, String> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        int total = 0;
        while (true) {
            String line = readLine(false);
            if (line.isEmpty()) {
                return Collections.unmodifiableMap(fields);
            }
            total += line.length();
            if (total > MAX_HEAD) {
                throw new MalformedRequestException("request head exceeds " + MAX_HEAD + " bytes");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new MalformedRequestException("malformed header line '" + line + "'");
            }
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            fields.merge(name, value, (first, second) -> first + ", " + second);
        }
    }

    /**
     * Reads a line ending in LF (a preceding CR is dropped).
     *
     * @param eofAllowed whether a clean end of stream before the first byte returns null
     */
    private String readLine(boolean eofAllowed) throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (eofAllowed && line.isEmpty()) {
                    return null;
                }
                throw new EOFException("connection closed in the middle of a line");
            }
            if (b == '\n') {
                int length = line.length();
                if (length > 0 && line.charAt(length - 1) == '\r') {
                    line.setLength(length - 1);
                }
                return line.toString();
            }
            if (line.length() >= MAX_HEAD) {
                throw new MalformedRequestException("line exceeds " + MAX_HEAD + " bytes");
            }
            line.append((char) b);
        }
    }

    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 202 -> "Accepted";
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 413 -> "Request Entity Too Large";
            case 500 -> "Internal Server Error";
            default -> "Status";
        };
    }
}
