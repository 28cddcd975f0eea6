package dev.thaw.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CallBudgetTest {

    @ParameterizedTest(name = "own {0}, remaining {1}, margin {2} -> {3} ms, deadline-bound {4}, exhausted {5}")
    @CsvSource({
        // own, remaining, margin, budget, deadlineBound, exhausted
        "30000, 9223372036854775807, 50, 30000, false, false",
        "30000, 1000, 50, 950, true, false",
        "500, 1000, 50, 500, false, false",
        "950, 1000, 50, 950, false, false",
        "951, 1000, 50, 950, true, false",
        "1000, 51, 50, 1, true, false",
        "1000, 50, 50, 0, true, true",
        "1000, 10, 50, -40, true, true",
        "1000, -5, 50, -55, true, true",
        "1000, 0, 0, 0, true, true",
        "1, 9223372036854775807, 50, 1, false, false",
    })
    void takesTheSmallerOfOwnTimeoutAndRemainingLessMargin(
            long own, long remaining, long margin, long budget, boolean deadlineBound, boolean exhausted) {
        CallBudget b = CallBudget.of(own, remaining, margin);

        assertThat(b.millis()).isEqualTo(budget);
        assertThat(b.deadlineBound()).isEqualTo(deadlineBound);
        assertThat(b.exhausted()).isEqualTo(exhausted);
    }
}
