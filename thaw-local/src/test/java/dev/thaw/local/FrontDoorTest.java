package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thaw.Context;
import dev.thaw.Request;
import dev.thaw.lambda.EventCodecs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The front door over a real loopback socket, with fake invokers standing in for the environment pool. */
class FrontDoorTest {

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private FrontDoor door;

    @AfterEach
    void stop() {
        if (door != null) {
            door.close();
        }
        client.close();
    }

    private URI start(EventFormat format, Invoker invoker) throws IOException {
        door = FrontDoor.start(
                "127.0.0.1",
                0,
                EventFactory.of(format, "us-east-1"),
                invoker,
                new PrintStream(console, true, StandardCharsets.UTF_8),
                "start-api");
        return URI.create("http://127.0.0.1:" + door.port());
    }

    private static InvocationResult response(String json) {
        return new InvocationResult(
                InvocationResult.Kind.RESPONSE,
                json.getBytes(StandardCharsets.UTF_8),
                null,
                false,
                Map.of(),
                "req-1",
                1,
                false);
    }

    private static HttpRequest.Builder request(URI base, String target) {
        return HttpRequest.newBuilder(base.resolve(target)).timeout(Duration.ofSeconds(10));
    }

    @Test
    void turnsARequestIntoAnEventAndTheAnswerBackIntoHttp() throws Exception {
        AtomicReference<byte[]> seen = new AtomicReference<>();
        URI base = start(EventFormat.HTTP_API, (event, stream) -> {
            seen.set(event);
            assertThat(stream).isNull();
            return response("""
                    {"statusCode":201,"headers":{"content-type":"text/plain","location":"/users/101"},
                     "cookies":["seen=1; Path=/","theme=dark"],"body":"created"}""");
        });

        HttpResponse<String> answer = client.send(
                request(base, "/users?tag=a&tag=b&q=hello%20world")
                        .header("Cookie", "session=abc; lang=nl")
                        .header("X-Custom", "one")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"ada\"}"))
                        .header("Content-Type", "application/json")
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(201);
        assertThat(answer.body()).isEqualTo("created");
        assertThat(answer.headers().allValues("set-cookie")).containsExactly("seen=1; Path=/", "theme=dark");
        assertThat(answer.headers().firstValue("location")).contains("/users/101");
        assertThat(answer.headers().firstValue("content-type")).contains("text/plain");

        Request request = EventCodecs.forEvent(seen.get()).orElseThrow().decode(seen.get(), Context.direct());
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.rawPath()).isEqualTo("/users");
        assertThat(request.query().all("tag")).containsExactly("a", "b");
        assertThat(request.query().all("q")).containsExactly("hello world");
        assertThat(request.cookies()).isEqualTo(Map.of("session", "abc", "lang", "nl"));
        assertThat(request.header("x-custom")).contains("one");
        assertThat(request.bodyText()).isEqualTo("{\"name\":\"ada\"}");
        assertThat(request.sourceIp()).isEqualTo("127.0.0.1");
        assertThat(console.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void carriesABinaryBodyBothWaysAsBase64() throws Exception {
        byte[] bytes = new byte[70_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        URI base = start(EventFormat.REST, (event, stream) -> {
            Map<?, ?> fields = (Map<?, ?>) JsonParser.parse(event);
            assertThat(fields.get("isBase64Encoded")).isEqualTo(true);
            return response("{\"statusCode\":200,\"headers\":{\"content-type\":\"application/octet-stream\"},"
                    + "\"body\":\"" + fields.get("body") + "\",\"isBase64Encoded\":true}");
        });

        HttpResponse<byte[]> answer = client.send(
                request(base, "/echo")
                        .header("Content-Type", "application/octet-stream")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(bytes);
    }

    @Test
    void answersAnOversizedBodyWith413WithoutInvoking() throws Exception {
        AtomicInteger invocations = new AtomicInteger();
        URI base = start(EventFormat.ALB, (event, stream) -> {
            invocations.incrementAndGet();
            return response("{\"statusCode\":200}");
        });

        HttpResponse<String> tooLarge = client.send(
                request(base, "/upload")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1024 * 1024 + 1]))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> fits = client.send(
                request(base, "/upload")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1024 * 1024]))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.body()).contains("413 Request Entity Too Large");
        assertThat(fits.statusCode()).isEqualTo(200);
        assertThat(invocations).hasValue(1);
        assertThat(console.toString(StandardCharsets.UTF_8))
                .contains("thaw start-api: POST /upload answered 413: the request body is over 1048576 bytes");
    }

    @Test
    void answersAFunctionErrorAsApiGatewayDoesAndSaysWhyOnTheConsole() throws Exception {
        URI base = start(
                EventFormat.HTTP_API,
                (event, stream) -> new InvocationResult(
                        InvocationResult.Kind.ERROR,
                        "{\"errorMessage\":\"kaboom\",\"errorType\":\"java.lang.IllegalStateException\"}"
                                .getBytes(StandardCharsets.UTF_8),
                        "Function.IllegalStateException",
                        false,
                        Map.of(),
                        "req-9",
                        3,
                        false));

        HttpResponse<String> answer = client.send(request(base, "/boom").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(500);
        assertThat(answer.body()).isEqualTo("{\"message\":\"Internal Server Error\"}");
        assertThat(console.toString(StandardCharsets.UTF_8))
                .isEqualTo("thaw start-api: GET /boom answered 500: the invocation failed:"
                        + " Function.IllegalStateException: kaboom" + System.lineSeparator());
    }

    @Test
    void answersA5xxWhenNoEnvironmentCanRunTheInvocation() throws Exception {
        URI base = start(EventFormat.REST, (event, stream) -> {
            throw new IllegalStateException("the pool is closed");
        });

        HttpResponse<String> answer = client.send(request(base, "/").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(502);
        assertThat(answer.body()).isEqualTo("{\"message\": \"Internal server error\"}");
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("the pool is closed");
    }

    @Test
    void answersA5xxWhenTheEmulatorItselfFails() throws Exception {
        // an invoker that breaks its contract: no result at all
        URI base = start(EventFormat.HTTP_API, (event, stream) -> null);

        HttpResponse<String> answer = client.send(request(base, "/").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(500);
        assertThat(answer.body()).isEqualTo("{\"message\":\"Internal Server Error\"}");
        assertThat(console.toString(StandardCharsets.UTF_8))
                .contains("GET / answered 500: the emulator failed: java.lang.NullPointerException");
    }

    @Test
    void sendsNoBodyToAHeadRequest() throws Exception {
        URI base = start(EventFormat.HTTP_API, (event, stream) -> response("{\"statusCode\":200,\"body\":\"hidden\"}"));

        HttpResponse<String> answer = client.send(
                request(base, "/")
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEmpty();
    }

    @Test
    void servesSlowInvocationsAtTheSameTime() throws Exception {
        int clients = 4;
        CyclicBarrier allInside = new CyclicBarrier(clients);
        URI base = start(EventFormat.HTTP_API, (event, stream) -> {
            try {
                // only passes when every request is being invoked at once
                allInside.await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                return response("{\"statusCode\":500}");
            }
            return response("{\"statusCode\":200,\"body\":\"ok\"}");
        });

        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            answers.add(client.sendAsync(request(base, "/slow/" + i).build(), HttpResponse.BodyHandlers.ofString()));
        }

        for (var answer : answers) {
            assertThat(answer.get(15, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void forwardsAStreamedFunctionUrlResponseChunkByChunk() throws Exception {
        CountDownLatch firstChunkRead = new CountDownLatch(1);
        AtomicBoolean readBeforeTheEnd = new AtomicBoolean();
        URI base = start(EventFormat.FUNCTION_URL, (event, stream) -> {
            try {
                stream.start(StreamedResponse.HTTP_INTEGRATION);
                byte[] prelude =
                        "{\"statusCode\":207,\"headers\":{\"content-type\":\"text/plain\"},\"cookies\":[\"s=1\"]}"
                                .getBytes(StandardCharsets.UTF_8);
                byte[] start = new byte[prelude.length + 8 + 5];
                System.arraycopy(prelude, 0, start, 0, prelude.length);
                System.arraycopy("first".getBytes(StandardCharsets.UTF_8), 0, start, prelude.length + 8, 5);
                // the prelude arrives in two pieces, the delimiter split across them
                stream.chunk(start, 0, prelude.length + 3);
                stream.chunk(start, prelude.length + 3, start.length - prelude.length - 3);
                readBeforeTheEnd.set(firstChunkRead.await(10, TimeUnit.SECONDS));
                byte[] second = "second".getBytes(StandardCharsets.UTF_8);
                stream.chunk(second, 0, second.length);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return new InvocationResult(
                    InvocationResult.Kind.RESPONSE, new byte[0], null, true, Map.of(), "req-s", 5, false);
        });

        HttpResponse<InputStream> answer =
                client.send(request(base, "/stream").build(), HttpResponse.BodyHandlers.ofInputStream());

        assertThat(answer.statusCode()).isEqualTo(207);
        assertThat(answer.headers().firstValue("content-type")).contains("text/plain");
        assertThat(answer.headers().allValues("set-cookie")).containsExactly("s=1");
        try (InputStream body = answer.body()) {
            assertThat(new String(body.readNBytes(5), StandardCharsets.UTF_8)).isEqualTo("first");
            firstChunkRead.countDown();
            assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("second");
        }
        assertThat(readBeforeTheEnd).isTrue();
    }

    @Test
    void answersAStreamThatEndsInsideItsPreludeWith502() throws Exception {
        URI base = start(EventFormat.FUNCTION_URL, (event, stream) -> {
            try {
                stream.start(StreamedResponse.HTTP_INTEGRATION);
                byte[] partial = "{\"statusCode\":200".getBytes(StandardCharsets.UTF_8);
                stream.chunk(partial, 0, partial.length);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return new InvocationResult(
                    InvocationResult.Kind.RESPONSE, new byte[0], null, true, Map.of(), "req-p", 5, false);
        });

        HttpResponse<String> answer = client.send(request(base, "/").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(502);
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("ended before its prelude did");
    }

    @Test
    void sendsAStreamWithoutPreludeAsA200OfItsContentType() throws Exception {
        URI base = start(EventFormat.FUNCTION_URL, (event, stream) -> {
            try {
                stream.start("text/csv");
                byte[] csv = "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8);
                stream.chunk(csv, 0, csv.length);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return new InvocationResult(
                    InvocationResult.Kind.RESPONSE, new byte[0], null, true, Map.of(), "req-c", 5, false);
        });

        HttpResponse<String> answer =
                client.send(request(base, "/report").build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("content-type")).contains("text/csv");
        assertThat(answer.body()).isEqualTo("a,b\n1,2\n");
    }
}
