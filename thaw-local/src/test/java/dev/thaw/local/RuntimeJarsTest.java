package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeJarsTest {

    @TempDir
    Path tmp;

    private Path target;
    private Path lib;

    private Path appJar(String classPath) throws IOException {
        target = tmp.toRealPath().resolve("target");
        lib = Files.createDirectories(target.resolve("lib"));
        Path classes = Files.createDirectories(tmp.resolve("classes/demo"));
        Files.writeString(classes.resolve("marker.txt"), "demo");
        return Jars.write(
                target.resolve("app.jar"),
                classPath == null
                        ? Map.of("Main-Class", "demo.Main")
                        : Map.of("Main-Class", "demo.Main", "Class-Path", classPath),
                tmp.resolve("classes"),
                "demo");
    }

    @Test
    void followsTheManifestClassPathOrderAfterTheAppJar() throws IOException {
        Path app = appJar("lib/zeta-1.jar lib/alpha-2.jar lib/with%20space.jar");
        Path zeta = Jars.write(lib.resolve("zeta-1.jar"), null);
        Path alpha = Jars.write(lib.resolve("alpha-2.jar"), null);
        Path spaced = Jars.write(lib.resolve("with space.jar"), null);

        RuntimeJars jars = RuntimeJars.of(app, lib);

        assertThat(jars.jars()).containsExactly(app, zeta, alpha, spaced);
        assertThat(jars.leftOut()).isEmpty();
    }

    @Test
    void takesEveryJarInLibByNameWithoutAClassPath() throws IOException {
        Path app = appJar(null);
        Path b = Jars.write(lib.resolve("b.jar"), null);
        Path a = Jars.write(lib.resolve("a.jar"), null);
        Files.writeString(lib.resolve("notes.txt"), "not a jar");

        assertThat(RuntimeJars.of(app, lib).jars()).containsExactly(app, a, b);
    }

    @Test
    void takesOnlyTheAppJarWhenThereIsNoLib() throws IOException {
        Path app = appJar(null);
        Files.delete(lib);

        assertThat(RuntimeJars.of(app, lib).jars()).containsExactly(app);
    }

    @Test
    void refusesADirectoryOnTheClassPath() throws IOException {
        Path app = appJar("lib/classes/");
        Files.createDirectories(lib.resolve("classes"));

        assertThatThrownBy(() -> RuntimeJars.of(app, lib))
                .isInstanceOf(CliException.class)
                .hasMessageContaining(
                        "has 'lib/classes/' on its Class-Path, but " + lib.resolve("classes") + " is a directory");
    }

    @Test
    void refusesTwoJarsWithTheSameFileName() throws IOException {
        Path app = appJar("lib/x.jar other/x.jar");
        Jars.write(lib.resolve("x.jar"), null);
        Jars.write(target.resolve("other/x.jar"), null);

        assertThatThrownBy(() -> RuntimeJars.of(app, lib))
                .isInstanceOf(CliException.class)
                .hasMessageStartingWith("package: two jars of app.jar are named x.jar");
    }
}
