package dev.thaw.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thaw.Json;
import dev.thaw.internal.ThawJsonb;
import io.avaje.json.JsonAdapter;
import io.avaje.jsonb.AdapterFactory;
import io.avaje.jsonb.Jsonb;
import io.avaje.jsonb.spi.JsonbComponent;
import io.avaje.jsonb.spi.JsonbExtension;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The event and response records resolve through {@link LambdaAdapters}, never through the generated
 * {@code LambdaJsonComponent}, whose method references would spin a class each at start-up.
 */
class LambdaAdaptersTest {

    /** The types the generated component registers, as it registers them. */
    private static List<Type> generatedTypes() {
        Recorder recorder = new Recorder();
        new LambdaJsonComponent().register(recorder);
        return recorder.types;
    }

    @Test
    void coversEveryTypeTheGeneratedComponentRegisters() {
        List<Type> types = generatedTypes();
        ThawJsonb jsonb = ThawJsonb.create();
        jsonb.useInternal(new LambdaAdapters());

        assertThat(types).hasSize(10);
        for (Type type : types) {
            assertThat(new LambdaAdapters().create(type, jsonb))
                    .as(type.getTypeName())
                    .isNotNull();
        }
    }

    @Test
    void leavesTheGeneratedComponentOutOfTheServiceListing() {
        List<String> listed = new ArrayList<>();
        for (JsonbExtension extension : ServiceLoader.load(JsonbExtension.class)) {
            listed.add(extension.getClass().getName());
        }

        assertThat(listed).doesNotContain(LambdaJsonComponent.class.getName()).isNotEmpty();
    }

    @Test
    void resolvesEveryEventTypeWithoutTheGeneratedComponentInAFreshCodec() {
        ThawJsonb jsonb = ThawJsonb.create();
        jsonb.useInternal(new LambdaAdapters());

        for (Type type : generatedTypes()) {
            assertThat(jsonb.hasAdapter(type)).as(type.getTypeName()).isTrue();
        }

        assertThat(jsonb.discoveries()).isEqualTo(1);
        assertThat(jsonb.components()).contains(LambdaAdapters.class).doesNotContain(LambdaJsonComponent.class);
    }

    @Test
    void resolvesEveryEventTypeWithoutTheGeneratedComponentInTheSharedCodec() {
        EventJson.registerAdapters();
        for (Type type : generatedTypes()) {
            assertThat(Json.jsonb().adapter(type)).as(type.getTypeName()).isNotNull();
        }

        assertThat(ThawJsonb.shared().components())
                .contains(LambdaAdapters.class)
                .doesNotContain(LambdaJsonComponent.class);
    }

    @Test
    void warmUpRegistersTheEventAdaptersAndBuildsTheHttpApiOnes() {
        new JsonWarmup().run();

        assertThat(ThawJsonb.shared().components()).contains(LambdaAdapters.class);
        assertThat(Json.jsonb().type(ApiGatewayV2Event.class))
                .isSameAs(Json.jsonb().type(ApiGatewayV2Event.class));
    }

    /** A builder that only records the types registered with it. */
    private static final class Recorder implements Jsonb.Builder {
        final List<Type> types = new ArrayList<>();

        @Override
        public Jsonb.Builder serializeNulls(boolean serializeNulls) {
            return this;
        }

        @Override
        public Jsonb.Builder serializeEmpty(boolean serializeEmpty) {
            return this;
        }

        @Override
        public Jsonb.Builder failOnUnknown(boolean failOnUnknown) {
            return this;
        }

        @Override
        public Jsonb.Builder failOnNullPrimitives(boolean failOnNullPrimitives) {
            return this;
        }

        @Override
        public Jsonb.Builder mathTypesAsString(boolean mathTypesAsString) {
            return this;
        }

        @Override
        public Jsonb.Builder calendarAsString(boolean calendarAsString) {
            return this;
        }

        @Override
        public Jsonb.Builder bufferRecycling(io.avaje.json.stream.BufferRecycleStrategy strategy) {
            return this;
        }

        @Override
        public Jsonb.Builder adapter(io.avaje.json.stream.JsonStream streamAdapter) {
            return this;
        }

        @Override
        public <T> Jsonb.Builder add(Type type, JsonAdapter<T> jsonAdapter) {
            types.add(type);
            return this;
        }

        @Override
        public <T> Jsonb.Builder add(Type type, Supplier<JsonAdapter<T>> builder) {
            types.add(type);
            return this;
        }

        @Override
        public Jsonb.Builder add(Type type, Jsonb.AdapterBuilder builder) {
            types.add(type);
            return this;
        }

        @Override
        public Jsonb.Builder add(JsonbComponent component) {
            component.register(this);
            return this;
        }

        @Override
        public Jsonb.Builder add(AdapterFactory factory) {
            return this;
        }

        @Override
        public Jsonb.Builder classLoader(ClassLoader classLoader) {
            return this;
        }

        @Override
        public Jsonb build() {
            throw new IllegalStateException("a recorder builds nothing");
        }
    }
}
