package dev.thaw.internal;

/**
 * Writes a {@code double} as {@code Double.toString} does, digit by digit when it has at most three
 * decimals (durations in milliseconds, rounded to the microsecond): {@code Double.toString}'s
 * shortest-decimal search runs interpreted for the first few hundred requests, and the access log and the
 * metrics line write one such number on every request. Integral values have no fraction ({@code 1}, not
 * {@code 1.0}), which JSON reads as the same number.
 */
public final class Decimals {

    private Decimals() {}

    /**
     * Appends {@code value}: integral values without a fraction, others as {@code Double.toString} writes
     * them. {@code NaN} and the infinities come out as Java writes them (not JSON): callers check first.
     *
     * @param out where the text goes
     * @param value the number
     */
    public static void append(StringBuilder out, double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            out.append((long) value);
            return;
        }
        if (Math.abs(value) < 1e7) {
            long thousandths = Math.round(value * 1000);
            // the double nearest to thousandths / 1000 is value: no shorter decimal names it (below 10^7
            // doubles are far closer together than 0.001), so this is Double.toString's text
            if (thousandths / 1000.0 == value) {
                if (thousandths < 0) {
                    out.append('-');
                    thousandths = -thousandths;
                }
                out.append(thousandths / 1000).append('.');
                int fraction = (int) (thousandths % 1000);
                int digits = 3;
                while (fraction != 0 && fraction % 10 == 0) {
                    fraction /= 10;
                    digits--;
                }
                for (int pad = fraction < 10 ? 1 : fraction < 100 ? 2 : 3; pad < digits; pad++) {
                    out.append('0');
                }
                out.append(fraction);
                return;
            }
        }
        out.append(value);
    }
}
