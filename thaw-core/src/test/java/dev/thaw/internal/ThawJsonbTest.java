package dev.thaw.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thaw.HttpException;
import dev.thaw.Json;
import dev.thaw.internal.JsonSamples.Node;
import dev.thaw.internal.JsonSamples.Payment;
import io.avaje.json.JsonAdapter;
import io.avaje.json.JsonReader;
import io.avaje.json.JsonWriter;
import io.avaje.jsonb.JsonType;
import io.avaje.jsonb.Jsonb;
import io.avaje.jsonb.Types;
import io.avaje.jsonb.spi.JsonbComponent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ThawJsonbTest {

    private static final Payment PAYMENT = new Payment(
            UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
            new BigDecimal("12.50"),
            Instant.parse("2026-01-02T03:04:05Z"),
            "rent");

    @Test
    void roundTripsARecordOfDelegatedTypes() {
        ThawJsonb jsonb = ThawJsonb.create();
        JsonType<Payment> type = jsonb.type(Payment.class);

        String json = type.toJson(PAYMENT);

        assertThat(json)
                .isEqualTo("{\"id\":\"123e4567-e89b-12d3-a456-426614174000\",\"amount\":12.50,"
                        + "\"at\":\"2026-01-02T03:04:05Z\",\"note\":\"rent\"}");
        assertThat(type.fromJson(json)).isEqualTo(PAYMENT);
        JsonType<List<Instant>> instants = jsonb.type(Types.listOf(Instant.class));
        assertThat(instants.fromJson("[\"2026-01-02T03:04:05Z\"]"))
                .containsExactly(Instant.parse("2026-01-02T03:04:05Z"));
    }

    @Test
    void buildsViewsStreamsAndFromObjectThroughAvaje() {
        ThawJsonb jsonb = ThawJsonb.create();
        JsonType<Payment> type = jsonb.type(Payment.class);

        JsonViewSample sample = new JsonViewSample("7", new BigDecimal("12.50"), "rent");
        assertThat(jsonb.type(JsonViewSample.class).view("(amount,note)").toJson(sample))
                .isEqualTo("{\"amount\":12.50,\"note\":\"rent\"}");
        try (JsonReader reader = jsonb.reader("[{\"note\":\"a\"},{\"note\":\"b\"}]")) {
            assertThat(type.stream(reader).map(Payment::note).collect(Collectors.toList()))
                    .containsExactly("a", "b");
        }
        assertThat(type.fromObject(Map.of("note", "x")).note()).isEqualTo("x");
        assertThat(jsonb.type(Node.class).streamAsLines().toJson(java.util.stream.Stream.of(new Node("a", null, null))))
                .isEqualTo("{\"name\":\"a\"}\n\n");
    }

    @Test
    void namesATypeNothingHandles() {
        ThawJsonb jsonb = ThawJsonb.create();

        assertThatThrownBy(() -> jsonb.adapter(Thread.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Thread")
                .hasMessageContaining("@io.avaje.jsonb.Json");
        assertThatThrownBy(() -> jsonb.type(Types.listOf(Thread.class)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Thread");
        assertThat(jsonb.hasAdapter(Thread.class)).isFalse();
        // A failed build leaves nothing half-made behind: the list type still fails, and fails the same way.
        assertThatThrownBy(() -> jsonb.adapter(Types.listOf(Thread.class)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void answersHasAdapterForOwnAndDelegatedTypes() {
        ThawJsonb jsonb = ThawJsonb.create();

        assertThat(jsonb.hasAdapter(String.class)).isTrue();
        assertThat(jsonb.hasAdapter(Types.mapOf(Types.listOf(Payment.class)))).isTrue();
        assertThat(jsonb.hasAdapter(UUID.class)).isTrue();
        assertThat(jsonb.hasAdapter(int[].class)).isTrue();
    }

    @Test
    void roundTripsASelfReferencingType() {
        ThawJsonb jsonb = ThawJsonb.create();
        Node tree = new Node(
                "root",
                List.of(new Node("a", List.of(new Node("a1", List.of(), null)), null), new Node("b", null, null)),
                new Node("sibling", null, new Node("last", List.of(), null)));

        String json = jsonb.type(Node.class).toJson(tree);

        assertThat(jsonb.type(Node.class).fromJson(json)).isEqualTo(tree);
        assertThat(json).isEqualTo(Jsonb.instance().type(Node.class).toJson(tree));
        JsonType<List<Node>> list = jsonb.type(Types.listOf(Node.class));
        assertThat(list.fromJson("[" + json + "]")).containsExactly(tree);
    }

    @Test
    void sharesOneCacheEntryBetweenEqualTypes() {
        ThawJsonb jsonb = ThawJsonb.create();

        JsonAdapter<Object> a =
                jsonb.adapter(Types.newParameterizedType(Map.class, String.class, Types.listOf(String.class)));
        JsonAdapter<Object> b = jsonb.adapter(Types.mapOf(Types.newParameterizedType(List.class, String.class)));

        assertThat(a).isSameAs(b);
        assertThat(jsonb.adapter(Integer.TYPE)).isSameAs(jsonb.adapter(int.class));
        assertThat(jsonb.type(Types.listOf(String.class))).isSameAs(jsonb.type(Types.listOf(String.class)));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @CsvSource(delimiter = '|', textBlock = """
            "12"                    | java.lang.Integer
            "12"                    | java.lang.Long
            "1.5"                   | java.lang.Double
            4294967297              | java.lang.Integer
            2147483648              | java.lang.Integer
            -2147483649             | java.lang.Integer
            9223372036854775808     | java.lang.Long
            1.5                     | java.lang.Integer
            1.5                     | java.lang.Long
            """)
    void refusesQuotedOutOfRangeAndFractionalNumbersAs400(String json, String typeName) throws Exception {
        Class<?> type = Class.forName(typeName);

        assertThatThrownBy(() -> Json.fromBytes(json.getBytes(StandardCharsets.UTF_8), type))
                .isInstanceOfSatisfying(
                        HttpException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void refusesQuotedNumbersInsideGeneratedRecordsAndObjects() {
        assertThatThrownBy(() -> Json.fromJson(
                        "{\"i\":\"1\",\"l\":2,\"d\":3,\"f\":4,\"s\":5,\"b\":6,\"c\":\"z\",\"flag\":true}",
                        JsonSamples.Kinds.class))
                .isInstanceOfSatisfying(
                        HttpException.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThat(Json.fromJson("{\"n\":2147483648}", Object.class)).isEqualTo(Map.of("n", 2147483648L));
    }

    @Test
    void writesAndReadsThroughEveryOutputAndInput() throws Exception {
        ThawJsonb jsonb = ThawJsonb.create();
        JsonType<Payment> type = jsonb.type(Payment.class);
        String expected = Jsonb.instance().type(Payment.class).toJson(PAYMENT);

        StringWriter writer = new StringWriter();
        type.toJson(PAYMENT, writer);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        type.toJson(PAYMENT, out);

        assertThat(writer.toString()).isEqualTo(expected);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(expected);
        assertThat(type.fromJson(new StringReader(expected))).isEqualTo(PAYMENT);
        assertThat(type.fromJson(new ByteArrayInputStream(expected.getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(PAYMENT);
        assertThat(type.list().fromJson("[" + expected + "]")).containsExactly(PAYMENT);
        assertThat(type.map().fromJson("{\"p\":" + expected + "}")).containsEntry("p", PAYMENT);
        assertThat(type.optional().fromJson(expected)).contains(PAYMENT);
        assertThat(type.set().toJson(java.util.Set.of(PAYMENT))).isEqualTo("[" + expected + "]");
    }

    @Test
    void wrapsAWriteFailureAsAvajeDoes() {
        ThawJsonb jsonb = ThawJsonb.create();
        Map<String, Object> nullKey = new java.util.HashMap<>();
        nullKey.put(null, 1);

        assertThatThrownBy(() -> jsonb.toJson(nullKey))
                .isInstanceOf(io.avaje.json.JsonException.class)
                .hasMessageContaining("Map key is null");
    }

    @Test
    void putsRegisteredComponentsBeforeBuiltInsAndIgnoresASecondOfTheSameClass() {
        ThawJsonb jsonb = ThawJsonb.create();
        jsonb.use(new UpperCaseStrings());
        jsonb.use(new UpperCaseStrings());

        assertThat(jsonb.toJson(List.of("abc"))).isEqualTo("[\"ABC\"]");
        assertThat(jsonb.components()).containsOnlyOnce(UpperCaseStrings.class);
        assertThat(jsonb.components().get(0)).isEqualTo(StrictNumbers.class);
    }

    @Test
    void refusesAComponentThatChangesTheCodecsSettings() {
        ThawJsonb jsonb = ThawJsonb.create();
        jsonb.use(new SerializeNulls());

        assertThatThrownBy(() -> jsonb.adapter(String.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("serializeNulls");
    }

    @Test
    void searchesTheClassPathOnFirstLookupUnlessTheAppRegisteredItsComponent() {
        ThawJsonb plain = ThawJsonb.create();
        assertThat(plain.type(Payment.class).toJson(PAYMENT)).contains("rent");
        assertThat(plain.discoveries()).isEqualTo(1);
        assertThat(plain.components()).contains(InternalJsonComponent.class, dev.thaw.ThawJsonComponent.class);

        ThawJsonb explicit = ThawJsonb.create();
        explicit.use(new InternalJsonComponent());
        assertThat(explicit.type(Node.class).toJson(new Node("n", List.of(), null)))
                .contains("\"n\"");
        assertThat(explicit.toJson(Map.of("a", List.of(1)))).isEqualTo("{\"a\":[1]}");
        assertThat(explicit.discoveries()).isZero();
        assertThat(explicit.components()).containsExactly(StrictNumbers.class, InternalJsonComponent.class);
        // A type neither registered nor built in (UUID) makes it look on the class path before asking avaje.
        assertThat(explicit.type(Payment.class).toJson(PAYMENT)).contains("rent");
        assertThat(explicit.discoveries()).isEqualTo(1);
    }

    @Test
    void searchesTheClassPathWhenAnExplicitlyRegisteredAppMissesAType() {
        ThawJsonb jsonb = ThawJsonb.create();
        jsonb.use(new InternalJsonComponent());

        // Nothing registered handles a Thread: before giving up, the codec looks for the app's components.
        assertThat(jsonb.hasAdapter(Thread.class)).isFalse();
        assertThat(jsonb.discoveries()).isEqualTo(1);
        assertThat(jsonb.components()).contains(dev.thaw.ThawJsonComponent.class);
    }

    @Test
    void internalRegistrationDoesNotStopTheClassPathSearch() {
        ThawJsonb jsonb = ThawJsonb.create();
        jsonb.useInternal(new UpperCaseStrings());

        jsonb.adapter(String.class);

        assertThat(jsonb.discoveries()).isEqualTo(1);
    }

    /** Registers a String adapter that upper-cases, to show registered adapters win over built-ins. */
    static final class UpperCaseStrings implements JsonbComponent {
        @Override
        public void register(Jsonb.Builder builder) {
            builder.add(String.class, new UpperCase());
        }
    }

    static final class UpperCase implements JsonAdapter<String> {
        @Override
        public void toJson(JsonWriter writer, String value) {
            writer.value(value.toUpperCase(java.util.Locale.ROOT));
        }

        @Override
        public String fromJson(JsonReader reader) {
            return reader.readString();
        }
    }

    static final class SerializeNulls implements JsonbComponent {
        @Override
        public void register(Jsonb.Builder builder) {
            builder.serializeNulls(true);
        }
    }
}
