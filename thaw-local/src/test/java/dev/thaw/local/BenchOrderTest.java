package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The order in which each bench round starts its configurations. */
class BenchOrderTest {

    private static List<String> order(Map<String, Integer> configs, int round) {
        return BenchCommand.rotated(configs, round).stream()
                .map(Map.Entry::getKey)
                .toList();
    }

    @Test
    void rotatesTheConfigurationsOnePlaceEachRoundSoEachTakesEveryPosition() {
        Map<String, Integer> configs = new LinkedHashMap<>();
        configs.put("plain", 1);
        configs.put("tuned", 2);
        configs.put("floor", 3);

        assertThat(order(configs, 0)).containsExactly("plain", "tuned", "floor");
        assertThat(order(configs, 1)).containsExactly("tuned", "floor", "plain");
        assertThat(order(configs, 2)).containsExactly("floor", "plain", "tuned");
        assertThat(order(configs, 3)).containsExactly("plain", "tuned", "floor");
        assertThat(BenchCommand.rotated(configs, 1).getFirst().getValue()).isEqualTo(2);
    }

    @Test
    void leavesOneOrNoConfigurationAsItIs() {
        assertThat(order(Map.of("tuned", 1), 5)).containsExactly("tuned");
        assertThat(order(Map.of(), 3)).isEmpty();
    }
}
