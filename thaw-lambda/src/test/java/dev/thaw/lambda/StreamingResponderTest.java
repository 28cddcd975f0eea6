package dev.thaw.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thaw.Cookie;
import dev.thaw.Response;
import dev.thaw.testkit.FakeRuntimeApi;
import dev.thaw.testkit.FakeRuntimeApi.Answer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StreamingResponderTest {

    private static final byte[] EIGHT_NULS = new byte[8];
    private static final byte[] EVENT = LambdaTestEvents.v2("/events");
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final FakeRuntimeApi api = FakeRuntimeApi.start();

    @AfterEach
    void stopApi() {
        api.close();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void sendsThePreludeEightNulsAndTheBodyAsItIsWritten() throws Exception {
        Response response = Response.status(201)
                .header("x-a", "1")
                .header("x-a", "2")
                .cookie(Cookie.of("s", "v").httpOnly())
                .cookie(Cookie.of("t", "w"))
                .stream("text/event-stream", out -> {
            out.write("data: one\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            out.write("data: two\n\n".getBytes(StandardCharsets.UTF_8));
            out.close();
        });
        String id = api.enqueue(EVENT);
        try (RuntimeApiClient client = new RuntimeApiClient(api.endpoint())) {
            client.next();
            assertThat(StreamingResponder.send(client, id, response, false)).isEqualTo(202);
        }

        Answer post = api.awaitAnswer(id, WAIT);
        assertThat(post.kind()).isEqualTo(Answer.Kind.RESPONSE);
        assertThat(post.streamed()).isTrue();
        assertThat(post.header("content-type")).isEqualTo(StreamingResponder.HTTP_INTEGRATION);
        int split = indexOf(post.body(), EIGHT_NULS);
        String prelude = new String(post.body(), 0, split, StandardCharsets.UTF_8);
        String body = new String(post.body(), split + 8, post.body().length - split - 8, StandardCharsets.UTF_8);
        assertThat(prelude)
                .isEqualTo("{\"statusCode\":201,\"headers\":{\"x-a\":\"1,2\",\"content-type\":"
                        + "\"text/event-stream\"},\"cookies\":[\"s=v; HttpOnly\",\"t=w\"]}");
        assertThat(body).isEqualTo("data: one\n\ndata: two\n\n");
        assertThat(post.trailers()).isEmpty();
        assertThat(post.errorType()).isNull();
    }

    @Test
    void reportsAFailureAfterTheFirstByteInTrailers() throws Exception {
        Response response = Response.status(200).stream("text/plain", out -> {
            out.write("partial".getBytes(StandardCharsets.UTF_8));
            throw new IOException("export source went away");
        });
        String id = api.enqueue(EVENT);
        try (RuntimeApiClient client = new RuntimeApiClient(api.endpoint())) {
            client.next();
            assertThat(StreamingResponder.send(client, id, response, false)).isEqualTo(202);
        }

        Answer post = api.awaitAnswer(id, WAIT);
        assertThat(post.bodyText()).endsWith("partial");
        assertThat(post.errorType()).isEqualTo("Function.StreamError");
        assertThat(post.errorTypeValid()).isTrue();
        String error = new String(
                Base64.getDecoder().decode(post.trailer("Lambda-Runtime-Function-Error-Body")), StandardCharsets.UTF_8);
        assertThat(error).contains("export source went away").contains("java.io.IOException");
        assertThat(api.answers(id)).hasSize(1);
    }

    @Test
    void sendsBufferedBodiesAndNoBodyForHead() throws Exception {
        String get = api.enqueue(EVENT);
        String head = api.enqueue(EVENT);
        try (RuntimeApiClient client = new RuntimeApiClient(api.endpoint())) {
            client.next();
            StreamingResponder.send(client, get, Response.text("whole"), false);
            client.next();
            StreamingResponder.send(client, head, Response.text("whole"), true);
        }

        assertThat(api.awaitAnswer(get, WAIT).bodyText()).endsWith("\0whole");
        assertThat(api.awaitAnswer(head, WAIT).bodyText()).endsWith("]}\0\0\0\0\0\0\0\0");
        assertThat(api.awaitAnswer(head, WAIT).trailers()).isEmpty();
    }
}
