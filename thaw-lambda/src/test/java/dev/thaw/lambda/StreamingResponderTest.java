package dev.thaw.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thaw.Cookie;
import dev.thaw.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class StreamingResponderTest {

    private static final byte[] EIGHT_NULS = new byte[8];

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
        try (ScriptedRuntimeApi api = new ScriptedRuntimeApi(r -> ScriptedRuntimeApi.reply(202, ""));
                RuntimeApiClient client = new RuntimeApiClient(api.endpoint())) {
            assertThat(StreamingResponder.send(client, "req-9", response, false))
                    .isEqualTo(202);

            ScriptedRuntimeApi.Received post = api.take();
            assertThat(post.path()).isEqualTo("/2018-06-01/runtime/invocation/req-9/response");
            assertThat(post.headers())
                    .containsEntry("lambda-runtime-function-response-mode", "streaming")
                    .containsEntry("content-type", StreamingResponder.HTTP_INTEGRATION);
            int split = indexOf(post.body(), EIGHT_NULS);
            String prelude = new String(post.body(), 0, split, StandardCharsets.UTF_8);
            String body = new String(post.body(), split + 8, post.body().length - split - 8, StandardCharsets.UTF_8);
            assertThat(prelude)
                    .isEqualTo("{\"statusCode\":201,\"headers\":{\"x-a\":\"1,2\",\"content-type\":"
                            + "\"text/event-stream\"},\"cookies\":[\"s=v; HttpOnly\",\"t=w\"]}");
            assertThat(body).isEqualTo("data: one\n\ndata: two\n\n");
            assertThat(post.trailers()).isEmpty();
        }
    }

    @Test
    void reportsAFailureAfterTheFirstByteInTrailers() throws Exception {
        Response response = Response.status(200).stream("text/plain", out -> {
            out.write("partial".getBytes(StandardCharsets.UTF_8));
            throw new IOException("export source went away");
        });
        try (ScriptedRuntimeApi api = new ScriptedRuntimeApi(r -> ScriptedRuntimeApi.reply(202, ""));
                RuntimeApiClient client = new RuntimeApiClient(api.endpoint())) {
            StreamingResponder.send(client, "req-10", response, false);

            ScriptedRuntimeApi.Received post = api.take();
            assertThat(new String(post.body(), StandardCharsets.UTF_8)).endsWith("partial");
            assertThat(post.trailers()).containsEntry("Lambda-Runtime-Function-Error-Type", "Function.StreamError");
            String error = new String(
                    Base64.getDecoder().decode(post.trailers().get("Lambda-Runtime-Function-Error-Body")),
                    StandardCharsets.UTF_8);
            assertThat(error).contains("export source went away").contains("java.io.IOException");
        }
    }

    @Test
    void sendsBufferedBodiesAndNoBodyForHead() throws Exception {
        try (ScriptedRuntimeApi api = new ScriptedRuntimeApi(r -> ScriptedRuntimeApi.reply(202, ""));
                RuntimeApiClient client = new RuntimeApiClient(api.endpoint())) {
            StreamingResponder.send(client, "a", Response.text("whole"), false);
            StreamingResponder.send(client, "b", Response.text("whole"), true);

            assertThat(new String(api.take().body(), StandardCharsets.UTF_8)).endsWith("\0whole");
            assertThat(new String(api.take().body(), StandardCharsets.UTF_8)).endsWith("]}\0\0\0\0\0\0\0\0");
        }
    }
}
