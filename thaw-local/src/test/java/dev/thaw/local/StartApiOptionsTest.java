package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StartApiOptionsTest {

    private static List<String> args(String line) {
        return line.isBlank() ? List.of() : Arrays.asList(line.trim().split(" +"));
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', textBlock = """
            ''                                   | examples/users-api | 3000  | 127.0.0.1 | true  | false
            apps/shop                            | apps/shop          | 3000  | 127.0.0.1 | true  | false
            --port 8081                          | examples/users-api | 8081  | 127.0.0.1 | true  | false
            --port=0                             | examples/users-api | 0     | 127.0.0.1 | true  | false
            /srv/app --host 0.0.0.0 --port 65535 | /srv/app           | 65535 | 0.0.0.0   | true  | false
            --host=::1 apps/shop                 | apps/shop          | 3000  | ::1       | true  | false
            --no-build                           | examples/users-api | 3000  | 127.0.0.1 | false | false
            --help                               | examples/users-api | 3000  | 127.0.0.1 | true  | true
            apps/shop -h                         | apps/shop          | 3000  | 127.0.0.1 | true  | true
            """)
    void parsesArguments(String line, String appDir, int port, String host, boolean build, boolean help) {
        assertThat(StartApiOptions.parse(args(line))).isEqualTo(new StartApiOptions(appDir, port, host, build, help));
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', textBlock = """
            --bogus                  | unknown option --bogus
            --port                   | --port needs a value
            --port abc               | --port needs a number from 0 to 65535, got 'abc'
            --port -1                | --port needs a number from 0 to 65535, got -1
            --port 65536             | --port needs a number from 0 to 65535, got 65536
            --host                   | --host needs a value
            --host=                  | --host needs an address
            a b                      | unexpected argument 'b': APP_DIR is already 'a'
            --event-format v1        | --event-format needs the Lambda emulator, which is not available yet
            --max-concurrency 2      | --max-concurrency needs the Lambda emulator
            """)
    void rejectsWrongArgumentsAsUsageErrors(String line, String message) {
        assertThatThrownBy(() -> StartApiOptions.parse(args(line)))
                .isInstanceOfSatisfying(
                        CliException.class, e -> assertThat(e.isUsage()).isTrue())
                .hasMessageStartingWith("start-api: ")
                .hasMessageContaining(message);
    }
}
