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
        return request -> {
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
            Thread worker = Thread.ofVirtual()
                    .name("thaw-handler-" + context.requestId())
                    .start(() -> outcome.run(next, request));
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
        };
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
