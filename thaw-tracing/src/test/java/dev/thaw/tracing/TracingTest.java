package dev.thaw.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.thaw.Context;
import dev.thaw.Handler;
import dev.thaw.HttpException;
import dev.thaw.Middleware;
import dev.thaw.Request;
import dev.thaw.Response;
import dev.thaw.client.OutboundException;
import dev.thaw.client.OutboundRequest;
import dev.thaw.client.ThawClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TracingTest {

    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private static final String AMZN = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
    private static final Map<String, String> LAMBDA_ENV = Map.of(
            "AWS_LAMBDA_FUNCTION_NAME", "users-fn",
            "OTEL_SERVICE_NAME", "users-api",
            "AWS_REGION", "eu-west-1");

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Tracing tracing =
            Tracing.builder().env(LAMBDA_ENV).sink(lines::add).build();
    private final ThawClient client =
            ThawClient.builder().observer(Tracing.observer()).build();
    private final List<String> downstreamTraceparents = new CopyOnWriteArrayList<>();
    private HttpServer downstream;

    @BeforeEach
    void startDownstream() throws IOException {
        downstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        downstream.createContext("/", exchange -> {
            downstreamTraceparents.add(exchange.getRequestHeaders().getFirst("traceparent"));
            exchange.getRequestBody().readAllBytes();
            int status = exchange.getRequestURI().getPath().startsWith("/missing") ? 404 : 200;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        downstream.start();
    }

    @AfterEach
    void stopDownstream() {
        downstream.stop(0);
    }

    private URI downstream(String path) {
        return URI.create("http://127.0.0.1:" + downstream.getAddress().getPort() + path);
    }

    private static Request request(String method, String target, String traceparent, String amzn, boolean cold) {
        Context context = Context.builder()
                .requestId("req-" + target.hashCode())
                .traceHeader(amzn)
                .coldStart(cold)
                .build();
        Request.Builder b = Request.builder(method, target).context(context);
        if (traceparent != null) {
            b.header("traceparent", traceparent);
        }
        return b.build();
    }

    private Response call(Tracing t, Handler handler, Request request) throws Exception {
        return Middleware.chain(List.of(t), handler).handle(request);
    }

    private OtlpShape.Batch onlyBatch() {
        assertThat(lines).hasSize(1);
        OtlpShape.Batch batch = OtlpShape.read(lines.get(0));
        assertThat(batch.violations()).isEmpty();
        return batch;
    }

    @Test
    void exportsOneServerSpanContinuingTheTraceparentAsOneOtlpJsonLine() throws Exception {
        call(tracing, r -> Response.text("ok"), request("GET", "/users/42?x=1", TRACEPARENT, AMZN, true));

        OtlpShape.Batch batch = onlyBatch();
        assertThat(lines.get(0)).doesNotContain("\n");
        assertThat(batch.resource())
                .containsEntry("service.name", "users-api")
                .containsEntry("cloud.provider", "aws")
                .containsEntry("cloud.platform", "aws_lambda")
                .containsEntry("cloud.region", "eu-west-1")
                .containsEntry("faas.name", "users-fn");
        assertThat(batch.spans()).hasSize(1);
        OtlpShape.DecodedSpan server = batch.spans().get(0);
        assertThat(server.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(server.parentSpanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(server.spanId()).isNotEqualTo("00f067aa0ba902b7");
        assertThat(server.kind()).isEqualTo(2);
        assertThat(server.name()).isEqualTo("GET");
        assertThat(server.status()).isNull();
        assertThat(server.attributes())
                .containsEntry("http.request.method", "GET")
                .containsEntry("url.path", "/users/42")
                .containsEntry("http.response.status_code", 200L)
                .containsEntry("faas.invocation_id", "req-" + "/users/42?x=1".hashCode())
                .containsEntry("faas.coldstart", true)
                .doesNotContainKey("http.route");
    }

    @Test
    void takesTraceAndParentFromTheAmznTraceIdWithoutATraceparent() throws Exception {
        call(tracing, r -> Response.text("ok"), request("GET", "/a", null, AMZN, false));

        OtlpShape.DecodedSpan server = onlyBatch().spans().get(0);
        assertThat(server.traceId()).isEqualTo("5759e988bd862e3fe1be46a994272793");
        assertThat(server.parentSpanId()).isEqualTo("53995c3f42cd8ad8");
        assertThat(server.attributes()).containsEntry("faas.coldstart", false);
    }

    @Test
    void fallsBackToTheAmznTraceIdWhenTheTraceparentIsInvalid() throws Exception {
        call(tracing, r -> Response.text("ok"), request("GET", "/a", "00-bogus", AMZN, false));

        assertThat(onlyBatch().spans().get(0).traceId()).isEqualTo("5759e988bd862e3fe1be46a994272793");
    }

    @Test
    void startsANewRootTraceWithoutEitherHeader() throws Exception {
        call(tracing, r -> Response.text("ok"), request("GET", "/a", null, null, false));
        call(tracing, r -> Response.text("ok"), request("GET", "/b", null, null, false));

        OtlpShape.DecodedSpan first = OtlpShape.read(lines.get(0)).spans().get(0);
        OtlpShape.DecodedSpan second = OtlpShape.read(lines.get(1)).spans().get(0);
        assertThat(first.parentSpanId()).isNull();
        assertThat(first.json()).doesNotContainKey("parentSpanId");
        assertThat(first.traceId()).matches("[0-9a-f]{32}").isNotEqualTo(second.traceId());
    }

    @Test
    void marksA5xxAnswerAsAnErrorButNotA4xx() throws Exception {
        call(tracing, r -> Response.status(503).empty(), request("GET", "/down", null, null, false));
        call(tracing, r -> Response.status(404).empty(), request("GET", "/nope", null, null, false));

        OtlpShape.DecodedSpan fault = OtlpShape.read(lines.get(0)).spans().get(0);
        OtlpShape.DecodedSpan clientError = OtlpShape.read(lines.get(1)).spans().get(0);
        assertThat(fault.status()).containsEntry("code", 2L);
        assertThat(fault.attributes())
                .containsEntry("http.response.status_code", 503L)
                .containsEntry("error.type", "503");
        assertThat(clientError.status()).isNull();
        assertThat(clientError.attributes())
                .containsEntry("http.response.status_code", 404L)
                .doesNotContainKey("error.type");
    }

    @Test
    void recordsAThrowingHandlerAsA500ErrorAndRethrows() {
        assertThatThrownBy(() -> call(
                        tracing,
                        r -> {
                            throw new IllegalStateException("store down");
                        },
                        request("POST", "/users", null, null, false)))
                .hasMessage("store down");
        assertThatThrownBy(() -> call(
                        tracing,
                        r -> {
                            throw HttpException.of(409, "taken");
                        },
                        request("POST", "/users", null, null, false)))
                .isInstanceOf(HttpException.class);

        OtlpShape.DecodedSpan failed = OtlpShape.read(lines.get(0)).spans().get(0);
        assertThat(failed.status()).containsEntry("code", 2L).containsEntry("message", "store down");
        assertThat(failed.attributes())
                .containsEntry("http.response.status_code", 500L)
                .containsEntry("error.type", "java.lang.IllegalStateException");
        OtlpShape.DecodedSpan conflict = OtlpShape.read(lines.get(1)).spans().get(0);
        assertThat(conflict.status()).isNull();
        assertThat(conflict.attributes()).containsEntry("http.response.status_code", 409L);
    }

    @Test
    void namesTheSpanAfterTheRouteAHandlerReports() throws Exception {
        Handler router = dev.thaw.Router.builder()
                .get("/users/{id}", r -> {
                    Tracing.routeMatched(r);
                    return Response.text(r.pathParam("id"));
                })
                .build();

        call(tracing, router, request("GET", "/users/7", null, null, false));

        OtlpShape.DecodedSpan server = onlyBatch().spans().get(0);
        assertThat(server.name()).isEqualTo("GET /users/{id}");
        assertThat(server.attributes()).containsEntry("http.route", "/users/{id}");
    }

    @Test
    void namesTheSpanAfterTheRouteTheRouterMatchedWithoutTheHandlerReportingIt() throws Exception {
        Handler router = dev.thaw.Router.builder()
                .get("/users/{id}", r -> Response.text(r.pathParam("id")))
                .get("/users/{id}/boom", r -> {
                    throw new IllegalStateException("boom");
                })
                .build();

        call(tracing, router, request("GET", "/users/7", null, null, false));
        assertThatThrownBy(() -> call(tracing, router, request("GET", "/users/7/boom", null, null, false)))
                .hasMessage("boom");
        assertThatThrownBy(() -> call(tracing, router, request("GET", "/nowhere", null, null, false)))
                .isInstanceOf(HttpException.class);

        OtlpShape.DecodedSpan ok = OtlpShape.read(lines.get(0)).spans().get(0);
        assertThat(ok.name()).isEqualTo("GET /users/{id}");
        assertThat(ok.attributes()).containsEntry("http.route", "/users/{id}");
        OtlpShape.DecodedSpan failed = OtlpShape.read(lines.get(1)).spans().get(0);
        assertThat(failed.name()).isEqualTo("GET /users/{id}/boom");
        assertThat(failed.attributes()).containsEntry("http.route", "/users/{id}/boom");
        OtlpShape.DecodedSpan unrouted = OtlpShape.read(lines.get(2)).spans().get(0);
        assertThat(unrouted.name()).isEqualTo("GET");
        assertThat(unrouted.attributes()).doesNotContainKey("http.route");
    }

    @Test
    void makesAClientSpanChildOfTheServerSpanAndSendsItsIdDownstream() throws Exception {
        Handler handler = r -> {
            int status = client.send(
                            OutboundRequest.builder("POST", downstream("/sync?token=secret"))
                                    .body("{}", "application/json")
                                    .build(),
                            r.context())
                    .status();
            client.send(OutboundRequest.get(downstream("/missing")), r.context());
            return Response.status(status == 200 ? 202 : 502).empty();
        };

        call(tracing, handler, request("POST", "/users/1/sync", TRACEPARENT, AMZN, false));

        List<OtlpShape.DecodedSpan> spans = onlyBatch().spans();
        assertThat(spans).hasSize(3);
        OtlpShape.DecodedSpan server = spans.get(0);
        OtlpShape.DecodedSpan sync = spans.get(1);
        OtlpShape.DecodedSpan missing = spans.get(2);
        assertThat(server.kind()).isEqualTo(2);
        for (OtlpShape.DecodedSpan clientSpan : List.of(sync, missing)) {
            assertThat(clientSpan.kind()).isEqualTo(3);
            assertThat(clientSpan.traceId()).isEqualTo(server.traceId());
            assertThat(clientSpan.parentSpanId()).isEqualTo(server.spanId());
            assertThat(clientSpan.spanId()).isNotIn(server.spanId(), server.parentSpanId());
        }
        assertThat(sync.spanId()).isNotEqualTo(missing.spanId());
        assertThat(downstreamTraceparents)
                .containsExactly(
                        "00-" + server.traceId() + "-" + sync.spanId() + "-01",
                        "00-" + server.traceId() + "-" + missing.spanId() + "-01");
        int port = downstream.getAddress().getPort();
        assertThat(sync.name()).isEqualTo("POST");
        assertThat(sync.attributes())
                .containsEntry("http.request.method", "POST")
                .containsEntry("url.full", "http://127.0.0.1:" + port + "/sync")
                .containsEntry("server.address", "127.0.0.1")
                .containsEntry("server.port", (long) port)
                .containsEntry("http.response.status_code", 200L);
        assertThat(sync.status()).isNull();
        assertThat(missing.attributes())
                .containsEntry("http.response.status_code", 404L)
                .containsEntry("error.type", "404");
        assertThat(missing.status()).containsEntry("code", 2L);
        long serverStart = Long.parseLong((String) server.json().get("startTimeUnixNano"));
        long serverEnd = Long.parseLong((String) server.json().get("endTimeUnixNano"));
        for (OtlpShape.DecodedSpan clientSpan : List.of(sync, missing)) {
            assertThat(Long.parseLong((String) clientSpan.json().get("startTimeUnixNano")))
                    .isBetween(serverStart, serverEnd);
            assertThat(Long.parseLong((String) clientSpan.json().get("endTimeUnixNano")))
                    .isBetween(serverStart, serverEnd);
        }
    }

    @Test
    void recordsAFailedCallAsAClientSpanInError() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + closedPort + "/x");
        Handler handler = r -> {
            try {
                client.send(OutboundRequest.builder("POST", nowhere).build(), r.context());
                return Response.status(202).empty();
            } catch (OutboundException e) {
                return Response.status(502).empty();
            }
        };

        call(tracing, handler, request("POST", "/users/1/sync", null, null, false));

        List<OtlpShape.DecodedSpan> spans = onlyBatch().spans();
        assertThat(spans).hasSize(2);
        assertThat(spans.get(1).status()).containsEntry("code", 2L);
        assertThat(spans.get(1).attributes())
                .containsEntry("error.type", OutboundException.class.getName())
                .doesNotContainKey("http.response.status_code");
    }

    @Test
    void leavesCallsOutsideATracedInvocationAlone() {
        assertThat(Tracing.observer().start("GET", downstream("/"), Context.direct()))
                .isNull();
    }

    @Test
    void neverMixesTheSpansOfConcurrentInvocations() throws Exception {
        int invocations = 8;
        CountDownLatch allInside = new CountDownLatch(invocations);
        Handler handler = Middleware.chain(List.of(tracing), r -> {
            allInside.countDown();
            assertThat(allInside.await(10, TimeUnit.SECONDS)).isTrue();
            client.send(OutboundRequest.get(downstream(r.rawPath())), r.context());
            return Response.text("ok");
        });
        ExecutorService pool = Executors.newFixedThreadPool(invocations);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < invocations; i++) {
                Request request = request("GET", "/call/" + i, null, null, false);
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
            OtlpShape.Batch batch = OtlpShape.read(line);
            assertThat(batch.violations()).isEmpty();
            assertThat(batch.spans()).hasSize(2);
            OtlpShape.DecodedSpan server = batch.spans().get(0);
            OtlpShape.DecodedSpan clientSpan = batch.spans().get(1);
            assertThat(clientSpan.traceId()).isEqualTo(server.traceId());
            assertThat(clientSpan.parentSpanId()).isEqualTo(server.spanId());
            assertThat(clientSpan.attributes().get("url.full"))
                    .isEqualTo(downstream((String) server.attributes().get("url.path"))
                            .toString());
        }
        assertThat(InvocationTrace.activeCount()).isZero();
    }

    @Test
    void postsTheBatchToTheCollectorNamedByTheEnvironment() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        List<String> requestLines = new CopyOnWriteArrayList<>();
        HttpServer collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        collector.createContext("/", exchange -> {
            requestLines.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("content-type") + " "
                    + exchange.getRequestHeaders().getFirst("x-api-key"));
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        try {
            Tracing exporting = Tracing.builder()
                    .env(Map.of(
                            "OTEL_SERVICE_NAME", "users-api",
                            "OTEL_EXPORTER_OTLP_ENDPOINT",
                                    "http://127.0.0.1:" + collector.getAddress().getPort() + "/",
                            "OTEL_EXPORTER_OTLP_HEADERS", "x-api-key=s%3Dcret"))
                    .sink(lines::add)
                    .build();

            call(exporting, r -> Response.text("ok"), request("GET", "/health", TRACEPARENT, null, false));

            assertThat(exporting.endpoint().getPath()).isEqualTo("/v1/traces");
            assertThat(lines).isEmpty();
            assertThat(requestLines).containsExactly("POST /v1/traces application/json s=cret");
            OtlpShape.Batch batch = OtlpShape.read(bodies.get(0));
            assertThat(batch.violations()).isEmpty();
            assertThat(batch.resource()).containsEntry("service.name", "users-api");
            assertThat(batch.spans())
                    .singleElement()
                    .satisfies(span -> assertThat(span.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736"));
        } finally {
            collector.stop(0);
        }
    }

    @Test
    void answersTheRequestWhenTheCollectorIsUnreachable() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Tracing unreachable = Tracing.builder()
                .env(Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://127.0.0.1:" + closedPort + "/v1/traces"))
                .build();

        Response response = call(unreachable, r -> Response.text("ok"), request("GET", "/a", null, null, false));

        assertThat(response.status()).isEqualTo(200);
        assertThat(InvocationTrace.activeCount()).isZero();
    }

    @Test
    void givesUpOnASilentCollectorWithinTheExportTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Tracing stuck = Tracing.builder()
                    .env(Map.of())
                    .endpoint(URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/v1/traces"))
                    .exportTimeout(Duration.ofMillis(200))
                    .build();
            long start = System.nanoTime();

            Response response = call(stuck, r -> Response.text("ok"), request("GET", "/a", null, null, false));

            assertThat(response.status()).isEqualTo(200);
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);
        }
    }

    @Test
    void writesOneBatchWhenTwoTracingMiddlewaresWrapTheSameInvocation() throws Exception {
        Middleware.chain(List.of(tracing, tracing), r -> Response.text("ok"))
                .handle(request("GET", "/a", null, null, false));

        assertThat(onlyBatch().spans()).hasSize(1);
    }
}
