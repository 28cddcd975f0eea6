package dev.thaw.internal;

import io.avaje.json.JsonAdapter;
import io.avaje.json.JsonDataException;
import io.avaje.json.JsonReader;
import io.avaje.json.JsonWriter;
import io.avaje.jsonb.Jsonb;
import io.avaje.jsonb.spi.JsonbComponent;
import java.math.BigDecimal;

/**
 * {@code int}, {@code long} and {@code double} adapters that answer a quoted number ({@code "12"}, which
 * the codec reads as 12) as malformed, and an {@code int} or {@code long} out of range. The codec's own
 * readers wrap some of them silently ({@code 4294967297} read as the int {@code 1}), which would let a
 * client's value turn into another one.
 *
 * <p>{@link ThawJsonb} registers it before any other component. It is also listed as an avaje-jsonb
 * component ({@code META-INF/services/io.avaje.jsonb.spi.JsonbExtension}), so avaje's default instance,
 * which thaw's codec hands the types it does not build itself (java.time, BigDecimal, ...), reads numbers
 * as strictly. Not API: public only because the service loader instantiates it.
 */
public final class StrictNumbers implements JsonbComponent {

    private static final JsonAdapter<Integer> INT = new JsonAdapter<>() {
        @Override
        public void toJson(JsonWriter writer, Integer value) {
            // Integer.toString rather than the codec's digit tables: building them costs ~1 ms of the
            // first response (every Lambda answer writes its status code).
            writer.rawValue(Integer.toString(value));
        }

        @Override
        public Integer fromJson(JsonReader reader) {
            requireNumber(reader, "32-bit integer");
            // Every int is exact as a double, so a double tells both range and fraction.
            double d = reader.readDouble();
            if (d != Math.rint(d) || d < Integer.MIN_VALUE || d > Integer.MAX_VALUE) {
                throw new JsonDataException("number " + d + " is not a 32-bit integer");
            }
            return (int) d;
        }
    };

    private static final JsonAdapter<Long> LONG = new JsonAdapter<>() {
        @Override
        public void toJson(JsonWriter writer, Long value) {
            writer.rawValue(Long.toString(value));
        }

        @Override
        public Long fromJson(JsonReader reader) {
            requireNumber(reader, "64-bit integer");
            BigDecimal d = reader.readDecimal();
            try {
                return d.longValueExact();
            } catch (ArithmeticException e) {
                throw new JsonDataException("number " + d + " is not a 64-bit integer");
            }
        }
    };

    private static final JsonAdapter<Double> DOUBLE = new JsonAdapter<>() {
        @Override
        public void toJson(JsonWriter writer, Double value) {
            writer.value(value.doubleValue());
        }

        @Override
        public Double fromJson(JsonReader reader) {
            requireNumber(reader, "number");
            return reader.readDouble();
        }
    };

    /** The codec reads {@code "12"} as the number 12; a client sending a string meant a string. */
    private static void requireNumber(JsonReader reader, String expected) {
        if (reader.currentToken() == JsonReader.Token.STRING) {
            throw new JsonDataException("expected a " + expected + ", got a string");
        }
    }

    /** Creates the component; the service loader calls it. */
    public StrictNumbers() {}

    @Override
    public void register(Jsonb.Builder builder) {
        builder.add(Integer.TYPE, INT)
                .add(Integer.class, INT.nullSafe())
                .add(Long.TYPE, LONG)
                .add(Long.class, LONG.nullSafe())
                .add(Double.TYPE, DOUBLE)
                .add(Double.class, DOUBLE.nullSafe());
    }
}
