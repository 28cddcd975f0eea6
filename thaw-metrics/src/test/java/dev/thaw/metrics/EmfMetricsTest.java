package dev.thaw.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thaw.App;
import dev.thaw.Context;
import dev.thaw.Handler;
import dev.thaw.HttpException;
import dev.thaw.Middleware;
import dev.thaw.Recovery;
import dev.thaw.Request;
import dev.thaw.Response;
import dev.thaw.internal.AfterResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EmfMetricsTest {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final EmfMetrics metrics =
            EmfMetrics.builder("users-api").service("users").sink(lines::add).build();

    private static Request request(String requestId, boolean cold) {
        Context context = Context.builder().requestId(requestId).coldStart(cold).build();
        return Request.builder("GET", "/users/1").context(context).build();
    }

    private Response call(Handler handler, Request request) throws Exception {
        return Middleware.chain(List.of(metrics), handler).handle(request);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> directives(Map<String, Object> line) {
        return (List<Map<String, Object>>) ((Map<String, Object>) line.get("_aws")).get("CloudWatchMetrics");
    }

    private static List<Object> metricNames(Map<String, Object> directive) {
        return ((List<?>) directive.get("Metrics"))
                .stream()
                        .map(m -> ((Map<?, ?>) m).get("Name"))
                        .map(Object.class::cast)
                        .toList();
    }

    @Test
    void writesNothingForAPrimingRequestButStillAnswersIt() throws Exception {
        App app = App.builder()
                .use(metrics)
                .routes(r -> r.get("/users/1", request -> {
                    Metrics.of(request).count("Primed");
                    return Response.text("ok");
                }))
                .prime(Request.get("/users/1"))
                .build();

        assertThat(app.prime()).isEqualTo(1);
        assertThat(lines).isEmpty();

        app.handle(Request.get("/users/1"));
        assertThat(lines).hasSize(1);
    }

    @Test
    void writesOneSpecConformingLineWithTheBuiltInMetrics() throws Exception {
        long before = System.currentTimeMillis();

        call(r -> Response.text("ok"), request("req-1", true));

        assertThat(lines).hasSize(1);
        String line = lines.get(0);
        assertThat(EmfSpec.violations(line)).isEmpty();
        Map<String, Object> root = EmfSpec.parse(line);
        Map<?, ?> aws = (Map<?, ?>) root.get("_aws");
        assertThat(((Number) aws.get("Timestamp")).longValue()).isBetween(before, System.currentTimeMillis());
        List<Map<String, Object>> directives = directives(root);
        assertThat(directives).hasSize(1);
        assertThat(directives.get(0))
                .containsEntry("Namespace", "users-api")
                .containsEntry("Dimensions", List.of(List.of("Service")))
                .containsEntry(
                        "Metrics",
                        List.of(
                                Map.of("Name", "ColdStart", "Unit", "Count"),
                                Map.of("Name", "Duration", "Unit", "Milliseconds"),
                                Map.of("Name", "Errors", "Unit", "Count"),
                                Map.of("Name", "Faults", "Unit", "Count")));
        assertThat(root).containsEntry("Service", "users").containsEntry("requestId", "req-1");
        assertThat(((Number) root.get("ColdStart")).intValue()).isEqualTo(1);
        assertThat(((Number) root.get("Duration")).doubleValue()).isGreaterThanOrEqualTo(0);
        assertThat(((Number) root.get("statusCode")).intValue()).isEqualTo(200);
    }

    @Test
    void writesTheLineOnceTheRuntimeHasSentTheResponseAndDropsLaterRecords() throws Exception {
        Metrics[] kept = new Metrics[1];
        AfterResponse after = AfterResponse.open();
        try {
            call(
                    request -> {
                        kept[0] = Metrics.of(request).count("Created");
                        return Response.text("ok");
                    },
                    request("req-1", false));
            kept[0].count("TooLate");

            assertThat(lines).as("deferred until the response is sent").isEmpty();
        } finally {
            after.run();
        }

        assertThat(lines).hasSize(1);
        assertThat(EmfSpec.violations(lines.get(0))).isEmpty();
        Map<String, Object> root = EmfSpec.parse(lines.get(0));
        assertThat(((Number) root.get("Created")).intValue()).isEqualTo(1);
        assertThat(root).containsKey("Duration").doesNotContainKey("TooLate");
        assertThat(directives(root).stream().flatMap(d -> metricNames(d).stream()))
                .contains("Created")
                .doesNotContain("TooLate");

        call(request -> Response.text("ok"), request("req-2", false));
        assertThat(lines).as("no scope open: written at once").hasSize(2);
    }

    @Test
    void countsTheColdStartOnlyOnTheColdInvocation() throws Exception {
        call(r -> Response.text("ok"), request("cold", true));
        call(r -> Response.text("ok"), request("warm-1", false));
        call(r -> Response.text("ok"), request("warm-2", false));

        assertThat(lines).hasSize(3);
        for (int i = 0; i < 3; i++) {
            Map<String, Object> root = EmfSpec.parse(lines.get(i));
            assertThat(EmfSpec.violations(lines.get(i))).isEmpty();
            assertThat(root.containsKey("ColdStart")).as("line %d", i).isEqualTo(i == 0);
            assertThat(metricNames(directives(root).get(0)).contains("ColdStart"))
                    .as("line %d", i)
                    .isEqualTo(i == 0);
        }
    }

    @ParameterizedTest(name = "status {0}: Errors={1}, Faults={2}")
    @CsvSource({"200,0,0", "201,0,0", "304,0,0", "400,1,0", "404,1,0", "499,1,0", "500,0,1", "503,0,1"})
    void countsErrorsAndFaultsByStatusClass(int status, int errors, int faults) throws Exception {
        call(r -> Response.status(status).empty(), request("s", false));

        Map<String, Object> root = EmfSpec.parse(lines.get(0));
        assertThat(((Number) root.get("Errors")).intValue()).isEqualTo(errors);
        assertThat(((Number) root.get("Faults")).intValue()).isEqualTo(faults);
        assertThat(((Number) root.get("statusCode")).intValue()).isEqualTo(status);
    }

    @Test
    void stillWritesTheLineWhenTheHandlerThrowsAndCountsAFault() {
        Handler failing = r -> {
            Metrics.of(r).count("Attempts");
            throw new IllegalStateException("boom");
        };

        assertThatThrownBy(() -> call(failing, request("req-f", false))).hasMessage("boom");

        assertThat(lines).hasSize(1);
        assertThat(EmfSpec.violations(lines.get(0))).isEmpty();
        Map<String, Object> root = EmfSpec.parse(lines.get(0));
        assertThat(((Number) root.get("Faults")).intValue()).isEqualTo(1);
        assertThat(((Number) root.get("statusCode")).intValue()).isEqualTo(500);
        assertThat(((Number) root.get("Attempts")).intValue()).isEqualTo(1);
    }

    @Test
    void countsAThrownHttpExceptionWithItsStatus() {
        assertThatThrownBy(() -> call(
                        r -> {
                            throw HttpException.of(409, "taken");
                        },
                        request("req-c", false)))
                .isInstanceOf(HttpException.class);

        Map<String, Object> root = EmfSpec.parse(lines.get(0));
        assertThat(((Number) root.get("Errors")).intValue()).isEqualTo(1);
        assertThat(((Number) root.get("statusCode")).intValue()).isEqualTo(409);
    }

    @Test
    void outsideRecoveryCountsTheFailingHandlersAnswered500() throws Exception {
        List<String> errors = new CopyOnWriteArrayList<>();
        Handler chain = Middleware.chain(List.of(metrics, Recovery.to(errors::add)), r -> {
            throw new IllegalStateException("boom");
        });

        Response response = chain.handle(request("req-r", false));

        assertThat(response.status()).isEqualTo(500);
        assertThat(lines).hasSize(1);
        assertThat(((Number) EmfSpec.parse(lines.get(0)).get("Faults")).intValue())
                .isEqualTo(1);
    }

    @Test
    void writesTheHandlersMetricsInADirectiveWithItsDimensionsAndProperties() throws Exception {
        call(
                r -> {
                    Metrics.of(r)
                            .dimension("Plan", "pro")
                            .count("UsersCreated")
                            .put("PayloadSize", 512, Unit.BYTES)
                            .put("PayloadSize", 1024, Unit.BYTES)
                            .put("Ratio", 0.25, Unit.PERCENT)
                            .property("userId", "u-42")
                            .property("items", 3)
                            .property("vip", true);
                    return Response.status(201).empty();
                },
                request("req-u", false));

        String line = lines.get(0);
        assertThat(EmfSpec.violations(line)).isEmpty();
        Map<String, Object> root = EmfSpec.parse(line);
        List<Map<String, Object>> directives = directives(root);
        assertThat(directives).hasSize(2);
        assertThat(directives.get(0)).containsEntry("Dimensions", List.of(List.of("Service")));
        assertThat(directives.get(1))
                .containsEntry("Namespace", "users-api")
                .containsEntry("Dimensions", List.of(List.of("Service", "Plan")))
                .containsEntry(
                        "Metrics",
                        List.of(
                                Map.of("Name", "UsersCreated", "Unit", "Count"),
                                Map.of("Name", "PayloadSize", "Unit", "Bytes"),
                                Map.of("Name", "Ratio", "Unit", "Percent")));
        assertThat(root)
                .containsEntry("Plan", "pro")
                .containsEntry("userId", "u-42")
                .containsEntry("vip", true)
                .containsEntry("requestId", "req-u");
        assertThat(((Number) root.get("UsersCreated")).intValue()).isEqualTo(1);
        assertThat(((List<?>) root.get("PayloadSize")).stream().map(v -> ((Number) v).intValue()))
                .containsExactly(512, 1024);
        assertThat(((Number) root.get("Ratio")).doubleValue()).isEqualTo(0.25);
        assertThat(((Number) root.get("items")).intValue()).isEqualTo(3);
        // the request id is a property, never a dimension
        assertThat(directives.stream().flatMap(d -> ((List<?>) d.get("Dimensions")).stream()))
                .allSatisfy(
                        set -> assertThat(((List<?>) set).contains("requestId")).isFalse());
    }

    @Test
    void splitsMoreThan100HandlerMetricsIntoDirectivesOfAtMost100() throws Exception {
        call(
                r -> {
                    for (int i = 0; i < 150; i++) {
                        Metrics.of(r).put("M" + i, i, Unit.NONE);
                    }
                    return Response.text("ok");
                },
                request("req-many", false));

        String line = lines.get(0);
        assertThat(EmfSpec.violations(line)).isEmpty();
        List<Map<String, Object>> directives = directives(EmfSpec.parse(line));
        assertThat(directives).hasSize(3);
        assertThat(metricNames(directives.get(1))).hasSize(100).startsWith("M0").endsWith("M99");
        assertThat(metricNames(directives.get(2)))
                .hasSize(50)
                .startsWith("M100")
                .endsWith("M149");
    }

    @Test
    void addsTheBuildersDimensionsToEveryDirective() throws Exception {
        EmfMetrics staged = EmfMetrics.builder("shop")
                .service("orders")
                .dimension("Stage", "prod")
                .sink(lines::add)
                .build();

        Middleware.chain(List.of(staged), r -> {
                    Metrics.of(r).dimension("Region", "eu").count("Orders");
                    return Response.text("ok");
                })
                .handle(request("req-d", false));

        Map<String, Object> root = EmfSpec.parse(lines.get(0));
        assertThat(EmfSpec.violations(lines.get(0))).isEmpty();
        List<Map<String, Object>> directives = directives(root);
        assertThat(directives.get(0)).containsEntry("Dimensions", List.of(List.of("Service", "Stage")));
        assertThat(directives.get(1)).containsEntry("Dimensions", List.of(List.of("Service", "Stage", "Region")));
        assertThat(root).containsEntry("Service", "orders").containsEntry("Stage", "prod");
    }

    @Test
    void escapesNamesAndValuesIntoValidJson() throws Exception {
        call(
                r -> {
                    Metrics.of(r).dimension("Path", "/a\"b\\c").property("note", "line\nbreak \u2028");
                    Metrics.of(r).count("Quote\"d");
                    return Response.text("ok");
                },
                request("req-\"x", false));

        assertThat(EmfSpec.violations(lines.get(0))).isEmpty();
        Map<String, Object> root = EmfSpec.parse(lines.get(0));
        assertThat(root).containsEntry("Path", "/a\"b\\c").containsEntry("note", "line\nbreak \u2028");
        assertThat(root).containsEntry("requestId", "req-\"x");
    }

    @Test
    void writesOneLineWhenTwoMetricsMiddlewaresWrapTheSameInvocation() throws Exception {
        Handler chain = Middleware.chain(List.of(metrics, metrics), r -> {
            Metrics.of(r).count("Once");
            return Response.text("ok");
        });

        chain.handle(request("req-n", false));

        assertThat(lines).hasSize(1);
        assertThat(((Number) EmfSpec.parse(lines.get(0)).get("Once")).intValue())
                .isEqualTo(1);
    }

    @Test
    void neverFailsTheInvocationWhenWritingTheLineFails() throws Exception {
        EmfMetrics broken = EmfMetrics.builder("users-api")
                .sink(line -> {
                    throw new IllegalStateException("disk full");
                })
                .build();

        Response response =
                Middleware.chain(List.of(broken), r -> Response.text("ok")).handle(request("req-b", false));

        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void namesTheFunctionOrElseTheNamespaceAsTheService() {
        String function = System.getenv("AWS_LAMBDA_FUNCTION_NAME");
        assertThat(EmfMetrics.middleware("users-api").dimensions())
                .containsExactly(Map.entry("Service", function != null ? function : "users-api"));
    }

    @ParameterizedTest(name = "namespace \"{0}\"")
    @CsvSource(
            delimiter = '|',
            value = {"''", "'  '", "AWS/Lambda", "users@api", "ünicode"})
    void refusesAnInvalidNamespace(String namespace) {
        assertThatThrownBy(() -> EmfMetrics.middleware(namespace))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(namespace);
    }

    @Test
    void refusesMoreThan30DimensionsServiceIncluded() {
        EmfMetrics.Builder builder = EmfMetrics.builder("ns");
        for (int i = 1; i < 30; i++) {
            builder.dimension("D" + i, "v");
        }

        assertThatThrownBy(() -> builder.dimension("D30", "v"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 30");
    }
}
