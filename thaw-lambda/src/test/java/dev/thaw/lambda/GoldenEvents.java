package dev.thaw.lambda;

import dev.thaw.Context;
import dev.thaw.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Loads the golden events under {@code /events} and parses JSON for structural comparison. */
final class GoldenEvents {

    static final long DEADLINE = 1_716_560_000_000L;

    private GoldenEvents() {}

    /** Returns the bytes of {@code events/NAME}. */
    static byte[] load(String name) {
        try (InputStream in = GoldenEvents.class.getResourceAsStream("/events/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no golden event /events/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns a runtime-like context: a fixed request id, deadline, trace header and ARN. */
    static Context runtimeContext() {
        return Context.builder()
                .requestId("8f2c1a9e-1111-4b2c-9d3e-5f6a7b8c9d0e")
                .deadlineMillis(DEADLINE)
                .traceHeader("Root=1-6650a1f2-4c8e2b7d9a0f13e5b6c7d8e9;Sampled=1")
                .functionArn("arn:aws:lambda:eu-west-1:210987654321:function:users-api")
                .clock(() -> DEADLINE - 2_500)
                .build();
    }

    /** Parses JSON into maps, lists, strings, numbers and booleans. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(byte[] json) {
        Object value = Json.jsonb().type(Object.class).fromJson(json);
        if (!(value instanceof Map<?, ?>)) {
            throw new IllegalArgumentException(
                    "expected a JSON object, got " + new String(json, StandardCharsets.UTF_8));
        }
        return (Map<String, Object>) value;
    }

    /** Parses JSON text into maps, lists, strings, numbers and booleans. */
    static Map<String, Object> parse(String json) {
        return parse(json.getBytes(StandardCharsets.UTF_8));
    }
}
