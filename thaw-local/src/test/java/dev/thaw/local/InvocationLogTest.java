package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InvocationLogTest {

    /** Lambda's REPORT line, as CloudWatch shows it for provided.al2023 functions. */
    static final String REPORT = "REPORT RequestId: [0-9a-f-]{36}\\tDuration: \\d+\\.\\d{2} ms\\t"
            + "Billed Duration: \\d+ ms\\tMemory Size: \\d+ MB\\tMax Memory Used: \\d+ MB\\t"
            + "(Init Duration: \\d+\\.\\d{2} ms\\t)?"
            + "(Status: timeout|Status: error\\tError Type: [A-Za-z.]+)?";

    private static final String ID = "8476a536-e9f4-11e8-9739-2dfe598c3fcd";

    @Test
    void writesAWarmReportWithTabsAndATrailingTab() {
        String line = InvocationLog.report(ID, 12.344, 512, 61, -1, null, null);

        assertThat(line)
                .isEqualTo("REPORT RequestId: " + ID
                        + "\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 512 MB\tMax Memory Used: 61 MB\t")
                .matches(REPORT);
    }

    @Test
    void addsInitDurationOnAColdStartAndBillsItAsForProvidedRuntimes() {
        String line = InvocationLog.report(ID, 600_000.0, 1536, 1035, 476.75, "timeout", null);

        assertThat(line)
                .isEqualTo("REPORT RequestId: " + ID + "\tDuration: 600000.00 ms\tBilled Duration: 600477 ms"
                        + "\tMemory Size: 1536 MB\tMax Memory Used: 1035 MB\tInit Duration: 476.75 ms\tStatus: timeout")
                .matches(REPORT);
    }

    @Test
    void namesTheErrorTypeOfAFailedInvocation() {
        String line = InvocationLog.report(ID, 1.5, 128, 64, -1, "error", "Runtime.ExitError");

        assertThat(line).endsWith("Max Memory Used: 64 MB\tStatus: error\tError Type: Runtime.ExitError");
        assertThat(line).matches(REPORT);
    }

    @ParameterizedTest
    @CsvSource({"0.001, 1", "1.0, 1", "1.001, 2", "99.999, 100"})
    void roundsBilledDurationUpToTheMillisecond(double duration, long billed) {
        assertThat(InvocationLog.report(ID, duration, 128, 1, -1, null, null))
                .contains("\tBilled Duration: " + billed + " ms\t");
    }

    @Test
    void writesStartEndAndInitReportLikeLambda() {
        assertThat(InvocationLog.start(ID)).isEqualTo("START RequestId: " + ID + " Version: $LATEST");
        assertThat(InvocationLog.end(ID)).isEqualTo("END RequestId: " + ID);
        assertThat(InvocationLog.initReport(154.031, "error", "Runtime.ExitError"))
                .isEqualTo(
                        "INIT_REPORT Init Duration: 154.03 ms\tPhase: init\tStatus: error\tError Type: Runtime.ExitError");
        assertThat(InvocationLog.initReport(10_000, "timeout", null))
                .isEqualTo("INIT_REPORT Init Duration: 10000.00 ms\tPhase: init\tStatus: timeout");
    }

    @Test
    void writesTimeoutAndExitMessagesInLambdasWords() {
        assertThat(InvocationLog.timedOut(Instant.parse("2024-01-29T16:41:15.998Z"), ID, 3))
                .isEqualTo("2024-01-29T16:41:15.998Z " + ID + " Task timed out after 3.00 seconds");
        assertThat(InvocationLog.timeoutMessage(ID, 0.5))
                .isEqualTo("RequestId: " + ID + " Error: Task timed out after 0.50 seconds");
        assertThat(InvocationLog.exitMessage(ID, "exit status 3"))
                .isEqualTo("RequestId: " + ID + " Error: Runtime exited with error: exit status 3");
    }

    @ParameterizedTest
    @CsvSource({
        "0, exit status 0",
        "3, exit status 3",
        "137, signal: killed",
        "139, signal: segmentation fault",
        "143, signal: terminated",
        "150, exit status 150"
    })
    void describesExitCodesAsLambdaDoes(int code, String description) {
        assertThat(InvocationLog.describeExit(code)).isEqualTo(description);
    }
}
