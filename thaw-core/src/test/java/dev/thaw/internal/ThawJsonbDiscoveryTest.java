package dev.thaw.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Whether {@link ThawJsonb} searches the class path, seen from a JVM of its own through its class loading:
 * {@code dev.thaw.ThawJsonComponent} is named only in {@code META-INF/services}, so it is loaded exactly
 * when the service loader runs.
 */
class ThawJsonbDiscoveryTest {

    private static final String LISTED_ONLY = "dev.thaw.ThawJsonComponent";

    @Test
    void findsTheAppsComponentOnTheClassPathWhenNotRegistered() throws Exception {
        List<String> out = probe();

        assertThat(out).contains("json={\"name\":\"n\",\"children\":[]}", "discoveries=1");
        assertThat(loaded(out, LISTED_ONLY)).isTrue();
        assertThat(loaded(out, "java.util.ServiceLoader")).isTrue();
    }

    @Test
    void doesNotSearchTheClassPathWhenTheAppRegisteredItsComponent() throws Exception {
        List<String> out = probe("use");

        assertThat(out).contains("json={\"name\":\"n\",\"children\":[]}", "discoveries=0");
        assertThat(loaded(out, LISTED_ONLY)).isFalse();
        assertThat(loaded(out, "java.util.ServiceLoader")).isFalse();
    }

    private static boolean loaded(List<String> out, String className) {
        for (String line : out) {
            // -Xlog:class+load: "[info][class,load] java.util.ServiceLoader source: jrt:/java.base"
            if (line.contains("[class,load] " + className + " ")) {
                return true;
            }
        }
        return false;
    }

    private static List<String> probe(String... args) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new java.util.ArrayList<>(List.of(
                java.toString(),
                "-Xshare:auto",
                "-Xlog:class+load=info:stdout",
                "-cp",
                System.getProperty("java.class.path"),
                DiscoveryProbe.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] bytes = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(text).isZero();
        return text.lines().toList();
    }
}
