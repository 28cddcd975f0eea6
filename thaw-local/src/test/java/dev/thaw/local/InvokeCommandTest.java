package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InvokeCommandTest {

    private static final String EVENT = "{\"version\":\"2.0\",\"rawPath\":\"/health\"}";

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int invoke(ScriptedFunction function, String stdin, String... args) throws Exception {
        ScriptedFunction.packagedApp(tmp, "echo-app");
        InvokeCommand command = new InvokeCommand(
                tmp,
                null,
                Path.of(System.getProperty("java.home")),
                "mvn",
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                function);
        return command.run(InvokeOptions.parse(List.of(args)));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsTheResponsePayloadOnStdoutAndTheLogsOnStderr() throws Exception {
        Files.writeString(tmp.resolve("event.json"), EVENT);
        ScriptedFunction function = new ScriptedFunction(
                event -> ScriptedFunction.result(InvocationResult.Kind.RESPONSE, "{\"statusCode\":200}", null));

        int code = invoke(function, "", "echo-app", "--event", "event.json", "--memory", "1024", "--timeout", "3");

        assertThat(code).isZero();
        assertThat(out()).isEqualTo("{\"statusCode\":200}\n");
        assertThat(err()).isEqualTo("REPORT RequestId: req-1\tDuration: 2.50 ms\n");
        assertThat(function.events).singleElement().isEqualTo(EVENT.getBytes(StandardCharsets.UTF_8));
        assertThat(function.config.name()).isEqualTo("echo-app");
        assertThat(function.config.functionDir())
                .isEqualTo(tmp.resolve("echo-app/target/function").toRealPath());
        assertThat(function.config.memoryMb()).isEqualTo(1024);
        assertThat(function.config.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(function.config.maxConcurrency()).isEqualTo(1);
        assertThat(function.closed).isTrue();
    }

    @Test
    void givesTheFunctionTheVariablesOfEnvFilesAndEnvOptions() throws Exception {
        Files.writeString(
                tmp.resolve("local.env"), "# for the sync route\nSYNC_URL=http://127.0.0.1:1/sync\nMODE=file\n");
        ScriptedFunction function = new ScriptedFunction(
                event -> ScriptedFunction.result(InvocationResult.Kind.RESPONSE, "{\"statusCode\":200}", null));

        int code =
                invoke(function, EVENT, "echo-app", "--event", "-", "--env-file", "local.env", "--env", "MODE=option");

        assertThat(code).isZero();
        assertThat(function.config.environment())
                .isEqualTo(Map.of("SYNC_URL", "http://127.0.0.1:1/sync", "MODE", "option"));
    }

    @Test
    void refusesAnEnvFileWithAReservedNameBeforeStartingAnything() throws Exception {
        Files.writeString(tmp.resolve("bad.env"), "AWS_REGION=eu-west-1\n");
        ScriptedFunction function = new ScriptedFunction(event -> {
            throw new AssertionError("must not be invoked");
        });

        assertThatThrownBy(() -> invoke(function, EVENT, "echo-app", "--event", "-", "--env-file", "bad.env"))
                .isInstanceOf(CliException.class)
                .hasMessageStartingWith("invoke: " + tmp.resolve("bad.env") + " line 1: environment variable AWS_REGION"
                        + " is reserved");
        assertThat(function.config).isNull();
    }

    @Test
    void readsTheEventFromStandardInput() throws Exception {
        ScriptedFunction function = new ScriptedFunction(
                event -> ScriptedFunction.result(InvocationResult.Kind.RESPONSE, "\"ok\"\n", null));

        int code = invoke(function, EVENT, "echo-app", "--event", "-");

        assertThat(code).isZero();
        assertThat(out()).isEqualTo("\"ok\"\n");
        assertThat(function.events).singleElement().isEqualTo(EVENT.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void printsTheErrorPayloadAndExitsOneWhenTheInvocationFails() throws Exception {
        String error = "{\"errorMessage\":\"kaboom\",\"errorType\":\"java.lang.IllegalStateException\"}";
        ScriptedFunction function = new ScriptedFunction(
                event -> ScriptedFunction.result(InvocationResult.Kind.ERROR, error, "Function.IllegalStateException"));

        int code = invoke(function, EVENT, "echo-app", "--event", "-");

        assertThat(code).isEqualTo(1);
        assertThat(out()).isEqualTo(error + "\n");
        assertThat(err())
                .endsWith("thaw invoke: the invocation of echo-app failed (Function.IllegalStateException):"
                        + " the payload above is what Lambda returns for it\n");
        assertThat(function.closed).isTrue();
    }

    @Test
    void exitsOneWhenTheFunctionTimesOut() throws Exception {
        String timeout = "{\"errorMessage\":\"Task timed out after 3.00 seconds\"}";
        ScriptedFunction function = new ScriptedFunction(
                event -> ScriptedFunction.result(InvocationResult.Kind.TIMEOUT, timeout, "Sandbox.Timedout"));

        int code = invoke(function, EVENT, "echo-app", "--event", "-", "--timeout", "3");

        assertThat(code).isEqualTo(1);
        assertThat(out()).isEqualTo(timeout + "\n");
        assertThat(err()).contains("thaw invoke: the invocation of echo-app timed out (Sandbox.Timedout)");
    }

    @Test
    void refusesAnEventThatIsNotJsonBeforeStartingAnything() {
        ScriptedFunction function = new ScriptedFunction(event -> {
            throw new AssertionError("must not be invoked");
        });

        assertThatThrownBy(() -> invoke(function, "{\"unclosed\":", "echo-app", "--event", "-"))
                .isInstanceOfSatisfying(
                        CliException.class, e -> assertThat(e.exitCode()).isEqualTo(1))
                .hasMessageStartingWith("invoke: the event in standard input is not JSON (")
                .hasMessageEndingWith("Lambda refuses such a payload (InvalidRequestContentException)");
        assertThat(function.config).isNull();
        assertThat(out()).isEmpty();
    }
}
