package dev.thaw.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One execution environment: a function process started from {@code bootstrap} with Lambda's environment
 * variables and its own {@link RuntimeApiServer}. It serves one invocation at a time, writes Lambda's
 * START/END/REPORT lines and the process's output to the log, each line prefixed with {@code [name N] },
 * and ends the process when Lambda would: after a timeout (SIGKILL), a crash, an init failure, or at
 * shutdown (SHUTDOWN to extensions and SIGTERM when an extension registered, SIGKILL otherwise).
 */
final class ExecutionEnvironment {

    /** Lambda's shutdown phase for a function whose extensions are internal: 500 ms, then SIGKILL. */
    static final long SHUTDOWN_GRACE_MILLIS = 500;

    private final FunctionConfig config;
    private final int ordinal;
    private final String prefix;
    private final RuntimeApiServer server;
    private final Process process;
    private final long startNanos;
    private final List<Thread> pumps = new ArrayList<>(2);
    private final Object lock = new Object();
    private PendingInvocation current;
    private boolean busy;
    private boolean initialized;
    private boolean stopping;
    private volatile boolean exited;
    private final ProcessMemory memory;
    private volatile long idleSinceNanos;
    private volatile long answeredNanos = -1;

    private ExecutionEnvironment(
            FunctionConfig config, int ordinal, RuntimeApiServer server, Process process, long startNanos) {
        this.config = config;
        this.ordinal = ordinal;
        this.prefix = "[" + config.name() + " " + ordinal + "] ";
        this.server = server;
        this.process = process;
        this.startNanos = startNanos;
        this.idleSinceNanos = startNanos;
        this.memory = new ProcessMemory(process.toHandle());
    }

    /**
     * Starts the function process ({@code /bin/sh bootstrap} in the function directory).
     *
     * @param ordinal the environment's number, shown in its log prefix
     * @throws IOException when the Runtime API cannot listen or the process cannot be started
     */
    static ExecutionEnvironment start(FunctionConfig config, int ordinal) throws IOException {
        String prefix = "[" + config.name() + " " + ordinal + "] ";
        RuntimeApiServer server = RuntimeApiServer.start(
                config.name(), config.functionArn(), line -> config.log().println(prefix + "thaw: " + line));
        ProcessBuilder builder = new ProcessBuilder(
                        "/bin/sh", config.bootstrap().toString())
                .directory(config.functionDir().toFile());
        LambdaVariables.fill(builder.environment(), config, server.endpoint());
        long startNanos = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            server.close();
            throw e;
        }
        ExecutionEnvironment environment = new ExecutionEnvironment(config, ordinal, server, process, startNanos);
        environment.pump(process.getInputStream(), "stdout");
        environment.pump(process.getErrorStream(), "stderr");
        process.onExit()
                .thenRunAsync(environment::exited, task -> Thread.ofVirtual().start(task));
        return environment;
    }

    int ordinal() {
        return ordinal;
    }

    long pid() {
        return process.pid();
    }

    /** Returns {@link System#nanoTime()} just before the process was started. */
    long startNanos() {
        return startNanos;
    }

    /** Returns {@link System#nanoTime()} of the runtime's first {@code /next} (init done), or -1 before it. */
    long readyNanos() {
        return server.ready().isDone() ? server.ready().join() : -1;
    }

    /** Returns {@link System#nanoTime()} when the last invocation's answer arrived, or -1 before any. */
    long answeredNanos() {
        return answeredNanos;
    }

    /** Reads the process tree's memory now and returns its peak resident memory in KiB, or -1 if unknown. */
    long peakKib() {
        return memory.sample();
    }

    /** Returns whether the environment can take another invocation. */
    boolean isUsable() {
        synchronized (lock) {
            return !exited && !stopping && process.isAlive() && server.initFailure() == null;
        }
    }

    /** Returns {@link System#nanoTime()} when the environment last became idle (or started). */
    long idleSinceNanos() {
        return idleSinceNanos;
    }

    /**
     * Runs one invocation: hands the event to the runtime, waits for its answer until the deadline, and
     * logs START, END and REPORT. A timeout or crash ends the environment.
     *
     * @throws IllegalStateException when an invocation is already running here
     * @throws InterruptedException when the caller is interrupted; the environment is then killed
     */
    InvocationResult invoke(byte[] event, Invoker.StreamListener stream) throws InterruptedException {
        PendingInvocation invocation = new PendingInvocation(
                event, null, null, stream, config.timeout().toMillis());
        boolean cold;
        synchronized (lock) {
            if (busy) {
                throw new IllegalStateException(prefix + "invoke: an invocation is already running");
            }
            busy = true;
            cold = !initialized;
            current = invocation;
        }
        try {
            invocation.delivered().thenRun(() -> {
                if (cold) {
                    // a first invocation that crashes or times out still reports the memory it reached
                    memory.sample();
                }
                log(InvocationLog.start(invocation.requestId()));
            });
            long submittedNanos = System.nanoTime();
            if (exited || stopping) {
                invocation.end(crash(invocation));
            } else {
                try {
                    server.submit(invocation);
                } catch (IllegalStateException closed) {
                    // the process ended a moment ago and its Runtime API closed with it
                    invocation.end(crash(invocation));
                }
            }
            PendingInvocation.Answer answer = await(invocation, cold);
            return finish(invocation, answer, cold, submittedNanos);
        } finally {
            synchronized (lock) {
                busy = false;
                initialized = true;
                idleSinceNanos = System.nanoTime();
            }
        }
    }

    private PendingInvocation.Answer await(PendingInvocation invocation, boolean cold) throws InterruptedException {
        long timeoutNanos = config.timeout().toNanos();
        long deliveryLimit = cold ? startNanos + config.initTimeout().toNanos() - System.nanoTime() : timeoutNanos;
        try {
            CompletableFuture.anyOf(invocation.delivered(), invocation.answer())
                    .get(Math.max(0, deliveryLimit), TimeUnit.NANOSECONDS);
            if (!invocation.isEnded()) {
                long deadline = invocation.delivered().join() + timeoutNanos;
                invocation.answer().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (TimeoutException e) {
            // ended before the kill, so the process's exit does not end it as a crash first
            double seconds = (invocation.isDelivered() ? config.timeout() : config.initTimeout()).toMillis() / 1000.0;
            memory.sample();
            invocation.end(PendingInvocation.Answer.failure(
                    InvocationResult.Kind.TIMEOUT,
                    "Sandbox.Timedout",
                    InvocationLog.timeoutMessage(invocation.requestId(), seconds)));
            kill();
        } catch (InterruptedException e) {
            invocation.end(crash(invocation));
            kill();
            throw e;
        } catch (ExecutionException e) {
            throw new IllegalStateException("invocation futures never complete exceptionally", e);
        }
        return invocation.answer().join();
    }

    private InvocationResult finish(
            PendingInvocation invocation, PendingInvocation.Answer answer, boolean cold, long submittedNanos) {
        String requestId = invocation.requestId();
        boolean delivered = invocation.isDelivered();
        long endNanos = answer.atNanos();
        answeredNanos = endNanos;
        double duration = (endNanos - (delivered ? invocation.delivered().join() : submittedNanos)) / 1e6;
        if (answer.kind() == InvocationResult.Kind.TIMEOUT && delivered) {
            duration = config.timeout().toNanos() / 1e6;
        }
        double initDuration = -1;
        if (cold && server.ready().isDone()) {
            initDuration = (server.ready().join() - startNanos) / 1e6;
        }
        if (answer.kind() == InvocationResult.Kind.CRASH || answer.kind() == InvocationResult.Kind.TIMEOUT) {
            // let the process's last lines reach the log before the platform's
            joinPumps(300);
        }
        String status = null;
        String statusErrorType = null;
        if (!delivered) {
            if (cold) {
                double initNow = (endNanos - startNanos) / 1e6;
                boolean timedOut = answer.kind() == InvocationResult.Kind.TIMEOUT;
                log(InvocationLog.initReport(
                        initNow, timedOut ? "timeout" : "error", timedOut ? null : answer.errorType()));
            }
            log(InvocationLog.start(requestId));
        } else if (answer.kind() == InvocationResult.Kind.TIMEOUT) {
            status = "timeout";
        } else if (answer.kind() == InvocationResult.Kind.CRASH) {
            status = "error";
            statusErrorType = answer.errorType();
        }
        if (answer.kind() == InvocationResult.Kind.TIMEOUT) {
            double seconds = (delivered ? config.timeout() : config.initTimeout()).toMillis() / 1000.0;
            log(InvocationLog.timedOut(Instant.now(), requestId, seconds));
        } else if (answer.kind() == InvocationResult.Kind.CRASH) {
            log(InvocationLog.exitMessage(requestId, exitDescription()));
            log(answer.errorType());
        }
        if (server.initFailure() != null) {
            kill();
        }
        memory.sample();
        log(InvocationLog.end(requestId));
        log(InvocationLog.report(
                requestId,
                duration,
                config.memoryMb(),
                ProcessMemory.toMb(memory.peakKib()),
                delivered ? initDuration : -1,
                status,
                statusErrorType));
        return new InvocationResult(
                answer.kind(),
                answer.body(),
                answer.errorType(),
                answer.streamed(),
                answer.trailers(),
                requestId,
                duration,
                cold);
    }

    private PendingInvocation.Answer crash(PendingInvocation invocation) {
        return PendingInvocation.Answer.failure(
                InvocationResult.Kind.CRASH,
                "Runtime.ExitError",
                InvocationLog.exitMessage(invocation.requestId(), exitDescription()));
    }

    /** Describes how the process ended; a process still running is about to be killed. */
    private String exitDescription() {
        return process.isAlive() ? "signal: killed" : InvocationLog.describeExit(process.exitValue());
    }

    /** Ends the process the way Lambda's reaping of an idle environment does; waits for it to end. */
    void shutdown() {
        synchronized (lock) {
            stopping = true;
        }
        if (process.isAlive()) {
            long deadline = System.currentTimeMillis() + SHUTDOWN_GRACE_MILLIS;
            // Lambda sends SIGTERM only to a runtime with extensions; without any it kills at once
            if (server.shutdownExtensions(deadline)) {
                // through the handle: Process.destroy() would also close the pipes and lose the last lines
                process.toHandle().destroy();
                try {
                    process.waitFor(Math.max(0, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        kill();
    }

    /** Kills the process and its descendants at once (SIGKILL) and closes the Runtime API. */
    void kill() {
        synchronized (lock) {
            stopping = true;
        }
        List<ProcessHandle> tree = new ArrayList<>();
        process.toHandle().descendants().forEach(tree::add);
        tree.add(process.toHandle());
        for (ProcessHandle handle : tree) {
            handle.destroyForcibly();
        }
        boolean interrupted = false;
        for (ProcessHandle handle : tree) {
            try {
                handle.onExit().get(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException | TimeoutException e) {
                log("thaw: process " + handle.pid() + " did not end within 2 s of SIGKILL");
            }
        }
        server.close();
        // the process's last lines belong in the log before whatever the caller writes next
        joinPumps(300);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Called once the process ended: a pending invocation fails as Lambda's {@code Runtime.ExitError}. */
    private void exited() {
        PendingInvocation invocation;
        boolean expected;
        synchronized (lock) {
            exited = true;
            invocation = current;
            expected = stopping;
        }
        if (invocation != null && !invocation.isEnded()) {
            if (invocation.isAnswering()) {
                // the runtime posted its answer just before exiting: let the server finish reading it
                try {
                    invocation.answer().get(1, TimeUnit.SECONDS);
                } catch (InterruptedException | ExecutionException | TimeoutException e) {
                    // ends as a crash below
                }
            }
            invocation.end(crash(invocation));
        } else if (!expected) {
            log("thaw: the runtime exited while idle (" + InvocationLog.describeExit(process.exitValue())
                    + "); the next invocation starts a new environment");
        }
        server.close();
    }

    private void pump(InputStream stream, String name) {
        Thread thread = Thread.ofPlatform()
                .daemon()
                .name(prefix.trim() + " " + name)
                .start(() -> {
                    try (BufferedReader reader =
                            new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = reader.readLine()) != null) {
                            log(line);
                        }
                    } catch (IOException e) {
                        // the process is gone
                    }
                });
        pumps.add(thread);
    }

    private void joinPumps(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (Thread pump : pumps) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                pump.join(Duration.ofNanos(left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void log(String line) {
        config.log().println(prefix + line);
    }
}
