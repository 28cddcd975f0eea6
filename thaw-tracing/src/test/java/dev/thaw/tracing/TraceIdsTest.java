package dev.thaw.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TraceIdsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01, 4bf92f3577b34da6a3ce929d0e0e4736, 00f067aa0ba902b7",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00, 4bf92f3577b34da6a3ce929d0e0e4736, 00f067aa0ba902b7",
        "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-later, 4bf92f3577b34da6a3ce929d0e0e4736, 00f067aa0ba902b7"
    })
    void readsAValidTraceparent(String header, String traceId, String spanId) {
        assertThat(TraceIds.fromTraceparent(header)).isEqualTo(new TraceIds.Parent(traceId, spanId));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(
            strings = {
                "",
                "garbage",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
                "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
                "00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01",
                "00-4bf92f3577b34da6a3ce929d0e0e473-600f067aa0ba902b7-01",
                "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0g"
            })
    void refusesAnInvalidTraceparent(String header) {
        assertThat(TraceIds.fromTraceparent(header)).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            nullValues = "<none>",
            value = {
                "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"
                        + " | 5759e988bd862e3fe1be46a994272793 | 53995c3f42cd8ad8",
                "Root=1-5759e988-bd862e3fe1be46a994272793 | 5759e988bd862e3fe1be46a994272793 | <none>",
                "Sampled=0; Root=1-5759E988-BD862E3FE1BE46A994272793 ;Parent=zz | 5759e988bd862e3fe1be46a994272793 | <none>",
                "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=0000000000000000"
                        + " | 5759e988bd862e3fe1be46a994272793 | <none>"
            })
    void readsRootAndParentOfAnAmznTraceId(String header, String traceId, String spanId) {
        assertThat(TraceIds.fromAmznTraceId(header)).isEqualTo(new TraceIds.Parent(traceId, spanId));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(
            strings = {
                "",
                "Parent=53995c3f42cd8ad8",
                "Root=2-5759e988-bd862e3fe1be46a994272793",
                "Root=1-5759e988bd862e3fe1be46a994272793",
                "Root=1-00000000-000000000000000000000000",
                "Root=1-5759e988-bd862e3fe1be46a99427279x"
            })
    void refusesAnAmznTraceIdWithoutAValidRoot(String header) {
        assertThat(TraceIds.fromAmznTraceId(header)).isNull();
    }

    @Test
    void makesDistinctLowercaseHexIdsOfTheRightLength() {
        Set<String> traces = new HashSet<>();
        Set<String> spans = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String trace = TraceIds.randomTraceId();
            String span = TraceIds.randomSpanId();
            assertThat(trace).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
            assertThat(span).matches("[0-9a-f]{16}").isNotEqualTo("0".repeat(16));
            traces.add(trace);
            spans.add(span);
        }
        assertThat(traces).hasSize(1000);
        assertThat(spans).hasSize(1000);
    }
}
