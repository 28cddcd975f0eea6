package dev.thaw.client;

import dev.thaw.Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** HTTP/1.1 framing: writes a request into one buffer and reads one response off a connection. */
final class Http1 {

    private static final int MAX_LINE = 16 * 1024;
    private static final int MAX_HEADER_LINES = 200;

    private Http1() {}

    /** The response fields and whether the connection may carry another request. */
    record Result(int status, Headers headers, byte[] body, boolean reusable) {}

    /**
     * Encodes {@code request} with {@code extra} headers (trace, request id) that the caller did not set.
     * Returns head and body in one array so the request leaves in one write.
     */
    static byte[] encode(OutboundRequest request, Map<String, String> extra) {
        URI uri = request.uri();
        StringBuilder head = new StringBuilder(256);
        String path = uri.getRawPath();
        head.append(request.method()).append(' ').append(path == null || path.isEmpty() ? "/" : path);
        if (uri.getRawQuery() != null) {
            head.append('?').append(uri.getRawQuery());
        }
        head.append(" HTTP/1.1\r\n");
        Headers headers = request.headers();
        if (!headers.contains("host")) {
            head.append("Host: ").append(hostHeader(uri)).append("\r\n");
        }
        for (Map.Entry<String, List<String>> e : headers.asMap().entrySet()) {
            String name = e.getKey();
            if (name.equals("content-length") || name.equals("transfer-encoding")) {
                continue; // framing is ours to set, from the body we actually send
            }
            for (String value : e.getValue()) {
                head.append(name).append(": ").append(value).append("\r\n");
            }
        }
        for (Map.Entry<String, String> e : extra.entrySet()) {
            if (!headers.contains(e.getKey())) {
                head.append(e.getKey()).append(": ").append(e.getValue()).append("\r\n");
            }
        }
        if (!headers.contains("user-agent")) {
            head.append("User-Agent: thaw-client\r\n");
        }
        int length = request.bodyLength();
        if (length > 0 || expectsBody(request.method())) {
            head.append("Content-Length: ").append(length).append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[headBytes.length + length];
        System.arraycopy(headBytes, 0, out, 0, headBytes.length);
        System.arraycopy(request.bodyUnsafe(), 0, out, headBytes.length, length);
        return out;
    }

    /** Reads one response (skipping interim 1xx answers) before {@code endNanos}. */
    static Result read(Connection c, String method, long endNanos) throws IOException {
        while (true) {
            String statusLine = c.readLine(endNanos, MAX_LINE);
            if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
                throw new IOException("malformed status line '" + abbreviate(statusLine) + "'");
            }
            int status = parseStatus(statusLine);
            boolean http10 = statusLine.charAt(7) == '0';
            Headers headers = readHeaders(c, endNanos);
            if (status >= 100 && status < 200 && status != 101) {
                continue;
            }
            String connection = headers.first("connection").orElse("").toLowerCase(Locale.ROOT);
            boolean keepAlive = http10 ? connection.contains("keep-alive") : !connection.contains("close");
            if (method.equals("HEAD") || status == 204 || status == 304 || status < 200) {
                return new Result(status, headers, new byte[0], keepAlive && status >= 200);
            }
            String te = headers.first("transfer-encoding").orElse(null);
            if (te != null && te.toLowerCase(Locale.ROOT).endsWith("chunked")) {
                return new Result(status, headers, readChunked(c, endNanos), keepAlive);
            }
            String cl = headers.first("content-length").orElse(null);
            if (cl != null) {
                long n = parseLength(cl);
                if (n > Integer.MAX_VALUE - 16) {
                    throw new IOException("response body of " + n + " bytes is too large");
                }
                byte[] body = new byte[(int) n];
                c.readFully(body, 0, (int) n, endNanos);
                return new Result(status, headers, body, keepAlive);
            }
            return new Result(status, headers, readToEnd(c, endNanos), false);
        }
    }

    private static Headers readHeaders(Connection c, long endNanos) throws IOException {
        Headers.Builder headers = Headers.builder();
        for (int i = 0; ; i++) {
            String line = c.readLine(endNanos, MAX_LINE);
            if (line.isEmpty()) {
                return headers.build();
            }
            if (i >= MAX_HEADER_LINES) {
                throw new IOException("more than " + MAX_HEADER_LINES + " response header lines");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed header line '" + abbreviate(line) + "'");
            }
            try {
                headers.add(
                        line.substring(0, colon).trim(),
                        line.substring(colon + 1).trim());
            } catch (IllegalArgumentException e) {
                throw new IOException("invalid header line '" + abbreviate(line) + "'", e);
            }
        }
    }

    private static byte[] readChunked(Connection c, long endNanos) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        while (true) {
            String sizeLine = c.readLine(endNanos, MAX_LINE);
            int semi = sizeLine.indexOf(';');
            String hex = (semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).trim();
            long size;
            try {
                size = Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                throw new IOException("malformed chunk size '" + abbreviate(sizeLine) + "'", e);
            }
            if (size < 0 || body.size() + size > Integer.MAX_VALUE - 16) {
                throw new IOException("chunk size " + hex + " out of range");
            }
            if (size == 0) {
                while (!c.readLine(endNanos, MAX_LINE).isEmpty()) {
                    // trailers are read and dropped
                }
                return body.toByteArray();
            }
            long left = size;
            while (left > 0) {
                int n = (int) Math.min(chunk.length, left);
                c.readFully(chunk, 0, n, endNanos);
                body.write(chunk, 0, n);
                left -= n;
            }
            if (!c.readLine(endNanos, 2).isEmpty()) {
                throw new IOException("chunk of " + size + " bytes not followed by CRLF");
            }
        }
    }

    private static byte[] readToEnd(Connection c, long endNanos) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int n;
        while ((n = c.readSome(chunk, 0, chunk.length, endNanos)) >= 0) {
            body.write(chunk, 0, n);
        }
        return body.toByteArray();
    }

    private static int parseStatus(String line) throws IOException {
        int status = 0;
        for (int i = 9; i < 12; i++) {
            char ch = line.charAt(i);
            if (ch < '0' || ch > '9') {
                throw new IOException("malformed status line '" + abbreviate(line) + "'");
            }
            status = status * 10 + (ch - '0');
        }
        return status;
    }

    private static long parseLength(String value) throws IOException {
        try {
            long n = Long.parseLong(value.trim());
            if (n < 0) {
                throw new IOException("negative Content-Length " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IOException("malformed Content-Length '" + abbreviate(value) + "'", e);
        }
    }

    private static boolean expectsBody(String method) {
        return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    }

    static String hostHeader(URI uri) {
        int port = uri.getPort();
        boolean https = uri.getScheme().equalsIgnoreCase("https");
        String host = uri.getHost();
        if (port < 0 || port == (https ? 443 : 80)) {
            return host;
        }
        return host + ":" + port;
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
