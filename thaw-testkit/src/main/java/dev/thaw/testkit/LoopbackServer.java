package dev.thaw.testkit;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw HTTP/1.1 keep-alive server on 127.0.0.1 and an ephemeral port: one virtual thread per
 * connection, each request answered by a {@link Handler}, which may block as long as it likes. Closing
 * stops listening, drops every connection and interrupts every handler.
 */
final class LoopbackServer implements AutoCloseable {

    /** Answers one request. */
    @FunctionalInterface
    interface Handler {
        /**
         * Returns the reply, or null to close the connection without one.
         *
         * @throws InterruptedException when the server closes while the handler waits
         */
        RawHttp.Reply handle(RawHttp.Request request) throws IOException, InterruptedException;
    }

    private final ServerSocket server;
    private final Handler handler;
    private final AtomicInteger connections = new AtomicInteger();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private LoopbackServer(ServerSocket server, Handler handler) {
        this.server = server;
        this.handler = handler;
    }

    /** Binds 127.0.0.1 on an ephemeral port and starts accepting. */
    static LoopbackServer start(String name, Handler handler) throws IOException {
        LoopbackServer s = new LoopbackServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), handler);
        Thread acceptor = Thread.ofPlatform().daemon().name(name + "-accept").unstarted(s::accept);
        s.threads.add(acceptor);
        acceptor.start();
        return s;
    }

    int port() {
        return server.getLocalPort();
    }

    int connections() {
        return connections.get();
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // already closed: nothing more to release
        }
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
        for (Thread thread : threads) {
            thread.interrupt();
        }
    }

    private void accept() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                return;
            }
            connections.incrementAndGet();
            sockets.add(socket);
            Thread thread = Thread.ofVirtual().unstarted(() -> serve(socket));
            threads.add(thread);
            thread.start();
            if (closed) {
                closeQuietly(socket);
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            OutputStream out = socket.getOutputStream();
            while (!closed) {
                RawHttp.Request request;
                try {
                    request = RawHttp.read(in, out);
                } catch (RawHttp.MalformedRequestException e) {
                    RawHttp.write(out, RawHttp.Reply.error(400, "InvalidRequest", e.getMessage()), true);
                    return;
                }
                if (request == null) {
                    return;
                }
                RawHttp.Reply reply = handler.handle(request);
                if (reply == null) {
                    return;
                }
                boolean close = !request.keepAlive();
                try {
                    RawHttp.write(out, reply, close);
                } catch (IOException e) {
                    if (reply.onFailedWrite() != null) {
                        reply.onFailedWrite().run();
                    }
                    throw e;
                }
                if (close) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client went away, or the server is closing: nothing left to answer
        } finally {
            sockets.remove(socket);
            threads.remove(Thread.currentThread());
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a dropped connection: nothing left to release
        }
    }
}
