package dev.thaw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class AppTest {

    private final List<String> events = new ArrayList<>();

    private Middleware named(String name) {
        return next -> request -> {
            events.add(name + " in");
            try {
                return next.handle(request);
            } finally {
                events.add(name + " out");
            }
        };
    }

    @Test
    void runsTheFirstAddedMiddlewareOutermost() throws Exception {
        App app = App.builder()
                .use(named("a"), named("b"))
                .use(named("c"))
                .handler(request -> {
                    events.add("handler");
                    return Response.noContent();
                })
                .build();

        app.handle(Request.get("/"));

        assertThat(events).containsExactly("a in", "b in", "c in", "handler", "c out", "b out", "a out");
    }

    @Test
    void routesWithTheRouterBuiltFromRoutes() throws Exception {
        App app = App.builder()
                .routes(r -> r.get("/hello/{name}", request -> Response.text("hello " + request.pathParam("name"))))
                .build();

        assertThat(app.handle(Request.get("/hello/ada")).bodyText()).isEqualTo("hello ada");
        assertThat(app.handler()).isInstanceOf(Router.class);
    }

    @Test
    void primesThroughTheWholeChainCountingAnswersBelow500() {
        App app = App.builder()
                .use(named("mw"))
                .routes(r -> r.get("/ok", request -> Response.text("ok"))
                        .get("/server-error", request -> Response.status(500).empty())
                        .get("/throws", request -> {
                            throw new IllegalStateException("priming failure");
                        })
                        .get("/overflows", request -> {
                            throw new StackOverflowError();
                        }))
                .prime(
                        Request.get("/ok"),
                        Request.get("/missing"),
                        Request.get("/server-error"),
                        Request.get("/throws"),
                        Request.get("/overflows"),
                        Request.get("/ok"))
                .build();

        int answered = app.prime();

        assertThat(answered).isEqualTo(2);
        assertThat(events).filteredOn("mw in"::equals).hasSize(6);
        assertThat(app.primingRequests()).hasSize(6);
    }

    @Test
    void marksPrimingRequestsSoTheyCanBeToldFromTraffic() throws Exception {
        List<Boolean> seen = new CopyOnWriteArrayList<>();
        App app = App.builder()
                .routes(r -> r.get("/ok", request -> {
                    seen.add(request.context().priming());
                    return Response.text("ok");
                }))
                .prime(Request.get("/ok"))
                .build();

        app.prime();
        app.handle(Request.get("/ok"));

        assertThat(seen).containsExactly(true, false);
    }

    @Test
    void makesSuppliedPrimingRequestsOnlyWhenPrimingAndOnce() {
        List<String> made = new ArrayList<>();
        App app = App.builder()
                .routes(r -> r.get("/ok", request -> Response.text("ok")))
                .prime(Request.get("/ok"))
                .prime(() -> {
                    made.add("later");
                    return List.of(Request.get("/ok"), Request.get("/missing"));
                })
                .build();

        assertThat(made).isEmpty();
        assertThat(app.prime()).isEqualTo(2); // the unrouted one fails as in the test above
        assertThat(app.prime()).isEqualTo(2);
        assertThat(made).containsExactly("later");
        assertThat(app.primingRequests()).extracting(Request::path).containsExactly("/ok", "/ok", "/missing");
    }

    @Test
    void reportsAFailingPrimingSupplierAndTriesItAgainNextTime() {
        int[] calls = new int[1];
        App app = App.builder()
                .routes(r -> r.get("/ok", request -> Response.text("ok")))
                .prime(() -> {
                    if (++calls[0] == 1) {
                        throw new IllegalStateException("no priming data yet");
                    }
                    return List.of(Request.get("/ok"));
                })
                .build();

        assertThat(app.prime()).isZero();
        assertThat(app.prime()).isEqualTo(1);
        assertThat(calls[0]).isEqualTo(2);
    }

    @Test
    void primesNothingWithoutPrimingRequests() {
        App app = App.builder().handler(request -> Response.noContent()).build();

        assertThat(app.prime()).isZero();
    }

    @Test
    void failsClearlyWhenBuiltWithoutAHandler() {
        assertThatThrownBy(() -> App.builder().name("orders").use(named("a")).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("orders")
                .hasMessageContaining("no handler");
    }

    @Test
    void keepsNameAndHooksImmutably() {
        Runnable shutdown = () -> events.add("shutdown");
        Runnable restore = () -> events.add("restore");
        App.Builder builder = App.builder()
                .name("users-api")
                .onShutdown(shutdown)
                .onRestore(restore)
                .handler(request -> Response.noContent());

        App app = builder.build();
        builder.onShutdown(() -> {});

        assertThat(app.name()).isEqualTo("users-api");
        assertThat(app.shutdownHooks()).containsExactly(shutdown);
        assertThat(app.restoreHooks()).containsExactly(restore);
        assertThatThrownBy(() -> app.shutdownHooks().add(restore)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(App.builder().handler(r -> null).build().name()).isEqualTo("thaw-app");
    }

    @Test
    void runsEveryHookInOrderAndCountsTheOnesThatFail() {
        List<String> ran = new ArrayList<>();
        App app = App.builder()
                .name("hooks")
                .routes(r -> r.get("/", request -> Response.text("ok")))
                .onShutdown(() -> ran.add("shutdown 1"))
                .onShutdown(() -> {
                    throw new IllegalStateException("pool already closed");
                })
                .onShutdown(() -> ran.add("shutdown 3"))
                .onRestore(() -> ran.add("restore 1"))
                .build();

        assertThat(app.runShutdownHooks()).isEqualTo(1);
        assertThat(app.runRestoreHooks()).isZero();
        assertThat(ran).containsExactly("shutdown 1", "shutdown 3", "restore 1");
    }
}
