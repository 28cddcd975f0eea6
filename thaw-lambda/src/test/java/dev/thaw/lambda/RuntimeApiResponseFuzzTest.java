package dev.thaw.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Coverage-guided fuzzing of how the Runtime API client reads an answer: a loopback server answers
 * {@code GET /runtime/invocation/next} with arbitrary bytes and closes. {@link HttpConnection#exchange}
 * either returns a well-formed reply (a three-digit status, lower-case header names) or throws
 * {@link IOException}; anything else, or no result within five seconds, is a finding.
 *
 * <p>The normal build replays the corpus under {@code RuntimeApiResponseFuzzTestInputs/};
 * {@code JAZZER_FUZZ=1} fuzzes (see docs/reliability.md).
 */
class RuntimeApiResponseFuzzTest {

    private static final ServerSocket SERVER = listen();
    private static final ExecutorService CLIENT = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fuzz-runtime-api-client");
        t.setDaemon(true);
        return t;
    });

    @FuzzTest
    void anyAnswerIsReadOrRefusedWithIOException(byte[] answer) throws Exception {
        HttpConnection connection = new HttpConnection("127.0.0.1", SERVER.getLocalPort());
        Future<HttpConnection.Reply> reply = CLIENT.submit(() -> {
            // Jazzer's request-forgery detector refuses every connection unless told otherwise.
            BugDetectors.allowNetworkConnections();
            return connection.exchange("GET", RuntimeApiClient.PREFIX + "/invocation/next", null);
        });
        try (Socket peer = accept(reply)) {
            peer.setSoTimeout(5_000);
            readRequestHead(peer.getInputStream());
            OutputStream out = peer.getOutputStream();
            try {
                out.write(answer);
                out.flush();
                peer.shutdownOutput();
            } catch (IOException clientGaveUp) {
                // The client may stop reading early (a head too large, say) and close: fine.
            }
            HttpConnection.Reply result;
            try {
                result = reply.get(5, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                reply.cancel(true);
                fail("no result within 5 s for an answer of " + answer.length + " bytes");
                return;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException) {
                    return;
                }
                throw e;
            }
            assertWellFormed(result);
        } finally {
            connection.close();
        }
    }

    /** Accepts the client's connection, or reports why the client never connected. */
    private static Socket accept(Future<HttpConnection.Reply> reply) throws Exception {
        try {
            return SERVER.accept();
        } catch (SocketTimeoutException e) {
            if (reply.isDone()) {
                reply.get();
            }
            throw new AssertionError("the client did not connect within 5 s", e);
        }
    }

    private static void assertWellFormed(HttpConnection.Reply reply) {
        assertThat(reply.status()).isBetween(100, 999);
        assertThat(reply.body()).isNotNull();
        for (Map.Entry<String, String> header : reply.headers().entrySet()) {
            assertThat(header.getKey()).isEqualTo(header.getKey().trim().toLowerCase(Locale.ROOT));
            assertThat(header.getValue()).isNotNull();
        }
        // What next() does with the headers must not throw either.
        RuntimeApiClient.deadline(reply.header(RuntimeApiHeaders.DEADLINE_MS));
    }

    /** Reads up to the blank line that ends the client's request head (GET has no body). */
    private static void readRequestHead(InputStream in) throws IOException {
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    private static ServerSocket listen() {
        try {
            ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            server.setSoTimeout(5_000);
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("listen on 127.0.0.1: " + e.getMessage(), e);
        }
    }
}
