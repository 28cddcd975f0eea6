package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackagedFunctionTest {

    @TempDir
    Path tmp;

    private AppDirectory app() throws Exception {
        Path dir = ScriptedFunction.packagedApp(tmp, "echo-app");
        return AppDirectory.resolve("start-api", dir.toString(), tmp, null);
    }

    @Test
    void keepsAPackageNewerThanTheJarWithoutPackagingAgain() throws Exception {
        AppDirectory app = app();
        ByteArrayOutputStream progress = new ByteArrayOutputStream();

        Path function = PackagedFunction.ensure(
                "start-api",
                app,
                true,
                false,
                512,
                30,
                tmp,
                null,
                "/never/run/mvn",
                new PrintStream(progress, true, StandardCharsets.UTF_8));

        assertThat(function).isEqualTo(app.dir().resolve("target/function"));
        assertThat(progress.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void saysWhyAPackageMustBeWritten() throws Exception {
        AppDirectory app = app();
        Path function = app.dir().resolve("target/function");
        Path jar = app.dir().resolve("target/echo-app.jar");

        assertThat(PackagedFunction.staleness(app, true, false, function)).isNull();

        Files.setLastModifiedTime(jar, FileTime.from(Instant.now()));
        assertThat(PackagedFunction.staleness(app, false, false, function))
                .isEqualTo("target/function is older than echo-app.jar");

        Files.writeString(
                Files.createDirectories(app.dir().resolve("src/main/java")).resolve("A.java"), "class A {}");
        Files.setLastModifiedTime(
                app.dir().resolve("src/main/java/A.java"),
                FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(PackagedFunction.staleness(app, true, false, function))
                .isEqualTo("its jar is missing or older than its sources");

        Files.delete(function.resolve("bootstrap"));
        assertThat(PackagedFunction.staleness(app, true, false, function))
                .isEqualTo("target/function/bootstrap is missing");
    }

    @Test
    void asksForTheFullPackageWhenTheRuntimeOrCacheIsMissing() throws Exception {
        AppDirectory app = app();
        Path function = app.dir().resolve("target/function");

        assertThat(PackagedFunction.staleness(app, true, true, function))
                .isEqualTo("target/function has no jlinked runtime or AOT cache");
    }
}
