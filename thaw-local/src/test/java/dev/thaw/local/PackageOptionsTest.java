package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PackageOptionsTest {

    private static List<String> args(String line) {
        return line.isBlank() ? List.of() : Arrays.asList(line.trim().split(" +"));
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', textBlock = """
            app                                      | app  | 512   | 10  | x86_64 | true  | true  | true  | true | true
            app --memory 1024 --timeout 30           | app  | 1024  | 30  | x86_64 | true  | true  | true  | true | true
            --memory=128 --timeout=900 /srv/app      | /srv/app | 128 | 900 | x86_64 | true | true | true | true | true
            app --memory 10240 --arch arm64          | app  | 10240 | 10  | arm64  | true  | true  | true  | true | true
            app --arch=x86_64 --no-build             | app  | 512   | 10  | x86_64 | false | true  | true  | true | true
            app --no-aot                             | app  | 512   | 10  | x86_64 | true  | true  | false | true | true
            app --no-runtime                         | app  | 512   | 10  | x86_64 | true  | false | true  | true | true
            app --class-path                         | app  | 512   | 10  | x86_64 | true  | true  | true  | false | true
            app --keep-invokedynamic                       | app  | 512   | 10  | x86_64 | true  | true  | true  | true  | false
            app --class-path --keep-invokedynamic --no-aot | app  | 512   | 10  | x86_64 | true  | true  | false | false | false
            """)
    void parsesArguments(
            String line,
            String appDir,
            int memory,
            int timeout,
            String arch,
            boolean build,
            boolean runtime,
            boolean aot,
            boolean bootPath,
            boolean lambdaClasses) {
        assertThat(PackageOptions.parse(args(line), "amd64"))
                .isEqualTo(new PackageOptions(
                        appDir, memory, timeout, arch, build, runtime, aot, bootPath, lambdaClasses, false));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"amd64, x86_64", "x86_64, x86_64", "aarch64, arm64", "arm64, arm64", "AMD64, x86_64"})
    void defaultsToThisMachinesArchitecture(String osArch, String lambdaArch) {
        assertThat(PackageOptions.parse(List.of("app"), osArch).arch()).isEqualTo(lambdaArch);
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', textBlock = """
            ''                    | APP_DIR is missing: name the Maven project to package
            app --bogus           | unknown option --bogus
            app --memory          | --memory needs a value
            app --memory lots     | --memory needs a number from 128 to 10240 MB, got 'lots'
            app --memory 127      | --memory needs a number from 128 to 10240 MB, got 127
            app --memory=10241    | --memory needs a number from 128 to 10240 MB, got 10241
            app --timeout 0       | --timeout needs a number from 1 to 900 s, got 0
            app --timeout 901     | --timeout needs a number from 1 to 900 s, got 901
            app --arch x86        | --arch needs x86_64 or arm64, got 'x86'
            a b                   | unexpected argument 'b': APP_DIR is already 'a' (package writes one app)
            """)
    void rejectsWrongArgumentsAsUsageErrors(String line, String message) {
        assertThatThrownBy(() -> PackageOptions.parse(args(line), "amd64"))
                .isInstanceOfSatisfying(
                        CliException.class, e -> assertThat(e.isUsage()).isTrue())
                .hasMessage("package: " + message);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"--help", "app -h"})
    void answersHelpEvenWithoutAnAppDirectory(String line) {
        assertThat(PackageOptions.parse(args(line), "amd64").help()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"riscv64", "s390x"})
    void asksForAnArchitectureLambdaRunsOnOtherMachines(String osArch) {
        assertThatThrownBy(() -> PackageOptions.parse(List.of("app"), osArch))
                .isInstanceOf(CliException.class)
                .hasMessage("package: this machine's architecture " + osArch
                        + " is not one Lambda runs: choose one with --arch x86_64 or --arch arm64");
        assertThat(PackageOptions.parse(List.of("app", "--arch", "arm64"), osArch)
                        .arch())
                .isEqualTo("arm64");
    }
}
