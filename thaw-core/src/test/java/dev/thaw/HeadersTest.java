package dev.thaw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class HeadersTest {

    @ParameterizedTest
    @CsvSource({"accept", "Accept", "ACCEPT", "aCcEpT"})
    void looksNamesUpInAnyCase(String name) {
        Headers headers = Headers.builder()
                .add("Accept", "text/html")
                .add("accept", "application/json")
                .build();

        assertThat(headers.first(name)).contains("text/html");
        assertThat(headers.all(name)).containsExactly("text/html", "application/json");
        assertThat(headers.contains(name)).isTrue();
    }

    @Test
    void keepsNamesInLowerCaseInFirstSeenOrder() {
        Headers headers = Headers.builder()
                .add("X-B", "1")
                .add("Content-Type", "text/plain")
                .add("x-b", "2")
                .build();

        assertThat(headers.names()).containsExactly("x-b", "content-type");
        assertThat(headers.size()).isEqualTo(2);
        assertThat(headers.asMap()).containsEntry("x-b", List.of("1", "2"));
    }

    @Test
    void answersEmptyForAbsentNames() {
        Headers headers = Headers.builder().add("a", "1").build();

        assertThat(headers.first("b")).isEmpty();
        assertThat(headers.all("b")).isEmpty();
        assertThat(headers.contains("b")).isFalse();
        assertThat(Headers.empty().isEmpty()).isTrue();
        assertThat(Headers.builder().build()).isSameAs(Headers.empty());
    }

    @Test
    void setReplacesEveryValueAndRemoveDropsTheName() {
        Headers headers = Headers.builder()
                .add("vary", "a")
                .add("vary", "b")
                .set("VARY", "c")
                .add("gone", "x")
                .remove("GONE")
                .build();

        assertThat(headers.all("vary")).containsExactly("c");
        assertThat(headers.contains("gone")).isFalse();
    }

    @Test
    void returnsChangedCopiesAndLeavesTheOriginal() {
        Headers original = Headers.builder().add("a", "1").add("a", "2").build();

        Headers replaced = original.with("A", "3");
        Headers without = original.without("a");

        assertThat(original.all("a")).containsExactly("1", "2");
        assertThat(replaced.all("a")).containsExactly("3");
        assertThat(without.isEmpty()).isTrue();
        assertThat(original.without("absent")).isSameAs(original);
    }

    @Test
    void withAndWithoutKeepTheOrderOfTheOtherNamesAndValidate() {
        Headers original = Headers.builder()
                .add("b", "1")
                .add("a", "2")
                .add("c", "3")
                .add("c", "4")
                .build();

        assertThat(original.with("A", "9").asMap())
                .containsExactly(
                        Map.entry("b", List.of("1")), Map.entry("a", List.of("9")), Map.entry("c", List.of("3", "4")));
        assertThat(original.with("d", "5").names()).containsExactly("b", "a", "c", "d");
        assertThat(original.without("A").asMap())
                .containsExactly(Map.entry("b", List.of("1")), Map.entry("c", List.of("3", "4")));
        assertThat(original.with("x", "y").without("x")).isEqualTo(original);
        assertThatThrownBy(() -> original.with("bad name", "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> original.with("ok", "a\r\nInjected: 1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> original.with("d", "5").all("c").add("6"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> original.with("d", "5").asMap().put("e", List.of()))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void isImmutable() {
        Headers headers = Headers.builder().add("a", "1").build();

        assertThatThrownBy(() -> headers.all("a").add("2")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> headers.asMap().put("b", List.of())).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void doesNotChangeBuiltHeadersWhenTheBuilderGoesOn() {
        Headers.Builder builder = Headers.builder().add("a", "1");
        Headers first = builder.build();

        builder.add("a", "2");

        assertThat(first.all("a")).containsExactly("1");
        Headers second = builder.build();
        assertThat(second.all("a")).containsExactly("1", "2");

        builder.set("b", "3").remove("a").add("B", "4");
        Headers third = builder.build();
        builder.remove("b");

        assertThat(first.asMap()).containsExactly(Map.entry("a", List.of("1")));
        assertThat(second.asMap()).containsExactly(Map.entry("a", List.of("1", "2")));
        assertThat(third.asMap()).containsExactly(Map.entry("b", List.of("3", "4")));
        assertThat(builder.build().isEmpty()).isTrue();
        assertThatThrownBy(() -> second.all("a").add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void toBuilderLeavesTheOriginalAsItWas() {
        Headers original =
                Headers.builder().add("a", "1").add("a", "2").add("b", "3").build();

        Headers changed = original.toBuilder()
                .add("a", "4")
                .set("b", "5")
                .add("c", "6")
                .remove("missing")
                .build();

        assertThat(original.asMap()).containsExactly(Map.entry("a", List.of("1", "2")), Map.entry("b", List.of("3")));
        assertThat(changed.asMap())
                .containsExactly(
                        Map.entry("a", List.of("1", "2", "4")),
                        Map.entry("b", List.of("5")),
                        Map.entry("c", List.of("6")));
        assertThat(original.toBuilder().build()).isEqualTo(original);
    }

    @Test
    void addsAllValuesOfAList() {
        Headers headers = Headers.builder()
                .addAll("Set-Cookie", List.of("a=1", "b=2"))
                .addAll("none", List.of())
                .build();

        assertThat(headers.all("set-cookie")).containsExactly("a=1", "b=2");
        assertThat(headers.contains("none")).isFalse();
    }

    @Test
    void comparesByNamesAndValues() {
        Headers a = Headers.builder().add("X", "1").build();
        Headers b = Headers.builder().add("x", "1").build();

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(Headers.builder().add("x", "2").build());
    }

    static Stream<String> unsafeValues() {
        return Stream.of("a\rb", "a\nb", "a\r\nSet-Cookie: x=1", "nul\u0000");
    }

    @ParameterizedTest
    @MethodSource("unsafeValues")
    void rejectsValuesThatWouldSplitHeaderLines(String value) {
        assertThatThrownBy(() -> Headers.builder().add("x-test", value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x-test")
                .hasMessageContaining("CR, LF or NUL");
        assertThatThrownBy(() -> Headers.builder().set("x-test", value)).isInstanceOf(IllegalArgumentException.class);
    }

    static Stream<String> unsafeNames() {
        return Stream.of("x test", "x:test", "x\r\nInjected", "x\ttab", "x\u0000", "x\u007f", " ");
    }

    @ParameterizedTest
    @MethodSource("unsafeNames")
    void rejectsNamesThatAreNotTokens(String name) {
        assertThatThrownBy(() -> Headers.builder().add(name, "v"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid header name");
    }

    @Test
    void rejectsMissingNamesAndValues() {
        assertThatThrownBy(() -> Headers.builder().add("", "v")).hasMessage("header name is empty");
        assertThatThrownBy(() -> Headers.builder().add(null, "v")).hasMessage("header name is empty");
        assertThatThrownBy(() -> Headers.builder().add("x", null)).hasMessage("header x: value is null");
    }

    @Test
    void acceptsEmptyValuesAndTabsInValues() {
        Headers headers =
                Headers.builder().add("x-empty", "").add("x-tab", "a\tb").build();

        assertThat(headers.first("x-empty")).contains("");
        assertThat(headers.first("x-tab")).contains("a\tb");
    }
}
