package dev.thaw.internal;

/**
 * Work that can wait until the caller has its answer: the access log line, the metrics line. A runtime
 * that sends the response itself (the Lambda invoke loop, the local server) {@link #open() opens} a scope
 * on its thread before the app runs and {@link #run() runs} it once the response is sent; middleware
 * {@link #defer defers} its summary lines into it. The caller then gets its response without waiting
 * for them, and on Lambda they are still written before the runtime asks for the next invocation, so
 * nothing is frozen or lost in between. Where no scope is open (tests calling the app, the managed
 * runtime, which posts the answer only after the handler returns) {@code defer} answers false and the
 * caller does the work at once.
 *
 * <p>Not API: public only because the runtimes live in other packages.
 *
 * <pre>{@code
 * AfterResponse after = AfterResponse.open();
 * try {
 *     post(answer(app));
 * } finally {
 *     after.run();
 * }
 * }</pre>
 */
public final class AfterResponse {

    private static final ThreadLocal<AfterResponse> OPEN = new ThreadLocal<>();
    private static final Runnable[] NONE = {};

    private Runnable[] tasks = NONE;
    private int size;
    private boolean open;
    /** Standard output lines of the tasks being run, written together when they are done; null otherwise. */
    private StringBuilder lines;

    private AfterResponse() {}

    /**
     * Opens the current thread's scope: tasks deferred on this thread wait for {@link #run()}. A scope
     * already open on the thread (a runtime serving an app that serves another) is run first.
     *
     * @return the scope to run once the response is sent, on the same thread
     */
    public static AfterResponse open() {
        AfterResponse scope = OPEN.get();
        if (scope == null) {
            scope = new AfterResponse();
            OPEN.set(scope);
        } else if (scope.open) {
            scope.run();
        }
        scope.open = true;
        return scope;
    }

    /**
     * Defers {@code task} to after the response when the current thread has an open scope.
     *
     * @return true when deferred; false when no scope is open, and the caller should run it now
     */
    public static boolean defer(Runnable task) {
        AfterResponse scope = OPEN.get();
        if (scope == null || !scope.open) {
            return false;
        }
        if (scope.size == scope.tasks.length) {
            Runnable[] grown = new Runnable[Math.max(4, scope.size * 2)];
            System.arraycopy(scope.tasks, 0, grown, 0, scope.size);
            scope.tasks = grown;
        }
        scope.tasks[scope.size++] = task;
        return true;
    }

    /**
     * Runs {@code task} once the response is sent when the current thread has an open scope, else now:
     * what middleware calls for its summary lines.
     */
    public static void later(Runnable task) {
        if (!defer(task)) {
            task.run();
        }
    }

    /**
     * Closes the scope and runs its tasks in the order they were deferred. A task that throws is
     * reported as a WARN line and the others still run; a task deferred while they run runs at once.
     * The lines the tasks write to standard output ({@link Log#stdout()}) go out together in one write
     * once they are done: the access log and metrics lines of a request cost one system call, not two.
     */
    public void run() {
        open = false;
        int count = size;
        if (count == 0) {
            return;
        }
        Runnable[] due = tasks;
        size = 0;
        StringBuilder outer = lines;
        StringBuilder batch = new StringBuilder(1024);
        lines = batch;
        try {
            for (int i = 0; i < count; i++) {
                Runnable task = due[i];
                due[i] = null;
                try {
                    task.run();
                } catch (RuntimeException e) {
                    Log.standard()
                            .write(
                                    Log.WARN,
                                    "dev.thaw.internal.AfterResponse",
                                    "work deferred after the response failed",
                                    e);
                }
            }
        } finally {
            lines = outer;
            if (!batch.isEmpty()) {
                Log.writeStdout(batch);
            }
        }
    }

    /**
     * Adds {@code line} to the lines of the tasks the current thread is running, if it is running them.
     *
     * @return true when the line was taken and will be written when the tasks are done
     */
    static boolean collect(String line) {
        AfterResponse scope = OPEN.get();
        StringBuilder batch = scope == null ? null : scope.lines;
        if (batch == null) {
            return false;
        }
        batch.append(line).append('\n');
        return true;
    }
}
