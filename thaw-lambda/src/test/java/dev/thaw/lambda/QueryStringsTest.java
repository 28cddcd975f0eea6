package dev.thaw.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.thaw.Query;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryStringsTest {

    @Test
    void parsesARawQueryWithRepeatedKeys() {
        Query query = QueryStrings.parse("a=1&b=x%20y&a=2&flag");

        assertThat(query.asMap())
                .containsExactly(
                        Map.entry("a", List.of("1", "2")),
                        Map.entry("b", List.of("x y")),
                        Map.entry("flag", List.of("")));
        assertThat(query.raw()).isEqualTo("a=1&b=x%20y&a=2&flag");
    }

    @Test
    void treatsNullAndEmptyAsNoQuery() {
        assertThat(QueryStrings.parse(null).isEmpty()).isTrue();
        assertThat(QueryStrings.parse("").isEmpty()).isTrue();
    }

    @Test
    void keepsMalformedEscapesAsLiteralTextAndDecodesTheRest() {
        Query query = QueryStrings.parse("q=100%&r=%zz%41&s=caf%C3%A9+ok&t=%E2%82&emoji=\ud83d\ude00");

        assertThat(query.all("q")).containsExactly("100%");
        assertThat(query.all("r")).containsExactly("%zzA");
        assertThat(query.all("s")).containsExactly("café ok");
        assertThat(query.all("t")).containsExactly("\ufffd");
        assertThat(query.all("emoji")).containsExactly("\ud83d\ude00");
    }

    @Test
    void joinsStillEncodedAlbPairsMultiValueFirst() {
        Map<String, List<String>> multi = new LinkedHashMap<>();
        multi.put("tag", List.of("a%20b", "c%26d"));
        multi.put("skip", null);
        Map<String, String> single = new LinkedHashMap<>();
        single.put("tag", "ignored");
        single.put("page", "2");

        String raw = QueryStrings.join(multi, single);

        assertThat(raw).isEqualTo("tag=a%20b&tag=c%26d&page=2");
        assertThat(QueryStrings.parse(raw).all("tag")).containsExactly("a b", "c&d");
    }

    @Test
    void joinsNothingToAnEmptyString() {
        assertThat(QueryStrings.join(null, null)).isEmpty();
        assertThat(QueryStrings.join(Map.of(), Map.of())).isEmpty();
    }
}
