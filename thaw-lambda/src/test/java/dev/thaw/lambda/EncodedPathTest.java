package dev.thaw.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class EncodedPathTest {

    static Stream<Arguments> paths() {
        return Stream.of(
                Arguments.of("/", "/"),
                Arguments.of("/users/42", "/users/42"),
                Arguments.of("/reports/2024%2F05", "/reports/2024%2F05"),
                Arguments.of("/a%20b/c%c3%a9", "/a%20b/c%c3%a9"),
                Arguments.of("/files/annual report.pdf", "/files/annual%20report.pdf"),
                Arguments.of("/q?x=1", "/q%3Fx=1"),
                Arguments.of("/tag/#1", "/tag/%231"),
                Arguments.of("/50%", "/50%25"),
                Arguments.of("/50%zz", "/50%25zz"),
                Arguments.of("/caf\u00e9", "/caf%C3%A9"),
                Arguments.of("/emoji/\ud83d\ude00", "/emoji/%F0%9F%98%80"),
                Arguments.of("/lone/\ud83d", "/lone/%3F"),
                Arguments.of("/tab\there", "/tab%09here"),
                Arguments.of("/keep/-._~!$&'()*+,;=:@", "/keep/-._~!$&'()*+,;=:@"),
                Arguments.of("/quote\"<>\\^`{|}", "/quote%22%3C%3E%5C%5E%60%7B%7C%7D"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("paths")
    void encodesWhatCannotAppearInAnEncodedPathAndKeepsTheRest(String path, String expected) {
        assertThat(EncodedPath.of(path, "path", "Decode")).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"users/42", "*", "%2Fusers"})
    void rejectsAPathNotStartingWithSlash(String path) {
        assertThatThrownBy(() -> EncodedPath.of(path, "path", "Decode an event"))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("Decode an event: field \"path\" must start with '/', got '" + path + "'");
    }

    @org.junit.jupiter.api.Test
    void rejectsAMissingPath() {
        assertThatThrownBy(() -> EncodedPath.of(null, "rawPath", "Decode an event"))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("Decode an event: field \"rawPath\" is missing");
    }
}
