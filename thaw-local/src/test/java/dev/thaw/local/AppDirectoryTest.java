package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppDirectoryTest {

    private static final FileTime EARLIER = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));
    private static final FileTime LATER = FileTime.from(Instant.parse("2026-01-02T00:00:00Z"));

    @TempDir
    Path tmp;

    Path cwd;
    Path home;

    @BeforeEach
    void layout() throws IOException {
        cwd = Files.createDirectories(tmp.resolve("work")).toRealPath();
        home = Files.createDirectories(tmp.resolve("thaw")).toRealPath();
    }

    @Test
    void resolvesARelativePathAgainstTheCallersDirectoryFirst() throws IOException {
        Jars.project(cwd.resolve("examples/users-api"), "mine");
        Jars.project(home.resolve("examples/users-api"), "users-api");

        AppDirectory app = AppDirectory.resolve("start-api", "examples/users-api", cwd, home);

        assertThat(app.dir()).isEqualTo(cwd.resolve("examples/users-api"));
        assertThat(app.artifactId()).isEqualTo("mine");
    }

    @Test
    void fallsBackToTheThawRepositoryForARelativePath() throws IOException {
        Jars.project(home.resolve("examples/users-api"), "users-api");

        AppDirectory app = AppDirectory.resolve("start-api", "examples/users-api", cwd, home);

        assertThat(app.dir()).isEqualTo(home.resolve("examples/users-api"));
        assertThat(app.artifactId()).isEqualTo("users-api");
    }

    @Test
    void normalisesDotDotSegments() throws IOException {
        Path app = Jars.project(tmp.resolve("app"), "app");

        assertThat(AppDirectory.resolve("start-api", "../app", cwd, null).dir()).isEqualTo(app.toRealPath());
    }

    @Test
    void takesAnAbsolutePathAsIs() throws IOException {
        Path app = Jars.project(tmp.resolve("elsewhere/app"), "app");

        assertThat(AppDirectory.resolve("start-api", app.toString(), cwd, home).dir())
                .isEqualTo(app.toRealPath());
    }

    @Test
    void namesBothPlacesItLookedInWhenTheDirectoryIsMissing() {
        assertThatThrownBy(() -> AppDirectory.resolve("start-api", "nope", cwd, home))
                .isInstanceOf(CliException.class)
                .hasMessage("start-api: app directory 'nope' not found in " + cwd + " nor in " + home
                        + ": pass the path of a Maven project (a directory with a pom.xml)");
    }

    @Test
    void reportsAMissingAbsoluteDirectory() {
        Path missing = tmp.resolve("missing");

        assertThatThrownBy(() -> AppDirectory.resolve("start-api", missing.toString(), cwd, home))
                .hasMessage("start-api: app directory " + missing + " does not exist");
    }

    @Test
    void requiresAPomXml() throws IOException {
        Files.createDirectories(cwd.resolve("plain"));

        assertThatThrownBy(() -> AppDirectory.resolve("start-api", "plain", cwd, null))
                .isInstanceOf(CliException.class)
                .hasMessageStartingWith("start-api: " + cwd.resolve("plain") + " has no pom.xml");
    }

    @Test
    void prefixesPomProblemsWithTheCommand() throws IOException {
        Path dir = Files.createDirectories(cwd.resolve("broken"));
        Files.writeString(dir.resolve("pom.xml"), "<project>");

        assertThatThrownBy(() -> AppDirectory.resolve("start-api", "broken", cwd, null))
                .hasMessageStartingWith("start-api: reading " + dir.resolve("pom.xml") + ": not well-formed XML");
    }

    @Test
    void findsTheJarNamedAfterTheArtifactId() throws IOException {
        AppDirectory app = app("shop");
        Path jar = Jars.write(app.dir().resolve("target/shop.jar"), "demo.Main");
        Jars.write(app.dir().resolve("target/shop-1.0.jar"), "demo.Main");

        assertThat(app.jar()).contains(jar);
    }

    @Test
    void findsAVersionedJarWithAMainClassWhenThereIsNoPlainOne() throws IOException {
        AppDirectory app = app("shop");
        Jars.write(app.dir().resolve("target/shop-1.0-sources.jar"), "demo.Main");
        Jars.write(app.dir().resolve("target/shop-0.9.jar"), null);
        Path jar = Jars.write(app.dir().resolve("target/shop-1.0.jar"), "demo.Main");
        Jars.write(app.dir().resolve("target/other.jar"), "demo.Main");

        assertThat(app.jar()).contains(jar);
    }

    @Test
    void hasNoJarBeforeTheFirstBuild() throws IOException {
        assertThat(app("shop").jar()).isEmpty();
    }

    @Test
    void readsTheMainClassFromTheManifest() throws IOException {
        assertThat(AppDirectory.mainClass(Jars.write(tmp.resolve("a.jar"), "demo.Main")))
                .contains("demo.Main");
        assertThat(AppDirectory.mainClass(Jars.write(tmp.resolve("b.jar"), null)))
                .isEmpty();
        assertThat(AppDirectory.mainClass(Files.writeString(tmp.resolve("c.jar"), "not a zip")))
                .isEmpty();
    }

    @Test
    void needsABuildWhenTheJarIsMissing() throws IOException {
        assertThat(app("shop").needsBuild()).isTrue();
    }

    @Test
    void needsNoBuildWhenTheJarIsNewerThanPomAndSources() throws IOException {
        AppDirectory app = appWithSourcesAndJar();

        assertThat(app.needsBuild()).isFalse();
    }

    @Test
    void needsABuildWhenASourceFileChanged() throws IOException {
        AppDirectory app = appWithSourcesAndJar();
        Path resource =
                Files.createDirectories(app.dir().resolve("src/main/resources")).resolve("app.properties");
        Files.writeString(resource, "x=1");
        Files.setLastModifiedTime(resource, FileTime.from(Instant.parse("2026-01-03T00:00:00Z")));

        assertThat(app.needsBuild()).isTrue();
    }

    @Test
    void needsNoBuildWhenOnlyATestChanged() throws IOException {
        AppDirectory app = appWithSourcesAndJar();
        Path test =
                Files.createDirectories(app.dir().resolve("src/test/java/demo")).resolve("MainTest.java");
        Files.writeString(test, "class MainTest {}");
        Files.setLastModifiedTime(test, FileTime.from(Instant.parse("2026-01-03T00:00:00Z")));

        assertThat(app.needsBuild()).isFalse();
    }

    @Test
    void needsABuildWhenThePomChanged() throws IOException {
        AppDirectory app = appWithSourcesAndJar();
        Files.setLastModifiedTime(app.pom(), FileTime.from(Instant.parse("2026-01-03T00:00:00Z")));

        assertThat(app.needsBuild()).isTrue();
    }

    private AppDirectory app(String artifactId) throws IOException {
        Jars.project(cwd.resolve(artifactId), artifactId);
        return AppDirectory.resolve("start-api", artifactId, cwd, null);
    }

    private AppDirectory appWithSourcesAndJar() throws IOException {
        AppDirectory app = app("shop");
        Path source =
                Files.createDirectories(app.dir().resolve("src/main/java/demo")).resolve("Main.java");
        Files.writeString(source, "class Main {}");
        Files.setLastModifiedTime(source, EARLIER);
        Files.setLastModifiedTime(app.pom(), EARLIER);
        Path jar = Jars.write(app.dir().resolve("target/shop.jar"), "demo.Main");
        Files.setLastModifiedTime(jar, LATER);
        return app;
    }
}
