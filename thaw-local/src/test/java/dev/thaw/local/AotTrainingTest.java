package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What AOT training reads back from the trained cache; the training itself runs in the Packaged* tests. */
class AotTrainingTest {

    @Test
    void keepsTheJdkClassesTheCacheHolds() {
        List<String> log = List.of(
                "[0.015s][info][class,load] java.lang.Object source: shared objects file",
                "[0.016s][info][class,load] sun.nio.ch.NioSocketImpl source: shared objects file",
                "[0.016s][info][class,load] jdk.internal.misc.Signal source: shared objects file",
                "[0.016s][info][class,load] javax.security.auth.Subject source: shared objects file",
                "[0.016s][info][class,load] com.sun.net.httpserver.HttpServer source: shared objects file",
                "[0.017s][info][class,load] dev.thaw.App source: shared objects file",
                "[0.017s][info][class,load] io.avaje.jsonb.Jsonb source: shared objects file",
                "[0.018s][info][class,load] java.util.stream.MatchOps$$Lambda/0x800000006 source: shared objects file",
                "[0.030s][info][class,load] jdk.internal.event.Event source: jrt:/java.base",
                "[0.031s][info][class,load] java.lang.Runtime source: jrt:/java.base",
                "not a class line");

        assertThat(AotTraining.jdkClasses(log))
                .containsExactly(
                        "java.lang.Object",
                        "sun.nio.ch.NioSocketImpl",
                        "jdk.internal.misc.Signal",
                        "javax.security.auth.Subject",
                        "com.sun.net.httpserver.HttpServer");
    }

    @Test
    void readsThePrimingSummaryTheRuntimeLogsBeforeTraining() {
        String output = "START RequestId: x\n"
                + "2026-11-28T06:00:00.000Z\tINFO\t-\tdev.thaw.lambda.LambdaRuntime\tprimed users-api for"
                + " AOT-cache training: 5 of 5 priming requests answered below 500 in 12 ms\n"
                + "END RequestId: x\n";

        assertThat(AotTraining.priming(output)).isEqualTo("5 of 5 priming requests answered below 500 in 12 ms");
        assertThat(AotTraining.priming("{\"message\":\"primed a for AOT-cache training: 0 of ? priming requests"
                        + " answered below 500 in 0 ms\",\"level\":\"INFO\"}"))
                .isEqualTo("0 of ? priming requests answered below 500 in 0 ms");
        assertThat(AotTraining.priming("no such line\n")).isNull();
    }
}
