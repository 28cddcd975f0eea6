package dev.thaw;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Answers 504 before the invocation's deadline passes, so the caller gets a proper problem response
 * instead of Lambda's timeout. With a deadline, the rest of the chain runs on a virtual thread; when
 * only {@code margin} is left the context is cancelled, the thread interrupted, and a
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
        Outcome outcome = new Outcome();
        Thread worker =
                Thread.ofVirtual().name("thaw-handler-" + context.requestId()).start(new Work(outcome, next, request));
        boolean finished;
        try {
            finished = outcome.done.await(budget, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            // The caller gave up (shutdown): the worker must not run on unobserved.
            stop(context, worker);
            throw e;
        }
        if (!finished) {
            stop(context, worker);
            throw exceeded(request, context);
        }
        return outcome.result();
    }

    private static void stop(Context context, Thread worker) {
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

    /** Runs the handler on the worker thread; a named class, as a lambda would spin one at start-up. */
    private static final class Work implements Runnable {

        private final Outcome outcome;
        private final Handler next;
        private final Request request;

        Work(Outcome outcome, Handler next, Request request) {
            this.outcome = outcome;
            this.next = next;
            this.request = request;
        }

        @Override
        public void run() {
            outcome.run(next, request);
        }
    }

    private static final class Outcome {
        final CountDownLatch done = new CountDownLatch(1);
        private Response response;
        private Throwable failure;

        void run(Handler next, Request request) {
            try {
                response = next.handle(request);
            } catch (Throwable t) {
                failure = t;
            } finally {
                done.countDown();
            }
        }

        Response result() throws Exception {
            if (failure instanceof Exception e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            return response;
        }
    }
}
