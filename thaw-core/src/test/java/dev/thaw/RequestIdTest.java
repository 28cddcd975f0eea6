package dev.thaw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thaw.internal.Log;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestIdTest {

    private static final Context CONTEXT =
            Context.builder().requestId("ctx-request-id").build();

    private final List<String> seen = new ArrayList<>();
    private final Handler handler = RequestId.create().wrap(request -> {
        seen.add(request.header(RequestId.HEADER).orElse(null));
        return Response.text("ok");
    });

    private static Request withId(String id) {
        return Request.builder("GET", "/x")
                .header(RequestId.HEADER, id)
                .context(CONTEXT)
                .build();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "abc-123",
                "Root=1-5759e988-bd862e3fe1be46a994272793",
                "a_b.c:d=e",
                "7f8c2a1e-6c54-4d2c-9d1a-2b0a8e1c7f00",
                "x"
            })
    void usesASaneIdFromTheCaller(String id) throws Exception {
        Response response = handler.handle(withId(id));

        assertThat(seen).containsExactly(id);
        assertThat(response.header(RequestId.HEADER)).contains(id);
    }

    @Test
    void acceptsAnIdOfExactly128Characters() throws Exception {
        String id = "a".repeat(128);

        assertThat(handler.handle(withId(id)).header(RequestId.HEADER)).contains(id);
    }

    static Stream<String> unsafeIds() {
        return Stream.of(
                "a".repeat(129),
                "",
                "has space",
                "tab\tinside",
                "abc%0d%0aSet-Cookie:x=1",
                "abc\\r\\nX-Injected:1",
                "<script>alert(1)</script>",
                "a/b",
                "quote\"d",
                "ümlaut",
                "semi;colon");
    }

    @ParameterizedTest
    @MethodSource("unsafeIds")
    void replacesAnUnsafeIdWithTheContextId(String id) throws Exception {
        Response response = handler.handle(withId(id));

        assertThat(seen).containsExactly("ctx-request-id");
        assertThat(response.header(RequestId.HEADER)).contains("ctx-request-id");
    }

    @Test
    void fallsBackToTheContextIdWhenNoneIsSent() throws Exception {
        Response response =
                handler.handle(Request.builder("GET", "/x").context(CONTEXT).build());

        assertThat(seen).containsExactly("ctx-request-id");
        assertThat(response.header(RequestId.HEADER)).contains("ctx-request-id");
    }

    @Test
    void keepsASingleHeaderValueOnTheRequestAndResponse() throws Exception {
        Handler echo = RequestId.create()
                .wrap(request -> Response.status(200)
                        .header(RequestId.HEADER, "from-handler")
                        .text(String.join(",", request.headers().all(RequestId.HEADER))));

        Response response = echo.handle(withId("bad id"));

        assertThat(response.bodyText()).isEqualTo("ctx-request-id");
        assertThat(response.headers().all(RequestId.HEADER)).containsExactly("ctx-request-id");
    }

    @Test
    void echoesTheIdOnAnHttpExceptionAnswer() throws Exception {
        Handler failing = RequestId.create().wrap(request -> {
            throw HttpException.notFound("No user 9");
        });

        Response response = failing.handle(withId("client-7"));

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header(RequestId.HEADER)).contains("client-7");
        assertThat(JsonObjects.parse(response.bodyText())).containsEntry("detail", "No user 9");
    }

    @Test
    void letsOtherExceptionsThroughForRecovery() {
        IllegalStateException failure = new IllegalStateException("boom");
        Handler failing = RequestId.create().wrap(request -> {
            throw failure;
        });

        assertThatThrownBy(() -> failing.handle(withId("client-7"))).isSameAs(failure);
    }

    @Test
    void givesRecoveryTheSameIdWhenPlacedOutside() throws Exception {
        List<String> logged = new ArrayList<>();
        Handler chain = Middleware.chain(
                List.of(RequestId.create(), Recovery.with(Log.of("JSON", "INFO", logged::add))), request -> {
                    throw new IllegalStateException("boom");
                });

        Response response = chain.handle(withId("client-8"));

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.header(RequestId.HEADER)).contains("client-8");
        assertThat(JsonObjects.parse(response.bodyText())).containsEntry("requestId", "client-8");
        assertThat(JsonObjects.parse(logged.get(0))).containsEntry("requestId", "client-8");
    }
}
