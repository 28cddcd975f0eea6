package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StartApiOptionsTest {

    private static List<String> args(String line) {
        return line.isBlank() ? List.of() : Arrays.asList(line.trim().split(" +"));
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', textBlock = """
            ''                                   | examples/users-api | 3000  | 127.0.0.1 | true  | false | false
            apps/shop                            | apps/shop          | 3000  | 127.0.0.1 | true  | false | false
            --port 8081                          | examples/users-api | 8081  | 127.0.0.1 | true  | false | false
            --port=0                             | examples/users-api | 0     | 127.0.0.1 | true  | false | false
            /srv/app --host 0.0.0.0 --port 65535 | /srv/app           | 65535 | 0.0.0.0   | true  | false | false
            --host=::1 apps/shop                 | apps/shop          | 3000  | ::1       | true  | false | false
            --no-build                           | examples/users-api | 3000  | 127.0.0.1 | false | false | false
            --direct --port 8080                 | examples/users-api | 8080  | 127.0.0.1 | true  | true  | false
            --help                               | examples/users-api | 3000  | 127.0.0.1 | true  | false | true
            apps/shop -h                         | apps/shop          | 3000  | 127.0.0.1 | true  | false | true
            """)
    void parsesArguments(
            String line, String appDir, int port, String host, boolean build, boolean direct, boolean help) {
        StartApiOptions options = StartApiOptions.parse(args(line));

        assertThat(options)
                .isEqualTo(new StartApiOptions(
                        appDir,
                        port,
                        host,
                        EventFormat.HTTP_API,
                        4,
                        512,
                        30,
                        600,
                        Map.of(),
                        List.of(),
                        direct,
                        build,
                        help));
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', textBlock = """
            ''                                                 | HTTP_API        | 4    | 512   | 30  | 600
            --event-format v1                                  | REST            | 4    | 512   | 30  | 600
            --event-format=url --max-concurrency 1             | FUNCTION_URL    | 1    | 512   | 30  | 600
            --event-format alb                                 | ALB             | 4    | 512   | 30  | 600
            --alb-multi-value --event-format ALB               | ALB_MULTI_VALUE | 4    | 512   | 30  | 600
            --event-format v2 --memory 128 --timeout 900       | HTTP_API        | 4    | 128   | 900 | 600
            --memory=10240 --timeout=1 --idle-timeout 5        | HTTP_API        | 4    | 10240 | 1   | 5
            --max-concurrency 1000                             | HTTP_API        | 1000 | 512   | 30  | 600
            """)
    void parsesTheEmulatorsOptions(
            String line, EventFormat format, int maxConcurrency, int memory, int timeout, int idleTimeout) {
        StartApiOptions options = StartApiOptions.parse(args(line));

        assertThat(options.eventFormat()).isEqualTo(format);
        assertThat(options.maxConcurrency()).isEqualTo(maxConcurrency);
        assertThat(options.memory()).isEqualTo(memory);
        assertThat(options.timeout()).isEqualTo(timeout);
        assertThat(options.idleTimeout()).isEqualTo(idleTimeout);
        assertThat(options.direct()).isFalse();
    }

    @Test
    void collectsEnvironmentVariablesAndFilesInEitherMode() {
        StartApiOptions emulated = StartApiOptions.parse(List.of(
                "--env",
                "SYNC_URL=http://127.0.0.1:9000/sync?a=b",
                "--env=THAW_RESPONSE_STREAMING=true",
                "--env-file",
                ".env",
                "--env",
                "EMPTY=",
                "--env",
                "SYNC_URL=http://127.0.0.1:9001/sync",
                "--env-file=local.env"));
        StartApiOptions direct = StartApiOptions.parse(List.of("--direct", "--env", "CORS_ORIGINS=*"));

        assertThat(emulated.environment())
                .isEqualTo(Map.of(
                        "SYNC_URL", "http://127.0.0.1:9001/sync", "THAW_RESPONSE_STREAMING", "true", "EMPTY", ""));
        assertThat(emulated.environmentFiles()).containsExactly(".env", "local.env");
        assertThat(direct.direct()).isTrue();
        assertThat(direct.environment()).isEqualTo(Map.of("CORS_ORIGINS", "*"));
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', textBlock = """
            --bogus                          | unknown option --bogus
            --port                           | --port needs a value
            --port abc                       | --port needs a number from 0 to 65535, got 'abc'
            --port -1                        | --port needs a number from 0 to 65535, got -1
            --port 65536                     | --port needs a number from 0 to 65535, got 65536
            --host                           | --host needs a value
            --host=                          | --host needs an address
            a b                              | unexpected argument 'b': APP_DIR is already 'a'
            --event-format v3                | --event-format needs v2, v1, url or alb, got 'v3'
            --event-format                   | --event-format needs a value
            --alb-multi-value                | --alb-multi-value needs --event-format alb, got v2
            --event-format v1 --alb-multi-value | --alb-multi-value needs --event-format alb, got v1
            --max-concurrency 0              | --max-concurrency needs a number from 1 to 1000, got 0
            --memory 64                      | --memory needs a number from 128 to 10240 MB, got 64
            --timeout 901                    | --timeout needs a number from 1 to 900 s, got 901
            --idle-timeout 0                 | --idle-timeout needs a number from 1 to 86400 s, got 0
            --direct --memory 1024           | --memory configures the Lambda emulator, which --direct leaves out
            --event-format url --direct      | --event-format configures the Lambda emulator
            --env                            | --env needs a value
            --env SYNC_URL                   | --env needs KEY=VALUE, got 'SYNC_URL'
            --env =x                         | environment variable name '' is not one Lambda accepts
            --env 1X=y                       | environment variable name '1X' is not one Lambda accepts
            --env MY-VAR=y                   | environment variable name 'MY-VAR' is not one Lambda accepts
            --env AWS_REGION=eu-west-1       | --env AWS_REGION=eu-west-1: environment variable AWS_REGION is reserved
            --env AWS_LAMBDA_RUNTIME_API=x   | environment variable AWS_LAMBDA_RUNTIME_API is reserved
            --env-file                       | --env-file needs a value
            --env-file=                      | --env-file needs a file name
            """)
    void rejectsWrongArgumentsAsUsageErrors(String line, String message) {
        assertThatThrownBy(() -> StartApiOptions.parse(args(line)))
                .isInstanceOfSatisfying(
                        CliException.class, e -> assertThat(e.isUsage()).isTrue())
                .hasMessageStartingWith("start-api: ")
                .hasMessageContaining(message);
    }
}
