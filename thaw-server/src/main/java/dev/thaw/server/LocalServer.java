package dev.thaw.server;

import com.sun.net.httpserver.HttpServer;
import dev.thaw.App;
import dev.thaw.ThawException;
import dev.thaw.internal.Log;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Serves an {@link App} over HTTP/1.1 on this machine: jdk.httpserver with one virtual thread per
 * request. Requests become {@link dev.thaw.Request}s with {@link dev.thaw.EventSource#LOCAL}, a fresh
 * request id and no deadline.
 *
 * <pre>{@code
 * try (LocalServer server = LocalServer.start(app, ServerOptions.builder().port(0).build())) {
 *     URI base = server.uri();   // http://127.0.0.1:<free port>
 *     ...
 * }
 * }</pre>
 *
 * <p>The server's dispatcher thread is not a daemon, so a started server keeps the JVM alive until it
 * is stopped.
 */
public final class LocalServer implements AutoCloseable {

    private static final String NODELAY = "sun.net.httpserver.nodelay";
    private static final long MAX_GRACE_SECONDS = 86_400;

    private final HttpServer server;
    private final ExchangeAdapter adapter;
    private final ExecutorService executor;
    private final int port;
    private final URI uri;
    private final Duration shutdownGrace;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private LocalServer(
            HttpServer server, ExchangeAdapter adapter, ExecutorService executor, String host, Duration shutdownGrace) {
        this.server = server;
        this.adapter = adapter;
        this.executor = executor;
        this.port = server.getAddress().getPort();
        this.uri = URI.create("http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port);
        this.shutdownGrace = shutdownGrace;
    }

    /**
     * Starts serving {@code app} on {@code HOST}:{@code PORT} from the environment (127.0.0.1:8080 by
     * default).
     *
     * @param app the application
     * @return the running server
     * @throws ThawException when the address cannot be bound
     * @throws IllegalArgumentException when {@code PORT} is malformed
     */
    public static LocalServer start(App app) {
        return start(app, ServerOptions.fromEnvironment(System.getenv()));
    }

    /**
     * Starts serving {@code app} with {@code options} and prints one line to standard output, for
     * example {@code thaw: users-api listening on http://127.0.0.1:8080 (started in 38 ms)}, timed from
     * the JVM's start.
     *
     * @param app the application
     * @param options host, port, body limit and shutdown grace
     * @return the running server
     * @throws ThawException when the address cannot be bound
     */
    public static LocalServer start(App app, ServerOptions options) {
        long calledAt = System.nanoTime();
        InetSocketAddress address = new InetSocketAddress(options.host(), options.port());
        String target = app.name() + " on " + options.host() + ":" + options.port();
        if (address.isUnresolved()) {
            throw new ThawException("start local server for " + target + ": cannot resolve host '" + options.host()
                    + "' (set HOST to a name or address of this machine)");
        }
        // Headers and body are written separately; without TCP_NODELAY, Nagle's algorithm and delayed
        // ACKs can hold a response back ~40 ms. Read once, when the first server is created.
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
        }
        HeaderLimits.apply(app.limits());
        HttpServer server;
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new ThawException(
                    "start local server for " + target + ": " + e.getMessage()
                            + (options.port() != 0 ? " (is another process using the port? set PORT)" : ""),
                    e);
        }
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        ExchangeAdapter adapter = new ExchangeAdapter(
                app, Math.min(options.maxBodyBytes(), app.limits().maxBodyBytes()));
        server.createContext("/", adapter);
        startDispatcher(server);
        LocalServer local = new LocalServer(server, adapter, executor, options.host(), options.shutdownGrace());
        Log.standard()
                .write(
                        Log.INFO,
                        "dev.thaw.server.LocalServer",
                        app.name() + " listening on " + local.uri + " (started in " + startupMillis(calledAt) + " ms)");
        return local;
    }

    /** Returns the bound port (the one picked when the options asked for port 0). */
    public int port() {
        return port;
    }

    /** Returns the base URI, {@code http://host:port}. */
    public URI uri() {
        return uri;
    }

    /**
     * Stops gracefully: stops accepting connections at once, waits up to {@code grace} for the requests
     * being handled to finish, then closes every connection and interrupts handlers still running.
     * Returns as soon as the last request finished. Calling it again does nothing.
     *
     * @param grace the longest wait for requests in flight; zero closes them at once
     */
    public void stop(Duration grace) {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        long millis =
                grace.isNegative() ? 0 : Math.min(grace.toSeconds(), MAX_GRACE_SECONDS) * 1000 + grace.toMillisPart();
        // jdk.httpserver closes the listener at once, then waits up to whole seconds for the exchanges it
        // counts, which it miscounts when a client left before its response was written. The adapter's
        // own count decides instead: the wait is interrupted once it reaches zero or the grace is over.
        Thread stopper = Thread.ofPlatform()
                .name("thaw-server-stop")
                .daemon(true)
                .start(() -> server.stop((int) Math.min(Integer.MAX_VALUE, millis / 1000 + 1)));
        boolean interrupted = false;
        try {
            adapter.awaitIdle(millis);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        stopper.interrupt();
        while (true) {
            try {
                stopper.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        executor.shutdownNow();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops with the options' shutdown grace (5 s by default); see {@link #stop(Duration)}. */
    @Override
    public void close() {
        stop(shutdownGrace);
    }

    @Override
    public String toString() {
        return "LocalServer[" + uri + (stopped.get() ? ", stopped" : "") + "]";
    }

    /**
     * Starts the dispatcher thread, which inherits daemon status from the thread that starts it. It must
     * not be a daemon: the running server is what keeps the JVM alive after {@code main} returns.
     */
    private static void startDispatcher(HttpServer server) {
        Thread current = Thread.currentThread();
        if (!current.isDaemon()) {
            server.start();
            return;
        }
        Thread starter =
                Thread.ofPlatform().name("thaw-server-start").daemon(false).start(new Starting(server));
        try {
            starter.join();
        } catch (InterruptedException e) {
            current.interrupt();
            throw new ThawException("start local server: interrupted while starting", e);
        }
    }

    /** Milliseconds from the process's start (or, when {@code /proc} does not say, from {@code start}). */
    private static long startupMillis(long calledAt) {
        long age = ProcessAge.millis();
        return age >= 0 ? age : (System.nanoTime() - calledAt) / 1_000_000;
    }

    /** Starts the server's dispatcher; a named class, as a method reference would spin one at start-up. */
    private static final class Starting implements Runnable {

        private final HttpServer server;

        Starting(HttpServer server) {
            this.server = server;
        }

        @Override
        public void run() {
            server.start();
        }
    }
}
