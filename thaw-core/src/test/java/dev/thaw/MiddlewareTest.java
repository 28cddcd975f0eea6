package dev.thaw;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thaw.internal.Log;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MiddlewareTest {

    private final List<String> events = new ArrayList<>();

    private Middleware recording(String name) {
        return next -> request -> {
            events.add(name + " in");
            Response response = next.handle(request);
            events.add(name + " out");
            return response.withHeader("x-last", name);
        };
    }

    @Test
    void chainsTheFirstMiddlewareOutermost() throws Exception {
        Handler handler = Middleware.chain(List.of(recording("a"), recording("b"), recording("c")), request -> {
            events.add("handler");
            return Response.noContent();
        });

        Response response = handler.handle(Request.get("/"));

        assertThat(events).containsExactly("a in", "b in", "c in", "handler", "c out", "b out", "a out");
        assertThat(response.header("x-last")).contains("a");
    }

    @Test
    void returnsTheHandlerItselfForAnEmptyChain() {
        Handler handler = request -> Response.noContent();

        assertThat(Middleware.chain(List.of(), handler)).isSameAs(handler);
    }

    @Test
    void letsMiddlewareShortCircuitTheRest() throws Exception {
        Middleware gate = next -> request -> request.header("authorization").isPresent()
                ? next.handle(request)
                : Response.status(401).empty();
        Handler handler = Middleware.chain(List.of(recording("outer"), gate, recording("inner")), request -> {
            events.add("handler");
            return Response.noContent();
        });

        Response response = handler.handle(Request.get("/"));

        assertThat(response.status()).isEqualTo(401);
        assertThat(events).containsExactly("outer in", "outer out");
    }

    @Test
    void runsTheBuiltInStackAroundARouter() throws Exception {
        List<String> accessLines = new ArrayList<>();
        List<String> errorLines = new ArrayList<>();
        Router router = Router.builder()
                .get("/users/{id}", request -> Response.json(Map.of("id", request.pathParam("id"))))
                .get("/boom", request -> {
                    throw new IllegalStateException("boom");
                })
                .build();
        Handler handler = Middleware.chain(
                List.of(
                        RequestId.create(),
                        AccessLog.with(Log.of("JSON", "INFO", accessLines::add)),
                        Recovery.with(Log.of("JSON", "INFO", errorLines::add)),
                        DeadlineGuard.create()),
                router);

        Response ok = handler.handle(Request.builder("GET", "/users/42")
                .header(RequestId.HEADER, "trace-1")
                .build());
        Response missing = handler.handle(Request.get("/nope"));
        Response failed = handler.handle(Request.get("/boom"));

        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.bodyText()).isEqualTo("{\"id\":\"42\"}");
        assertThat(ok.header(RequestId.HEADER)).contains("trace-1");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(failed.status()).isEqualTo(500);
        assertThat(accessLines).hasSize(3);
        assertThat(JsonObjects.parse(accessLines.get(0))).containsEntry("requestId", "trace-1");
        assertThat(JsonObjects.parse(accessLines.get(1))).containsEntry("status", 404L);
        assertThat(JsonObjects.parse(accessLines.get(2))).containsEntry("status", 500L);
        assertThat(errorLines).hasSize(1);
    }
}
