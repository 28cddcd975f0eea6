package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppBuildTest {

    @TempDir
    Path tmp;

    private final PrintStream err = new PrintStream(new ByteArrayOutputStream());

    @Test
    void buildsAnAppInsideTheRepositoryThroughTheReactorOfflineFirst() throws IOException {
        Path home = Jars.project(tmp.resolve("thaw"), "thaw-parent").toRealPath();
        Jars.project(home.resolve("examples/demo"), "demo");
        AppDirectory app = AppDirectory.resolve("start-api", "examples/demo", home, null);

        List<AppBuild.Attempt> attempts = new AppBuild("start-api", "/opt/mvn", home, err).attempts(app);

        assertThat(attempts)
                .containsExactly(
                        new AppBuild.Attempt(
                                List.of(
                                        "/opt/mvn",
                                        "-q",
                                        "-B",
                                        "-o",
                                        "install",
                                        "-DskipTests",
                                        "-Dspotless.check.skip=true",
                                        "-pl",
                                        "examples/demo",
                                        "-am"),
                                home),
                        new AppBuild.Attempt(
                                List.of(
                                        "/opt/mvn",
                                        "-q",
                                        "-B",
                                        "install",
                                        "-DskipTests",
                                        "-Dspotless.check.skip=true",
                                        "-pl",
                                        "examples/demo",
                                        "-am"),
                                home));
    }

    @Test
    void packagesAnAppOutsideTheRepositoryOnItsOwn() throws IOException {
        Path home = Jars.project(tmp.resolve("thaw"), "thaw-parent").toRealPath();
        Path dir = Jars.project(tmp.resolve("shop"), "shop").toRealPath();
        AppDirectory app = AppDirectory.resolve("start-api", dir.toString(), tmp, home);

        assertThat(new AppBuild("start-api", "mvn", home, err).attempts(app))
                .containsExactly(new AppBuild.Attempt(
                        List.of(
                                "mvn",
                                "-q",
                                "-B",
                                "package",
                                "-DskipTests",
                                "-f",
                                dir.resolve("pom.xml").toString()),
                        dir));
    }

    @Test
    void treatsEveryAppAsOutsideWhenTheRepositoryIsUnknown() throws IOException {
        Path dir = Jars.project(tmp.resolve("thaw/examples/demo"), "demo").toRealPath();
        AppDirectory app = AppDirectory.resolve("start-api", dir.toString(), tmp, null);

        assertThat(new AppBuild("start-api", "mvn", null, err).attempts(app))
                .singleElement()
                .satisfies(a -> assertThat(a.command()).contains("package", "-f"));
    }

    @Test
    void reportsAFailedBuildWithTheCommandAndItsStatus() throws IOException {
        Path dir = Jars.project(tmp.resolve("shop"), "shop").toRealPath();
        Path fakeMvn = tmp.resolve("mvn");
        Files.writeString(fakeMvn, "#!/bin/sh\nexit 3\n");
        assertThat(fakeMvn.toFile().setExecutable(true)).isTrue();
        AppDirectory app = AppDirectory.resolve("start-api", dir.toString(), tmp, null);

        assertThatThrownBy(() -> new AppBuild("start-api", fakeMvn.toString(), null, err).build(app))
                .isInstanceOf(CliException.class)
                .hasMessage("start-api: building " + dir + " failed (" + fakeMvn + " -q -B package -DskipTests -f "
                        + dir.resolve("pom.xml") + " exited with 3): fix the build above and run start-api again");
    }

    @Test
    void buildsAMissingJarThenReturnsItWithItsMainClass() throws IOException {
        Path dir = Jars.project(tmp.resolve("shop"), "shop").toRealPath();
        Path built = Jars.write(tmp.resolve("built/shop.jar"), "demo.Main");
        Path fakeMvn = tmp.resolve("mvn");
        // what `mvn package` leaves behind, run where the real build would run
        Files.writeString(fakeMvn, "#!/bin/sh\nmkdir -p target && cp '" + built + "' target/shop.jar\n");
        assertThat(fakeMvn.toFile().setExecutable(true)).isTrue();
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        AppDirectory app = AppDirectory.resolve("package", dir.toString(), tmp, null);

        AppBuild.RunnableJar jar = new AppBuild("package", fakeMvn.toString(), null, new PrintStream(progress, true))
                .ensureJar(app, true, tmp);

        assertThat(jar).isEqualTo(new AppBuild.RunnableJar(dir.resolve("target/shop.jar"), "demo.Main"));
        assertThat(progress.toString())
                .startsWith("thaw package: building shop (its jar is missing or older than its sources)\n"
                        + "thaw package: building: " + fakeMvn);
    }

    @Test
    void saysHowToGetAJarWhenNotAllowedToBuild() throws IOException {
        Path dir = Jars.project(tmp.resolve("shop"), "shop").toRealPath();
        AppDirectory app = AppDirectory.resolve("package", dir.toString(), tmp, null);

        assertThatThrownBy(() -> new AppBuild("package", "mvn", null, err).ensureJar(app, false, tmp))
                .isInstanceOf(CliException.class)
                .hasMessage("package: " + dir.resolve("target")
                        + " has no shop.jar: build the app (mvn package) or drop --no-build");
    }

    @Test
    void refusesAJarWithoutMainClass() throws IOException {
        Path dir = Jars.project(tmp.resolve("shop"), "shop").toRealPath();
        Path jar = Jars.write(dir.resolve("target/shop.jar"), null);
        AppDirectory app = AppDirectory.resolve("package", dir.toString(), tmp, null);

        assertThatThrownBy(() -> new AppBuild("package", "mvn", null, err).ensureJar(app, false, tmp))
                .isInstanceOf(CliException.class)
                .hasMessage("package: " + jar + " has no Main-Class in its manifest:"
                        + " configure maven-jar-plugin's <archive><manifest><mainClass>");
    }
}
