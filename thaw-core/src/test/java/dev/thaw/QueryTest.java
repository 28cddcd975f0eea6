package dev.thaw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueryTest {

    @ParameterizedTest(name = "{0} -> {1}={2}")
    @CsvSource(delimiter = '|', textBlock = """
            tag=a&tag=b&tag=c       | tag  | a,b,c
            q=hello+world           | q    | hello world
            q=hello%20world         | q    | hello world
            q=a%2Bb                 | q    | a+b
            q=a%26b%3Dc             | q    | a&b=c
            q=%E2%82%AC%C3%BC       | q    | €ü
            q=caf%c3%a9             | q    | café
            q=caf%C3%A9%20%7e%7E    | q    | café ~~
            q=%41%7a%30             | q    | Az0
            q=é%20x                 | q    | é x
            flag                    | flag | ''
            flag&x=1                | flag | ''
            x=1&flag                | flag | ''
            a=                      | a    | ''
            a==b                    | a    | =b
            a=1&&b=2                | b    | 2
            &a=1&                   | a    | 1
            &&&a=1&&&               | a    | 1
            a%3Db=c                 | a=b  | c
            a+b=c                   | a b  | c
            =x                      | ''   | x
            a=1;b=2                 | a    | 1;b=2
            """)
    void decodesKeysAndValues(String raw, String key, String values) {
        Query query = Query.parse(raw);

        assertThat(String.join(",", query.all(key))).isEqualTo(values);
        assertThat(query.first(key)).contains(query.all(key).get(0));
        assertThat(query.raw()).isEqualTo(raw);
    }

    @Test
    void keepsKeysInFirstSeenOrderAndSkipsEmptyPairs() {
        Query query = Query.parse("b=1&&a=2&b=3&");

        assertThat(query.keys()).containsExactly("b", "a");
        assertThat(query.asMap()).containsExactly(Map.entry("b", List.of("1", "3")), Map.entry("a", List.of("2")));
    }

    @Test
    void answersEmptyForAbsentKeysAndEmptyQueries() {
        assertThat(Query.parse("a=1").first("b")).isEmpty();
        assertThat(Query.parse("a=1").all("b")).isEmpty();
        assertThat(Query.parse(null)).isSameAs(Query.empty());
        assertThat(Query.parse("")).isSameAs(Query.empty());
        assertThat(Query.parse("&&").isEmpty()).isTrue();
        assertThat(Query.empty().raw()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "a=%zz",
        "a=%",
        "a=%4",
        "a=%G1",
        "%C0%AF=1",
        "a=%E0%80%AF",
        "a=%FF",
        "a=%ED%A0%80",
        "a=1&b=%C3",
        "a=%80",
        "a=%20%80",
        "a=x%C3"
    })
    void rejectsMalformedEscapesWithBadRequest(String raw) {
        assertThatThrownBy(() -> Query.parse(raw)).isInstanceOfSatisfying(HttpException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.problem().detail()).contains("Malformed URL encoding");
        });
    }

    @Test
    void reEncodesDecodedValuesIntoTheRawForm() {
        Map<String, List<String>> values = new LinkedHashMap<>();
        values.put("q", List.of("hello world", "a&b=c+d"));
        values.put("ü", List.of("€"));
        values.put("safe-._~", List.of(""));

        Query query = Query.of(values);

        assertThat(query.raw()).isEqualTo("q=hello%20world&q=a%26b%3Dc%2Bd&%C3%BC=%E2%82%AC&safe-._~=");
        assertThat(Query.parse(query.raw())).isEqualTo(query);
        assertThat(query.all("q")).containsExactly("hello world", "a&b=c+d");
    }

    @Test
    void dropsKeysWithoutValuesWhenBuiltFromAMap() {
        Map<String, List<String>> values = new LinkedHashMap<>();
        values.put("empty", List.of());
        values.put("a", List.of("1"));

        Query query = Query.of(values);

        assertThat(query.keys()).containsExactly("a");
        assertThat(query.first("empty")).isEmpty();
        assertThat(query.raw()).isEqualTo("a=1");
        assertThat(Query.of(Map.of("only", List.of()))).isSameAs(Query.empty());
        assertThat(Query.of(Map.of())).isSameAs(Query.empty());
    }

    @Test
    void doesNotShareTheCallersCollections() {
        Map<String, List<String>> values = new LinkedHashMap<>();
        List<String> list = new java.util.ArrayList<>(List.of("1"));
        values.put("a", list);

        Query query = Query.of(values);
        list.add("2");
        values.put("b", List.of("3"));

        assertThat(query.all("a")).containsExactly("1");
        assertThat(query.keys()).containsExactly("a");
        assertThatThrownBy(() -> query.all("a").add("x")).isInstanceOf(UnsupportedOperationException.class);
    }
}
