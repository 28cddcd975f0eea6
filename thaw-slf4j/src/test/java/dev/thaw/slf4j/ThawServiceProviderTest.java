package dev.thaw.slf4j;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.thaw.Context;
import dev.thaw.Json;
import dev.thaw.internal.CurrentInvocation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * SLF4J as a library uses it, found through {@code META-INF/services}: this module's surefire run sets
 * {@code AWS_LAMBDA_LOG_FORMAT=JSON} and {@code AWS_LAMBDA_LOG_LEVEL=INFO}.
 */
class ThawServiceProviderTest {

    @AfterEach
    void clearMdc() {
        MDC.clear();
    }

    /** Runs {@code action} with standard output captured and returns the lines written, parsed. */
    private static List<Map<String, Object>> logged(Runnable action) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        return captured.toString(UTF_8)
                .lines()
                .map(ThawServiceProviderTest::parse)
                .toList();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String line) {
        Object value = Json.jsonb().type(Object.class).fromJson(line);
        assertThat(value).as("JSON object in %s", line).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @Test
    void bindsLoggerFactoryToThawsLogger() {
        assertThat(LoggerFactory.getLogger("app.Orders")).isInstanceOf(ThawSlf4jLogger.class);
        assertThat(LoggerFactory.getLogger("app.Orders")).isSameAs(LoggerFactory.getLogger("app.Orders"));
    }

    @Test
    void writesThawsJsonRecordWithFormattedMessage() {
        Logger log = LoggerFactory.getLogger("app.Orders");

        List<Map<String, Object>> lines = logged(() -> log.info("order {} placed by {}", 42, "ada"));

        assertThat(lines).singleElement().satisfies(line -> {
            assertThat(line)
                    .containsEntry("level", "INFO")
                    .containsEntry("message", "order 42 placed by ada")
                    .containsEntry("logger", "app.Orders");
            assertThat(Instant.parse((String) line.get("timestamp"))).isNotNull();
        });
    }

    @Test
    void filtersByTheLevelFromTheEnvironment() {
        Logger log = LoggerFactory.getLogger("app.Levels");

        List<Map<String, Object>> lines = logged(() -> {
            log.trace("t");
            log.debug("d {}", 1);
            log.info("i");
            log.warn("w");
            log.error("e");
        });

        assertThat(log.isDebugEnabled()).isFalse();
        assertThat(log.isInfoEnabled()).isTrue();
        assertThat(lines).extracting(line -> line.get("level")).containsExactly("INFO", "WARN", "ERROR");
    }

    @Test
    void addsMdcEntriesAndTheInvocationsFieldsAsTopLevelFields() {
        Logger log = LoggerFactory.getLogger("app.Tenants");
        Context context = Context.builder()
                .requestId("req-slf4j")
                .traceHeader("Root=1-abc-def")
                .coldStart(true)
                .build();

        List<Map<String, Object>> lines = logged(() -> {
            MDC.put("tenant", "acme");
            MDC.put("region", "eu-west-1");
            CurrentInvocation invocation = CurrentInvocation.enter(context);
            try {
                log.warn("quota near");
            } finally {
                invocation.exit();
            }
        });

        assertThat(lines)
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .containsEntry("tenant", "acme")
                        .containsEntry("region", "eu-west-1")
                        .containsEntry("requestId", "req-slf4j")
                        .containsEntry("traceId", "Root=1-abc-def")
                        .containsEntry("coldStart", true));
    }

    @Test
    void writesATrailingThrowableAsTheLinesError() {
        Logger log = LoggerFactory.getLogger("app.Errors");

        List<Map<String, Object>> lines =
                logged(() -> log.error("charge {} failed", "ch_1", new IllegalStateException("card declined")));

        assertThat(lines).singleElement().satisfies(line -> {
            assertThat(line)
                    .containsEntry("message", "charge ch_1 failed")
                    .containsEntry("errorType", "java.lang.IllegalStateException")
                    .containsEntry("errorMessage", "card declined");
            assertThat((List<?>) line.get("stackTrace")).isNotEmpty();
        });
    }

    @Test
    void addsFluentKeyValuePairsAsFields() {
        Logger log = LoggerFactory.getLogger("app.Fluent");

        List<Map<String, Object>> lines = logged(() -> log.atInfo()
                .addKeyValue("orderId", 7)
                .setMessage("shipped {}")
                .addArgument("today")
                .log());

        assertThat(lines)
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .containsEntry("message", "shipped today")
                        .containsEntry("orderId", "7"));
    }
}
