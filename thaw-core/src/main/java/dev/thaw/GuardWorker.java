package dev.thaw;

import dev.thaw.internal.CurrentInvocation;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The platform thread a {@link DeadlineGuard} hands a platform caller's handler to, kept and reused for
 * the caller's next invocation. A Lambda poll loop thus pays for one thread at its first request instead
 * of a thread per request, and never starts the virtual-thread scheduler (its classes, its carrier
 * threads) on the cold path. A worker whose handler overran the deadline is abandoned: it finishes (or
 * stays stuck) on its own and the caller gets a fresh worker. An idle worker ends after {@link #IDLE_NANOS},
 * so a caller thread that goes away leaves nothing behind for long.
 */
final class GuardWorker implements Runnable {

    static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(30);

    private static final ThreadLocal<GuardWorker> OWN = new ThreadLocal<>();

    private final Thread thread;
    private Job job;
    private boolean ended;

    private GuardWorker(String name) {
        this.thread = Thread.ofPlatform().daemon().name(name).unstarted(this);
    }

    /** Runs {@code job} on the calling thread's worker, starting one when it has none alive. */
    static Thread submit(Job job) {
        GuardWorker worker = OWN.get();
        if (worker == null || !worker.offer(job)) {
            worker = new GuardWorker("thaw-handler-" + Thread.currentThread().getName());
            worker.offer(job);
            worker.thread.start();
            OWN.set(worker);
        }
        return worker.thread;
    }

    /** Stops handing work to the calling thread's worker: its current handler overran. */
    static void abandon() {
        GuardWorker worker = OWN.get();
        OWN.remove();
        if (worker != null) {
            synchronized (worker) {
                worker.ended = true;
            }
        }
    }

    private synchronized boolean offer(Job next) {
        if (ended) {
            return false;
        }
        job = next;
        LockSupport.unpark(thread);
        return true;
    }

    @Override
    public void run() {
        while (true) {
            Job next = take();
            if (next == null) {
                return;
            }
            // An interrupt meant for the previous handler must not reach this one.
            Thread.interrupted();
            next.run();
        }
    }

    /** Waits for the next job; null once abandoned or idle for too long (then no job can arrive). */
    private Job take() {
        long idleSince = System.nanoTime();
        while (true) {
            synchronized (this) {
                if (job != null) {
                    Job next = job;
                    job = null;
                    return next;
                }
                if (ended || System.nanoTime() - idleSince >= IDLE_NANOS) {
                    ended = true;
                    return null;
                }
            }
            LockSupport.parkNanos(this, IDLE_NANOS);
        }
    }

    /**
     * One handler call and its outcome, awaited by the thread that made it with a timeout. A volatile flag
     * and park/unpark rather than a latch: the handover happens on every request, and a latch's queue
     * runs interpreted for the first hundred or so.
     */
    static final class Job implements Runnable {
        private final Handler next;
        private final Request request;
        private final Thread waiter = Thread.currentThread();
        private Response response;
        private Throwable failure;
        private volatile boolean finished;

        Job(Handler next, Request request) {
            this.next = next;
            this.request = request;
        }

        /**
         * Waits until the handler has returned or thrown, at most {@code millis}.
         *
         * @return whether it finished in time
         * @throws InterruptedException when the waiting thread is interrupted
         */
        boolean await(long millis) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (!finished) {
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return finished;
                }
                LockSupport.parkNanos(this, left);
            }
            return true;
        }

        @Override
        public void run() {
            // The worker outlives invocations: log lines of this one carry its fields, then none.
            CurrentInvocation invocation = CurrentInvocation.enter(request.context());
            try {
                response = next.handle(request);
            } catch (Throwable t) {
                failure = t;
            } finally {
                invocation.exit();
                finished = true;
                LockSupport.unpark(waiter);
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
