package dev.thaw;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses JSON text generically, so tests check that what thaw writes is valid JSON. */
final class JsonObjects {

    private JsonObjects() {}

    /** Parses {@code json}, which must be one JSON object, into a map. */
    static Map<String, Object> parse(String json) {
        Object value = Json.jsonb().type(Object.class).fromJson(json);
        assertThat(value).as("JSON object in %s", json).isInstanceOf(Map.class);
        return asMap(value);
    }

    /** Casts a parsed JSON object to a map with string keys. */
    static Map<String, Object> asMap(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        Map<String, Object> out = new LinkedHashMap<>();
        ((Map<?, ?>) value).forEach((k, v) -> out.put((String) k, v));
        return out;
    }

    /** Casts a parsed JSON array to a list. */
    static List<Object> asList(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return new ArrayList<>((List<?>) value);
    }
}
