package dev.thaw;

import io.avaje.json.JsonException;
import io.avaje.json.JsonReader;
import io.avaje.jsonb.Jsonb;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * JSON through avaje-jsonb with adapters generated at compile time (no reflection). The codec is built
 * on first use, not at start-up.
 *
 * <pre>{@code
 * @io.avaje.jsonb.Json
 * public record User(String id, String name, String email) {}
 *
 * byte[] bytes = Json.toBytes(new User("1", "ada", "ada@example.com"));
 * User back = Json.fromBytes(bytes, User.class);
 * }</pre>
 */
public final class Json {

    /**
     * The longest JSON string the codec is sure to read, in characters: avaje-jsonb 3.11 grows its string
     * buffer from 4,096 characters by doubling up to a fixed 50,000, so the last size it reaches is 32,768,
     * and a string that fills it exactly is refused by a parser that already grew. A longer string is
     * answered 400.
     */
    public static final int MAX_STRING_LENGTH = 32_767;

    /** The highest JSON nesting limit an app may set: the codec recurses once per level. */
    static final int MAX_DEPTH_CEILING = 512;

    private static final Lazy<Jsonb> JSONB = Lazy.of(new JsonbFactory());

    private Json() {}

    /** Returns the shared avaje-jsonb instance, made on first use. */
    public static Jsonb jsonb() {
        return JSONB.get();
    }

    /**
     * Writes {@code value} as JSON.
     *
     * @param value an annotated type, a String, Number, Boolean, List or Map of these
     * @return UTF-8 JSON
     */
    public static byte[] toBytes(Object value) {
        return JSONB.get().toJsonBytes(value);
    }

    /** Writes {@code value} as JSON text. */
    public static String toJson(Object value) {
        return JSONB.get().toJson(value);
    }

    /**
     * Reads JSON as {@code type}. Strict where the codec is lenient: a trailing comma ({@code [1,]},
     * {@code {"a":1,}}), a quoted number for an {@code int}, {@code long} or {@code double}, bytes that are
     * not well-formed UTF-8 and an escaped surrogate that is not half of a pair are malformed.
     *
     * @param json UTF-8 JSON
     * @param type the target type
     * @return the value
     * @throws HttpException 400 naming the problem when the JSON is malformed, does not fit the type, nests
     *     objects and arrays deeper than {@link Limits#DEFAULT_MAX_JSON_DEPTH} or holds a string longer than
     *     {@link #MAX_STRING_LENGTH} characters
     */
    public static <T> T fromBytes(byte[] json, Class<T> type) {
        return fromBytes(json, type, Limits.DEFAULT_MAX_JSON_DEPTH);
    }

    /** Reads JSON as {@code type}, refusing nesting deeper than {@code maxDepth} before the codec recurses. */
    static <T> T fromBytes(byte[] json, Class<T> type, int maxDepth) {
        JsonShape.check(json, maxDepth);
        Jsonb jsonb = JSONB.get();
        try (JsonReader reader = jsonb.reader(json)) {
            T value = jsonb.type(type).fromJson(reader);
            // The codec stops after the first value; what follows it must be whitespace only.
            if (value != null && reader.hasNextStreamElement()) {
                throw new HttpException(
                        Problem.of(400, "Malformed JSON body: unexpected content after the JSON value"));
            }
            return value;
        } catch (JsonException | IllegalStateException | NumberFormatException | IndexOutOfBoundsException e) {
            // avaje's number parser runs off its buffer on a body that ends inside a number ("-").
            throw new HttpException(Problem.of(400, "Malformed JSON body: " + clientMessage(e)), e);
        }
    }

    /** Reads JSON text as {@code type}; see {@link #fromBytes(byte[], Class)}. */
    public static <T> T fromJson(String json, Class<T> type) {
        return fromBytes(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), type);
    }

    /**
     * Appends {@code text} as a JSON string literal (quoted and escaped), for small documents written by
     * hand on paths that should not wait for the codec: log lines, error reports, stream preludes.
     *
     * @param out where to append
     * @param text the string
     * @return {@code out}
     */
    public static StringBuilder appendQuoted(StringBuilder out, String text) {
        JsonText.appendString(out, text);
        return out;
    }

    /** Drops package names from a parser message: clients must not see internal class names. */
    static String clientMessage(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return "unreadable JSON";
        }
        if (message.startsWith("Maximum string buffer limit exceeded")) {
            // The codec names its buffer's ceiling, not the longest string it actually reads.
            return "a string is longer than the limit of " + MAX_STRING_LENGTH + " characters";
        }
        message = QualifiedName.PATTERN.matcher(message).replaceAll("$1");
        return message.length() > 300 ? message.substring(0, 300) + "…" : message;
    }

    /** Builds the shared instance; a named class, as a lambda would spin one at start-up. */
    private static final class JsonbFactory implements Supplier<Jsonb> {
        @Override
        public Jsonb get() {
            // The default instance, which avaje builds with every registered component, strict numbers
            // included (dev.thaw.internal.StrictNumbers): customising a builder would build a second one.
            return Jsonb.builder().build();
        }
    }

    /** Holds the pattern, compiled on the first parser error rather than with the codec (regex loads ~30 classes). */
    private static final class QualifiedName {
        static final Pattern PATTERN = Pattern.compile("\\b(?:[a-z_$][\\w$]*\\.)+([A-Z][\\w$]*)");
    }
}
