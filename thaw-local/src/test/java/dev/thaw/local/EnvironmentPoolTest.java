package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The emulator's environments as real processes: a fake runtime compiled here, started through bootstrap. */
class EnvironmentPoolTest {

    @TempDir
    static Path work;

    private static Path function;
    private static Path functionWithoutExec;

    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
    private final List<EnvironmentPool> pools = new ArrayList<>();

    @BeforeAll
    static void installFakeFunction() throws IOException {
        function = FakeFunction.install(work, true);
        functionWithoutExec = FakeFunction.install(work, false);
    }

    @AfterEach
    void closePools() {
        pools.forEach(EnvironmentPool::close);
    }

    private FunctionConfig config() {
        return FunctionConfig.of(function, "fake")
                .withLog(log)
                .withTimeout(Duration.ofSeconds(10))
                .withJavaHome(Path.of(System.getProperty("java.home")));
    }

    private EnvironmentPool pool(FunctionConfig config) {
        EnvironmentPool pool = EnvironmentPool.create(config);
        pools.add(pool);
        return pool;
    }

    private static InvocationResult invoke(EnvironmentPool pool, String event) throws InterruptedException {
        return pool.invoke(event.getBytes(StandardCharsets.UTF_8), null);
    }

    private static String body(InvocationResult result) {
        return new String(result.body(), StandardCharsets.UTF_8);
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private String log() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }

    private List<String> logLines(String containing) {
        return log().lines().filter(line -> line.contains(containing)).toList();
    }

    @Test
    void coldStartsOnceThenReusesTheWarmEnvironment() throws Exception {
        EnvironmentPool pool = pool(config().withMemoryMb(256));

        InvocationResult first = invoke(pool, "pid");
        InvocationResult second = invoke(pool, "pid");

        assertThat(first.kind()).isEqualTo(InvocationResult.Kind.RESPONSE);
        assertThat(first.coldStart()).isTrue();
        assertThat(second.coldStart()).isFalse();
        assertThat(body(second)).isEqualTo(body(first));
        assertThat(pool.pids()).containsExactly(Long.parseLong(body(first)));
        assertThat(pool.started()).isEqualTo(1);
        List<String> reports = logLines("REPORT RequestId:");
        assertThat(reports).hasSize(2);
        assertThat(reports.get(0))
                .startsWith("[fake 1] REPORT RequestId: " + first.requestId() + "\t")
                .contains("\tMemory Size: 256 MB\t")
                .containsPattern("\tInit Duration: \\d+\\.\\d{2} ms\t$");
        assertThat(reports.get(1)).doesNotContain("Init Duration");
        for (String report : reports) {
            assertThat(report.substring("[fake 1] ".length())).matches(InvocationLogTest.REPORT);
            assertThat(report).doesNotContain("Max Memory Used: 0 MB");
        }
        assertThat(log())
                .contains("[fake 1] init fake\n")
                .contains("[fake 1] START RequestId: " + first.requestId() + " Version: $LATEST\n")
                .contains("[fake 1] END RequestId: " + second.requestId() + "\n");
        assertThat(first.durationMillis()).isPositive();
    }

    @Test
    void startsExactlyMaxConcurrencyEnvironmentsForMoreConcurrentInvocations() throws Exception {
        EnvironmentPool pool = pool(config().withMaxConcurrency(4));
        List<Future<InvocationResult>> results = new ArrayList<>();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 8; i++) {
                results.add(callers.submit(() -> invoke(pool, "sleep 600")));
            }
        }

        Set<String> pids = new HashSet<>();
        int cold = 0;
        for (Future<InvocationResult> future : results) {
            InvocationResult result = future.get();
            assertThat(result.kind()).isEqualTo(InvocationResult.Kind.RESPONSE);
            pids.add(body(result));
            cold += result.coldStart() ? 1 : 0;
        }
        assertThat(pool.started()).isEqualTo(4);
        assertThat(pids).hasSize(4);
        assertThat(cold).isEqualTo(4);
        assertThat(logLines("Init Duration")).hasSize(4);
    }

    @Test
    void killsAnEnvironmentThatTimesOutAndColdStartsTheNextInvocation() throws Exception {
        EnvironmentPool pool = pool(config().withTimeout(Duration.ofSeconds(1)));
        long pid = Long.parseLong(body(invoke(pool, "pid")));

        InvocationResult timedOut = invoke(pool, "sleep 20000");

        assertThat(timedOut.kind()).isEqualTo(InvocationResult.Kind.TIMEOUT);
        assertThat(timedOut.errorType()).isEqualTo("Sandbox.Timedout");
        assertThat(body(timedOut))
                .isEqualTo("{\"errorType\":\"Sandbox.Timedout\",\"errorMessage\":\"RequestId: " + timedOut.requestId()
                        + " Error: Task timed out after 1.00 seconds\"}");
        assertThat(timedOut.durationMillis()).isEqualTo(1000.0);
        assertThat(alive(pid)).isFalse();
        assertThat(log())
                .containsPattern(Pattern.compile("\\[fake 1] \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z "
                        + timedOut.requestId() + " Task timed out after 1.00 seconds\n"));
        assertThat(logLines("REPORT RequestId: " + timedOut.requestId()))
                .singleElement()
                .asString()
                .contains("\tDuration: 1000.00 ms\tBilled Duration: 1000 ms\t")
                .endsWith("\tStatus: timeout");

        InvocationResult next = invoke(pool, "pid");

        assertThat(next.coldStart()).isTrue();
        assertThat(Long.parseLong(body(next))).isNotEqualTo(pid);
        assertThat(pool.started()).isEqualTo(2);
    }

    @Test
    void reportsARuntimeThatExitsMidInvocationAsLambdasExitError() throws Exception {
        EnvironmentPool pool = pool(config());
        long pid = Long.parseLong(body(invoke(pool, "pid")));

        InvocationResult crashed = invoke(pool, "exit 3");

        assertThat(crashed.kind()).isEqualTo(InvocationResult.Kind.CRASH);
        assertThat(crashed.errorType()).isEqualTo("Runtime.ExitError");
        assertThat(body(crashed))
                .isEqualTo("{\"errorType\":\"Runtime.ExitError\",\"errorMessage\":\"RequestId: " + crashed.requestId()
                        + " Error: Runtime exited with error: exit status 3\"}");
        assertThat(log())
                .contains("[fake 1] exiting with 3\n[fake 1] RequestId: " + crashed.requestId()
                        + " Error: Runtime exited with error: exit status 3\n[fake 1] Runtime.ExitError\n"
                        + "[fake 1] END RequestId: " + crashed.requestId() + "\n");
        assertThat(logLines("REPORT RequestId: " + crashed.requestId()))
                .singleElement()
                .asString()
                .endsWith("\tStatus: error\tError Type: Runtime.ExitError");
        assertThat(alive(pid)).isFalse();
        assertThat(invoke(pool, "pid").coldStart()).isTrue();
    }

    @Test
    void failsTheColdStartWithTheInitErrorTheRuntimePosted() throws Exception {
        EnvironmentPool pool = pool(config().withEnvironment(Map.of("FAKE_INIT", "fail")));

        InvocationResult failed = invoke(pool, "pid");

        assertThat(failed.kind()).isEqualTo(InvocationResult.Kind.ERROR);
        assertThat(failed.errorType()).isEqualTo("Runtime.ConfigInvalid");
        assertThat(body(failed)).isEqualTo("{\"errorMessage\":\"no config\",\"errorType\":\"Runtime.ConfigInvalid\"}");
        assertThat(failed.coldStart()).isTrue();
        assertThat(pool.size()).isZero();
        assertThat(log())
                .containsPattern("\\[fake 1] INIT_REPORT Init Duration: \\d+\\.\\d{2} ms\tPhase: init\tStatus: error"
                        + "\tError Type: Runtime.ConfigInvalid\n");
    }

    @Test
    void reportsARuntimeThatExitsDuringInitAsACrash() throws Exception {
        EnvironmentPool pool = pool(config().withEnvironment(Map.of("FAKE_INIT", "exit")));

        InvocationResult failed = invoke(pool, "pid");

        assertThat(failed.kind()).isEqualTo(InvocationResult.Kind.CRASH);
        assertThat(failed.errorType()).isEqualTo("Runtime.ExitError");
        assertThat(body(failed)).contains("Error: Runtime exited with error: exit status 2");
        assertThat(log()).contains("Phase: init\tStatus: error\tError Type: Runtime.ExitError");
        assertThat(pool.size()).isZero();
    }

    @Test
    void keepsTheEnvironmentWarmAfterAFunctionError() throws Exception {
        EnvironmentPool pool = pool(config());
        String pid = body(invoke(pool, "pid"));

        InvocationResult failed = invoke(pool, "error");

        assertThat(failed.kind()).isEqualTo(InvocationResult.Kind.ERROR);
        assertThat(failed.errorType()).isEqualTo("Function.BadThing");
        assertThat(body(failed)).isEqualTo("{\"errorMessage\":\"bad\",\"errorType\":\"BadThing\"}");
        assertThat(body(invoke(pool, "pid"))).isEqualTo(pid);
    }

    @Test
    void forwardsTheFunctionsOutputLineByLineWithTheEnvironmentsPrefix() throws Exception {
        EnvironmentPool pool = pool(config());

        InvocationResult result = invoke(pool, "print");

        assertThat(body(result)).isEqualTo("printed");
        // the output races the END line through its pipe; it arrives soon after
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!log().contains("to stderr") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(log())
                .contains("[fake 1] to stdout " + result.requestId() + "\n")
                .contains("[fake 1] to stderr " + result.requestId() + "\n");
    }

    @Test
    void startsTheRuntimeWithLambdasEnvironment() throws Exception {
        EnvironmentPool pool = pool(
                config().withMemoryMb(1024).withRegion("eu-west-1").withEnvironment(Map.of("TABLE_NAME", "users")));

        String env = body(invoke(pool, "env"));

        assertThat(env.lines())
                .contains(
                        "AWS_LAMBDA_FUNCTION_NAME=fake",
                        "AWS_LAMBDA_FUNCTION_VERSION=$LATEST",
                        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE=1024",
                        "AWS_LAMBDA_LOG_GROUP_NAME=/aws/lambda/fake",
                        "AWS_LAMBDA_INITIALIZATION_TYPE=on-demand",
                        "AWS_REGION=eu-west-1",
                        "AWS_DEFAULT_REGION=eu-west-1",
                        "_HANDLER=bootstrap",
                        "LAMBDA_TASK_ROOT=" + function.toAbsolutePath(),
                        "TZ=:UTC",
                        "LANG=en_US.UTF-8",
                        "JAVA_HOME=" + System.getProperty("java.home"),
                        "TABLE_NAME=users");
        assertThat(env).containsPattern("\nAWS_LAMBDA_RUNTIME_API=127\\.0\\.0\\.1:\\d+\n");
        assertThat(env)
                .containsPattern("\nAWS_LAMBDA_LOG_STREAM_NAME=\\d{4}/\\d\\d/\\d\\d/\\[\\$LATEST][0-9a-f]{32}\n");
        assertThat(env).contains("\nPATH=");
        // OS-only runtimes have no AWS_EXECUTION_ENV, and Lambda has no timeout variable
        assertThat(env).doesNotContain("AWS_EXECUTION_ENV").doesNotContain("TIMEOUT");
    }

    @Test
    void refusesReservedVariablesInTheFunctionsEnvironment() {
        assertThatThrownBy(() -> config().withEnvironment(Map.of("AWS_REGION", "x")))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("AWS_REGION is reserved");
    }

    @Test
    void passesAStreamedResponseToTheListener() throws Exception {
        EnvironmentPool pool = pool(config());
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        ByteArrayOutputStream streamed = new ByteArrayOutputStream();

        InvocationResult result = pool.invoke("stream".getBytes(StandardCharsets.UTF_8), new Invoker.StreamListener() {
            @Override
            public void start(String contentType) {
                seen.add(contentType);
            }

            @Override
            public void chunk(byte[] bytes, int offset, int length) {
                streamed.write(bytes, offset, length);
            }
        });

        assertThat(result.kind()).isEqualTo(InvocationResult.Kind.RESPONSE);
        assertThat(result.streamed()).isTrue();
        assertThat(result.body()).isEmpty();
        assertThat(seen).containsExactly("application/vnd.awslambda.http-integration-response");
        assertThat(streamed.toString(StandardCharsets.UTF_8))
                .isEqualTo("{\"statusCode\":200}\0\0\0\0\0\0\0\0hello world");
    }

    @Test
    void shutsIdleEnvironmentsDownAfterTheIdleTimeout() throws Exception {
        EnvironmentPool pool = pool(config().withIdleTimeout(Duration.ofMillis(300)));
        long pid = Long.parseLong(body(invoke(pool, "pid")));

        long deadline = System.nanoTime() + 5_000_000_000L;
        while ((pool.size() > 0 || alive(pid)) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }

        assertThat(pool.size()).isZero();
        assertThat(alive(pid)).isFalse();
        assertThat(invoke(pool, "pid").coldStart()).isTrue();
    }

    @Test
    void closeLeavesNoProcessBehindEvenWhenBootstrapDoesNotExec() throws Exception {
        EnvironmentPool pool =
                pool(FunctionConfig.of(functionWithoutExec, "fake").withLog(log).withMaxConcurrency(2));
        List<Future<InvocationResult>> results = new ArrayList<>();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            results.add(callers.submit(() -> invoke(pool, "sleep 300")));
            results.add(callers.submit(() -> invoke(pool, "sleep 300")));
        }
        List<ProcessHandle> processes = new ArrayList<>();
        for (long pid : pool.pids()) {
            ProcessHandle shell = ProcessHandle.of(pid).orElseThrow();
            processes.add(shell);
            shell.descendants().forEach(processes::add);
        }
        assertThat(processes).hasSizeGreaterThanOrEqualTo(4);
        for (Future<InvocationResult> result : results) {
            assertThat(result.get().kind()).isEqualTo(InvocationResult.Kind.RESPONSE);
        }
        assertThat(logLines("REPORT")).allSatisfy(line -> assertThat(line).doesNotContain("Max Memory Used: 0 MB"));

        pool.close();

        assertThat(processes).noneMatch(ProcessHandle::isAlive);
        assertThatThrownBy(() -> invoke(pool, "pid")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void sendsShutdownToARegisteredExtensionAndSigtermToTheRuntime() throws Exception {
        EnvironmentPool pool = pool(config().withEnvironment(Map.of("FAKE_EXTENSION", "1")));
        long pid = Long.parseLong(body(invoke(pool, "pid")));

        pool.close();

        assertThat(alive(pid)).isFalse();
        assertThat(log())
                .containsPattern("\\[fake 1] extension event: \\{\"eventType\":\"SHUTDOWN\",\"shutdownReason\":"
                        + "\"spindown\",\"deadlineMs\":\\d+}\n")
                .contains("[fake 1] sigterm received\n");
    }

    @Test
    void waitsForABusyEnvironmentUpToTheTimeoutThenThrottles() throws Exception {
        // the first invocation's init takes longer than the timeout, so the second one waits it out
        EnvironmentPool pool = pool(config().withMaxConcurrency(1)
                .withTimeout(Duration.ofSeconds(1))
                .withEnvironment(Map.of("FAKE_INIT_SLEEP", "2500")));
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<InvocationResult> first = callers.submit(() -> invoke(pool, "pid"));
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (pool.started() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }

            InvocationResult throttled = invoke(pool, "pid");

            assertThat(throttled.kind()).isEqualTo(InvocationResult.Kind.ERROR);
            assertThat(throttled.errorType()).isEqualTo(EnvironmentPool.THROTTLED);
            assertThat(body(throttled)).contains("Rate Exceeded.");
            assertThat(first.get().kind()).isEqualTo(InvocationResult.Kind.RESPONSE);
        }
    }

    @Test
    void refusesToStartWithoutABootstrap() {
        assertThatThrownBy(() -> EnvironmentPool.create(FunctionConfig.of(work.resolve("missing"), "fake")))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("bootstrap does not exist; run `thaw package`");
    }
}
