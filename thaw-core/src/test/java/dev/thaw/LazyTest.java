package dev.thaw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LazyTest {

    @ParameterizedTest(name = "virtual threads: {0}")
    @ValueSource(booleans = {false, true})
    void initializesOnceWhenManyThreadsAskAtOnce(boolean virtual) throws Exception {
        AtomicInteger runs = new AtomicInteger();
        Lazy<Object> lazy = Lazy.of(() -> {
            runs.incrementAndGet();
            sleep(50);
            return new Object();
        });
        int threads = 32;
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        Set<Object> seen = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Runnable task = () -> {
                ready.countDown();
                try {
                    go.await();
                    seen.add(lazy.get());
                } catch (Throwable t) {
                    failures.add(t);
                }
            };
            workers.add(
                    virtual
                            ? Thread.ofVirtual().start(task)
                            : Thread.ofPlatform().start(task));
        }

        assertThat(ready.await(5, TimeUnit.SECONDS)).isTrue();
        go.countDown();
        for (Thread worker : workers) {
            worker.join(5_000);
        }

        assertThat(failures).isEmpty();
        assertThat(runs).hasValue(1);
        assertThat(seen).hasSize(1).containsExactly(lazy.get());
        assertThat(lazy.isInitialized()).isTrue();
    }

    @Test
    void doesNotRunTheInitializerBeforeFirstUse() {
        AtomicInteger runs = new AtomicInteger();
        Lazy<String> lazy = Lazy.of(() -> "v" + runs.incrementAndGet());

        assertThat(runs).hasValue(0);
        assertThat(lazy.isInitialized()).isFalse();
        assertThat(lazy).hasToString("Lazy[not initialized]");
        assertThat(lazy.get()).isEqualTo("v1");
        assertThat(lazy.get()).isEqualTo("v1");
        assertThat(runs).hasValue(1);
        assertThat(lazy).hasToString("Lazy[v1]");
    }

    @Test
    void doesNotCacheAFailure() {
        AtomicInteger runs = new AtomicInteger();
        Lazy<String> lazy = Lazy.of(() -> {
            if (runs.incrementAndGet() == 1) {
                throw new IllegalStateException("table not reachable yet");
            }
            return "table";
        });

        assertThatThrownBy(lazy::get).isInstanceOf(IllegalStateException.class).hasMessage("table not reachable yet");
        assertThat(lazy.isInitialized()).isFalse();
        assertThat(lazy.get()).isEqualTo("table");
        assertThat(runs).hasValue(2);
    }

    @Test
    void makesANewValueAfterReset() {
        AtomicInteger runs = new AtomicInteger();
        Lazy<String> lazy = Lazy.of(() -> "client-" + runs.incrementAndGet());

        assertThat(lazy.reset()).isNull();
        String first = lazy.get();
        String reset = lazy.reset();

        assertThat(reset).isEqualTo(first).isEqualTo("client-1");
        assertThat(lazy.isInitialized()).isFalse();
        assertThat(lazy.get()).isEqualTo("client-2");
    }

    @Test
    void rejectsANullValueAndTriesAgainNextTime() {
        AtomicInteger runs = new AtomicInteger();
        Lazy<String> lazy = Lazy.of(() -> runs.incrementAndGet() == 1 ? null : "made");

        assertThatThrownBy(lazy::get).isInstanceOf(NullPointerException.class).hasMessageContaining("returned null");
        assertThat(lazy.isInitialized()).isFalse();
        assertThat(lazy.get()).isEqualTo("made");
    }

    @Test
    void rejectsANullInitializer() {
        assertThatThrownBy(() -> Lazy.of(null)).isInstanceOf(NullPointerException.class);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
