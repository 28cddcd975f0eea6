package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.thaw.testkit.FakeRuntimeApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged examples/users-api loads at most {@value #BUDGET} classes up to its first response (the
 * budget of DESIGN.md section 5; the JVM's floor loads about 930): its {@code bootstrap} runs with
 * {@code -Xlog:class+load} against the fake Runtime API and answers one GET /users/42 HTTP API event.
 * Classes taken from an AOT cache still log one line each, so the count holds with and without one.
 * The log is kept as {@code thaw-local/target/class-load-first-response.log}. Skipped until the example is
 * built.
 */
class PackagedFunctionClassBudgetTest {

    static final int BUDGET = 1_500;

    @TempDir
    Path tmp;

    @Test
    void loadsNoMoreClassesThanTheBudgetUpToTheFirstResponse() throws Exception {
        assumeTrue(PackagedUsersApi.isBuilt(), "build examples/users-api first: " + PackagedUsersApi.JAR);
        PackageApp.Written written = PackagedUsersApi.packageCopy(tmp);
        byte[] get = UsersApiEvents.sequence().get(1).event();
        Path classLog = tmp.resolve("class-load.log");

        long classes;
        try (FakeRuntimeApi api = FakeRuntimeApi.start();
                FunctionProcess function = FunctionProcess.bootstrap(
                        written.function(),
                        api.endpoint(),
                        Map.of("THAW_JAVA_OPTS", "-Xlog:class+load:file=" + classLog),
                        tmp.resolve("function.log"))) {
            String id = api.enqueue(get);
            FakeRuntimeApi.Answer answer = api.awaitAnswer(id, Duration.ofSeconds(30));
            assertThat(answer.kind()).as(function::output).isEqualTo(FakeRuntimeApi.Answer.Kind.RESPONSE);
            // counted at the first answer: an upper bound by the few classes loaded since it was posted
            classes = classLoads(Files.readAllLines(classLog));
        }
        // kept to see which classes a regression added
        Files.copy(classLog, Path.of("target", "class-load-first-response.log"), StandardCopyOption.REPLACE_EXISTING);

        System.out.println("classes loaded up to the first response of the packaged users-api: " + classes);
        assertThat(classes)
                .as("classes loaded up to the first response (log: %s)", classLog)
                .isPositive()
                .isLessThanOrEqualTo(BUDGET);
    }

    /** Counts the class-load lines, whether a class came from a jar, the CDS archive or an AOT cache. */
    private static long classLoads(List<String> lines) {
        long count = 0;
        for (String line : lines) {
            if (line.contains("[class,load]")) {
                count++;
            }
        }
        return count;
    }
}
