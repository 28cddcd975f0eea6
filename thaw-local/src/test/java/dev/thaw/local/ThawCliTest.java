package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ThawCliTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return ThawCli.run(
                Arrays.asList(args),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"help", "-h", "--help"})
    void listsAllCommandsOnHelp(String flag) {
        assertThat(run(flag)).isZero();

        for (String command : List.of("start-api", "invoke", "package", "bench", "test", "format")) {
            assertThat(out()).contains("\n  " + command + " ");
        }
    }

    @Test
    void showsTheUsageWithoutArguments() {
        assertThat(run()).isZero();
        assertThat(out()).startsWith("usage: thaw <command>");
    }

    @Test
    void showsBenchHelp() {
        assertThat(run("bench", "--help")).isZero();
        assertThat(out()).startsWith("usage: thaw bench APP_DIR");
    }

    @Test
    void refusesAnUnknownBenchConfigurationWithItsUsage() {
        assertThat(run("bench", "examples/users-api", "--configs", "plain,turbo"))
                .isEqualTo(2);
        assertThat(err()).startsWith("thaw bench: --configs names 'turbo'").contains("usage: thaw bench APP_DIR");
        assertThat(out()).isEmpty();
    }

    @Test
    void showsInvokeHelp() {
        assertThat(run("invoke", "--help")).isZero();
        assertThat(out()).startsWith("usage: thaw invoke APP_DIR --event FILE|-");
    }

    @Test
    void asksForTheEventToInvokeWithItsUsage() {
        assertThat(run("invoke", "examples/users-api")).isEqualTo(2);
        assertThat(err())
                .startsWith("thaw invoke: --event is missing")
                .contains("usage: thaw invoke APP_DIR --event FILE|-");
        assertThat(out()).isEmpty();
    }

    @Test
    void failsToInvokeWithAMissingEventFileWithoutUsage() {
        assertThat(run("invoke", "examples/users-api", "--event", "/no/such/event.json"))
                .isEqualTo(1);
        assertThat(err()).isEqualTo("thaw invoke: reading the event /no/such/event.json: no such file\n");
        assertThat(out()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"test", "format"})
    void pointsLauncherCommandsToTheLauncher(String command) {
        assertThat(run(command)).isEqualTo(2);
        assertThat(err()).contains("./thaw " + command);
    }

    @Test
    void rejectsAnUnknownCommandWithTheUsage() {
        assertThat(run("deploy")).isEqualTo(2);
        assertThat(err()).startsWith("thaw: unknown command 'deploy'\nusage: thaw <command>");
    }

    @Test
    void rejectsAnUnknownStartApiFlagWithItsUsage() {
        assertThat(run("start-api", "--bogus")).isEqualTo(2);
        assertThat(err())
                .startsWith("thaw start-api: unknown option --bogus\n")
                .contains("usage: thaw start-api [APP_DIR] [--port N]");
    }

    @Test
    void showsStartApiHelp() {
        assertThat(run("start-api", "--help")).isZero();
        assertThat(out()).startsWith("usage: thaw start-api");
    }

    @Test
    void showsPackageHelp() {
        assertThat(run("package", "--help")).isZero();
        assertThat(out()).startsWith("usage: thaw package APP_DIR");
    }

    @Test
    void asksForTheAppDirectoryToPackageWithItsUsage() {
        assertThat(run("package")).isEqualTo(2);
        assertThat(err())
                .startsWith("thaw package: APP_DIR is missing")
                .contains("usage: thaw package APP_DIR [--memory MB]");
    }

    @Test
    void failsToPackageAMissingAppDirectoryWithoutUsage() {
        assertThat(run("package", "/no/such/app")).isEqualTo(1);
        assertThat(err()).isEqualTo("thaw package: app directory /no/such/app does not exist\n");
    }

    @Test
    void rejectsEmulatorOptionsWithDirectMode() {
        assertThat(run("start-api", "--direct", "--event-format", "v1")).isEqualTo(2);
        assertThat(err())
                .startsWith("thaw start-api: --event-format configures the Lambda emulator, which --direct leaves out")
                .contains("usage: thaw start-api");
    }

    @Test
    void failsWithoutUsageWhenTheAppDirectoryIsMissing() {
        assertThat(run("start-api", "/no/such/app")).isEqualTo(1);
        assertThat(err()).isEqualTo("thaw start-api: app directory /no/such/app does not exist\n");
    }
}
