package dev.thaw.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thaw.App;
import dev.thaw.Handler;
import dev.thaw.Response;
import dev.thaw.ThawException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LocalServerTest {

    private final List<LocalServer> servers = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @AfterEach
    void stopServers() {
        for (LocalServer server : servers) {
            server.stop(Duration.ZERO);
        }
        http.close();
    }

    private LocalServer start(Handler handler) {
        return start(handler, ServerOptions.builder().port(0).build());
    }

    private LocalServer start(Handler handler, ServerOptions options) {
        LocalServer server =
                LocalServer.start(App.builder().name("test").handler(handler).build(), options);
        servers.add(server);
        return server;
    }

    private HttpResponse<byte[]> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void bindsAFreePortWhenAskedForPortZero() {
        LocalServer server = start(request -> Response.text("ok"));

        assertThat(server.port()).isPositive();
        assertThat(server.uri()).isEqualTo(URI.create("http://127.0.0.1:" + server.port()));
    }

    @Test
    void printsOneStartupLineWithNameAddressAndTime() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        LocalServer server;
        System.setOut(new PrintStream(captured, true, UTF_8));
        try {
            server = start(request -> Response.text("ok"));
        } finally {
            System.setOut(original);
        }

        assertThat(captured.toString(UTF_8))
                .matches(
                        "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\tINFO\t-\tdev\\.thaw\\.server\\.LocalServer\t"
                                + "test listening on http://127\\.0\\.0\\.1:" + server.port()
                                + " \\(started in \\d+ ms\\)\\R");
    }

    @Test
    void passesRawPathAndRawQueryUndecoded() throws Exception {
        LocalServer server = start(request -> Response.text(request.rawPath() + " "
                + request.query().raw() + " " + request.query().all("a") + " "
                + request.query().first("b").orElseThrow()));

        try (RawHttp raw = RawHttp.connect(server.uri())) {
            raw.send("GET /p/a%2Fb/%20?a=1&a=2&a=x%26y&b=%2B+ HTTP/1.1\nHost: x\nConnection: close\n");
            RawHttp.Head head = raw.readHead();

            assertThat(head.status()).isEqualTo(200);
            assertThat(new String(raw.readToEnd(), UTF_8))
                    .isEqualTo("/p/a%2Fb/%20 a=1&a=2&a=x%26y&b=%2B+ [1, 2, x&y] + ");
        }
    }

    @Test
    void passesRepeatedHeaderLinesAsSeparateValuesAndSendsEachResponseValue() throws Exception {
        LocalServer server = start(request -> Response.status(200)
                .header("x-out", "one")
                .header("x-out", "two")
                .text(String.join("|", request.headers().all("x-multi"))));

        try (RawHttp raw = RawHttp.connect(server.uri())) {
            raw.send("GET / HTTP/1.1\nHost: x\nX-Multi: a\nx-multi: b, c\nConnection: close\n");
            RawHttp.Head head = raw.readHead();

            assertThat(head.all("x-out")).containsExactly("one", "two");
            assertThat(new String(raw.readToEnd(), UTF_8)).isEqualTo("a|b, c");
        }
    }

    @Test
    void readsCookiesAndSendsEachSetCookieOnItsOwnLine() throws Exception {
        LocalServer server = start(request -> Response.status(200)
                .header("set-cookie", "a=1; Path=/")
                .header("set-cookie", "b=2; HttpOnly")
                .text(request.cookie("session").orElse("none")));

        try (RawHttp raw = RawHttp.connect(server.uri())) {
            raw.send("GET / HTTP/1.1\nHost: x\nCookie: theme=dark; session=s1\nConnection: close\n");
            RawHttp.Head head = raw.readHead();

            assertThat(head.all("set-cookie")).containsExactly("a=1; Path=/", "b=2; HttpOnly");
            assertThat(new String(raw.readToEnd(), UTF_8)).isEqualTo("s1");
        }
    }

    @Test
    void roundTripsBinaryBodyWithExactContentLength() throws Exception {
        LocalServer server = start(request -> Response.status(200)
                .header("content-length", "1") // wrong on purpose: the server frames the body itself
                .bytes(request.body(), "application/octet-stream"));
        byte[] body = new byte[1_000_003];
        new Random(42).nextBytes(body);

        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(server.uri().resolve("/echo"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().allValues("content-length")).containsExactly("1000003");
        assertThat(response.body()).isEqualTo(body);
    }

    @Test
    void tellsSourceIpAndLocalContext() throws Exception {
        LocalServer server = start(request -> Response.text(request.sourceIp() + " "
                + request.context().source() + " deadline=" + request.context().hasDeadline() + " id="
                + !request.context().requestId().isEmpty()));

        HttpResponse<byte[]> response =
                send(HttpRequest.newBuilder(server.uri().resolve("/")).build());

        assertThat(new String(response.body(), UTF_8)).isEqualTo("127.0.0.1 LOCAL deadline=false id=true");
    }

    @Test
    void answersTooLargeDeclaredBodyWithoutReadingIt() throws Exception {
        CountDownLatch called = new CountDownLatch(1);
        LocalServer server = start(request -> {
            called.countDown();
            return Response.text("should not run");
        });

        try (RawHttp raw = RawHttp.connect(server.uri())) {
            // declares 7 MB but sends nothing: the answer must not wait for the body
            raw.send(
                    "POST /upload HTTP/1.1\nHost: x\nContent-Type: application/octet-stream\nContent-Length: 7000000\n");
            RawHttp.Head head = raw.readHead();

            assertThat(head.status()).isEqualTo(413);
            assertThat(head.first("content-type")).isEqualTo("application/problem+json");
            assertThat(head.first("connection")).isEqualToIgnoringCase("close");
            String body = new String(raw.readBytes(Integer.parseInt(head.first("content-length"))), UTF_8);
            assertThat(body).contains("\"status\":413").contains("6291456");
        }
        assertThat(called.getCount()).isEqualTo(1);
    }

    @Test
    void answersTooLargeChunkedBody() throws Exception {
        LocalServer server = start(
                request -> Response.text("got " + request.body().length),
                ServerOptions.builder().port(0).maxBodyBytes(1024).build());

        HttpResponse<byte[]> over = send(chunked(server, 1025));
        HttpResponse<byte[]> atLimit = send(chunked(server, 1024));

        assertThat(over.statusCode()).isEqualTo(413);
        assertThat(over.headers().firstValue("content-type")).contains("application/problem+json");
        assertThat(atLimit.statusCode()).isEqualTo(200);
        assertThat(new String(atLimit.body(), UTF_8)).isEqualTo("got 1024");
    }

    private static HttpRequest chunked(LocalServer server, int size) {
        // an InputStream publisher has no known length, so java.net.http sends it chunked
        return HttpRequest.newBuilder(server.uri().resolve("/upload"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[size])))
                .build();
    }

    @Test
    void answersHeadWithContentLengthButNoBody() throws Exception {
        LocalServer server = start(request -> Response.text("hello, " + request.method()));

        try (RawHttp raw = RawHttp.connect(server.uri())) {
            raw.send("HEAD /x HTTP/1.1\nHost: x\nConnection: close\n");
            RawHttp.Head head = raw.readHead();

            assertThat(head.status()).isEqualTo(200);
            assertThat(head.first("content-length")).isEqualTo(String.valueOf("hello, HEAD".length()));
            assertThat(raw.readToEnd()).isEmpty();
        }
    }

    @Test
    void keepsContentLengthDeclaredByHandlerThatAnswersHeadItself() throws Exception {
        LocalServer server = start(request ->
                Response.status(200).header("content-length", "1234").bytes(null, "application/octet-stream"));

        try (RawHttp raw = RawHttp.connect(server.uri())) {
            raw.send("HEAD /file HTTP/1.1\nHost: x\nConnection: close\n");
            RawHttp.Head head = raw.readHead();

            assertThat(head.first("content-length")).isEqualTo("1234");
            assertThat(raw.readToEnd()).isEmpty();
        }
    }

    @Test
    void sendsNoBodyAndNoContentLengthFor204() throws Exception {
        LocalServer server = start(request -> Response.status(204).bytes("ignored".getBytes(UTF_8), "text/plain"));

        try (RawHttp raw = RawHttp.connect(server.uri())) {
            raw.send("DELETE /x HTTP/1.1\nHost: x\nConnection: close\n");
            RawHttp.Head head = raw.readHead();

            assertThat(head.status()).isEqualTo(204);
            assertThat(head.first("content-length")).isNull();
            assertThat(head.first("transfer-encoding")).isNull();
            assertThat(raw.readToEnd()).isEmpty();
        }
    }

    @Test
    void sendsEmptyBodyWithContentLengthZero() throws Exception {
        LocalServer server = start(request -> Response.status(200).empty());

        try (RawHttp raw = RawHttp.connect(server.uri())) {
            raw.send("GET /x HTTP/1.1\nHost: x\nConnection: close\n");
            RawHttp.Head head = raw.readHead();

            assertThat(head.first("content-length")).isEqualTo("0");
            assertThat(raw.readToEnd()).isEmpty();
        }
    }

    @Test
    void sendsStreamingBodyChunkByChunkAsItIsFlushed() throws Exception {
        CountDownLatch firstChunkRead = new CountDownLatch(1);
        LocalServer server = start(request -> Response.status(200).stream("text/plain", out -> {
            out.write("first".getBytes(UTF_8));
            out.flush();
            try {
                if (!firstChunkRead.await(5, TimeUnit.SECONDS)) {
                    throw new IOException("the client never read the first chunk");
                }
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            out.write("second".getBytes(UTF_8));
        }));

        try (RawHttp raw = RawHttp.connect(server.uri())) {
            raw.send("GET /stream HTTP/1.1\nHost: x\n");
            RawHttp.Head head = raw.readHead();
            assertThat(head.first("transfer-encoding")).isEqualToIgnoringCase("chunked");
            assertThat(head.first("content-length")).isNull();

            // the first chunk arrives while the handler is still blocked before writing the second
            assertThat(new String(raw.readChunk(), UTF_8)).isEqualTo("first");
            firstChunkRead.countDown();
            assertThat(new String(raw.readChunk(), UTF_8)).isEqualTo("second");
            assertThat(raw.readChunk()).isNull();
        }
    }

    @Test
    void dropsConnectionWithoutFinalChunkWhenStreamFails() throws Exception {
        LocalServer server = start(request -> Response.status(200).stream("text/plain", out -> {
            out.write("partial".getBytes(UTF_8));
            out.flush();
            throw new IllegalStateException("database went away");
        }));

        try (RawHttp raw = RawHttp.connect(server.uri())) {
            raw.send("GET /stream HTTP/1.1\nHost: x\n");
            assertThat(raw.readHead().status()).isEqualTo(200);
            assertThat(new String(raw.readChunk(), UTF_8)).isEqualTo("partial");
            assertThatThrownBy(raw::readChunk).isInstanceOf(IOException.class);
        }
        // the aborted exchange still counts as finished: a graceful stop does not wait for it
        long start = System.nanoTime();
        server.stop(Duration.ofSeconds(5));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void keepsServingAfterClientClosesMidResponse() throws Exception {
        CountDownLatch clientGone = new CountDownLatch(1);
        AtomicReference<Throwable> streamFailure = new AtomicReference<>();
        LocalServer server = start(request -> {
            if (request.rawPath().equals("/ok")) {
                return Response.text("still here");
            }
            return Response.status(200).stream("application/octet-stream", out -> {
                byte[] block = new byte[64 * 1024];
                try {
                    out.write(block);
                    out.flush();
                    clientGone.await(5, TimeUnit.SECONDS);
                    for (int i = 0; i < 200; i++) {
                        out.write(block);
                        out.flush();
                    }
                } catch (IOException e) {
                    streamFailure.set(e);
                    throw e;
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            });
        });

        try (RawHttp raw = RawHttp.connect(server.uri())) {
            raw.send("GET /big HTTP/1.1\nHost: x\n");
            assertThat(raw.readHead().status()).isEqualTo(200);
        }
        clientGone.countDown();

        HttpResponse<byte[]> next =
                send(HttpRequest.newBuilder(server.uri().resolve("/ok")).build());
        assertThat(new String(next.body(), UTF_8)).isEqualTo("still here");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (streamFailure.get() == null && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(streamFailure.get()).isInstanceOf(IOException.class);
    }

    @Test
    void answersInvalidUtf8InPathWithBadRequestProblem() throws Exception {
        LocalServer server = start(request -> Response.text(request.path()));

        try (RawHttp raw = RawHttp.connect(server.uri())) {
            raw.send("GET /files/%FF HTTP/1.1\nHost: x\nConnection: close\n");
            RawHttp.Head head = raw.readHead();

            assertThat(head.status()).isEqualTo(400);
            assertThat(head.first("content-type")).isEqualTo("application/problem+json");
            assertThat(new String(raw.readToEnd(), UTF_8)).contains("Malformed URL encoding");
        }
    }

    @Test
    void answersRequestThatCannotBecomeARequestWithProblem() throws Exception {
        CountDownLatch called = new CountDownLatch(1);
        LocalServer server = start(request -> {
            called.countDown();
            return Response.text("should not run");
        });

        try (RawHttp raw = RawHttp.connect(server.uri())) {
            // %C0%AF is an overlong UTF-8 '/': the query cannot be decoded, so no Request is made
            raw.send("GET /files?name=%C0%AF HTTP/1.1\nHost: x\nConnection: close\n");
            RawHttp.Head head = raw.readHead();

            assertThat(head.status()).isEqualTo(400);
            assertThat(head.first("content-type")).isEqualTo("application/problem+json");
            assertThat(new String(raw.readToEnd(), UTF_8)).contains("\"status\":400");
        }
        assertThat(called.getCount()).isEqualTo(1);
    }

    @Test
    void answersHandlerExceptionWith500ProblemWithoutStackTrace() throws Exception {
        // no Recovery middleware: the server's own boundary answers
        LocalServer server = start(request -> {
            throw new IllegalStateException("secret-internal-detail");
        });

        HttpResponse<byte[]> response =
                send(HttpRequest.newBuilder(server.uri().resolve("/boom")).build());

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.headers().firstValue("content-type")).contains("application/problem+json");
        assertThat(new String(response.body(), UTF_8))
                .contains("\"status\":500")
                .doesNotContain("IllegalStateException")
                .doesNotContain("secret-internal-detail")
                .doesNotContain("\tat ");
    }

    @Test
    void answersNullResponseWith500Problem() throws Exception {
        LocalServer server = start(request -> null);

        HttpResponse<byte[]> response =
                send(HttpRequest.newBuilder(server.uri().resolve("/")).build());

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.headers().firstValue("content-type")).contains("application/problem+json");
    }

    @Test
    void gracefulStopWaitsForRequestInFlight() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        LocalServer server = start(request -> {
            entered.countDown();
            release.await(10, TimeUnit.SECONDS);
            return Response.text("finished");
        });
        CompletableFuture<HttpResponse<byte[]>> inFlight = http.sendAsync(
                HttpRequest.newBuilder(server.uri().resolve("/slow")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> server.stop(Duration.ofSeconds(10)));
        Thread.sleep(300);
        assertThat(stopping).isNotDone();
        assertThatThrownBy(() -> new Socket("127.0.0.1", server.port()).close()).isInstanceOf(ConnectException.class);
        release.countDown();

        HttpResponse<byte[]> response = inFlight.get(5, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new String(response.body(), UTF_8)).isEqualTo("finished");
        stopping.get(5, TimeUnit.SECONDS);
    }

    @Test
    void stopGivesUpOnRequestsPastTheGraceAndInterruptsThem() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        LocalServer server = start(request -> {
            entered.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return Response.text("too late");
        });
        CompletableFuture<HttpResponse<byte[]>> inFlight = http.sendAsync(
                HttpRequest.newBuilder(server.uri().resolve("/stuck")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

        long start = System.nanoTime();
        server.stop(Duration.ofMillis(100));

        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isBetween(Duration.ofMillis(100), Duration.ofSeconds(2));
        assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(inFlight).failsWithin(Duration.ofSeconds(5));
    }

    @Test
    void stopsPromptlyAfterAClientLeftBeforeItsResponseWasWritten() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch clientGone = new CountDownLatch(1);
        CountDownLatch answered = new CountDownLatch(1);
        LocalServer server = start(request -> {
            entered.countDown();
            clientGone.await(5, TimeUnit.SECONDS);
            Thread.sleep(100);
            answered.countDown();
            // large enough that writing it fails once the client has gone
            return Response.status(200).bytes(new byte[8 * 1024 * 1024], "application/octet-stream");
        });
        try (RawHttp raw = RawHttp.connect(server.uri())) {
            raw.send("GET /slow HTTP/1.1\nHost: x\n");
            assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        }
        clientGone.countDown();
        assertThat(answered.await(5, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(100);

        // jdk.httpserver alone would wait the whole grace for the exchange it never saw finish
        long start = System.nanoTime();
        server.stop(Duration.ofSeconds(10));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void keepsTheJvmAliveEvenWhenStartedFromADaemonThread() throws Exception {
        AtomicReference<LocalServer> started = new AtomicReference<>();
        Thread daemon =
                Thread.ofPlatform().daemon(true).start(() -> started.set(start(request -> Response.text("ok"))));
        daemon.join(5_000);

        assertThat(started.get()).isNotNull();
        List<Thread> dispatchers = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("HTTP-Dispatcher")) {
                dispatchers.add(t);
            }
        }
        assertThat(dispatchers)
                .isNotEmpty()
                .allSatisfy(t -> assertThat(t.isDaemon()).isFalse());
    }

    @Test
    void reportsAddressInUseWithTheAddress() {
        LocalServer first = start(request -> Response.text("ok"));

        assertThatThrownBy(() -> start(
                        request -> Response.text("ok"),
                        ServerOptions.builder().port(first.port()).build()))
                .isInstanceOf(ThawException.class)
                .hasMessageContaining("start local server for test on 127.0.0.1:" + first.port())
                .hasMessageContaining("PORT");
    }

    @Test
    void stopsAtOnceWhenIdleWhateverTheGrace() {
        LocalServer server = start(request -> Response.text("ok"));

        long start = System.nanoTime();
        server.stop(ChronoUnit.FOREVER.getDuration());

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void stopIsIdempotentAndCloseStops() throws Exception {
        LocalServer server = start(request -> Response.text("ok"));

        server.close();
        server.stop(Duration.ofSeconds(1));

        assertThatThrownBy(() -> new Socket("127.0.0.1", server.port()).close()).isInstanceOf(ConnectException.class);
    }
}
