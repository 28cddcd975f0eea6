package dev.thaw.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thaw.App;
import dev.thaw.Request;
import dev.thaw.Response;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** {@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}: prime, wait on restore/next, restore hooks, serve. */
class SnapStartSequenceTest {

    @Test
    void primesThenWaitsForTheRestoreThenRunsRestoreHooksBeforeServing() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        App app = App.builder()
                .routes(r -> r.get("/warm", request -> {
                    order.add("primed " + request.rawPath());
                    return Response.text("ok");
                }))
                .prime(Request.get("/warm"))
                .onRestore(() -> order.add("restore hook"))
                .onRestore(() -> {
                    throw new IllegalStateException("a failing hook does not stop the others or the runtime");
                })
                .onRestore(() -> order.add("second restore hook"))
                .build();
        try (ScriptedRuntimeApi api = new ScriptedRuntimeApi(r -> {
            order.add(r.method() + " " + r.path());
            return r.path().endsWith("/restore/next")
                    ? ScriptedRuntimeApi.reply(200, "")
                    : ScriptedRuntimeApi.reply(500, "{\"errorType\":\"stop\"}");
        })) {
            int status = LambdaRuntime.run(
                    () -> app,
                    Map.of("AWS_LAMBDA_RUNTIME_API", api.endpoint(), "AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start"));

            assertThat(status).isEqualTo(1);
        }
        assertThat(order)
                .containsExactly(
                        "primed /warm",
                        "GET /2018-06-01/runtime/restore/next",
                        "restore hook",
                        "second restore hook",
                        "GET /2018-06-01/runtime/invocation/next");
    }

    @Test
    void skipsTheSequenceOnOnDemandInit() throws Exception {
        List<String> paths = new CopyOnWriteArrayList<>();
        App app = App.builder()
                .routes(r -> r.get("/warm", request -> Response.text("ok")))
                .build();
        try (ScriptedRuntimeApi api = new ScriptedRuntimeApi(r -> {
            paths.add(r.path());
            return ScriptedRuntimeApi.reply(500, "{}");
        })) {
            LambdaRuntime.run(
                    () -> app,
                    Map.of("AWS_LAMBDA_RUNTIME_API", api.endpoint(), "AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand"));
        }
        assertThat(paths).containsExactly("/2018-06-01/runtime/invocation/next");
    }
}
