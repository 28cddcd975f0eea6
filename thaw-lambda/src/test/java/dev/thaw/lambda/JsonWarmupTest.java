package dev.thaw.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When the runtime starts its second thread (the JSON codec and the early Runtime API connection). */
class JsonWarmupTest {

    @Test
    void runsWithTwoProcessorsOrMoreUnlessTurnedOff() {
        assertThat(JsonWarmup.worthIt(null, 2)).isTrue();
        assertThat(JsonWarmup.worthIt(null, 64)).isTrue();
        assertThat(JsonWarmup.worthIt("off", 8)).isFalse();
    }

    @Test
    void staysOnTheRuntimesThreadWithOneProcessorUnlessTurnedOn() {
        assertThat(JsonWarmup.worthIt(null, 1)).isFalse();
        assertThat(JsonWarmup.worthIt("", 1)).isFalse();
        assertThat(JsonWarmup.worthIt("on", 1)).isTrue();
    }
}
