package dev.thaw;

import java.time.Duration;

/**
 * Answers 504 before the invocation's deadline passes, so the caller gets a proper problem response
 * instead of Lambda's timeout. With a deadline, the rest of the chain runs on another thread (a platform
 * worker kept per calling thread, or a virtual thread when the caller is virtual); when only
 * {@code margin} is left the context is cancelled, that thread interrupted, and a
 * {@link DeadlineExceededException} thrown. Without a deadline the chain runs directly.
 */
public final class DeadlineGuard implements Middleware {

    /** The default time kept in hand to send the 504 before the deadline. */
    public static final Duration DEFAULT_MARGIN = Duration.ofMillis(100);

    private final long marginMillis;

    private DeadlineGuard(long marginMillis) {
        this.marginMillis = marginMillis;
    }

    /** Returns a guard with the {@link #DEFAULT_MARGIN}. */
    public static DeadlineGuard create() {
        return new DeadlineGuard(DEFAULT_MARGIN.toMillis());
    }

    /** Returns a guard that answers when {@code margin} is left. */
    public static DeadlineGuard withMargin(Duration margin) {
        if (margin.isNegative()) {
            throw new IllegalArgumentException("deadline margin must not be negative: " + margin);
        }
        return new DeadlineGuard(margin.toMillis());
    }

    @Override
    public Handler wrap(Handler next) {
        return new Guarded(this, next);
    }

    /** The wrapped handler: a named class rather than a lambda, which would spin a class at start-up. */
    private static final class Guarded implements Handler {

        private final DeadlineGuard guard;
        private final Handler next;

        Guarded(DeadlineGuard guard, Handler next) {
            this.guard = guard;
            this.next = next;
        }

        @Override
        public Response handle(Request request) throws Exception {
            return guard.handle(next, request);
        }
    }

    private Response handle(Handler next, Request request) throws Exception {
        Context context = request.context();
        if (!context.hasDeadline()) {
            return next.handle(request);
        }
        long budget = context.remainingMillis() - marginMillis;
        if (budget <= 0) {
            context.cancel();
            throw exceeded(request, context);
        }
        GuardWorker.Job job = new GuardWorker.Job(next, request);
        Thread worker;
        if (Thread.currentThread().isVirtual()) {
            // A virtual caller (the local server) already pays for virtual threads: one per request is cheap.
            worker = Thread.ofVirtual()
                    .name("thaw-handler-" + context.requestId())
                    .start(job);
        } else {
            worker = GuardWorker.submit(job);
        }
        boolean finished;
        try {
            finished = job.await(budget);
        } catch (InterruptedException e) {
            // The caller gave up (shutdown): the worker must not run on unobserved.
            stop(context, worker);
            throw e;
        }
        if (!finished) {
            stop(context, worker);
            throw exceeded(request, context);
        }
        return job.result();
    }

    private static void stop(Context context, Thread worker) {
        if (!worker.isVirtual()) {
            GuardWorker.abandon();
        }
        try {
            context.cancel();
        } finally {
            worker.interrupt();
        }
    }

    private static DeadlineExceededException exceeded(Request request, Context context) {
        return new DeadlineExceededException(request.method() + " " + request.rawPath()
                + " did not finish before the invocation deadline (" + Math.max(0, context.remainingMillis())
                + " ms left)");
    }
}
