package dev.thaw;

import dev.thaw.internal.ThawJsonb;
import io.avaje.json.JsonException;
import io.avaje.json.JsonReader;
import io.avaje.jsonb.Jsonb;
import io.avaje.jsonb.spi.JsonbComponent;
import java.util.function.Supplier;

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
     * Registers the app's JSON component, the one avaje-jsonb's generator writes for its {@code @Json} types,
     * so the codec need not search the class path for it ({@code ServiceLoader}, which opens every jar):
     * a few milliseconds off a cold start. Call it first thing in {@code main}, before the codec is used;
     * a later call still registers the component. Without it the class path is searched on first use, as
     * avaje does. Registering the same component class twice has no further effect.
     *
     * <pre>{@code
     * public static void main(String[] args) {
     *     Json.use(new com.example.jsonb.GeneratedJsonComponent());
     *     Thaw.run(app);
     * }
     * }</pre>
     *
     * @param component the generated (or hand-written) component whose adapters the app uses
     */
    public static void use(JsonbComponent component) {
        ThawJsonb.shared().use(component);
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
        message = stripPackages(message);
        return message.length() > 300 ? message.substring(0, 300) + "…" : message;
    }

    /** Builds the shared instance; a named class, as a lambda would spin one at start-up. */
    private static final class JsonbFactory implements Supplier<Jsonb> {
        @Override
        public Jsonb get() {
            // thaw's own codec, not avaje's default instance: that one builds some forty adapter factories
            // (java.time, math, arrays...) with their lambdas at once; ours builds what is asked for and
            // hands the rest to avaje's instance, made only then.
            return ThawJsonb.shared();
        }
    }

    /**
     * Replaces each qualified class name ({@code io.avaje.json.Foo}: lower-case segments, then an upper-case
     * name) with its simple name. By hand, not with a regex: the AOT cache training reports malformed JSON,
     * and a regex would put ~35 classes in the cache, all loaded at every start.
     */
    static String stripPackages(String message) {
        StringBuilder out = new StringBuilder(message.length());
        int i = 0;
        int n = message.length();
        while (i < n) {
            char c = message.charAt(i);
            if (packageStart(c) && wordChar(c) != (i > 0 && wordChar(message.charAt(i - 1)))) {
                int j = i;
                int segments = 0;
                while (j < n && packageStart(message.charAt(j))) {
                    int k = j + 1;
                    while (k < n && (wordChar(message.charAt(k)) || message.charAt(k) == '$')) {
                        k++;
                    }
                    if (k >= n || message.charAt(k) != '.') {
                        break;
                    }
                    segments++;
                    j = k + 1;
                }
                if (segments > 0 && j < n && message.charAt(j) >= 'A' && message.charAt(j) <= 'Z') {
                    i = j;
                    continue;
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    private static boolean packageStart(char c) {
        return (c >= 'a' && c <= 'z') || c == '_' || c == '$';
    }

    private static boolean wordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }
}
