package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PomTest {

    @TempDir
    Path dir;

    private Path pom(String xml) throws IOException {
        return Files.writeString(dir.resolve("pom.xml"), xml);
    }

    @Test
    void readsTheProjectsOwnArtifactIdNotTheParents() throws IOException {
        Path pom = pom("""
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <parent>
                    <groupId>dev.thaw</groupId>
                    <artifactId>thaw-parent</artifactId>
                    <version>0.1.0-SNAPSHOT</version>
                  </parent>
                  <dependencies><dependency><artifactId>thaw-run</artifactId></dependency></dependencies>
                  <artifactId>
                    users-api
                  </artifactId>
                </project>
                """);

        assertThat(Pom.artifactId(pom)).isEqualTo("users-api");
    }

    @Test
    void readsThisModulesOwnPom() {
        assertThat(Pom.artifactId(Path.of("pom.xml"))).isEqualTo("thaw-local");
    }

    @Test
    void namesTheFileWhenTheArtifactIdIsMissing() throws IOException {
        Path pom = pom("<project><parent><artifactId>p</artifactId></parent></project>");

        assertThatThrownBy(() -> Pom.artifactId(pom))
                .isInstanceOf(CliException.class)
                .hasMessage("reading " + pom + ": <project> has no <artifactId>");
    }

    @Test
    void reportsMalformedXml() throws IOException {
        Path pom = pom("<project><artifactId>x</project>");

        assertThatThrownBy(() -> Pom.artifactId(pom))
                .isInstanceOf(CliException.class)
                .hasMessageStartingWith("reading " + pom + ": not well-formed XML");
    }

    @Test
    void rejectsAFileThatIsNotAPom() throws IOException {
        Path pom = pom("<settings><artifactId>x</artifactId></settings>");

        assertThatThrownBy(() -> Pom.artifactId(pom))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("the root element is <settings>, not <project>");
    }

    @Test
    void refusesDoctypesSoNoExternalEntityIsRead() throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "leaked");
        Path pom = pom("<?xml version=\"1.0\"?><!DOCTYPE project [<!ENTITY s SYSTEM \"" + secret.toUri()
                + "\">]><project><artifactId>&s;</artifactId></project>");

        assertThatThrownBy(() -> Pom.artifactId(pom))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("not well-formed XML")
                .hasMessageNotContaining("leaked");
    }
}
