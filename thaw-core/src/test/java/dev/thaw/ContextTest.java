package dev.thaw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ContextTest {

    @Test
    void withSourceCopiesEveryFactAndIsCancelledWithTheOriginal() {
        Context runtime = Context.builder()
                .requestId("req-7")
                .deadlineMillis(123_456L)
                .traceHeader("Root=1-abc")
                .functionArn("arn:aws:lambda:eu-west-1:1:function:f")
                .coldStart(true)
                .build();

        Context tagged = runtime.withSource(EventSource.ALB);

        assertThat(runtime.withSource(EventSource.DIRECT)).isSameAs(runtime);
        assertThat(tagged.source()).isEqualTo(EventSource.ALB);
        assertThat(tagged.requestId()).isEqualTo("req-7");
        assertThat(tagged.deadlineMillis()).isEqualTo(123_456L);
        assertThat(tagged.traceHeader()).isEqualTo("Root=1-abc");
        assertThat(tagged.functionArn()).isEqualTo("arn:aws:lambda:eu-west-1:1:function:f");
        assertThat(tagged.coldStart()).isTrue();
        assertThat(tagged.priming()).isFalse();
        runtime.cancel();
        assertThat(tagged.isCancelled()).isTrue();
    }

    private static final java.util.regex.Pattern UUID_V4 =
            java.util.regex.Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

    @Test
    void hasNoDeadlineByDefault() {
        Context context = Context.direct();

        assertThat(context.hasDeadline()).isFalse();
        assertThat(context.deadlineMillis()).isEqualTo(Context.NO_DEADLINE);
        assertThat(context.deadline()).isNull();
        assertThat(context.remainingMillis()).isEqualTo(Long.MAX_VALUE);
        assertThat(context.remaining()).isGreaterThan(Duration.ofDays(365 * 1000L));
        assertThat(context.source()).isEqualTo(EventSource.DIRECT);
        assertThat(context.isCancelled()).isFalse();
        assertThat(context.traceHeader()).isNull();
        assertThat(context.functionArn()).isNull();
    }

    @Test
    void measuresTheRemainingTimeWithItsClock() {
        AtomicLong now = new AtomicLong(1_700_000_000_000L);
        Context context = Context.builder()
                .clock(now::get)
                .deadlineMillis(1_700_000_003_000L)
                .build();

        assertThat(context.hasDeadline()).isTrue();
        assertThat(context.deadline()).isEqualTo(Instant.ofEpochMilli(1_700_000_003_000L));
        assertThat(context.remainingMillis()).isEqualTo(3_000);
        now.addAndGet(2_500);
        assertThat(context.remaining()).isEqualTo(Duration.ofMillis(500));
        now.addAndGet(1_000);
        assertThat(context.remainingMillis()).isEqualTo(-500);
        assertThat(context.clock().getAsLong()).isEqualTo(1_700_000_003_500L);
    }

    @Test
    void measuresWithTheSystemClockByDefault() {
        Context context = Context.builder()
                .deadlineMillis(System.currentTimeMillis() + 60_000)
                .build();

        assertThat(context.remainingMillis()).isBetween(50_000L, 60_000L);
    }

    @Test
    void runsCancelCallbacksOnceInOrder() {
        Context context = Context.direct();
        List<String> ran = new ArrayList<>();
        context.onCancel(() -> ran.add("first"));
        context.onCancel(() -> ran.add("second"));

        context.cancel();
        context.cancel();

        assertThat(context.isCancelled()).isTrue();
        assertThat(ran).containsExactly("first", "second");
    }

    @Test
    void leavesOutACallbackTakenBackAndKeepsTheOthers() {
        Context context = Context.direct();
        List<String> ran = new ArrayList<>();
        Runnable first = () -> ran.add("first");
        Runnable second = () -> ran.add("second");
        context.onCancel(first);
        context.onCancel(second);
        context.onCancel(first);

        context.removeOnCancel(first);
        context.removeOnCancel(() -> ran.add("never registered"));
        context.cancel();

        // one registration taken back per call: the other registration of first still runs
        assertThat(ran).containsExactly("first", "second");
    }

    @Test
    void takingBackACallbackOfACancelledContextDoesNothing() {
        Context context = Context.direct();
        List<String> ran = new ArrayList<>();
        Runnable callback = () -> ran.add("ran");
        context.onCancel(callback);
        context.cancel();

        context.removeOnCancel(callback);

        assertThat(ran).containsExactly("ran");
        assertThat(context.isCancelled()).isTrue();
    }

    @Test
    void runsACallbackRegisteredAfterCancelAtOnce() {
        Context context = Context.direct();
        context.cancel();
        AtomicInteger runs = new AtomicInteger();

        context.onCancel(runs::incrementAndGet);

        assertThat(runs).hasValue(1);
    }

    @Test
    void runsEveryCallbackEvenWhenOneFails() {
        Context context = Context.direct();
        List<String> ran = new ArrayList<>();
        context.onCancel(() -> {
            throw new IllegalStateException("first failed");
        });
        context.onCancel(() -> ran.add("second"));
        context.onCancel(() -> {
            throw new IllegalArgumentException("third failed");
        });

        assertThatThrownBy(context::cancel)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("first failed")
                .satisfies(e ->
                        assertThat(e.getSuppressed()).singleElement().isInstanceOf(IllegalArgumentException.class));
        assertThat(ran).containsExactly("second");
        assertThat(context.isCancelled()).isTrue();
    }

    @Test
    void runsCallbacksOnceWhenCancelledFromManyThreads() throws Exception {
        Context context = Context.direct();
        AtomicInteger runs = new AtomicInteger();
        context.onCancel(runs::incrementAndGet);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                context.cancel();
            }));
        }

        go.countDown();
        for (Thread t : threads) {
            t.join(5_000);
        }

        assertThat(runs).hasValue(1);
    }

    @Test
    void makesUniqueUuidShapedRequestIds() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = Context.direct().requestId();
            assertThat(id).matches(UUID_V4);
            assertThat(UUID.fromString(id).version()).isEqualTo(4);
            ids.add(id);
        }

        assertThat(ids).hasSize(10_000);
    }

    @Test
    void keepsWhatTheAdapterSet() {
        Context context = Context.builder()
                .requestId("8476a536-e9f4-11e8-9739-2dfe598c3fcd")
                .traceHeader("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1")
                .functionArn("arn:aws:lambda:us-east-1:123456789012:function:users")
                .source(EventSource.API_GATEWAY_HTTP)
                .deadlineMillis(1_700_000_000_000L)
                .build();

        assertThat(context.requestId()).isEqualTo("8476a536-e9f4-11e8-9739-2dfe598c3fcd");
        assertThat(context.traceHeader()).isEqualTo("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1");
        assertThat(context.functionArn()).isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:users");
        assertThat(context.source()).isEqualTo(EventSource.API_GATEWAY_HTTP);
        assertThat(context.toString())
                .contains("8476a536-e9f4-11e8-9739-2dfe598c3fcd")
                .contains("API_GATEWAY_HTTP")
                .contains("deadline=2023-11-14T22:13:20Z");
    }

    @Test
    void formatsRequestIdsExactlyAsUuidDoes() {
        long[] values = {
            0L, -1L, 1L, Long.MIN_VALUE, Long.MAX_VALUE, 0x0123456789abcdefL, 0xfedcba9876543210L, 0x4000L, 0xF000L
        };
        for (long hi : values) {
            for (long lo : values) {
                assertThat(Context.uuid(hi, lo)).isEqualTo(new UUID(hi, lo).toString());
            }
        }
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        for (int i = 0; i < 1_000; i++) {
            long hi = random.nextLong();
            long lo = random.nextLong();
            assertThat(Context.uuid(hi, lo)).isEqualTo(new UUID(hi, lo).toString());
        }
    }

    @Test
    void makesVersionFourRequestIds() {
        UUID id = UUID.fromString(Context.newRequestId());

        assertThat(id.version()).isEqualTo(4);
        assertThat(id.variant()).isEqualTo(2);
    }
}
