package dev.thaw.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thaw.App;
import dev.thaw.Request;
import dev.thaw.Response;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The priming a runtime runs before real traffic (SnapStart checkpoint, AOT-cache training). */
class PrimingTest {

    @Test
    void sendsThePrimingRequestsThroughTheChainAndCountsTheAnswers() {
        AtomicInteger primed = new AtomicInteger();
        App app = App.builder()
                .name("priming-test")
                .routes(r -> r.get("/ok", request -> {
                    if (request.context().priming()) {
                        primed.incrementAndGet();
                    }
                    return Response.text("ok");
                }))
                .prime(() -> List.of(Request.get("/ok"), Request.get("/ok")))
                .build();

        assertThat(Priming.run(app)).matches("2 of 2 priming requests answered below 500 in \\d+ ms");
        assertThat(primed).hasValue(2);
    }

    @Test
    void saysWhenThePrimingRequestsCouldNotBeMade() {
        App app = App.builder()
                .name("priming-test")
                .handler(request -> Response.noContent())
                .prime(() -> {
                    throw new IllegalStateException("no data for priming");
                })
                .build();

        assertThat(Priming.run(app)).matches("0 of \\? priming requests answered below 500 in \\d+ ms");
    }
}
