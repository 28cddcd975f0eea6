package dev.thaw.local;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The emulator's {@link Invoker}: runs each invocation in an execution environment of the function, as
 * Lambda does. An idle environment is reused (warm); when none is idle and fewer than
 * {@link FunctionConfig#maxConcurrency()} exist, a new one starts (cold start, {@code coldStart} true in
 * the result). Idle environments are shut down after {@link FunctionConfig#idleTimeout()}.
 *
 * <p>Usage (the front door and {@code thaw invoke}):
 *
 * <pre>{@code
 * FunctionConfig config = FunctionConfig.of(appDir.resolve("target/function"), artifactId)
 *         .withMemoryMb(memory).withTimeout(timeout).withMaxConcurrency(max).withLog(System.err);
 * try (EnvironmentPool pool = EnvironmentPool.create(config)) {   // throws CliException without bootstrap
 *     InvocationResult result = pool.invoke(eventJson, null);       // or a StreamListener for streaming
 * }
 * }</pre>
 *
 * <p>At the concurrency limit an invocation waits for an environment to become idle, for at most the
 * function timeout; Lambda would throttle at once (429), but locally a short queue is friendlier. After that
 * wait the result is an {@code ERROR} with error type {@code Lambda.TooManyRequestsException}.
 *
 * <p>{@link #close()} shuts every environment down and leaves no process behind; a JVM shutdown hook calls
 * it too, so Ctrl-C on the CLI cleans up. Thread-safe.
 */
final class EnvironmentPool implements Invoker, AutoCloseable {

    /** The error type of an invocation that found every environment busy for the whole function timeout. */
    static final String THROTTLED = "Lambda.TooManyRequestsException";

    private final FunctionConfig config;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    // most recently used first, so the oldest idle environments are the ones reaped
    private final ArrayDeque<ExecutionEnvironment> idle = new ArrayDeque<>();
    private final Set<ExecutionEnvironment> live = new LinkedHashSet<>();
    private final ScheduledExecutorService reaper;
    private final Thread shutdownHook;
    private int starting;
    private int started;
    private boolean closed;

    private EnvironmentPool(FunctionConfig config) {
        this.config = config;
        this.reaper = Executors.newSingleThreadScheduledExecutor(task ->
                Thread.ofPlatform().daemon().name("thaw-emulator-reaper").unstarted(task));
        this.shutdownHook = Thread.ofPlatform().name("thaw-emulator-stop").unstarted(this::close);
    }

    /**
     * Creates the pool; environments start on demand.
     *
     * @throws CliException when the function directory has no {@code bootstrap} (package the app first)
     */
    static EnvironmentPool create(FunctionConfig config) {
        if (!Files.isRegularFile(config.bootstrap())) {
            throw CliException.failure("emulator: cannot run " + config.name() + ": " + config.bootstrap()
                    + " does not exist; run `thaw package` on the app first");
        }
        EnvironmentPool pool = new EnvironmentPool(config);
        long period = Math.clamp(config.idleTimeout().toMillis() / 4, 20, 60_000);
        pool.reaper.scheduleWithFixedDelay(pool::reapIdle, period, period, TimeUnit.MILLISECONDS);
        Runtime.getRuntime().addShutdownHook(pool.shutdownHook);
        return pool;
    }

    FunctionConfig config() {
        return config;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException when the pool is closed
     */
    @Override
    public InvocationResult invoke(byte[] event, StreamListener stream) throws InterruptedException {
        ExecutionEnvironment environment = null;
        List<ExecutionEnvironment> dead = new ArrayList<>();
        lock.lock();
        try {
            long waitNanos = config.timeout().toNanos();
            while (environment == null) {
                if (closed) {
                    throw new IllegalStateException("invoke " + config.name() + ": the emulator is shut down");
                }
                environment = takeIdle(dead);
                if (environment == null) {
                    if (live.size() + starting < config.maxConcurrency()) {
                        starting++;
                        break;
                    }
                    if (waitNanos <= 0) {
                        return throttled();
                    }
                    waitNanos = released.awaitNanos(waitNanos);
                }
            }
        } finally {
            lock.unlock();
            dead.forEach(ExecutionEnvironment::kill);
        }
        if (environment == null) {
            environment = startEnvironment();
            if (environment == null) {
                return entrypointFailure();
            }
        }
        try {
            return environment.invoke(event, stream);
        } finally {
            release(environment);
        }
    }

    /** Returns how many environments exist (idle or busy). */
    int size() {
        lock.lock();
        try {
            return live.size();
        } finally {
            lock.unlock();
        }
    }

    /** Returns how many environments were started so far (cold starts). */
    int started() {
        lock.lock();
        try {
            return started;
        } finally {
            lock.unlock();
        }
    }

    /** Returns the process ids of the environments that exist. */
    List<Long> pids() {
        lock.lock();
        try {
            return live.stream().map(ExecutionEnvironment::pid).toList();
        } finally {
            lock.unlock();
        }
    }

    /** Shuts every environment down (SHUTDOWN and SIGTERM where Lambda sends them, then SIGKILL) and waits. */
    @Override
    public void close() {
        List<ExecutionEnvironment> all;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            all = new ArrayList<>(live);
            live.clear();
            idle.clear();
            released.signalAll();
        } finally {
            lock.unlock();
        }
        reaper.shutdownNow();
        shutDown(all);
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down
            }
        }
    }

    private ExecutionEnvironment startEnvironment() {
        ExecutionEnvironment environment = null;
        IOException failure = null;
        int ordinal;
        lock.lock();
        try {
            ordinal = ++started;
        } finally {
            lock.unlock();
        }
        try {
            environment = ExecutionEnvironment.start(config, ordinal);
        } catch (IOException e) {
            failure = e;
            config.log()
                    .println("[" + config.name() + " " + ordinal + "] thaw: cannot start " + config.bootstrap() + ": "
                            + e.getMessage());
        }
        boolean lateForClose;
        lock.lock();
        try {
            starting--;
            lateForClose = closed;
            if (environment != null && !closed) {
                live.add(environment);
            }
            released.signal();
        } finally {
            lock.unlock();
        }
        if (environment != null && lateForClose) {
            environment.kill();
            throw new IllegalStateException("invoke " + config.name() + ": the emulator is shut down");
        }
        return failure == null ? environment : null;
    }

    private void release(ExecutionEnvironment environment) {
        boolean discard;
        lock.lock();
        try {
            discard = closed || !environment.isUsable();
            if (discard) {
                live.remove(environment);
            } else {
                idle.push(environment);
            }
            released.signal();
        } finally {
            lock.unlock();
        }
        if (discard) {
            environment.kill();
        }
    }

    /** Takes the most recently used idle environment that still works; collects broken ones in {@code dead}. */
    private ExecutionEnvironment takeIdle(List<ExecutionEnvironment> dead) {
        while (!idle.isEmpty()) {
            ExecutionEnvironment environment = idle.pop();
            if (environment.isUsable()) {
                return environment;
            }
            live.remove(environment);
            dead.add(environment);
        }
        return null;
    }

    private void reapIdle() {
        List<ExecutionEnvironment> expired = new ArrayList<>();
        long now = System.nanoTime();
        lock.lock();
        try {
            Iterator<ExecutionEnvironment> oldestFirst = idle.descendingIterator();
            while (oldestFirst.hasNext()) {
                ExecutionEnvironment environment = oldestFirst.next();
                if (!environment.isUsable()
                        || now - environment.idleSinceNanos()
                                >= config.idleTimeout().toNanos()) {
                    oldestFirst.remove();
                    live.remove(environment);
                    expired.add(environment);
                }
            }
            if (!expired.isEmpty()) {
                released.signalAll();
            }
        } finally {
            lock.unlock();
        }
        shutDown(expired);
    }

    private static void shutDown(List<ExecutionEnvironment> environments) {
        List<Thread> stopping = new ArrayList<>(environments.size());
        for (ExecutionEnvironment environment : environments) {
            stopping.add(Thread.ofVirtual().start(environment::shutdown));
        }
        for (Thread thread : stopping) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private InvocationResult throttled() {
        String message = "Rate Exceeded. All " + config.maxConcurrency() + " environments of " + config.name()
                + " stayed busy for " + config.timeout().toMillis() / 1000.0
                + " s; raise --max-concurrency to run more at once";
        return new InvocationResult(
                InvocationResult.Kind.ERROR,
                PendingInvocation.errorJson(THROTTLED, message),
                THROTTLED,
                false,
                Map.of(),
                UUID.randomUUID().toString(),
                0,
                false);
    }

    private InvocationResult entrypointFailure() {
        String requestId = UUID.randomUUID().toString();
        return new InvocationResult(
                InvocationResult.Kind.CRASH,
                PendingInvocation.errorJson(
                        "Runtime.InvalidEntrypoint",
                        "RequestId: " + requestId + " Error: cannot start " + config.bootstrap()),
                "Runtime.InvalidEntrypoint",
                false,
                Map.of(),
                requestId,
                0,
                true);
    }
}
