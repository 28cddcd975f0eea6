package dev.thaw.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AfterResponseTest {

    @Test
    void withoutAnOpenScopeNothingIsDeferred() {
        assertThat(AfterResponse.defer(() -> {})).isFalse();
        List<String> done = new ArrayList<>();
        AfterResponse.later(() -> done.add("now"));
        assertThat(done).as("later runs at once without a scope").containsExactly("now");

        AfterResponse.open().run();

        assertThat(AfterResponse.defer(() -> {}))
                .as("a scope that has run is closed")
                .isFalse();
    }

    @Test
    void runsTheDeferredTasksInOrderOnceAndOnlyWhenRun() {
        List<String> done = new ArrayList<>();
        AfterResponse after = AfterResponse.open();
        for (int i = 0; i < 9; i++) {
            String name = "task " + i;
            assertThat(AfterResponse.defer(() -> done.add(name))).isTrue();
        }
        assertThat(done).isEmpty();

        after.run();
        after.run();

        assertThat(done).hasSize(9).startsWith("task 0").endsWith("task 8");
    }

    @Test
    void aFailingTaskIsReportedAndTheOthersStillRun() {
        List<String> done = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            AfterResponse after = AfterResponse.open();
            AfterResponse.defer(() -> done.add("before"));
            AfterResponse.defer(() -> {
                throw new IllegalStateException("sink closed");
            });
            AfterResponse.defer(() -> done.add("after"));

            after.run();
        } finally {
            System.setOut(original);
        }

        assertThat(done).containsExactly("before", "after");
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("WARN")
                .contains("work deferred after the response failed")
                .contains("sink closed");
    }

    @Test
    void aTaskDeferredWhileTheTasksRunRunsAtOnce() {
        List<String> done = new ArrayList<>();
        AfterResponse after = AfterResponse.open();
        AfterResponse.defer(() -> {
            boolean deferred = AfterResponse.defer(() -> done.add("inner"));
            done.add("outer deferred=" + deferred);
        });

        after.run();

        assertThat(done).containsExactly("outer deferred=false");
    }

    @Test
    void openingAgainRunsWhatTheLastScopeLeft() {
        List<String> done = new ArrayList<>();
        AfterResponse.open();
        AfterResponse.defer(() -> done.add("left"));

        AfterResponse again = AfterResponse.open();
        assertThat(done).containsExactly("left");
        again.run();
    }

    @Test
    void writesTheLinesOfItsTasksToStandardOutputInOneWriteOnceTheyAreDone() {
        List<String> writes = new ArrayList<>();
        PrintStream original = System.out;
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8) {
            @Override
            public void write(byte[] buf, int off, int len) {
                writes.add(new String(buf, off, len, StandardCharsets.UTF_8));
            }
        });
        try {
            Log.stdout().accept("before any scope");
            AfterResponse after = AfterResponse.open();
            AfterResponse.defer(() -> Log.stdout().accept("access line"));
            AfterResponse.defer(() -> {
                Log.stdout().accept("metrics line \u00e9");
                assertThat(writes).as("nothing written while the tasks run").hasSize(2);
            });
            Log.stdout().accept("while the app runs");

            after.run();
            Log.stdout().accept("after the run");
        } finally {
            System.setOut(original);
        }

        assertThat(writes)
                .containsExactly(
                        "before any scope\n",
                        "while the app runs\n",
                        "access line\nmetrics line \u00e9\n",
                        "after the run\n");
    }
}
