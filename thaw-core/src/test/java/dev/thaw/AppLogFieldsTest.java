package dev.thaw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.thaw.internal.Log;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Log lines written while {@link App#handle} runs carry that invocation's fields, and only that one's. */
class AppLogFieldsTest {

    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final Log log = Log.of("JSON", "INFO", lines::add);

    private static Context context(String id, boolean cold) {
        return Context.builder()
                .requestId(id)
                .traceHeader("Root=1-00000000-" + id)
                .coldStart(cold)
                .build();
    }

    @Test
    void neverMixesTheFieldsOfConcurrentInvocations() throws Exception {
        CyclicBarrier together = new CyclicBarrier(2);
        App app = App.builder()
                .handler(request -> {
                    String id = request.query().first("id").orElseThrow();
                    for (int i = 0; i < 50; i++) {
                        // both invocations are in flight at every step
                        together.await(5, TimeUnit.SECONDS);
                        log.write(Log.INFO, "test", "from " + id);
                    }
                    return Response.noContent();
                })
                .build();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<Response> a = threads.submit(() -> app.handle(
                    Request.builder("GET", "/?id=a").context(context("a", true)).build()));
            Future<Response> b = threads.submit(() -> app.handle(Request.builder("GET", "/?id=b")
                    .context(context("b", false))
                    .build()));
            assertThat(a.get(20, TimeUnit.SECONDS).status()).isEqualTo(204);
            assertThat(b.get(20, TimeUnit.SECONDS).status()).isEqualTo(204);

            // the pool's threads outlive both invocations: what they log now has no invocation fields
            threads.submit(() -> log.write(Log.INFO, "test", "after")).get(5, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }

        assertThat(lines).hasSize(101);
        for (String text : lines.subList(0, 100)) {
            Map<String, Object> line = JsonObjects.parse(text);
            String id = ((String) line.get("message")).substring("from ".length());
            assertThat(line)
                    .as(text)
                    .containsEntry("requestId", id)
                    .containsEntry("traceId", "Root=1-00000000-" + id)
                    .containsEntry("coldStart", id.equals("a"));
        }
        assertThat(JsonObjects.parse(lines.get(100)))
                .containsEntry("message", "after")
                .doesNotContainKeys("requestId", "traceId", "coldStart");
    }

    @Test
    void reachesTheThreadDeadlineGuardRunsTheHandlerOnForEachInvocation() throws Exception {
        Thread caller = Thread.currentThread();
        App app = App.builder()
                .use(DeadlineGuard.create())
                .handler(request -> {
                    log.write(Log.INFO, "test", Thread.currentThread() == caller ? "on caller" : "on worker");
                    return Response.noContent();
                })
                .build();

        // platform caller: a worker thread kept and reused across invocations
        for (String id : List.of("guarded-1", "guarded-2")) {
            Context context = Context.builder()
                    .requestId(id)
                    .deadlineMillis(System.currentTimeMillis() + 30_000)
                    .build();
            app.handle(Request.builder("GET", "/").context(context).build());
        }
        // virtual caller (the local server): a virtual thread per invocation
        Thread virtual = Thread.ofVirtual().start(() -> {
            try {
                app.handle(Request.builder("GET", "/")
                        .context(Context.builder()
                                .requestId("guarded-virtual")
                                .deadlineMillis(System.currentTimeMillis() + 30_000)
                                .build())
                        .build());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        virtual.join(10_000);

        assertThat(lines).hasSize(3);
        assertThat(JsonObjects.parse(lines.get(0)))
                .containsEntry("message", "on worker")
                .containsEntry("requestId", "guarded-1");
        assertThat(JsonObjects.parse(lines.get(1)))
                .containsEntry("message", "on worker")
                .containsEntry("requestId", "guarded-2");
        assertThat(JsonObjects.parse(lines.get(2)))
                .containsEntry("message", "on worker")
                .containsEntry("requestId", "guarded-virtual");
    }

    @Test
    void clearsTheFieldsForThreadsStartedDuringAnInvocationWhenItEnds() throws Exception {
        List<Thread> started = new ArrayList<>();
        Object go = new Object();
        boolean[] released = {false};
        App app = App.builder()
                .handler(request -> {
                    Thread worker = Thread.ofPlatform().start(() -> {
                        synchronized (go) {
                            while (!released[0]) {
                                try {
                                    go.wait();
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        }
                        log.write(Log.INFO, "test", "late");
                    });
                    started.add(worker);
                    log.write(Log.INFO, "test", "during");
                    return Response.noContent();
                })
                .build();

        app.handle(
                Request.builder("GET", "/").context(context("finished", false)).build());
        synchronized (go) {
            released[0] = true;
            go.notifyAll();
        }
        started.get(0).join(5_000);

        assertThat(JsonObjects.parse(lines.get(0))).containsEntry("requestId", "finished");
        assertThat(JsonObjects.parse(lines.get(1)))
                .containsEntry("message", "late")
                .doesNotContainKey("requestId");
    }

    @Test
    void restoresTheOuterInvocationAfterANestedOne() throws Exception {
        App inner = App.builder()
                .handler(request -> {
                    log.write(Log.INFO, "test", "inner");
                    return Response.noContent();
                })
                .build();
        App outer = App.builder()
                .handler(request -> {
                    inner.handle(Request.builder("GET", "/")
                            .context(context("in", false))
                            .build());
                    log.write(Log.INFO, "test", "outer");
                    return Response.noContent();
                })
                .build();

        outer.handle(Request.builder("GET", "/").context(context("out", false)).build());
        log.write(Log.INFO, "test", "none");

        assertThat(JsonObjects.parse(lines.get(0))).containsEntry("requestId", "in");
        assertThat(JsonObjects.parse(lines.get(1))).containsEntry("requestId", "out");
        assertThat(JsonObjects.parse(lines.get(2))).doesNotContainKey("requestId");
    }

    @Test
    void logsAFailingHookAndAFailingPrimingRequestThroughThawsWriter() {
        App app = App.builder()
                .name("hooked")
                .handler(request -> {
                    throw new IllegalStateException("cold table");
                })
                .prime(Request.get("/warm"))
                .onShutdown(() -> {
                    throw new IllegalStateException("pool stuck");
                })
                .build();
        java.io.PrintStream original = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertThat(app.prime()).isZero();
            assertThat(app.runShutdownHooks()).isEqualTo(1);
        } finally {
            System.setOut(original);
        }

        String out = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
        assumeFalse(Log.standard().json(), "AWS_LAMBDA_LOG_FORMAT=JSON in the test's environment");
        assertThat(out)
                .containsPattern("\tWARN\t-\tdev\\.thaw\\.App\tpriming GET /warm\\S* failed"
                        + " java\\.lang\\.IllegalStateException: cold table\n\tat ")
                .containsPattern("\tERROR\t-\tdev\\.thaw\\.App\tshutdown hook of hooked failed"
                        + " java\\.lang\\.IllegalStateException: pool stuck\n\tat ");
    }
}
