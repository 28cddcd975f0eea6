package dev.thaw.internal;

import io.avaje.json.JsonAdapter;
import io.avaje.json.JsonDataException;
import io.avaje.json.JsonReader;
import io.avaje.json.JsonWriter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The adapters {@link ThawJsonb} builds in: they read and write exactly as avaje-jsonb 3.11's own for the
 * same types (same bytes, same Java types read, same errors), without its factories' lambdas. {@code int},
 * {@code long} and {@code double} come from {@link StrictNumbers}, registered first.
 */
final class BuiltInAdapters {

    static final JsonAdapter<String> STRING = new StringAdapter().nullSafe();
    static final JsonAdapter<String> RAW = new RawAdapter().nullSafe();

    private BuiltInAdapters() {}

    /** Returns the built-in adapter for {@code type}, or {@code null} when there is none. */
    static JsonAdapter<?> create(Type type, ThawJsonb jsonb) {
        if (type instanceof Class<?> cls) {
            return forClass(cls, jsonb);
        }
        if (type instanceof ParameterizedType parameterized) {
            Type raw = parameterized.getRawType();
            Type[] args = parameterized.getActualTypeArguments();
            if ((raw == List.class || raw == Collection.class) && args.length == 1) {
                return new ListAdapter<>(jsonb.adapter(args[0])).nullSafe();
            }
            if (raw == Set.class && args.length == 1) {
                return new SetAdapter<>(jsonb.adapter(args[0])).nullSafe();
            }
            if (raw == Map.class && args.length == 2 && args[0] == String.class) {
                return new MapAdapter<>(jsonb.adapter(args[1])).nullSafe();
            }
            if (raw == Optional.class && args.length == 1) {
                return new OptionalAdapter<>(jsonb.adapter(args[0])).nullSafe();
            }
        }
        return null;
    }

    private static JsonAdapter<?> forClass(Class<?> cls, ThawJsonb jsonb) {
        if (cls == String.class) {
            return STRING;
        }
        if (cls == Boolean.TYPE) {
            return new BooleanAdapter();
        }
        if (cls == Boolean.class) {
            return new BooleanAdapter().nullSafe();
        }
        if (cls == Object.class) {
            return new ObjectAdapter(jsonb).nullSafe();
        }
        // Raw collection types hold anything, as Object would.
        if (cls == List.class || cls == Collection.class) {
            return new ListAdapter<>(jsonb.adapter(Object.class)).nullSafe();
        }
        if (cls == Set.class) {
            return new SetAdapter<>(jsonb.adapter(Object.class)).nullSafe();
        }
        if (cls == Map.class) {
            return new MapAdapter<>(jsonb.adapter(Object.class)).nullSafe();
        }
        if (cls == Float.TYPE) {
            return new FloatAdapter();
        }
        if (cls == Float.class) {
            return new FloatAdapter().nullSafe();
        }
        if (cls == Short.TYPE) {
            return new ShortAdapter();
        }
        if (cls == Short.class) {
            return new ShortAdapter().nullSafe();
        }
        if (cls == Byte.TYPE) {
            return new ByteAdapter();
        }
        if (cls == Byte.class) {
            return new ByteAdapter().nullSafe();
        }
        if (cls == Character.TYPE) {
            return new CharAdapter();
        }
        if (cls == Character.class) {
            return new CharAdapter().nullSafe();
        }
        return null;
    }

    private static int intInRange(JsonReader reader, String what, int min, int max) {
        int value = reader.readInt();
        if (value < min || value > max) {
            throw new JsonDataException(
                    String.format("Expected %s but was %s at path %s", what, value, reader.location()));
        }
        return value;
    }

    private static final class StringAdapter implements JsonAdapter<String> {
        @Override
        public String fromJson(JsonReader reader) {
            return reader.readString();
        }

        @Override
        public void toJson(JsonWriter writer, String value) {
            writer.value(value);
        }

        @Override
        public String toString() {
            return "JsonAdapter(String)";
        }
    }

    /** JSON text kept as it is: {@code @Json.Raw} properties. */
    private static final class RawAdapter implements JsonAdapter<String> {
        @Override
        public String fromJson(JsonReader reader) {
            return reader.readRaw();
        }

        @Override
        public void toJson(JsonWriter writer, String value) {
            if ("null".equalsIgnoreCase(value)) {
                writer.nullValue();
            } else {
                writer.rawValue(value);
            }
        }
    }

    private static final class BooleanAdapter implements JsonAdapter<Boolean> {
        @Override
        public Boolean fromJson(JsonReader reader) {
            return reader.readBoolean();
        }

        @Override
        public void toJson(JsonWriter writer, Boolean value) {
            writer.value(value);
        }

        @Override
        public String toString() {
            return "JsonAdapter(Boolean)";
        }
    }

    private static final class FloatAdapter implements JsonAdapter<Float> {
        @Override
        public Float fromJson(JsonReader reader) {
            float value = (float) reader.readDouble();
            if (Float.isInfinite(value)) {
                throw new JsonDataException(
                        "JSON forbids NaN and infinities: " + value + " at path " + reader.location());
            }
            return value;
        }

        @Override
        public void toJson(JsonWriter writer, Float value) {
            writer.value(value.doubleValue());
        }

        @Override
        public String toString() {
            return "JsonAdapter(Float)";
        }
    }

    private static final class ShortAdapter implements JsonAdapter<Short> {
        @Override
        public Short fromJson(JsonReader reader) {
            return (short) intInRange(reader, "a short", Short.MIN_VALUE, Short.MAX_VALUE);
        }

        @Override
        public void toJson(JsonWriter writer, Short value) {
            writer.value((long) value.intValue());
        }

        @Override
        public String toString() {
            return "JsonAdapter(Short)";
        }
    }

    /** Written unsigned (-1 as 255) and read from -128 to 255, as avaje does. */
    private static final class ByteAdapter implements JsonAdapter<Byte> {
        @Override
        public Byte fromJson(JsonReader reader) {
            return (byte) intInRange(reader, "a byte", Byte.MIN_VALUE, 255);
        }

        @Override
        public void toJson(JsonWriter writer, Byte value) {
            writer.value((long) (value.intValue() & 255));
        }

        @Override
        public String toString() {
            return "JsonAdapter(Byte)";
        }
    }

    private static final class CharAdapter implements JsonAdapter<Character> {
        @Override
        public Character fromJson(JsonReader reader) {
            String value = reader.readString();
            if (value.length() > 1) {
                throw new JsonDataException(String.format(
                        "Expected %s but was %s at path %s", "a char", '"' + value + '"', reader.location()));
            }
            return value.charAt(0);
        }

        @Override
        public void toJson(JsonWriter writer, Character value) {
            writer.value(value.toString());
        }

        @Override
        public String toString() {
            return "JsonAdapter(Character)";
        }
    }

    /**
     * Any value: written through the adapter of its runtime class (any Map as a map, any Collection as an
     * array, an Optional as its content); read as ArrayList, LinkedHashMap, String, Boolean, and a number as
     * Long when it is whole, else Double.
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static final class ObjectAdapter implements JsonAdapter<Object> {
        private final ThawJsonb jsonb;
        private final JsonAdapter<List> list;
        private final JsonAdapter<Map> map;
        private final JsonAdapter<String> string;
        private final JsonAdapter<Double> number;
        private final JsonAdapter<Boolean> bool;

        ObjectAdapter(ThawJsonb jsonb) {
            this.jsonb = jsonb;
            this.list = jsonb.adapter(List.class);
            this.map = jsonb.adapter(Map.class);
            this.string = jsonb.adapter(String.class);
            this.number = jsonb.adapter(Double.class);
            this.bool = jsonb.adapter(Boolean.class);
        }

        @Override
        public Object fromJson(JsonReader reader) {
            JsonReader.Token token = reader.currentToken();
            if (token == JsonReader.Token.BEGIN_ARRAY) {
                return list.fromJson(reader);
            }
            if (token == JsonReader.Token.BEGIN_OBJECT) {
                return map.fromJson(reader);
            }
            if (token == JsonReader.Token.STRING) {
                return string.fromJson(reader);
            }
            if (token == JsonReader.Token.NUMBER) {
                Double d = number.fromJson(reader);
                return d % 1 == 0 ? (Object) d.longValue() : (Object) d;
            }
            if (token == JsonReader.Token.BOOLEAN) {
                return bool.fromJson(reader);
            }
            if (token == JsonReader.Token.NULL) {
                return null;
            }
            throw new IllegalStateException("Expected a value but was " + token + " at path " + reader.location());
        }

        @Override
        public void toJson(JsonWriter writer, Object value) {
            Class<?> valueClass = value.getClass();
            if (valueClass == Object.class) {
                writer.beginObject();
                writer.endObject();
            } else if (value instanceof Optional<?> optional) {
                if (optional.isPresent()) {
                    toJson(writer, optional.get());
                } else {
                    writer.nullValue();
                }
            } else {
                Class<?> as = Map.class.isAssignableFrom(valueClass)
                        ? Map.class
                        : Collection.class.isAssignableFrom(valueClass) ? Collection.class : valueClass;
                ((JsonAdapter<Object>) jsonb.adapter(as)).toJson(writer, value);
            }
        }

        @Override
        public String toString() {
            return "JsonAdapter(Object)";
        }
    }

    /** A collection as a JSON array; {@code []} through {@code emptyArray()} so the writer's settings apply. */
    private abstract static class CollectionAdapter<C extends Collection<T>, T> implements JsonAdapter<C> {
        private final JsonAdapter<T> element;

        CollectionAdapter(JsonAdapter<T> element) {
            this.element = element;
        }

        abstract C newCollection();

        @Override
        public C fromJson(JsonReader reader) {
            C result = newCollection();
            reader.beginArray();
            while (reader.hasNextElement()) {
                result.add(element.fromJson(reader));
            }
            reader.endArray();
            return result;
        }

        @Override
        public void toJson(JsonWriter writer, C value) {
            if (value == null) {
                writer.nullValue();
                return;
            }
            if (value.isEmpty()) {
                writer.emptyArray();
                return;
            }
            writer.beginArray();
            for (T item : value) {
                element.toJson(writer, item);
            }
            writer.endArray();
        }

        @Override
        public String toString() {
            return element + ".collection()";
        }
    }

    private static final class ListAdapter<T> extends CollectionAdapter<List<T>, T> {
        ListAdapter(JsonAdapter<T> element) {
            super(element);
        }

        @Override
        List<T> newCollection() {
            return new ArrayList<>();
        }
    }

    private static final class SetAdapter<T> extends CollectionAdapter<Set<T>, T> {
        SetAdapter(JsonAdapter<T> element) {
            super(element);
        }

        @Override
        Set<T> newCollection() {
            return new LinkedHashSet<>();
        }
    }

    /** A {@code Map<String, V>} as a JSON object, read into a LinkedHashMap; a repeated key is an error. */
    private static final class MapAdapter<V> implements JsonAdapter<Map<String, V>> {
        private final JsonAdapter<V> values;

        MapAdapter(JsonAdapter<V> values) {
            this.values = values;
        }

        @Override
        public void toJson(JsonWriter writer, Map<String, V> map) {
            writer.beginObject();
            for (Map.Entry<String, V> entry : map.entrySet()) {
                if (entry.getKey() == null) {
                    throw new JsonDataException("Map key is null at " + writer.path());
                }
                writer.name(entry.getKey());
                values.toJson(writer, entry.getValue());
            }
            writer.endObject();
        }

        @Override
        public Map<String, V> fromJson(JsonReader reader) {
            Map<String, V> result = new LinkedHashMap<>();
            reader.beginObject();
            while (reader.hasNextField()) {
                String name = reader.nextField();
                V value = values.fromJson(reader);
                V replaced = result.put(name, value);
                if (replaced != null) {
                    throw new JsonDataException(String.format(
                            "Map key '%s' has multiple values at path %s : %s and %s",
                            name, reader.location(), replaced, value));
                }
            }
            reader.endObject();
            return result;
        }

        @Override
        public String toString() {
            return "MapAdapter(" + values + ")";
        }
    }

    /** Written as its content or null; a JSON null reads as null (the null-safe wrapper), else present. */
    private static final class OptionalAdapter<T> implements JsonAdapter<Optional<T>> {
        private final JsonAdapter<T> content;

        OptionalAdapter(JsonAdapter<T> content) {
            this.content = content;
        }

        @Override
        public void toJson(JsonWriter writer, Optional<T> value) {
            content.toJson(writer, value.orElse(null));
        }

        @Override
        public Optional<T> fromJson(JsonReader reader) {
            return Optional.ofNullable(content.fromJson(reader));
        }

        @Override
        public String toString() {
            return content + ".optional()";
        }
    }
}
