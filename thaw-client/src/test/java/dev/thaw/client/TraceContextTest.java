package dev.thaw.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TraceContextTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"
                        + "| 00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01",
                "Root=1-5759E988-BD862E3FE1BE46A994272793;Parent=53995C3F42CD8AD8;Sampled=0"
                        + "| 00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-00",
                "Parent=53995c3f42cd8ad8;Root=1-5759e988-bd862e3fe1be46a994272793"
                        + "| 00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-00",
                "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1;Lineage=a:1"
                        + "| 00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01",
            })
    void derivesTraceparentFromAmznTraceId(String amzn, String expected) {
        assertThat(TraceContext.traceparent(amzn)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            nullValues = "null",
            value = {
                "null",
                "Parent=53995c3f42cd8ad8;Sampled=1",
                "Root=1-5759e988-bd862e3fe1be46a99427279;Sampled=1",
                "Root=2-5759e988-bd862e3fe1be46a994272793",
                "Root=1-5759e98g-bd862e3fe1be46a994272793",
                "Root=1-00000000-000000000000000000000000",
            })
    void sendsNoTraceparentWithoutAValidRoot(String amzn) {
        assertThat(TraceContext.traceparent(amzn)).isNull();
    }

    @Test
    void makesARandomParentIdWhenTheHeaderHasNone() {
        String first = TraceContext.traceparent("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1");
        String second = TraceContext.traceparent("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1");

        assertThat(first).matches("00-5759e988bd862e3fe1be46a994272793-[0-9a-f]{16}-01");
        assertThat(first.substring(36, 52)).isNotEqualTo("0000000000000000");
        assertThat(first).isNotEqualTo(second);
    }
}
