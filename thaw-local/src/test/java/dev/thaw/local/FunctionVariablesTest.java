package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FunctionVariablesTest {

    @TempDir
    Path tmp;

    @Test
    void readsKeyValueLinesSkippingBlanksAndComments() throws Exception {
        Path file = Files.writeString(tmp.resolve("local.env"), """
                # the downstream service
                SYNC_URL=http://127.0.0.1:9000/sync?x=1&y=2

                  THAW_RESPONSE_STREAMING=true
                export TABLE_NAME=users
                QUOTED="a value # not a comment"
                SINGLE='it''s'
                HALF="open
                EMPTY=
                SPACED = kept as written\s
                """);

        assertThat(FunctionVariables.read("start-api", file))
                .containsExactly(
                        Map.entry("SYNC_URL", "http://127.0.0.1:9000/sync?x=1&y=2"),
                        Map.entry("THAW_RESPONSE_STREAMING", "true"),
                        Map.entry("TABLE_NAME", "users"),
                        Map.entry("QUOTED", "a value # not a comment"),
                        Map.entry("SINGLE", "it''s"),
                        Map.entry("HALF", "\"open"),
                        Map.entry("EMPTY", ""),
                        Map.entry("SPACED", " kept as written"));
    }

    @Test
    void readsFilesInOrderThenAppliesTheOptions() throws Exception {
        Files.writeString(tmp.resolve("a.env"), "ALPHA=from-a\nBETA=from-a\nGAMMA=from-a\n");
        Files.createDirectories(tmp.resolve("conf"));
        Files.writeString(tmp.resolve("conf/b.env"), "BETA=from-b\nGAMMA=from-b\n");

        Map<String, String> variables = FunctionVariables.resolve(
                "invoke", tmp, List.of("a.env", "conf/b.env"), Map.of("GAMMA", "from-option"));

        assertThat(variables).isEqualTo(Map.of("ALPHA", "from-a", "BETA", "from-b", "GAMMA", "from-option"));
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', textBlock = """
            X=1                  | line 2: environment variable name 'X' is not one Lambda accepts
            JUST_A_NAME          | line 2: 'JUST_A_NAME' is not KEY=VALUE (comments start with #)
            AWS_REGION=eu-west-1 | line 2: environment variable AWS_REGION is reserved
            MY-VAR=1             | line 2: environment variable name 'MY-VAR' is not one Lambda accepts
            =value               | line 2: environment variable name '' is not one Lambda accepts
            """)
    void refusesALineItCannotUseNamingFileAndLine(String line, String message) throws Exception {
        Path file = Files.writeString(tmp.resolve("bad.env"), "OK=1\n" + line + "\n");

        assertThatThrownBy(() -> FunctionVariables.read("start-api", file))
                .isInstanceOfSatisfying(
                        CliException.class, e -> assertThat(e.exitCode()).isEqualTo(CliException.FAILURE))
                .hasMessageStartingWith("start-api: " + file + " ")
                .hasMessageContaining(message);
    }

    @Test
    void failsClearlyOnAMissingFileOrOneThatIsNotText() throws Exception {
        Files.write(tmp.resolve("binary.env"), new byte[] {'A', '=', (byte) 0xC3, (byte) 0x28});

        assertThatThrownBy(() -> FunctionVariables.resolve("invoke", tmp, List.of("missing.env"), Map.of()))
                .isInstanceOf(CliException.class)
                .hasMessage("invoke: reading --env-file " + tmp.resolve("missing.env") + ": no such file");
        assertThatThrownBy(() -> FunctionVariables.resolve("invoke", tmp, List.of("binary.env"), Map.of()))
                .isInstanceOf(CliException.class)
                .hasMessage("invoke: reading --env-file " + tmp.resolve("binary.env") + ": it is not UTF-8 text");
    }

    @Test
    void checksOneOptionValue() {
        assertThat(FunctionVariables.option("invoke", "URL=http://x/?a=b"))
                .isEqualTo(Map.entry("URL", "http://x/?a=b"));
        assertThatThrownBy(() -> FunctionVariables.option("invoke", "LAMBDA_TASK_ROOT=/tmp"))
                .isInstanceOfSatisfying(
                        CliException.class, e -> assertThat(e.isUsage()).isTrue())
                .hasMessage("invoke: --env LAMBDA_TASK_ROOT=/tmp: environment variable LAMBDA_TASK_ROOT is reserved:"
                        + " Lambda sets it itself and refuses it in a function's configuration");
    }
}
