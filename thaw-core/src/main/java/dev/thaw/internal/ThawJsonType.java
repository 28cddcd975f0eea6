package dev.thaw.internal;

import io.avaje.json.JsonAdapter;
import io.avaje.json.JsonException;
import io.avaje.json.JsonReader;
import io.avaje.json.JsonWriter;
import io.avaje.json.stream.BufferedJsonWriter;
import io.avaje.json.stream.BytesJsonWriter;
import io.avaje.json.stream.JsonOutput;
import io.avaje.jsonb.JsonType;
import io.avaje.jsonb.JsonView;
import io.avaje.jsonb.Types;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@link JsonType} over {@link ThawJsonb}'s adapter for one type; reads and writes as avaje's own. Views,
 * streams and {@link #fromObject} are avaje's: they go to its default instance.
 */
final class ThawJsonType<T> implements JsonType<T> {

    private final ThawJsonb jsonb;
    private final Type type;
    private final JsonAdapter<T> adapter;

    ThawJsonType(ThawJsonb jsonb, Type type, JsonAdapter<T> adapter) {
        this.jsonb = jsonb;
        this.type = type;
        this.adapter = adapter;
    }

    private JsonType<T> avaje() {
        return jsonb.delegate().type(type);
    }

    @Override
    public JsonView<T> view(String dsl) {
        return avaje().view(dsl);
    }

    @Override
    public JsonType<Stream<T>> stream() {
        return avaje().stream();
    }

    @Override
    public JsonType<Stream<T>> streamAsLines() {
        return avaje().streamAsLines();
    }

    @Override
    public Stream<T> stream(JsonReader reader) {
        return avaje().stream(reader);
    }

    @Override
    public T fromObject(Object value) {
        return avaje().fromObject(value);
    }

    @Override
    public JsonType<List<T>> list() {
        return jsonb.type(Types.listOf(type));
    }

    @Override
    public JsonType<Set<T>> set() {
        return jsonb.type(Types.setOf(type));
    }

    @Override
    public JsonType<Map<String, T>> map() {
        return jsonb.type(Types.mapOf(type));
    }

    @Override
    public JsonType<Optional<T>> optional() {
        return jsonb.type(Types.optionalOf(type));
    }

    @Override
    public String toJson(T value) {
        try (BufferedJsonWriter writer = jsonb.bufferedWriter()) {
            toJson(value, writer);
            return writer.result();
        }
    }

    @Override
    public String toJsonPretty(T value) {
        try (BufferedJsonWriter writer = jsonb.bufferedWriter()) {
            writer.pretty(true);
            toJson(value, writer);
            return writer.result();
        }
    }

    @Override
    public byte[] toJsonBytes(T value) {
        try (BytesJsonWriter writer = jsonb.bufferedWriterAsBytes()) {
            toJson(value, writer);
            return writer.result();
        }
    }

    @Override
    public void toJson(T value, JsonWriter writer) {
        try {
            adapter.toJson(writer, value);
        } catch (RuntimeException e) {
            // As avaje: the writer drops what it buffered, and the caller sees a JsonException.
            writer.markIncomplete();
            throw new JsonException(e);
        }
    }

    @Override
    public void toJson(T value, Writer writer) {
        try (JsonWriter jsonWriter = jsonb.writer(writer)) {
            toJson(value, jsonWriter);
        }
    }

    @Override
    public void toJson(T value, OutputStream outputStream) {
        try (JsonWriter writer = jsonb.writer(outputStream)) {
            toJson(value, writer);
        }
        close(outputStream);
    }

    @Override
    public void toJson(T value, JsonOutput output) {
        try (JsonWriter writer = jsonb.writer(output)) {
            toJson(value, writer);
        }
        close(output);
    }

    private static void close(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Close the JSON output: " + e.getMessage(), e);
        }
    }

    @Override
    public T fromJson(JsonReader reader) {
        return adapter.fromJson(reader);
    }

    @Override
    public T fromJson(String content) {
        try (JsonReader reader = jsonb.reader(content)) {
            return adapter.fromJson(reader);
        }
    }

    @Override
    public T fromJson(byte[] content) {
        try (JsonReader reader = jsonb.reader(content)) {
            return adapter.fromJson(reader);
        }
    }

    @Override
    public T fromJson(Reader content) {
        try (JsonReader reader = jsonb.reader(content)) {
            return adapter.fromJson(reader);
        }
    }

    @Override
    public T fromJson(InputStream inputStream) {
        try (JsonReader reader = jsonb.reader(inputStream)) {
            return adapter.fromJson(reader);
        }
    }

    @Override
    public String toString() {
        return "JsonType(" + type.getTypeName() + ")";
    }
}
