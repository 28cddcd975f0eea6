package dev.thaw.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thaw.Context;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A failed export is reported in thaw's log stream (stdout, Lambda's format), never thrown at the request. */
class ExportFailureLogTest {

    @Test
    void reportsAFailedLineWriteAsAWarningOnTheLogStream() {
        LineExport export = new LineExport(line -> {
            throw new IllegalStateException("sink closed");
        });
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream previous = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            export.export("{}", 2, Context.builder().requestId("req-1").build());
        } finally {
            System.setOut(previous);
        }

        String line = captured.toString(StandardCharsets.UTF_8);
        assertThat(line.lines()).hasSize(1);
        assertThat(line)
                .contains("\tWARN\t")
                .contains("dev.thaw.tracing")
                .contains("write 2 spans of invocation req-1 failed: java.lang.IllegalStateException: sink closed");
    }
}
