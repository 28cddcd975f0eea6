package dev.thaw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    @Test
    void usesThawsCodecWithStrictNumbersAndAvajesDefaultInstanceStaysStrict() {
        // thaw's own codec, not avaje's default instance (see dev.thaw.internal.ThawJsonb); both are strict.
        assertThat(Json.jsonb()).isSameAs(dev.thaw.internal.ThawJsonb.shared());
        assertThatThrownBy(() -> Json.fromJson("4294967297", Integer.class)).isInstanceOf(HttpException.class);
        assertThatThrownBy(
                        () -> io.avaje.jsonb.Jsonb.instance().type(Long.class).fromJson("\"12\""))
                .hasMessageContaining("got a string");
    }

    /** A package-qualified class name such as {@code io.avaje.json.JsonDataException}. */
    private static final Pattern QUALIFIED_NAME = Pattern.compile("\\b[a-z_$][\\w$]*\\.[a-z_$][\\w$.]*[A-Z]");

    static Stream<Arguments> people() {
        return Stream.of(
                Arguments.of(new Person(
                        "Ada", 36, new Address("1 Analytical St", "London"), List.of("math", "engines"), "countess")),
                Arguments.of(new Person("Bob", 0, null, List.of(), null)),
                Arguments.of(new Person(
                        "Zoë \"Z\" O'Neil \\ 😀",
                        -1,
                        new Address("line1\nline2\ttab", "Zürich \u2028 \u2029 \u0001"),
                        List.of("", " ", "ü", "\u0000"),
                        "</script>")),
                Arguments.of(new Person("日本語", Integer.MAX_VALUE, new Address("", ""), List.of("a", "a"), "")));
    }

    @ParameterizedTest
    @MethodSource("people")
    void roundTripsAnnotatedRecords(Person person) {
        byte[] bytes = Json.toBytes(person);

        assertThat(Json.fromBytes(bytes, Person.class)).isEqualTo(person);
        assertThat(Json.fromJson(Json.toJson(person), Person.class)).isEqualTo(person);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(Json.toJson(person));
    }

    @Test
    void writesNestedRecordsAndListsAsJsonObjectsAndArrays() {
        Person person = new Person("Ada", 36, new Address("1 St", "London"), List.of("a", "b"), null);

        Map<String, Object> json = JsonObjects.parse(Json.toJson(person));

        assertThat(json).containsEntry("name", "Ada").containsEntry("age", 36L);
        assertThat(JsonObjects.asMap(json.get("address")))
                .containsEntry("street", "1 St")
                .containsEntry("city", "London");
        assertThat(JsonObjects.asList(json.get("tags"))).containsExactly("a", "b");
        assertThat(json.get("nickname")).isNull();
    }

    @Test
    void readsMissingFieldsAsNullOrZeroAndIgnoresUnknownOnes() {
        Person person = Json.fromJson("{\"name\":\"Ada\",\"unknown\":{\"deep\":[1,2]}}", Person.class);

        assertThat(person).isEqualTo(new Person("Ada", 0, null, null, null));
    }

    @Test
    void decodesUnicodeEscapesInInput() {
        Person person = Json.fromJson(
                "{\"name\":\"caf\\u00e9 \\ud83d\\ude00 \\\"q\\\" \\\\ \\/\",\"tags\":[\"\\n\\t\"]}", Person.class);

        assertThat(person.name()).isEqualTo("café 😀 \"q\" \\ /");
        assertThat(person.tags()).containsExactly("\n\t");
    }

    @Test
    void writesPlainMapsAndLists() {
        String json = Json.toJson(Map.of("list", List.of(1, "two", true)));

        assertThat(json).isEqualTo("{\"list\":[1,\"two\",true]}");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{",
                "{\"name\":}",
                "{\"name\":\"ab",
                "{\"name\":\"a\",\"age\":",
                "{\"name\" \"a\"}",
                "{name:\"a\"}",
                "{'name':'a'}",
                "{\"name\":\"a\"} trailing",
                "{\"name\":\"a\"} {\"name\":\"b\"}",
                "{\"name\":\"a\"}\u0000",
                "[1,2]",
                "\"just a string\"",
                "nul",
                "{\"name\":\"a\",\"age\":\"old\"}",
                "{\"name\":\"a\",\"age\":1.5}",
                "{\"name\":\"a\",\"age\":99999999999}",
                "{\"name\":\"a\",\"age\":4294967297}",
                "{\"name\":\"a\",\"age\":-99999999999}",
                "{\"name\":\"a\",\"age\":2147483648}",
                "{\"name\":\"a\",\"age\":1e20}",
                "{\"name\":\"a\",\"age\":true}",
                "{\"name\":\"a\",\"address\":\"x\"}",
                "{\"name\":\"a\",\"address\":[1]}",
                "{\"name\":\"a\",\"tags\":\"x\"}",
                "{\"name\":\"a\",\"tags\":[1,{}]}",
                "{\"name\":{\"first\":\"a\"}}",
                "{\"name\":\"bad escape \\x\"}",
                "{\"name\":\"bad unicode \\u12\"}"
            })
    void answersBadRequestForMalformedOrMistypedJsonWithoutClassNames(String json) {
        assertThatThrownBy(() -> Json.fromJson(json, Person.class)).isInstanceOfSatisfying(HttpException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.problem().detail()).startsWith("Malformed JSON body: ");
            assertThat(e.problem().detail())
                    .doesNotContainPattern(QUALIFIED_NAME)
                    .doesNotContain("io.avaje")
                    .doesNotContain("java.lang")
                    .doesNotContain("dev.thaw");
            assertThat(e.toResponse().bodyText()).doesNotContainPattern(QUALIFIED_NAME);
        });
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"total\":18446744073709551617}",
                "{\"total\":9223372036854775808}",
                "{\"total\":1e20}",
                "{\"total\":1.5}",
                "{\"total\":1,\"previousTotal\":-9223372036854775809}",
                "{\"total\":1,\"count\":4294967296}"
            })
    void answersBadRequestForIntegersOutOfRangeInsteadOfWrappingThem(String json) {
        assertThatThrownBy(() -> Json.fromJson(json, Metrics.class))
                .isInstanceOfSatisfying(
                        HttpException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void readsIntegersAtTheEdgesOfTheirRange() {
        assertThat(Json.fromJson(
                        "{\"total\":9223372036854775807,\"previousTotal\":-9223372036854775808,"
                                + "\"count\":-2147483648}",
                        Metrics.class))
                .isEqualTo(new Metrics(Long.MAX_VALUE, Long.MIN_VALUE, Integer.MIN_VALUE));
        assertThat(Json.fromJson("{\"name\":\"a\",\"age\":2147483647}", Person.class)
                        .age())
                .isEqualTo(Integer.MAX_VALUE);
        assertThat(Json.fromJson("{\"name\":\"a\",\"age\":1e3}", Person.class).age())
                .isEqualTo(1000);
        assertThat(Json.fromJson("{\"total\":5,\"previousTotal\":null,\"count\":null}", Metrics.class))
                .isEqualTo(new Metrics(5, null, null));
    }

    @Test
    void roundTripsIntegerFieldsThroughTheStrictAdapters() {
        Metrics metrics = new Metrics(Long.MIN_VALUE, 42L, 7);

        assertThat(Json.toJson(metrics)).isEqualTo("{\"total\":-9223372036854775808,\"previousTotal\":42,\"count\":7}");
        assertThat(Json.fromJson(Json.toJson(metrics), Metrics.class)).isEqualTo(metrics);
    }

    @Test
    void readsABodyLargerThanTheParsersBuffers() {
        List<String> tags = java.util.stream.IntStream.range(0, 20_000)
                .mapToObj(i -> "tag-" + i)
                .toList();
        Person person = new Person("many", 1, null, tags, null);
        byte[] json = (Json.toJson(person) + "\n").getBytes(StandardCharsets.UTF_8);

        assertThat(json.length).isGreaterThan(200_000);
        assertThat(Json.fromBytes(json, Person.class)).isEqualTo(person);
    }

    @Test
    void acceptsWhitespaceAfterTheValue() {
        assertThat(Json.fromJson("{\"name\":\"a\"} \r\n\t ", Person.class).name())
                .isEqualTo("a");
    }

    @Test
    void answersBadRequestForBytesThatAreNotUtf8() {
        byte[] latin1 = "{\"name\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> Json.fromBytes(latin1, Person.class))
                .isInstanceOfSatisfying(
                        HttpException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void stripsPackageNamesFromParserMessages() {
        String message = Json.clientMessage(
                new IllegalStateException("Cannot read io.avaje.json.Foo into dev.thaw.Person at offset 3"));

        assertThat(message).isEqualTo("Cannot read Foo into Person at offset 3");
        assertThat(Json.clientMessage(new IllegalStateException(" "))).isEqualTo("unreadable JSON");
        assertThat(Json.clientMessage(new IllegalStateException("x".repeat(400))))
                .hasSize(301);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Cannot read io.avaje.json.Foo into dev.thaw.Person at offset 3",
                "dev.thaw.Person.Inner is not a java.lang.String[]",
                "a.b.c and x.Y and $x.Y and _a.b.Z",
                "1.5 is not an int; e.g. use 2",
                "Foo.Bar.Baz stays, so does a..B and a.",
                "ends with a package io.avaje.",
                "no qualified names here",
                "nested Outer$Inner and pkg.Outer$Inner and pkg.sub$x.Y",
                "x9.y_2.Z3 (unicode é.Ä) tab\tsep.Name"
            })
    void stripsPackagesLikeTheQualifiedNamePattern(String message) {
        String byRegex = java.util.regex.Pattern.compile("\\b(?:[a-z_$][\\w$]*\\.)+([A-Z][\\w$]*)")
                .matcher(message)
                .replaceAll("$1");

        assertThat(Json.stripPackages(message)).isEqualTo(byRegex);
    }

    @Test
    void decodesARequestBodyWithAJsonContentType() {
        for (String contentType :
                new String[] {"application/json", "application/json; charset=utf-8", "application/vnd.api+json"}) {
            Request request = Request.builder("POST", "/people")
                    .header("content-type", contentType)
                    .body("{\"name\":\"Ada\",\"age\":36}")
                    .build();

            assertThat(request.bodyAs(Person.class).name()).isEqualTo("Ada");
        }
    }

    @Test
    void decodesARequestBodyWithoutAContentType() {
        Request request =
                Request.builder("POST", "/people").body("{\"name\":\"Ada\"}").build();

        assertThat(request.bodyAs(Person.class).name()).isEqualTo("Ada");
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "application/jsonp", "json"})
    void answersUnsupportedMediaTypeForANonJsonBody(String contentType) {
        Request request = Request.builder("POST", "/people")
                .header("content-type", contentType)
                .body("{\"name\":\"Ada\"}")
                .build();

        assertThatThrownBy(() -> request.bodyAs(Person.class)).isInstanceOfSatisfying(HttpException.class, e -> {
            assertThat(e.status()).isEqualTo(415);
            assertThat(e.problem().detail()).contains(contentType);
        });
    }

    @Test
    void answersBadRequestForAJsonNullBodyRatherThanReturningNull() {
        Request request = Request.builder("POST", "/people")
                .header("content-type", "application/json")
                .body(" null ")
                .build();

        assertThatThrownBy(() -> request.bodyAs(Person.class))
                .isInstanceOfSatisfying(
                        HttpException.class, e -> assertThat(e.status()).isEqualTo(400));
        assertThatThrownBy(() -> request.bodyAs(Object.class)).isInstanceOfSatisfying(HttpException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.problem().detail()).isEqualTo("Expected a JSON body, got null");
        });
    }

    @Test
    void answersBadRequestForAnEmptyBody() {
        Request request = Request.builder("POST", "/people")
                .header("content-type", "application/json")
                .build();

        assertThatThrownBy(() -> request.bodyAs(Person.class)).isInstanceOfSatisfying(HttpException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.problem().detail()).contains("empty body");
        });
    }

    @Test
    void appendsQuotedStringsThatParseBack() {
        String tricky = "say \"hi\"\\ \n\t\u0001 \u2028 ünïcödé";

        String json = Json.appendQuoted(new StringBuilder(), tricky).toString();

        assertThat(json).startsWith("\"").endsWith("\"").doesNotContain("\n").doesNotContain("\u2028");
        assertThat(Json.jsonb().type(Object.class).fromJson(json)).isEqualTo(tricky);
    }
}
