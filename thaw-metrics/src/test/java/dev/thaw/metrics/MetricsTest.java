package dev.thaw.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thaw.Context;
import dev.thaw.Handler;
import dev.thaw.Middleware;
import dev.thaw.Request;
import dev.thaw.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MetricsTest {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final EmfMetrics metrics =
            EmfMetrics.builder("ns").service("svc").sink(lines::add).build();

    private static Request request(String requestId) {
        return Request.builder("POST", "/users")
                .context(Context.builder().requestId(requestId).build())
                .build();
    }

    /** Runs {@code recording} inside the metrics middleware, returning what it threw (or null). */
    private Throwable inInvocation(Consumer<Metrics> recording) throws Exception {
        Throwable[] thrown = new Throwable[1];
        Middleware.chain(List.of(metrics), r -> {
                    try {
                        recording.accept(Metrics.of(r));
                    } catch (RuntimeException e) {
                        thrown[0] = e;
                    }
                    return Response.text("ok");
                })
                .handle(request("req"));
        return thrown[0];
    }

    static List<Object[]> invalidRecordings() {
        List<Object[]> cases = new ArrayList<>();
        cases.add(new Object[] {"blank metric name", (Consumer<Metrics>) m -> m.count(" "), "1 to 255"});
        cases.add(new Object[] {"null metric name", (Consumer<Metrics>) m -> m.count(null), "1 to 255"});
        cases.add(new Object[] {"256-char name", (Consumer<Metrics>) m -> m.count("x".repeat(256)), "1 to 255"});
        cases.add(new Object[] {"control char", (Consumer<Metrics>) m -> m.count("a\tb"), "control"});
        cases.add(new Object[] {"NaN", (Consumer<Metrics>) m -> m.put("Lat", Double.NaN, Unit.MILLISECONDS), "finite"});
        cases.add(new Object[] {
            "infinite", (Consumer<Metrics>) m -> m.put("Lat", Double.POSITIVE_INFINITY, Unit.SECONDS), "finite"
        });
        cases.add(new Object[] {"built-in metric", (Consumer<Metrics>) m -> m.count("Duration"), "built-in metric"});
        cases.add(new Object[] {
            "middleware dimension", (Consumer<Metrics>) m -> m.count("Service"), "dimension of the metrics middleware"
        });
        cases.add(
                new Object[] {"built-in property", (Consumer<Metrics>) m -> m.property("requestId", "x"), "built-in"});
        cases.add(new Object[] {"_aws", (Consumer<Metrics>) m -> m.property("_aws", "x"), "built-in"});
        cases.add(new Object[] {
            "metric named like a dimension",
            (Consumer<Metrics>) m -> m.dimension("Plan", "pro").count("Plan"),
            "already a dimension"
        });
        cases.add(new Object[] {
            "property named like a metric",
            (Consumer<Metrics>) m -> m.count("Orders").property("Orders", 3),
            "already a metric"
        });
        cases.add(new Object[] {
            "unit changes",
            (Consumer<Metrics>) m -> m.put("Size", 1, Unit.BYTES).put("Size", 1, Unit.KILOBYTES),
            "recorded in Bytes"
        });
        cases.add(
                new Object[] {"non-ASCII dimension", (Consumer<Metrics>) m -> m.dimension("City", "Zürich"), "ASCII"});
        cases.add(new Object[] {"dimension starting with :", (Consumer<Metrics>) m -> m.dimension(":x", "v"), "':'"});
        cases.add(new Object[] {"empty dimension value", (Consumer<Metrics>) m -> m.dimension("Plan", ""), "Plan"});
        cases.add(new Object[] {
            "non-finite property", (Consumer<Metrics>) m -> m.property("ratio", Double.NaN), "finite"
        });
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidRecordings")
    void refusesInvalidRecordingsNamingTheProblem(String name, Consumer<Metrics> recording, String message)
            throws Exception {
        Throwable thrown = inInvocation(recording);

        assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
        assertThat(EmfSpec.violations(lines.get(0))).isEmpty();
    }

    @Test
    void refusesA31stDimensionAndA101stValue() throws Exception {
        Throwable dimensions = inInvocation(m -> {
            for (int i = 1; i <= 30; i++) {
                m.dimension("D" + i, "v");
            }
        });
        Throwable values = inInvocation(m -> {
            for (int i = 0; i <= 100; i++) {
                m.put("Lat", i, Unit.MILLISECONDS);
            }
        });

        assertThat(dimensions).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 30");
        assertThat(values).isInstanceOf(IllegalStateException.class).hasMessageContaining("100 values");
        assertThat(lines)
                .hasSize(2)
                .allSatisfy(line -> assertThat(EmfSpec.violations(line)).isEmpty());
        assertThat((List<?>) EmfSpec.parse(lines.get(1)).get("Lat")).hasSize(100);
    }

    @Test
    void checksButDropsRecordingsOutsideTheMiddleware() {
        Metrics outside = Metrics.of(request("alone"));

        assertThat(outside.isRecording()).isFalse();
        outside.count("Ignored").dimension("Plan", "pro").property("p", 1);
        assertThatThrownBy(() -> outside.count("")).isInstanceOf(IllegalArgumentException.class);
        assertThat(lines).isEmpty();
    }

    @Test
    void dropsWhatIsRecordedAfterTheInvocationEnded() throws Exception {
        Metrics[] kept = new Metrics[1];
        Middleware.chain(List.of(metrics), r -> {
                    kept[0] = Metrics.of(r).count("During");
                    return Response.text("ok");
                })
                .handle(request("req-late"));

        kept[0].count("After").dimension("Late", "yes");

        assertThat(lines).hasSize(1);
        assertThat(EmfSpec.parse(lines.get(0))).containsKey("During").doesNotContainKeys("After", "Late");
        assertThat(Metrics.of(request("req-late")).isRecording()).isFalse();
        assertThat(Metrics.activeCount()).isZero();
    }

    @Test
    void neverMixesTheMetricsOfConcurrentInvocations() throws Exception {
        int invocations = 16;
        CountDownLatch allInside = new CountDownLatch(invocations);
        Handler handler = Middleware.chain(List.of(metrics), r -> {
            String id = r.context().requestId();
            Metrics m = Metrics.of(r).dimension("Caller", id).property("who", id);
            allInside.countDown();
            // every invocation is inside the middleware before any records its metrics
            assertThat(allInside.await(10, TimeUnit.SECONDS)).isTrue();
            int n = Integer.parseInt(id.substring(4));
            for (int i = 0; i <= n; i++) {
                m.count("Calls" + n);
            }
            return Response.text(id);
        });
        ExecutorService pool = Executors.newFixedThreadPool(invocations);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < invocations; i++) {
                Request request = request("req-" + i);
                answers.add(pool.submit(() -> handler.handle(request)));
            }
            for (Future<Response> answer : answers) {
                assertThat(answer.get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(lines).hasSize(invocations);
        for (String line : lines) {
            assertThat(EmfSpec.violations(line)).isEmpty();
            Map<String, Object> root = EmfSpec.parse(line);
            String id = (String) root.get("requestId");
            int n = Integer.parseInt(id.substring(4));
            assertThat(root).containsEntry("Caller", id).containsEntry("who", id);
            Object calls = root.get("Calls" + n);
            assertThat(n == 0 ? List.of(calls) : (List<?>) calls).hasSize(n + 1);
            assertThat(root.keySet().stream().filter(k -> k.startsWith("Calls")))
                    .containsExactly("Calls" + n);
        }
        assertThat(Metrics.activeCount()).isZero();
    }
}
