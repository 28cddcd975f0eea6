package dev.thaw.slf4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thaw.internal.Log;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;

class ThawSlf4jLoggerTest {

    private final List<String> lines = new ArrayList<>();
    private final BasicMDCAdapter mdc = new BasicMDCAdapter();

    @ParameterizedTest
    @CsvSource({"TRACE, 0", "DEBUG, 1", "INFO, 2", "WARN, 3", "ERROR, 4"})
    void mapsSlf4jLevelsToThaws(Level level, int thaw) {
        assertThat(ThawSlf4jLogger.level(level)).isEqualTo(thaw);
    }

    @Test
    void writesTextLinesWithMdcAsNameValuePairsAtTheConfiguredLevel() {
        ThawSlf4jLogger logger = new ThawSlf4jLogger("lib.Client", Log.of("Text", "WARN", lines::add), mdc);
        mdc.put("tenant", "acme");

        logger.info("dropped {}", 1);
        logger.warn("retrying {} of {}", 2, 3);

        assertThat(logger.isInfoEnabled()).isFalse();
        assertThat(logger.isWarnEnabled()).isTrue();
        assertThat(lines)
                .singleElement()
                .satisfies(line -> assertThat(line.split("\t"))
                        .hasSize(5)
                        .endsWith("WARN", "-", "lib.Client", "retrying 2 of 3 tenant=acme"));
    }

    @Test
    void writesNothingAboveFatal() {
        ThawSlf4jLogger logger = new ThawSlf4jLogger("lib.Quiet", Log.of("JSON", "OFF", lines::add), mdc);

        logger.error("never");

        assertThat(logger.isErrorEnabled()).isFalse();
        assertThat(lines).isEmpty();
    }
}
