package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InvokeOptionsTest {

    private static List<String> args(String line) {
        return line.isBlank() ? List.of() : Arrays.asList(line.trim().split(" +"));
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', textBlock = """
            app --event e.json                                 | app  | e.json | 512  | 30  | true  | false
            --event - app                                      | app  | -      | 512  | 30  | true  | false
            app --event=e.json --memory 1024 --timeout 3       | app  | e.json | 1024 | 3   | true  | false
            app --event e.json --no-build                      | app  | e.json | 512  | 30  | false | false
            --help                                             |      |        | 512  | 30  | true  | true
            """)
    void parsesArguments(
            String line, String appDir, String event, int memory, int timeout, boolean build, boolean help) {
        assertThat(InvokeOptions.parse(args(line)))
                .isEqualTo(new InvokeOptions(appDir, event, memory, timeout, Map.of(), List.of(), build, help));
    }

    @Test
    void collectsEnvironmentVariablesAndFiles() {
        InvokeOptions options = InvokeOptions.parse(List.of(
                "app",
                "--event",
                "e.json",
                "--env",
                "SYNC_URL=http://127.0.0.1:9000/sync",
                "--env-file",
                "a.env",
                "--env=TABLE=users=v2",
                "--env-file=b.env"));

        assertThat(options.environment())
                .isEqualTo(Map.of("SYNC_URL", "http://127.0.0.1:9000/sync", "TABLE", "users=v2"));
        assertThat(options.environmentFiles()).containsExactly("a.env", "b.env");
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', textBlock = """
            ''                               | APP_DIR is missing
            --event e.json                   | APP_DIR is missing
            app                              | --event is missing
            app --event                      | --event needs a value
            app --event=                     | --event needs a file name, or - for standard input
            app b --event e.json             | unexpected argument 'b': APP_DIR is already 'app'
            app --event e.json --memory 1    | --memory needs a number from 128 to 10240 MB, got 1
            app --event e.json --timeout 0   | --timeout needs a number from 1 to 900 s, got 0
            app --event e.json --port 3000   | unknown option --port
            app --event e.json --env X       | --env needs KEY=VALUE, got 'X'
            app --event e.json --env _HANDLER=x | environment variable _HANDLER is reserved
            app --event e.json --env-file=   | --env-file needs a file name
            """)
    void rejectsWrongArgumentsAsUsageErrors(String line, String message) {
        assertThatThrownBy(() -> InvokeOptions.parse(args(line)))
                .isInstanceOfSatisfying(
                        CliException.class, e -> assertThat(e.isUsage()).isTrue())
                .hasMessageStartingWith("invoke: ")
                .hasMessageContaining(message);
    }
}
