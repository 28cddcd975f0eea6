package dev.thaw.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.thaw.Context;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsTest {

    @TempDir
    static Path dir;

    private static KeyStore localhostKeys;
    private static KeyStore otherKeys;
    private static HttpsServer localhostServer;
    private static HttpsServer otherServer;
    private static final AtomicReference<String> lastHost = new AtomicReference<>();

    @BeforeAll
    static void startServers() throws Exception {
        localhostKeys = TestCertificates.load(TestCertificates.make(dir, "localhost", "dns:localhost,ip:127.0.0.1"));
        otherKeys = TestCertificates.load(TestCertificates.make(dir, "other.example", "dns:other.example"));
        localhostServer = start(localhostKeys);
        otherServer = start(otherKeys);
    }

    private static HttpsServer start(KeyStore keys) throws Exception {
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(TestCertificates.serverContext(keys)));
        server.createContext("/", exchange -> {
            lastHost.set(exchange.getRequestHeaders().getFirst("Host"));
            byte[] body = "secure".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    @AfterAll
    static void stopServers() {
        localhostServer.stop(0);
        otherServer.stop(0);
    }

    private static URI uri(HttpsServer server, String host) {
        return URI.create("https://" + host + ":" + server.getAddress().getPort() + "/hello");
    }

    @Test
    void callsAnHttpsServerTrustedThroughATrustStoreAndReusesTheConnection() throws Exception {
        ThawClient client = ThawClient.builder()
                .trustStore(TestCertificates.trusting(localhostKeys))
                .build();

        OutboundResponse first = client.send(OutboundRequest.get(uri(localhostServer, "localhost")), Context.direct());
        OutboundResponse second = client.send(OutboundRequest.get(uri(localhostServer, "localhost")), Context.direct());

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.text()).isEqualTo("secure");
        assertThat(second.text()).isEqualTo("secure");
        assertThat(lastHost.get())
                .isEqualTo("localhost:" + localhostServer.getAddress().getPort());
        assertThat(client.pool()
                        .idleCount("https://localhost:"
                                + localhostServer.getAddress().getPort()))
                .isEqualTo(1);
    }

    @Test
    void matchesAnIpAddressAgainstTheCertificatesIpSubjectAltName() throws Exception {
        ThawClient client = ThawClient.builder()
                .sslContext(TestCertificates.clientContextTrusting(localhostKeys))
                .build();

        assertThat(client.send(OutboundRequest.get(uri(localhostServer, "127.0.0.1")), Context.direct())
                        .text())
                .isEqualTo("secure");
    }

    @Test
    void refusesACertificateIssuedForAnotherHostName() throws Exception {
        ThawClient client = ThawClient.builder()
                .trustStore(TestCertificates.trusting(otherKeys))
                .build();
        URI target = uri(otherServer, "localhost");

        assertThatThrownBy(() -> client.send(OutboundRequest.get(target), Context.direct()))
                .isInstanceOf(OutboundException.class)
                .hasMessageStartingWith("GET " + target + ": connect to localhost:")
                .hasCauseInstanceOf(SSLHandshakeException.class)
                .rootCause()
                .hasMessageContaining("localhost");
    }

    @Test
    void refusesACertificateItDoesNotTrust() throws Exception {
        ThawClient client = ThawClient.builder()
                .trustStore(TestCertificates.trusting(otherKeys))
                .build();
        URI target = uri(localhostServer, "localhost");

        assertThatThrownBy(() -> client.send(OutboundRequest.get(target), Context.direct()))
                .isInstanceOf(OutboundException.class)
                .hasCauseInstanceOf(SSLHandshakeException.class);
    }
}
