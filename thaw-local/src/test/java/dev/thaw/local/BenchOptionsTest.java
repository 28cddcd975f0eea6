package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BenchOptionsTest {

    @Test
    void measuresEveryConfigurationTenTimesByDefault() {
        BenchOptions options = BenchOptions.parse(List.of("examples/users-api"));

        assertThat(options.runs()).isEqualTo(10);
        assertThat(options.warm()).isEqualTo(200);
        assertThat(options.path()).isEqualTo("/users/42");
        assertThat(options.format()).isEqualTo(EventFormat.HTTP_API);
        assertThat(options.configs()).containsExactlyElementsOf(BenchConfig.STANDARD);
        assertThat(options.build()).isTrue();
        assertThat(options.cpus()).isZero();
    }

    @Test
    void plainKeepsSerialGcOnFewerThanTwoCpusWhereItIsTheJdksOwnDefault() {
        assertThat(BenchConfig.PLAIN.environment("", "", 0.29).get("THAW_JAVA_OPTS"))
                .isEqualTo(BenchConfig.JDK_DEFAULTS_ONE_CPU)
                .doesNotContain("UseSerialGC");
        assertThat(BenchConfig.PLAIN.environment("", "", 2).get("THAW_JAVA_OPTS"))
                .isEqualTo(BenchConfig.JDK_DEFAULTS);
        assertThat(BenchConfig.PLAIN.environment("", "").get("THAW_JAVA_OPTS")).isEqualTo(BenchConfig.JDK_DEFAULTS);
    }

    @ParameterizedTest
    @CsvSource({"lambda, 512, 0.289", "lambda, 1769, 1.0", "lambda, 10240, 5.789", "0.5, 512, 0.5", "2, 128, 2.0"})
    void limitsTheCpuToAGivenShareOrLambdasShareOfTheMemory(String cpu, String memory, double cpus) {
        BenchOptions options = BenchOptions.parse(List.of("app", "--memory", memory, "--cpu", cpu));

        assertThat(options.cpus()).isEqualTo(cpus);
    }

    @Test
    void readsEveryOption() {
        BenchOptions options = BenchOptions.parse(List.of(
                "app",
                "--runs",
                "3",
                "--warm",
                "50",
                "--event-format",
                "alb",
                "--path",
                "/health?x=1",
                "--configs",
                "floor,plain,floor",
                "--memory",
                "1024",
                "--no-build"));

        assertThat(options.runs()).isEqualTo(3);
        assertThat(options.warm()).isEqualTo(50);
        assertThat(options.format()).isEqualTo(EventFormat.ALB);
        assertThat(options.path()).isEqualTo("/health?x=1");
        assertThat(options.configs()).containsExactly(BenchConfig.FLOOR, BenchConfig.PLAIN);
        assertThat(options.memory()).isEqualTo(1024);
        assertThat(options.build()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            --runs 0                 | --runs
            --configs plain,turbo    | --configs names 'turbo'
            --path users             | --path must start with /
            --event-format v3        | --event-format needs v2, v1, url or alb
            --bogus                  | --bogus
            --variant =-Xint         | --variant needs NAME=FLAGS
            --variant no-flags       | --variant needs NAME=FLAGS
            --function a/b=dir       | --function needs NAME=DIR
            --variant plain=-Xint    | is given twice
            --cpu 0                  | --cpu takes lambda or a number of CPUs
            --cpu half               | --cpu takes lambda or a number of CPUs
            --cpu 65                 | --cpu takes lambda or a number of CPUs
            --cpu NaN                | --cpu takes lambda or a number of CPUs
            """)
    void refusesABadOptionNamingIt(String option, String message) {
        List<String> args = new ArrayList<>(List.of("app"));
        args.addAll(List.of(option.split(" ")));

        assertThatThrownBy(() -> BenchOptions.parse(args))
                .isInstanceOf(CliException.class)
                .hasMessageContaining(message);
    }

    @Test
    void asksForTheAppDirectory() {
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--runs", "2")))
                .isInstanceOf(CliException.class)
                .hasMessageStartingWith("bench: APP_DIR is missing");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            plain     | off | off | -XX:-UseSerialGC -XX:TieredStopAtLevel=4 -XX:CompileThresholdScaling=1 -Xshare:auto
            tuned     | off |     | ''
            tuned+aot |     |     | ''
            floor     | off |     | ''
            floor+aot | off | on  | -XX:AOTCache=/b/floor.aot
            """)
    void selectsEachConfigurationThroughBootstrapsVariables(
            String label, String aot, String bootClassPath, String flags) {
        BenchConfig config = BenchConfig.named(label);
        Map<String, String> env = config.environment("/b/floor.aot", "");

        assertThat(env.get("THAW_AOT")).isEqualTo(aot);
        // the floor's cache is trained on the boot class path, where bootstrap would not put it for an
        // archive of THAW_JAVA_OPTS unless told to
        assertThat(env.get("THAW_BOOT_CLASSPATH")).isEqualTo(bootClassPath);
        assertThat(env.get("THAW_JAVA_OPTS")).isEqualTo(flags);
        assertThat(config.environment("/b/floor.aot", "-Xlog:class+load").get("THAW_JAVA_OPTS"))
                .endsWith("-Xlog:class+load");
    }

    @Test
    void addsVariantsAndFunctionsAfterTheChosenConfigurations() {
        BenchOptions options = BenchOptions.parse(List.of(
                "app",
                "--configs",
                "tuned+aot",
                "--variant",
                "parallel=-XX:-UseSerialGC -XX:+UseParallelGC",
                "--variant",
                "c2-noaot=-XX:TieredStopAtLevel=4",
                "--function",
                "aws=target/aws-baseline",
                "--function",
                "older-noaot=target/older"));

        assertThat(options.configs())
                .extracting(BenchConfig::label)
                .containsExactly("tuned+aot", "parallel", "c2-noaot", "aws", "older-noaot");
        BenchConfig parallel = options.configs().get(1);
        assertThat(parallel.usesCache()).isTrue();
        assertThat(parallel.reference()).isSameAs(BenchConfig.FLOOR_AOT);
        assertThat(parallel.environment("", ""))
                .doesNotContainKey("THAW_AOT")
                .containsEntry("THAW_JAVA_OPTS", "-XX:-UseSerialGC -XX:+UseParallelGC");
        BenchConfig noCache = options.configs().get(2);
        assertThat(noCache.usesCache()).isFalse();
        assertThat(noCache.environment("", "-Xlog:class+load"))
                .containsEntry("THAW_AOT", "off")
                .containsEntry("THAW_JAVA_OPTS", "-XX:TieredStopAtLevel=4 -Xlog:class+load");
        assertThat(options.configs().get(3).function()).isEqualTo(Path.of("target/aws-baseline"));
        // a function directory keeps its own AOT cache (its bootstrap decides) unless its name says noaot
        assertThat(options.configs().get(3).environment("", "")).doesNotContainKey("THAW_AOT");
        assertThat(options.configs().get(4).function()).isEqualTo(Path.of("target/older"));
        assertThat(options.configs().get(4).environment("", "")).containsEntry("THAW_AOT", "off");
    }
}
