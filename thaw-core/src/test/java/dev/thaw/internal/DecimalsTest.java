package dev.thaw.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Decimals writes values with three decimals or fewer digit by digit; the text must be Double.toString's. */
class DecimalsTest {

    private static String written(double value) {
        StringBuilder out = new StringBuilder();
        Decimals.append(out, value);
        return out.toString();
    }

    @Test
    void thousandthsReadAsJavaWritesThem() {
        double[] values = {
            0.001,
            0.005,
            0.05,
            0.1,
            0.25,
            0.5,
            0.999,
            1.001,
            1.01,
            1.1,
            2.109,
            9.99,
            10.5,
            123.45,
            1234.567,
            99999.999,
            9999999.999,
            -0.001,
            -0.25,
            -1234.567,
            0.3,
            0.7,
            0.123,
            1.2,
            4.35
        };
        for (double value : values) {
            assertThat(written(value)).as("%s", value).isEqualTo(Double.toString(value));
        }
    }

    @Test
    void everyThousandthBelowTwoThousandAndRandomOnesUpToTenMillion() {
        for (long m = -2_000_000; m <= 2_000_000; m++) {
            if (m % 1000 != 0) {
                double value = m / 1000.0;
                String text = written(value);
                if (!text.equals(Double.toString(value))) {
                    assertThat(text).as("%s", value).isEqualTo(Double.toString(value));
                }
            }
        }
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 1_000_000; i++) {
            double value = random.nextLong(-9_999_999_999L, 9_999_999_999L) / 1000.0;
            if (value != Math.rint(value)) {
                String text = written(value);
                if (!text.equals(Double.toString(value))) {
                    assertThat(text).as("%s", value).isEqualTo(Double.toString(value));
                }
            }
        }
    }

    @Test
    void integralValuesHaveNoFractionAndOthersFallBackToJava() {
        assertThat(written(3.0)).isEqualTo("3");
        assertThat(written(-7.0)).isEqualTo("-7");
        assertThat(written(0.0005)).isEqualTo(Double.toString(0.0005));
        assertThat(written(1.0 / 3)).isEqualTo(Double.toString(1.0 / 3));
        assertThat(written(12345678.5)).isEqualTo(Double.toString(12345678.5));
        assertThat(written(1e20)).isEqualTo(Double.toString(1e20));
        assertThat(written(Double.NaN)).isEqualTo("NaN");
    }
}
