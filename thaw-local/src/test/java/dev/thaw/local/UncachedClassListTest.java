package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What a start without the cache adds to the runtime's CDS archive, and how its answers are compared. */
class UncachedClassListTest {

    @Test
    void keepsTheJdksClassesLambdasAndMethodHandleShapesOnly() {
        List<String> dumped = List.of(
                "# NOTE: Do not modify this file.",
                "java/lang/Object id: 0",
                "dev/thaw/examples/users/Main id: 375",
                "sun/nio/ch/NioSocketImpl id: 12",
                "java/lang/Object id: 0",
                "io/avaje/jsonb/Jsonb id: 400",
                "@lambda-proxy dev/thaw/examples/users/Main get ()Ljava/util/function/Supplier; ()Ljava/lang/Object;"
                        + " REF_invokeStatic dev/thaw/examples/users/Main lambda$main$0 ()Ldev/thaw/App; ()Ldev/thaw/App;",
                "@lambda-proxy sun/nio/ch/NioSocketImpl run (Ljava/io/FileDescriptor;)Ljava/lang/Runnable; ()V"
                        + " REF_invokeStatic sun/nio/ch/NioSocketImpl lambda$closerFor$0 (Ljava/io/FileDescriptor;)V ()V",
                "@lambda-form-invoker [LF_RESOLVE] java.lang.invoke.DirectMethodHandle$Holder invokeStatic L7_L",
                "@cp java/lang/Object 8 38 50",
                "");

        assertThat(UncachedClassList.lines(dumped, BootClassPath.jdkPackages()))
                .containsExactly(
                        "java/lang/Object",
                        "sun/nio/ch/NioSocketImpl",
                        "@lambda-proxy sun/nio/ch/NioSocketImpl run (Ljava/io/FileDescriptor;)Ljava/lang/Runnable; ()V"
                                + " REF_invokeStatic sun/nio/ch/NioSocketImpl lambda$closerFor$0"
                                + " (Ljava/io/FileDescriptor;)V ()V",
                        "@lambda-form-invoker [LF_RESOLVE] java.lang.invoke.DirectMethodHandle$Holder invokeStatic L7_L");
    }

    @Test
    void findsTheFirstEventAnsweredOtherwise() {
        List<String> trained = List.of("RESPONSE 200", "RESPONSE 201", "ERROR Runtime.InvalidEvent");

        assertThat(UncachedClassList.difference(trained, trained)).isEmpty();
        assertThat(UncachedClassList.difference(
                        trained, List.of("RESPONSE 200", "RESPONSE 500", "ERROR Runtime.InvalidEvent")))
                .contains("training event 2 with RESPONSE 500 where training had RESPONSE 201");
        assertThat(UncachedClassList.difference(trained, List.of("RESPONSE 200", "RESPONSE 201")))
                .contains("2 training events where training answered 3");
    }
}
