package dev.thaw.testkit;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Server-side HTTP/1.1 on a raw socket, as small as a fake needs: a request with a {@code Content-Length}
 * or chunked body (trailers kept), a response written in one buffer. Header names are lower-cased;
 * repeated headers are joined with {@code ", "}.
 */
final class RawHttp {

    private static final int MAX_LINE = 64 * 1024;
    private static final int MAX_BODY = 64 * 1024 * 1024;

    private RawHttp() {}

    /** A request as read off the socket. */
    record Request(
            String method,
            String path,
            String version,
            Map<String, String> headers,
            byte[] body,
            Map<String, String> trailers,
            boolean chunked) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        boolean keepAlive() {
            String connection = header("connection");
            if (version.equals("HTTP/1.0")) {
                return connection != null && connection.equalsIgnoreCase("keep-alive");
            }
            return connection == null || !connection.equalsIgnoreCase("close");
        }
    }

    /**
     * A response to write, with a {@code Content-Length} body.
     *
     * @param onFailedWrite run when writing it fails (the client went away), or null
     */
    record Reply(int status, Map<String, String> headers, byte[] body, Runnable onFailedWrite) {

        /** Returns a JSON reply. */
        static Reply json(int status, String json) {
            return new Reply(
                    status, Map.of("Content-Type", "application/json"), json.getBytes(StandardCharsets.UTF_8), null);
        }

        /** Returns a JSON error in the Runtime API's shape, {@code {"errorMessage","errorType"}}. */
        static Reply error(int status, String errorType, String message) {
            return json(
                    status,
                    "{\"errorMessage\":" + jsonString(message) + ",\"errorType\":" + jsonString(errorType) + "}");
        }

        private static String jsonString(String s) {
            StringBuilder out = new StringBuilder(s.length() + 2).append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"' || c == '\\') {
                    out.append('\\').append(c);
                } else if (c < 0x20) {
                    out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
            return out.append('"').toString();
        }
    }

    /** A request that is not HTTP/1.1 as this server reads it; the connection is answered 400 and closed. */
    static final class MalformedRequestException extends IOException {
        private static final long serialVersionUID = 1L;

        MalformedRequestException(String message) {
            super(message);
        }
    }

    /**
     * Reads one request.
     *
     * @param out where {@code 100 Continue} goes when the client expects it
     * @return the request, or null when the client closed the connection between requests
     * @throws MalformedRequestException when the bytes are not a request this server reads
     */
    static Request read(InputStream in, OutputStream out) throws IOException {
        String requestLine = readLine(in, true);
        if (requestLine == null) {
            return null;
        }
        String[] parts = requestLine.split(" ");
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
            throw new MalformedRequestException("not an HTTP/1.x request line: '" + shorten(requestLine) + "'");
        }
        Map<String, String> headers = readFields(in);
        if ("100-continue".equalsIgnoreCase(headers.get("expect"))) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
        String target = parts[1];
        int query = target.indexOf('?');
        String path = query < 0 ? target : target.substring(0, query);
        String transferEncoding = headers.get("transfer-encoding");
        if (transferEncoding != null
                && transferEncoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            Map<String, String> trailers = new LinkedHashMap<>();
            byte[] body = readChunked(in, trailers);
            return new Request(parts[0], path, parts[2], headers, body, trailers, true);
        }
        long length = 0;
        String contentLength = headers.get("content-length");
        if (contentLength != null) {
            try {
                length = Long.parseLong(contentLength.trim());
            } catch (NumberFormatException e) {
                throw new MalformedRequestException("Content-Length is not a number: '" + contentLength + "'");
            }
        }
        if (length < 0 || length > MAX_BODY) {
            throw new MalformedRequestException("Content-Length " + length + " is out of range 0.." + MAX_BODY);
        }
        byte[] body = in.readNBytes((int) length);
        if (body.length != length) {
            throw new EOFException("client closed the connection inside a body of " + length + " bytes");
        }
        return new Request(parts[0], path, parts[2], headers, body, Map.of(), false);
    }

    /** Writes {@code reply}, head and body in one buffer; {@code close} announces the connection's end. */
    static void write(OutputStream out, Reply reply, boolean close) throws IOException {
        int status = reply.status();
        Map<String, String> headers = reply.headers();
        byte[] body = reply.body();
        StringBuilder head = new StringBuilder(160)
                .append("HTTP/1.1 ")
                .append(status)
                .append(' ')
                .append(reason(status))
                .append("\r\n");
        for (Map.Entry<String, String> header : headers.entrySet()) {
            head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\n");
        if (close) {
            head.append("Connection: close\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] message = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, message, 0, headBytes.length);
        System.arraycopy(body, 0, message, headBytes.length, body.length);
        out.write(message);
        out.flush();
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
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            default -> "Status " + status;
        };
    }

    private static byte[] readChunked(InputStream in, Map<String, String> trailers) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in, false);
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim();
            int size;
            try {
                size = Integer.parseInt(hex, 16);
            } catch (NumberFormatException e) {
                throw new MalformedRequestException("malformed chunk size '" + shorten(sizeLine) + "'");
            }
            if (size < 0 || body.size() + (long) size > MAX_BODY) {
                throw new MalformedRequestException("chunk size " + size + " is out of range");
            }
            if (size == 0) {
                trailers.putAll(readFields(in));
                return body.toByteArray();
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length != size) {
                throw new EOFException("client closed the connection inside a chunk of " + size + " bytes");
            }
            body.write(chunk);
            if (!readLine(in, false).isEmpty()) {
                throw new MalformedRequestException("chunk of " + size + " bytes not followed by CRLF");
            }
        }
    }

    private static Map<String, String> readFields(InputStream in) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        String line;
        while (!(line = readLine(in, false)).isEmpty()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new MalformedRequestException("header line without a name: '" + shorten(line) + "'");
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            fields.merge(name, value, (first, second) -> first + ", " + second);
        }
        return fields;
    }

    /** Reads a line without its CRLF; null at end of stream only when {@code eofAllowed} and nothing was read. */
    private static String readLine(InputStream in, boolean eofAllowed) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (eofAllowed && bytes.size() == 0) {
                    return null;
                }
                throw new EOFException("client closed the connection inside a request head");
            }
            if (b == '\n') {
                byte[] raw = bytes.toByteArray();
                int end = raw.length > 0 && raw[raw.length - 1] == '\r' ? raw.length - 1 : raw.length;
                return new String(raw, 0, end, StandardCharsets.UTF_8);
            }
            if (bytes.size() >= MAX_LINE) {
                throw new MalformedRequestException("request line or header longer than " + MAX_LINE + " bytes");
            }
            bytes.write(b);
        }
    }

    private static String shorten(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "…" : s;
    }
}
