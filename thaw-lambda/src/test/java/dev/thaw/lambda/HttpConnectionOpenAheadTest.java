package dev.thaw.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link HttpConnection#openAhead()}: the connection the runtime opens on its warm-up thread while the app
 * is made. The first request must use it when it connected, and connect (and report) on its own when it
 * failed or never ran; a connection closed before its first request must not leak the early socket.
 */
class HttpConnectionOpenAheadTest {

    private static final byte[] OK = ScriptedRuntimeApi.reply(200, "{}", "Lambda-Runtime-Aws-Request-Id", "r1");

    @Test
    void theFirstRequestUsesTheSocketOpenedOnAnotherThread() throws Exception {
        try (ScriptedRuntimeApi api = new ScriptedRuntimeApi(r -> OK)) {
            HttpConnection connection = RuntimeApiClient.connect(api.endpoint());
            Thread opener = Thread.ofPlatform().start(connection.openAhead());
            opener.join(Duration.ofSeconds(5));
            awaitConnections(api, 1);

            HttpConnection.Reply reply = connection.exchange("GET", "/2018-06-01/runtime/invocation/next", null);

            assertThat(reply.status()).isEqualTo(200);
            assertThat(api.take().path()).isEqualTo("/2018-06-01/runtime/invocation/next");
            assertThat(api.connections()).isEqualTo(1);
            connection.close();
        }
    }

    @Test
    void theFirstRequestWaitsForAConnectStillRunning() throws Exception {
        try (ScriptedRuntimeApi api = new ScriptedRuntimeApi(r -> OK)) {
            HttpConnection connection = RuntimeApiClient.connect(api.endpoint());
            Runnable ahead = connection.openAhead();
            Thread opener = Thread.ofPlatform().start(ahead);

            // Races the opener: whether it is connecting, done or not yet started, one connection serves.
            assertThat(connection.exchange("GET", "/a", null).status()).isEqualTo(200);
            opener.join(Duration.ofSeconds(5));

            assertThat(api.connections()).isEqualTo(1);
            connection.close();
        }
    }

    @Test
    void aTaskThatNeverRanLeavesTheConnectToTheFirstRequestAndNeverRunsLater() throws Exception {
        try (ScriptedRuntimeApi api = new ScriptedRuntimeApi(r -> OK)) {
            HttpConnection connection = RuntimeApiClient.connect(api.endpoint());
            Runnable ahead = connection.openAhead();

            assertThat(connection.exchange("GET", "/a", null).status()).isEqualTo(200);
            ahead.run(); // too late: must not open a second socket
            Thread.sleep(100); // time for a second connection, were there one, to be accepted

            assertThat(api.connections()).isEqualTo(1);
            connection.close();
        }
    }

    @Test
    void aFailedEarlyConnectIsRetriedByTheFirstRequest() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        HttpConnection connection = RuntimeApiClient.connect("127.0.0.1:" + port);
        connection.openAhead().run(); // nothing listens yet: refused, quietly

        try (ServerSocket server = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            Thread answering = Thread.ofPlatform().start(() -> answerOnce(server));

            assertThat(connection.exchange("GET", "/a", null).status()).isEqualTo(200);
            answering.join(Duration.ofSeconds(5));
            connection.close();
        }
    }

    @Test
    void aFailedEarlyConnectStillReportsTheRequestsOwnFailure() {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        HttpConnection connection = RuntimeApiClient.connect("127.0.0.1:" + port);
        connection.openAhead().run();

        assertThatThrownBy(() -> connection.exchange("GET", "/a", null))
                .isInstanceOf(HttpConnection.NotSent.class)
                .hasMessageContaining("connect to the Runtime API at 127.0.0.1:" + port);
    }

    @Test
    void closingBeforeTheFirstRequestClosesTheEarlySocket() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            HttpConnection connection = RuntimeApiClient.connect("127.0.0.1:" + server.getLocalPort());
            connection.openAhead().run();
            Socket accepted = server.accept();

            connection.close();

            accepted.setSoTimeout(5_000);
            assertThat(accepted.getInputStream().read()).isEqualTo(-1); // the client's end was closed
            accepted.close();
            assertThat(connection.isOpen()).isFalse();
        }
    }

    private static void awaitConnections(ScriptedRuntimeApi api, int count) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (api.connections() < count && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertThat(api.connections()).isEqualTo(count);
    }

    private static void answerOnce(ServerSocket server) {
        try (Socket socket = server.accept()) {
            ScriptedRuntimeApi.read(socket.getInputStream());
            socket.getOutputStream().write(OK);
            socket.getOutputStream().flush();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
