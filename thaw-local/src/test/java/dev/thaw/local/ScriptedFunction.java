package dev.thaw.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * A {@link FunctionRuntime} for tests: answers every invocation with what {@code answer} returns, writes a
 * REPORT-like line to the configured log, and records the configuration, the events and whether it was
 * closed. Also writes an app directory whose package is current, so nothing gets built or packaged.
 */
final class ScriptedFunction implements FunctionRuntime {

    private final Function<byte[], InvocationResult> answer;
    final List<byte[]> events = new ArrayList<>();
    final AtomicBoolean closed = new AtomicBoolean();
    FunctionConfig config;

    ScriptedFunction(Function<byte[], InvocationResult> answer) {
        this.answer = answer;
    }

    static InvocationResult result(InvocationResult.Kind kind, String payload, String errorType) {
        return new InvocationResult(
                kind, payload.getBytes(StandardCharsets.UTF_8), errorType, false, Map.of(), "req-1", 2.5, true);
    }

    @Override
    public Running start(FunctionConfig config) {
        this.config = config;
        return new Running() {
            @Override
            public InvocationResult invoke(byte[] event, StreamListener stream) {
                synchronized (events) {
                    events.add(event);
                }
                config.log().println("REPORT RequestId: req-1\tDuration: 2.50 ms");
                return answer.apply(event);
            }

            @Override
            public void close() {
                closed.set(true);
            }
        };
    }

    /**
     * Writes a Maven project named {@code artifactId} under {@code dir} whose jar and package are current:
     * pom older than the jar, the jar older than {@code target/function/bootstrap}.
     */
    static Path packagedApp(Path dir, String artifactId) throws IOException {
        Path app = Files.createDirectories(dir.resolve(artifactId));
        Path pom = Files.writeString(app.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>dev.example</groupId>
                  <artifactId>%s</artifactId>
                  <version>1</version>
                </project>
                """.formatted(artifactId));
        Path jar =
                Files.write(Files.createDirectories(app.resolve("target")).resolve(artifactId + ".jar"), new byte[0]);
        Path bootstrap = Files.writeString(
                Files.createDirectories(app.resolve("target/function")).resolve("bootstrap"), "#!/bin/sh\n");
        Instant now = Instant.now();
        Files.setLastModifiedTime(pom, FileTime.from(now.minusSeconds(30)));
        Files.setLastModifiedTime(jar, FileTime.from(now.minusSeconds(20)));
        Files.setLastModifiedTime(bootstrap, FileTime.from(now.minusSeconds(10)));
        return app;
    }
}
