package dev.thaw.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.thaw.App;
import dev.thaw.Lazy;
import dev.thaw.Request;
import dev.thaw.Response;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The CRaC resource, driven as a checkpoint and a restore drive it. */
class SnapStartHooksTest {

    private final List<String> log = new CopyOnWriteArrayList<>();
    private final List<String> ran = new CopyOnWriteArrayList<>();
    private final AtomicInteger created = new AtomicInteger();
    private final AtomicInteger handled = new AtomicInteger();

    private Lazy<App> app() {
        return Lazy.of(() -> {
            created.incrementAndGet();
            return App.builder()
                    .name("hooks-test")
                    .routes(r -> r.get("/warm", request -> {
                                handled.incrementAndGet();
                                return Response.text("warm");
                            })
                            .get("/cold", request -> {
                                handled.incrementAndGet();
                                throw new IllegalStateException("downstream not reachable during priming");
                            }))
                    .prime(Request.get("/warm"), Request.get("/cold"), Request.get("/warm"))
                    .onRestore(() -> ran.add("reseed"))
                    .onRestore(() -> {
                        ran.add("pool");
                        throw new IllegalStateException("pool refused to reset");
                    })
                    .onRestore(() -> ran.add("clock"))
                    .build();
        });
    }

    @Test
    void makesTheAppAndSendsItsPrimingRequestsBeforeTheCheckpoint() throws Exception {
        new SnapStartHooks(app(), log::add).beforeCheckpoint(null);

        assertThat(created).hasValue(1);
        assertThat(handled).as("every priming request went through the chain").hasValue(3);
        assertThat(log)
                .singleElement()
                .asString()
                .matches("SnapStart checkpoint: primed hooks-test, 2 of 3 priming"
                        + " requests answered below 500 in \\d+ ms");
    }

    @Test
    void reusesTheAppAlreadyMade() throws Exception {
        Lazy<App> app = app();
        app.get();

        new SnapStartHooks(app, log::add).beforeCheckpoint(null);

        assertThat(created).hasValue(1);
    }

    @Test
    void runsEveryRestoreHookAndLogsAFailingOneWithoutThrowing() throws Exception {
        Lazy<App> app = app();
        SnapStartHooks hooks = new SnapStartHooks(app, log::add);
        hooks.beforeCheckpoint(null);
        log.clear();

        assertThatCode(() -> hooks.afterRestore(null)).doesNotThrowAnyException();

        assertThat(ran).containsExactly("reseed", "pool", "clock");
        assertThat(log)
                .containsExactly(
                        "SnapStart restore: a restore hook of hooks-test failed:"
                                + " java.lang.IllegalStateException: pool refused to reset",
                        "SnapStart restore: ran 3 restore hooks of hooks-test, 1 failed");
    }

    @Test
    void restoresWithoutMakingAnAppThatDidNotExistAtTheCheckpoint() throws Exception {
        new SnapStartHooks(app(), log::add).afterRestore(null);

        assertThat(created).hasValue(0);
        assertThat(ran).isEmpty();
    }

    @Test
    void failsTheCheckpointWhenTheAppCannotBeMade() {
        Lazy<App> broken = Lazy.of(() -> {
            throw new IllegalStateException("TABLE_NAME is not set");
        });

        assertThatThrownBy(() -> new SnapStartHooks(broken, log::add).beforeCheckpoint(null))
                .hasMessage("TABLE_NAME is not set");
    }
}
