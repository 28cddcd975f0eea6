package dev.thaw.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.thaw.App;
import dev.thaw.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of the local server's request parsing: arbitrary bytes are written to a fresh
 * connection of one running {@link LocalServer}, which may answer them however HTTP allows but never
 * with a 500, and a well-formed {@code GET} on a new connection still gets its 200 afterwards. A server
 * that dies, hangs or stops answering is a finding.
 *
 * <p>The normal build replays the corpus under {@code LocalServerFuzzTestInputs/}; {@code JAZZER_FUZZ=1}
 * fuzzes (see docs/reliability.md).
 */
class LocalServerFuzzTest {

    private static final LocalServer SERVER = LocalServer.start(
            App.builder()
                    .name("fuzz")
                    .routes(r -> r.get("/ok", request -> Response.text("ok"))
                            .post(
                                    "/echo",
                                    request -> Response.status(200).bytes(request.body(), "application/octet-stream"))
                            .get(
                                    "/users/{id}",
                                    request -> Response.text(request.pathParam("id") + " "
                                            + request.query().asMap() + " " + request.cookies() + " "
                                            + request.headers().asMap())))
                    .build(),
            ServerOptions.builder().port(0).build());

    private static final byte[] VALID_GET =
            "GET /ok HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    @FuzzTest
    // libFuzzer's dictionary syntax: CR LF written as \x escapes, which Jazzer passes through as they are.
    @DictionaryEntries({
        "GET ",
        "POST ",
        "HEAD ",
        " HTTP/1.1\\x0D\\x0A",
        " HTTP/1.0\\x0D\\x0A",
        "Host: a\\x0D\\x0A",
        "Content-Length: ",
        "Transfer-Encoding: chunked\\x0D\\x0A",
        "\\x0D\\x0A\\x0D\\x0A",
        "Expect: 100-continue\\x0D\\x0A",
        "Connection: keep-alive\\x0D\\x0A",
        "Cookie: a=1; b=2\\x0D\\x0A",
        "/users/%2F?",
        "/echo",
        "%C0%AF",
        "0\\x0D\\x0A\\x0D\\x0A"
    })
    void anyBytesLeaveTheServerAnswering(byte[] input) throws IOException {
        byte[] answer = exchange(input);
        if (answer.length > 0) {
            String head = new String(answer, 0, Math.min(answer.length, 200), StandardCharsets.ISO_8859_1);
            assertThat(head).as("answer to %d fuzzed bytes", input.length).doesNotStartWith("HTTP/1.1 500");
        }
        String check = new String(exchange(VALID_GET), StandardCharsets.ISO_8859_1);
        assertThat(check).as("a valid GET after the fuzzed input").startsWith("HTTP/1.1 200");
        assertThat(check).endsWith("ok");
    }

    /** Writes {@code request}, half-closes, and reads what comes back until the server closes. */
    private static byte[] exchange(byte[] request) throws IOException {
        // Jazzer's request-forgery detector refuses every connection unless told otherwise.
        BugDetectors.allowNetworkConnections();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), SERVER.port())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
                socket.shutdownOutput();
            } catch (IOException refused) {
                // The server may answer and close before reading everything: what it sent still counts.
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    answer.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the server neither answered nor closed within 5 s", e);
            } catch (IOException reset) {
                // A reset after a refusal is an answer too.
            }
            return answer.toByteArray();
        }
    }
}
