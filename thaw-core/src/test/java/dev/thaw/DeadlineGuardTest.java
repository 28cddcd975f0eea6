package dev.thaw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeadlineGuardTest {

    private static Request requestWith(Context context) {
        return Request.builder("GET", "/slow").context(context).build();
    }

    @Test
    void runsInlineOnTheCallersThreadWithoutADeadline() throws Exception {
        AtomicReference<Thread> ran = new AtomicReference<>();
        Handler handler = DeadlineGuard.create().wrap(request -> {
            ran.set(Thread.currentThread());
            return Response.text("ok");
        });

        Response response = handler.handle(Request.get("/fast"));

        assertThat(response.bodyText()).isEqualTo("ok");
        assertThat(ran.get()).isSameAs(Thread.currentThread());
    }

    @Test
    void returnsTheResponseOfAHandlerThatFinishesInTime() throws Exception {
        Context context = Context.builder()
                .deadlineMillis(System.currentTimeMillis() + 10_000)
                .build();
        AtomicReference<Thread> ran = new AtomicReference<>();
        Handler handler = DeadlineGuard.create().wrap(request -> {
            ran.set(Thread.currentThread());
            return Response.text("in time");
        });

        Response response = handler.handle(requestWith(context));

        assertThat(response.bodyText()).isEqualTo("in time");
        assertThat(ran.get()).isNotSameAs(Thread.currentThread());
        assertThat(ran.get().isVirtual()).isFalse();
        assertThat(context.isCancelled()).isFalse();
    }

    @Test
    void reusesOnePlatformWorkerForAPlatformCallersSuccessiveRequests() throws Exception {
        Set<Thread> workers = ConcurrentHashMap.newKeySet();
        Handler handler = DeadlineGuard.create().wrap(request -> {
            workers.add(Thread.currentThread());
            return Response.noContent();
        });
        Thread caller = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < 50; i++) {
                try {
                    handler.handle(requestWith(Context.builder()
                            .deadlineMillis(System.currentTimeMillis() + 10_000)
                            .build()));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
        });
        caller.join(10_000);

        assertThat(workers).hasSize(1);
        assertThat(workers.iterator().next().isDaemon()).isTrue();
    }

    @Test
    void givesTheNextRequestAFreshWorkerAfterAHandlerOverranAndClearsStrayInterrupts() throws Exception {
        AtomicReference<Thread> slowWorker = new AtomicReference<>();
        AtomicReference<Thread> nextWorker = new AtomicReference<>();
        AtomicBoolean nextSawInterrupt = new AtomicBoolean(true);
        CountDownLatch release = new CountDownLatch(1);
        Handler handler = DeadlineGuard.withMargin(Duration.ZERO).wrap(request -> {
            if (request.rawPath().equals("/slow")) {
                slowWorker.set(Thread.currentThread());
                // Ignores interrupts, as a CPU-bound handler would.
                while (!release.await(5, TimeUnit.SECONDS)) {}
                return Response.noContent();
            }
            nextWorker.set(Thread.currentThread());
            nextSawInterrupt.set(Thread.currentThread().isInterrupted());
            return Response.text("next");
        });
        AtomicReference<Throwable> first = new AtomicReference<>();
        AtomicReference<Response> second = new AtomicReference<>();
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                handler.handle(requestWith(Context.builder()
                        .deadlineMillis(System.currentTimeMillis() + 200)
                        .build()));
            } catch (Throwable t) {
                first.set(t);
            }
            try {
                second.set(handler.handle(Request.builder("GET", "/next")
                        .context(Context.builder()
                                .deadlineMillis(System.currentTimeMillis() + 10_000)
                                .build())
                        .build()));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        caller.join(10_000);
        release.countDown();

        assertThat(first.get()).isInstanceOf(DeadlineExceededException.class);
        assertThat(second.get().bodyText()).isEqualTo("next");
        assertThat(nextWorker.get()).isNotSameAs(slowWorker.get());
        assertThat(nextSawInterrupt.get()).isFalse();
    }

    @Test
    void runsAVirtualCallersHandlerOnAVirtualThread() throws Exception {
        AtomicReference<Thread> ran = new AtomicReference<>();
        Handler handler = DeadlineGuard.create().wrap(request -> {
            ran.set(Thread.currentThread());
            return Response.noContent();
        });
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                handler.handle(requestWith(Context.builder()
                        .deadlineMillis(System.currentTimeMillis() + 10_000)
                        .build()));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        caller.join(10_000);

        assertThat(ran.get().isVirtual()).isTrue();
    }

    @Test
    void answers504BeforeTheDeadlineAndStopsASlowHandler() throws Exception {
        long deadline = System.currentTimeMillis() + 300;
        Context context = Context.builder().deadlineMillis(deadline).build();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        AtomicBoolean cancelledWhenInterrupted = new AtomicBoolean();
        Handler handler = DeadlineGuard.create().wrap(request -> {
            started.countDown();
            try {
                Thread.sleep(10_000);
                return Response.text("too late");
            } catch (InterruptedException e) {
                cancelledWhenInterrupted.set(request.context().isCancelled());
                interrupted.countDown();
                throw e;
            }
        });

        assertThatThrownBy(() -> handler.handle(requestWith(context)))
                .isInstanceOfSatisfying(DeadlineExceededException.class, e -> {
                    assertThat(e.status()).isEqualTo(504);
                    assertThat(e.problem().detail()).contains("GET /slow").contains("deadline");
                });
        long answeredAt = System.currentTimeMillis();

        assertThat(answeredAt).isLessThan(deadline);
        assertThat(started.getCount()).isZero();
        assertThat(context.isCancelled()).isTrue();
        assertThat(interrupted.await(2, TimeUnit.SECONDS)).isTrue();
        assertThat(cancelledWhenInterrupted).isTrue();
    }

    @Test
    void keepsTheConfiguredMarginBeforeTheDeadline() throws Exception {
        long deadline = System.currentTimeMillis() + 400;
        Context context = Context.builder().deadlineMillis(deadline).build();
        Handler handler = DeadlineGuard.withMargin(Duration.ofMillis(250)).wrap(request -> {
            Thread.sleep(10_000);
            return Response.noContent();
        });

        assertThatThrownBy(() -> handler.handle(requestWith(context))).isInstanceOf(DeadlineExceededException.class);

        assertThat(deadline - System.currentTimeMillis()).isGreaterThan(150);
    }

    @ParameterizedTest(name = "{0} ms left")
    @ValueSource(longs = {100, 50, 0, -1, -5_000})
    void answers504AtOnceWhenTheDeadlineIsTooClose(long left) {
        long now = 1_700_000_000_000L;
        Context context =
                Context.builder().clock(() -> now).deadlineMillis(now + left).build();
        AtomicBoolean called = new AtomicBoolean();
        Handler handler = DeadlineGuard.create().wrap(request -> {
            called.set(true);
            return Response.noContent();
        });

        assertThatThrownBy(() -> handler.handle(requestWith(context)))
                .isInstanceOfSatisfying(DeadlineExceededException.class, e -> {
                    assertThat(e.status()).isEqualTo(504);
                    assertThat(e.problem().detail()).contains("(" + Math.max(0, left) + " ms left)");
                });
        assertThat(called).isFalse();
        assertThat(context.isCancelled()).isTrue();
    }

    @Test
    void measuresTheBudgetWithTheContextsClock() throws Exception {
        long fakeNow = 5_000_000L;
        Context context = Context.builder()
                .clock(() -> fakeNow)
                .deadlineMillis(fakeNow + 10_000)
                .build();
        Handler handler = DeadlineGuard.create().wrap(request -> Response.text("plenty of time left"));

        // By the system clock this deadline passed in 1970; the context's clock says 10 s remain.
        assertThat(handler.handle(requestWith(context)).bodyText()).isEqualTo("plenty of time left");
    }

    @Test
    void propagatesTheHandlersExceptionUnchanged() {
        Context context = Context.builder()
                .deadlineMillis(System.currentTimeMillis() + 10_000)
                .build();
        IllegalStateException failure = new IllegalStateException("handler failed");
        Handler handler = DeadlineGuard.create().wrap(request -> {
            throw failure;
        });

        assertThatThrownBy(() -> handler.handle(requestWith(context))).isSameAs(failure);
        assertThat(context.isCancelled()).isFalse();
    }

    @Test
    void propagatesCheckedExceptionsAndErrorsUnchanged() {
        Context context = Context.builder()
                .deadlineMillis(System.currentTimeMillis() + 10_000)
                .build();
        java.io.IOException checked = new java.io.IOException("disk");
        StackOverflowError error = new StackOverflowError();

        assertThatThrownBy(() -> DeadlineGuard.create()
                        .wrap(request -> {
                            throw checked;
                        })
                        .handle(requestWith(context)))
                .isSameAs(checked);
        assertThatThrownBy(() -> DeadlineGuard.create()
                        .wrap(request -> {
                            throw error;
                        })
                        .handle(requestWith(context)))
                .isSameAs(error);
    }

    @Test
    void stopsTheWorkerWhenTheWaitingThreadIsInterrupted() throws Exception {
        Context context = Context.builder()
                .deadlineMillis(System.currentTimeMillis() + 30_000)
                .build();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch workerInterrupted = new CountDownLatch(1);
        Handler handler = DeadlineGuard.create().wrap(request -> {
            started.countDown();
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                workerInterrupted.countDown();
            }
            return Response.noContent();
        });
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                handler.handle(requestWith(context));
            } catch (Throwable t) {
                thrown.set(t);
            }
        });

        assertThat(started.await(2, TimeUnit.SECONDS)).isTrue();
        caller.interrupt();
        caller.join(2_000);

        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(workerInterrupted.await(2, TimeUnit.SECONDS)).isTrue();
        assertThat(context.isCancelled()).isTrue();
    }

    @Test
    void rejectsANegativeMargin() {
        assertThatThrownBy(() -> DeadlineGuard.withMargin(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("margin");
    }
}
