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
     * Reads JSON as {@code type}.
     *
     * @param json UTF-8 JSON
     * @param type the target type
     * @return the value
     * @throws HttpException 400 naming the problem when the JSON is malformed or does not fit the type
     */
    public static <T> T fromBytes(byte[] json, Class<T> type) {
        Jsonb jsonb = JSONB.get();
        try (JsonReader reader = jsonb.reader(json)) {
            T value = jsonb.type(type).fromJson(reader);
            // The codec stops after the first value; what follows it must be whitespace only.
            if (value != null && reader.hasNextStreamElement()) {
                throw new HttpException(
                        Problem.of(400, "Malformed JSON body: unexpected content after the JSON value"));
            }
            return value;
        } catch (JsonException | IllegalStateException | NumberFormatException e) {
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
        message = QualifiedName.PATTERN.matcher(message).replaceAll("$1");
        return message.length() > 300 ? message.substring(0, 300) + "…" : message;
    }

    /** Builds the shared instance; a named class, as a lambda would spin one at start-up. */
    private static final class JsonbFactory implements Supplier<Jsonb> {
        @Override
        public Jsonb get() {
            return StrictNumbers.register(Jsonb.builder()).build();
        }
    }

    /** Holds the pattern, compiled on the first parser error rather than with the codec (regex loads ~30 classes). */
    private static final class QualifiedName {
        static final Pattern PATTERN = Pattern.compile("\\b(?:[a-z_$][\\w$]*\\.)+([A-Z][\\w$]*)");
    }
}
