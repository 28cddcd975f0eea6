package dev.thaw.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thaw.Context;
import dev.thaw.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LogTest {

    private final List<String> lines = new ArrayList<>();
    private final Log json = Log.of("JSON", "INFO", lines::add);
    private final Log text = Log.of("Text", "INFO", lines::add);

    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String line) {
        Object value = Json.jsonb().type(Object.class).fromJson(line);
        assertThat(value).as("JSON object in %s", line).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @ParameterizedTest
    @ValueSource(
            longs = {
                0L,
                1L,
                -1L,
                951_782_400_000L, // 2000-02-29
                1_764_293_368_123L,
                4_102_444_799_999L, // 2099-12-31T23:59:59.999Z
                253_402_300_799_999L, // 9999-12-31T23:59:59.999Z
                -62_135_596_800_000L // 0001-01-01
            })
    void formatsTimestampsAsIsoUtcWithMillis(long millis) {
        StringBuilder out = new StringBuilder();

        Log.appendTimestamp(out, millis);

        assertThat(out.toString())
                .isEqualTo(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
                        .format(Instant.ofEpochMilli(millis).atOffset(java.time.ZoneOffset.UTC)));
    }

    @Test
    void formatsRandomTimestampsAsJavaTimeDoes() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 10_000; i++) {
            long millis = random.nextLong(-30_000_000_000_000L, 250_000_000_000_000L);
            StringBuilder out = new StringBuilder();
            Log.appendTimestamp(out, millis);
            assertThat(Instant.parse(out).toEpochMilli())
                    .as("%d → %s", millis, out)
                    .isEqualTo(millis);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "TRACE, 0",
        "debug, 1",
        "INFO, 2",
        "Warn, 3",
        "WARNING, 3",
        "ERROR, 4",
        "FATAL, 5",
        "OFF, 6",
        "' info ', 2",
        "verbose, 2",
        "'', 2"
    })
    void parsesLevelNamesAsAwsLambdaLogLevelHoldsThem(String name, int level) {
        assertThat(Log.level(name, Log.INFO)).isEqualTo(level);
    }

    @ParameterizedTest
    @CsvSource({
        "INFO, DEBUG, false", "INFO, INFO, true", "INFO, FATAL, true", "WARN, INFO, false", "WARN, ERROR, true",
        "TRACE, TRACE, true", "FATAL, ERROR, false", "OFF, FATAL, false", ", DEBUG, false", ", INFO, true"
    })
    void answersIsLoggableByThreshold(String threshold, String level, boolean loggable) {
        Log log = Log.of("JSON", threshold, lines::add);

        assertThat(log.isLoggable(Log.level(level, -1))).isEqualTo(loggable);
        log.write(Log.level(level, -1), "t", "m");
        assertThat(lines).hasSize(loggable ? 1 : 0);
    }

    @Test
    void writesAJsonRecordWithTheCurrentInvocationsFields() {
        Context context = Context.builder()
                .requestId("req-1")
                .traceHeader("Root=1-67891233-abcdef012345678912345678;Parent=0123456789abcdef;Sampled=1")
                .coldStart(true)
                .build();
        CurrentInvocation invocation = CurrentInvocation.enter(context);
        try {
            json.line(Log.WARN, "app.Orders", "stock low")
                    .field("sku", "A-1")
                    .field("left", 3L)
                    .write();
        } finally {
            invocation.exit();
        }

        assertThat(lines).singleElement().asString().doesNotContain("\n");
        Map<String, Object> line = parse(lines.get(0));
        assertThat(line.keySet())
                .containsExactly(
                        "timestamp", "level", "message", "logger", "requestId", "traceId", "coldStart", "sku", "left");
        assertThat(line)
                .containsEntry("level", "WARN")
                .containsEntry("message", "stock low")
                .containsEntry("logger", "app.Orders")
                .containsEntry("requestId", "req-1")
                .containsEntry("traceId", "Root=1-67891233-abcdef012345678912345678;Parent=0123456789abcdef;Sampled=1")
                .containsEntry("coldStart", true)
                .containsEntry("sku", "A-1")
                .containsEntry("left", 3L);
        assertThat(Instant.parse((String) line.get("timestamp")))
                .isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(1, ChronoUnit.MINUTES));
    }

    @Test
    void leavesInvocationFieldsOutOutsideAnInvocation() {
        json.write(Log.INFO, "boot", "starting");

        assertThat(parse(lines.get(0)).keySet()).containsExactly("timestamp", "level", "message", "logger");
    }

    @Test
    void letsAFieldReplaceAnInvocationFieldAndIgnoresReservedNames() {
        CurrentInvocation invocation = CurrentInvocation.enter(
                Context.builder().requestId("ctx").coldStart(false).build());
        try {
            json.line(Log.INFO, "t", "m")
                    .field("requestId", "echoed")
                    .field("coldStart", true)
                    .field("level", "FORGED")
                    .field("message", "forged")
                    .write();
        } finally {
            invocation.exit();
        }

        Map<String, Object> line = parse(lines.get(0));
        assertThat(line)
                .containsEntry("requestId", "echoed")
                .containsEntry("coldStart", true)
                .containsEntry("level", "INFO")
                .containsEntry("message", "m");
        assertThat(lines.get(0)).containsOnlyOnce("\"coldStart\"").containsOnlyOnce("\"requestId\"");
    }

    @Test
    void writesErrorsAsTypeMessageAndCappedFramesWithCauses() {
        IllegalStateException error = new IllegalStateException("outer", new java.io.IOException("disk full"));

        json.write(Log.ERROR, "t", "failed", error);

        Map<String, Object> line = parse(lines.get(0));
        assertThat(line)
                .containsEntry("errorType", "java.lang.IllegalStateException")
                .containsEntry("errorMessage", "outer");
        @SuppressWarnings("unchecked")
        List<Object> trace = (List<Object>) line.get("stackTrace");
        assertThat(trace.get(0)).asString().startsWith("dev.thaw.internal.LogTest.");
        assertThat(trace).contains("Caused by: java.io.IOException: disk full");
    }

    @Test
    void stopsFollowingACyclicCauseChain() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);

        json.write(Log.ERROR, "t", "cycle", a);

        @SuppressWarnings("unchecked")
        List<Object> trace = (List<Object>) parse(lines.get(0)).get("stackTrace");
        assertThat(trace.stream().filter(e -> e.toString().startsWith("Caused by:")))
                .hasSize(Log.MAX_CAUSES);
        assertThat(trace).last().isEqualTo("... more causes");
    }

    @Test
    void writesNumberFieldsRoundedToThreeDecimalsAsShortAsJavaWritesThem() {
        json.line(Log.INFO, "app.Timing", "took")
                .field("a", 0.412)
                .field("b", 1.23456)
                .field("c", 3.0)
                .field("d", 0.0004)
                .field("e", 12.5)
                .field("f", Double.NaN)
                .write();
        text.line(Log.INFO, "app.Timing", "took")
                .field("a", 0.0506)
                .field("b", Double.POSITIVE_INFINITY)
                .write();

        assertThat(lines.get(0)).contains("\"a\":0.412,\"b\":1.235,\"c\":3,\"d\":0,\"e\":12.5,\"f\":null}");
        assertThat(parse(lines.get(0))).containsEntry("b", 1.235).containsEntry("c", 3L);
        assertThat(lines.get(1)).endsWith("took a=0.051 b=NaN");
    }

    @Test
    void writesTextAsTabSeparatedColumnsWithFieldsAfterTheMessage() {
        CurrentInvocation invocation =
                CurrentInvocation.enter(Context.builder().requestId("req-9").build());
        try {
            text.line(Log.INFO, "app.Users", "created")
                    .field("id", "42")
                    .field("name", "Ada Lovelace")
                    .write();
        } finally {
            invocation.exit();
        }
        text.write(Log.DEBUG, "app.Users", "dropped below INFO");
        text.write(Log.ERROR, "app.Users", "outside");

        assertThat(lines).hasSize(2);
        String[] columns = lines.get(0).split("\t");
        assertThat(columns).hasSize(5);
        assertThat(Instant.parse(columns[0])).isNotNull();
        assertThat(columns).endsWith("INFO", "req-9", "app.Users", "created id=42 name=\"Ada Lovelace\"");
        assertThat(lines.get(1).split("\t")).endsWith("ERROR", "-", "app.Users", "outside");
    }

    @Test
    void keepsEachRecordOnOneLineWhateverTheMessageHolds() {
        String message = "line1\nline2\r\u2028\u0001\"quoted\" é";

        json.write(Log.INFO, "t", message);
        text.write(Log.INFO, "t", message);

        assertThat(lines)
                .allSatisfy(line -> assertThat(line)
                        .doesNotContain("\n")
                        .doesNotContain("\r")
                        .doesNotContain("\u2028")
                        .doesNotContain("\u0001"));
        assertThat(parse(lines.get(0))).containsEntry("message", message);
        assertThat(lines.get(1)).endsWith("\tline1\\nline2\\r\\u2028\\u0001\"quoted\" é");
    }

    @Test
    void writesEachLineToStandardOutputInOneUtf8Write() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        List<Integer> writes = new ArrayList<>();
        PrintStream counting = new PrintStream(captured, true, StandardCharsets.UTF_8) {
            @Override
            public void write(byte[] buf, int off, int len) {
                writes.add(len);
                super.write(buf, off, len);
            }
        };
        System.setOut(counting);
        try {
            Log.of("JSON", "INFO", null).write(Log.INFO, "t", "grüße");
        } finally {
            System.setOut(original);
        }

        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(out).endsWith("}\n").contains("\"message\":\"grüße\"");
        assertThat(writes).containsExactly(out.getBytes(StandardCharsets.UTF_8).length);
    }
}
