package dev.thaw.local;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

/** Checks, before a child process is started, that it will be able to listen where asked. */
final class PortCheck {

    private PortCheck() {}

    /**
     * Binds {@code host:port} once and lets go, so a taken port is reported clearly instead of as a stack
     * trace from the child.
     *
     * @param port the port; 0 picks a free one
     * @return the port that was free: {@code port}, or the one picked for 0
     * @throws CliException when the port is taken or the address cannot be bound
     */
    static int free(String host, int port) {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw CliException.failure("start-api: cannot resolve --host " + host + ": " + e.getMessage(), e);
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(address, port));
            return socket.getLocalPort();
        } catch (BindException e) {
            if (port != 0 && e.getMessage() != null && e.getMessage().contains("in use")) {
                throw CliException.failure(
                        "start-api: port " + port + " on " + host
                                + " is already in use: stop what listens there or choose another port with --port N",
                        e);
            }
            throw CliException.failure("start-api: cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw CliException.failure("start-api: cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }
}
