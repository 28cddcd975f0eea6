package dev.thaw.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessAgeTest {

    @Test
    void computesTheAgeFromStartTicksAndUptime() {
        String stat = "4242 (java (thaw) x) S 1 4242 4242 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 2 0 12345 1 2 3";

        assertThat(ProcessAge.millis(stat, "125.50 240.00\n")).isEqualTo(2_050);
    }

    @Test
    void answersMinusOneForAStartAfterNow() {
        String stat = "1 (init) S 0 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 99999 1 2 3";

        assertThat(ProcessAge.millis(stat, "5.00 1.00\n")).isEqualTo(-1);
    }

    @Test
    void readsThisProcessAsRunningForAWhile() {
        long age = ProcessAge.millis();

        // This JVM started before the test ran, and not days ago.
        assertThat(age).isGreaterThan(0).isLessThan(24L * 3600 * 1000);
    }
}
