package dev.thaw.client;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One TCP (or TLS) connection with a read buffer whose every socket read is limited to the time left
 * before the call's end, so a silent peer cannot hold a call past its budget.
 */
final class Connection implements AutoCloseable {

    private final String key;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buf = new byte[8192];
    private int pos;
    private int limit;
    private long bytesRead;
    private long idleSinceNanos;
    private boolean reused;

    private Connection(String key, Socket socket) throws IOException {
        this.key = key;
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /**
     * Connects to {@code host:port}, with TLS when {@code tls} is given, within both the connect timeout and
     * the call's end.
     */
    static Connection open(
            String key, String host, int port, SSLSocketFactory tls, long connectTimeoutMillis, long endNanos)
            throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            long left = millisLeft(endNanos);
            socket.connect(new InetSocketAddress(host, port), (int)
                    Math.min(Integer.MAX_VALUE, Math.min(connectTimeoutMillis, left)));
            if (tls == null) {
                return new Connection(key, socket);
            }
            SSLSocket ssl = (SSLSocket) tls.createSocket(socket, host, port, true);
            SSLParameters params = ssl.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            if (!isIpLiteral(host)) {
                params.setServerNames(List.of(new SNIHostName(host)));
            }
            ssl.setSSLParameters(params);
            ssl.setSoTimeout((int) Math.min(Integer.MAX_VALUE, millisLeft(endNanos)));
            ssl.startHandshake();
            return new Connection(key, ssl);
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    String key() {
        return key;
    }

    boolean reused() {
        return reused;
    }

    void markIdle(long nowNanos) {
        idleSinceNanos = nowNanos;
        reused = true;
    }

    long idleSinceNanos() {
        return idleSinceNanos;
    }

    /** Returns whether any response byte arrived since {@link #write}. */
    boolean responseStarted() {
        return bytesRead > 0;
    }

    /** Writes the whole request in one call; the read timeout then covers the wait for the answer. */
    void write(byte[] request) throws IOException {
        bytesRead = 0;
        out.write(request);
        out.flush();
    }

    /** Returns the next byte, or -1 at end of stream. */
    int read(long endNanos) throws IOException {
        if (pos == limit && !fill(endNanos)) {
            return -1;
        }
        return buf[pos++] & 0xFF;
    }

    /** Reads a CRLF- (or LF-) terminated line in ISO-8859-1, at most {@code max} characters. */
    String readLine(long endNanos, int max) throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            int b = read(endNanos);
            if (b < 0) {
                throw new EOFException("connection closed by peer after " + bytesRead + " response bytes");
            }
            if (b == '\n') {
                int n = line.length();
                if (n > 0 && line.charAt(n - 1) == '\r') {
                    line.setLength(n - 1);
                }
                return line.toString();
            }
            if (line.length() >= max) {
                throw new IOException("response line longer than " + max + " bytes");
            }
            line.append((char) b);
        }
    }

    /** Reads exactly {@code n} bytes into {@code target} at {@code offset}. */
    void readFully(byte[] target, int offset, int n, long endNanos) throws IOException {
        while (n > 0) {
            if (pos == limit && !fill(endNanos)) {
                throw new EOFException("connection closed by peer with " + n + " body bytes missing");
            }
            int chunk = Math.min(n, limit - pos);
            System.arraycopy(buf, pos, target, offset, chunk);
            pos += chunk;
            offset += chunk;
            n -= chunk;
        }
    }

    /** Reads what is buffered or arrives next into {@code target}; -1 at end of stream. */
    int readSome(byte[] target, int offset, int max, long endNanos) throws IOException {
        if (pos == limit && !fill(endNanos)) {
            return -1;
        }
        int chunk = Math.min(max, limit - pos);
        System.arraycopy(buf, pos, target, offset, chunk);
        pos += chunk;
        return chunk;
    }

    /** Returns whether unread bytes are buffered (a pooled connection must have none). */
    boolean hasBuffered() {
        return pos < limit;
    }

    private boolean fill(long endNanos) throws IOException {
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, millisLeft(endNanos)));
        int n = in.read(buf, 0, buf.length);
        if (n < 0) {
            return false;
        }
        pos = 0;
        limit = n;
        bytesRead += n;
        return true;
    }

    /** Returns whole milliseconds left before {@code endNanos}, at least 1, or throws when none are left. */
    static long millisLeft(long endNanos) throws SocketTimeoutException {
        long nanos = endNanos - System.nanoTime();
        if (nanos <= 0) {
            throw new SocketTimeoutException("call budget spent");
        }
        return Math.max(1, (nanos + 999_999) / 1_000_000);
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing left to do with a connection that fails to close.
        }
    }

    private static boolean isIpLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return true;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }
}
