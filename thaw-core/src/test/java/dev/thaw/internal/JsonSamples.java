package dev.thaw.internal;

import io.avaje.jsonb.Json;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * JSON test types for {@link ThawJsonb}, with adapters generated from these sources. Package-private, so
 * the generator gives them a component of their own ({@code InternalJsonComponent}).
 */
final class JsonSamples {

    private JsonSamples() {}

    /** Fields only avaje's default instance has adapters for: java.time, BigDecimal, UUID. */
    @Json
    record Payment(UUID id, BigDecimal amount, Instant at, String note) {}

    /** Refers to itself directly and through a list. */
    @Json
    record Node(String name, List<Node> children, Node next) {}

    /** Every built-in kind of field. */
    @Json
    record Kinds(
            int i,
            long l,
            double d,
            float f,
            short s,
            byte b,
            char c,
            boolean flag,
            Integer boxed,
            String text,
            List<String> list,
            java.util.Set<Long> set,
            Map<String, List<Integer>> map,
            Optional<String> maybe,
            Object any) {}
}
