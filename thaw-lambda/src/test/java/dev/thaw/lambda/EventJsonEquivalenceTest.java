package dev.thaw.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thaw.internal.ThawJsonb;
import dev.thaw.testkit.GoldenEvents;
import io.avaje.jsonb.Jsonb;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * thaw's codec reads every golden event (and its golden answer) into the same records as avaje's, built the
 * way avaje's default instance is, and writes them back to the same bytes.
 */
class EventJsonEquivalenceTest {

    private static final Jsonb AVAJE =
            Jsonb.builder().add(new LambdaJsonComponent()).build();
    private static final ThawJsonb THAW = thaw();

    private static ThawJsonb thaw() {
        ThawJsonb jsonb = ThawJsonb.create();
        jsonb.useInternal(new LambdaAdapters());
        return jsonb;
    }

    static List<String> goldenFiles() {
        List<String> files = new ArrayList<>();
        for (String event : GoldenEvents.httpEvents()) {
            files.add(event);
            files.add(GoldenEvents.responseName(event));
        }
        files.addAll(GoldenEvents.nonHttpEvents());
        return files;
    }

    @ParameterizedTest
    @MethodSource("goldenFiles")
    void decodesAndReencodesEachGoldenFileAsAvajeDoes(String name) {
        byte[] json = GoldenEvents.load(name);
        Class<?> type = recordType(name);

        if (type != null) {
            assertSameRoundTrip(type, json);
        }
        assertSameRoundTrip(Object.class, json);
    }

    @ParameterizedTest
    @MethodSource("goldenFiles")
    void decodesEachGoldenFileThroughTheSharedCodecAsAvajeDoes(String name) {
        Class<?> type = recordType(name);
        if (type == null) {
            return;
        }
        byte[] json = GoldenEvents.load(name);
        Object ours = EventJson.read(json, type, "Decode " + name);

        assertThat(ours).isEqualTo(AVAJE.type(type).fromJson(json));
        assertThat(new String(write(type, ours), StandardCharsets.UTF_8))
                .isEqualTo(AVAJE.type(Object.class).toJson(ours));
    }

    @SuppressWarnings("unchecked")
    private static <T> byte[] write(Class<T> type, Object value) {
        return EventJson.write(type, (T) value);
    }

    private static <T> void assertSameRoundTrip(Class<T> type, byte[] json) {
        T ours = THAW.type(type).fromJson(json);
        T theirs = AVAJE.type(type).fromJson(json);

        assertThat(ours).isEqualTo(theirs);
        assertThat(new String(THAW.type(type).toJsonBytes(ours), StandardCharsets.UTF_8))
                .isEqualTo(new String(AVAJE.type(type).toJsonBytes(theirs), StandardCharsets.UTF_8));
    }

    /** The record a golden file reads into, by its name; null for the events thaw does not decode. */
    private static Class<?> recordType(String name) {
        boolean response = name.endsWith(".response.json");
        if (name.startsWith("alb-")) {
            return response ? AlbResponse.class : AlbEvent.class;
        }
        if (name.startsWith("apigw-v1-") || name.startsWith("apigw-http-v1-")) {
            return response ? ApiGatewayV1Response.class : ApiGatewayV1Event.class;
        }
        if (name.startsWith("apigw-v2-") || name.startsWith("function-url-")) {
            return response ? ApiGatewayV2Response.class : ApiGatewayV2Event.class;
        }
        return null;
    }
}
