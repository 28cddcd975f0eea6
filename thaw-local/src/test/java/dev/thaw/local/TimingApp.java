package dev.thaw.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A small thaw application whose routes take time, compiled in the test against the thaw jars that
 * examples/users-api was built with (its {@code target/lib}) and laid out as a Maven project with a runnable
 * jar, ready for {@code start-api --no-build} to package:
 *
 * <ul>
 *   <li>{@code GET /stream}: a streamed {@code text/plain} body: {@code one\n}, flushed; then it waits until
 *       the file named by {@code GATE_FILE} exists (20 s at most) and writes {@code two\n} (or
 *       {@code gate timed out\n});
 *   <li>{@code GET /slow?ms=N}: sleeps N ms (500 by default) and answers the process id.
 * </ul>
 */
final class TimingApp {

    static final String ARTIFACT_ID = "timing-app";

    /** The thaw and avaje jars the app is compiled against and runs with. */
    static final Path LIB = PackagedUsersApi.USERS_API.resolve("target/lib");

    private static final String MAIN = """
            package timing;

            import dev.thaw.App;
            import dev.thaw.Response;
            import dev.thaw.run.Thaw;
            import java.io.IOException;
            import java.io.InterruptedIOException;
            import java.nio.charset.StandardCharsets;
            import java.nio.file.Files;
            import java.nio.file.Path;

            public final class Main {
                public static void main(String[] args) {
                    Thaw.run(App.builder()
                            .name("timing-app")
                            .routes(r -> r.get("/stream", request -> Response.status(200).stream("text/plain", out -> {
                                        out.write("one\\n".getBytes(StandardCharsets.UTF_8));
                                        out.flush();
                                        out.write((awaitGate() ? "two\\n" : "gate timed out\\n").getBytes(StandardCharsets.UTF_8));
                                    }))
                                    .get("/slow", request -> {
                                        Thread.sleep(Long.parseLong(request.queryParam("ms").orElse("500")));
                                        return Response.text(Long.toString(ProcessHandle.current().pid()));
                                    }))
                            .build());
                }

                private static boolean awaitGate() throws IOException {
                    Path gate = Path.of(System.getenv("GATE_FILE"));
                    long deadline = System.nanoTime() + 20_000_000_000L;
                    while (!Files.exists(gate)) {
                        if (System.nanoTime() > deadline) {
                            return false;
                        }
                        try {
                            Thread.sleep(5);
                        } catch (InterruptedException e) {
                            throw new InterruptedIOException("waiting for the gate");
                        }
                    }
                    return true;
                }
            }
            """;

    private TimingApp() {}

    /** Returns whether the jars to compile against exist (examples/users-api was built). */
    static boolean canBuild() {
        return PackagedUsersApi.isBuilt() && Files.isDirectory(LIB);
    }

    /**
     * Compiles the app under {@code work} and writes {@code work/timing-app}: its pom, {@code target/}
     * {@code timing-app.jar} (Main-Class {@code timing.Main}) and {@code target/lib/} with the thaw jars.
     *
     * @return the app directory
     */
    static Path create(Path work) throws IOException {
        List<Path> jars;
        try (Stream<Path> files = Files.list(LIB)) {
            jars = files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
        Path classes = Jars.compile(work.resolve("build"), Map.of("timing/Main.java", MAIN), jars);
        Path app = Jars.project(work.resolve(ARTIFACT_ID), ARTIFACT_ID).toRealPath();
        Jars.write(
                app.resolve("target").resolve(ARTIFACT_ID + ".jar"),
                Map.of("Main-Class", "timing.Main"),
                classes,
                "timing");
        Path lib = Files.createDirectories(app.resolve("target/lib"));
        for (Path jar : jars) {
            Files.copy(jar, lib.resolve(jar.getFileName()));
        }
        return app;
    }
}
