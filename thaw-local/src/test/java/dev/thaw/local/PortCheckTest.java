package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class PortCheckTest {

    @Test
    void picksAFreePortForZero() throws IOException {
        int port = PortCheck.free("127.0.0.1", 0);

        assertThat(port).isBetween(1, 65535);
        // it was let go again, so the child can take it
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        }
    }

    @Test
    void acceptsAFreeFixedPort() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }

        assertThat(PortCheck.free("127.0.0.1", port)).isEqualTo(port);
    }

    @Test
    void saysClearlyThatAPortIsTaken() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> PortCheck.free("127.0.0.1", port))
                    .isInstanceOfSatisfying(
                            CliException.class, e -> assertThat(e.exitCode()).isEqualTo(CliException.FAILURE))
                    .hasMessage("start-api: port " + port + " on 127.0.0.1 is already in use:"
                            + " stop what listens there or choose another port with --port N");
        }
    }

    @Test
    void reportsAnAddressThatIsNotThisMachines() {
        // TEST-NET-1 (RFC 5737): never assigned to a local interface
        assertThatThrownBy(() -> PortCheck.free("192.0.2.1", 0))
                .isInstanceOf(CliException.class)
                .hasMessageStartingWith("start-api: cannot listen on 192.0.2.1:0: ");
    }
}
