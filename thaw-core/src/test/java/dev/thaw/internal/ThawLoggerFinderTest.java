package dev.thaw.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code System.getLogger} in a fresh JVM with thaw-core on the classpath lands in thaw's writer. */
class ThawLoggerFinderTest {

    @TempDir
    Path tmp;

    /** Runs {@link LoggerProbe} in a child JVM; returns its standard output lines and loaded classes. */
    private List<List<String>> probe(Map<String, String> env) throws IOException, InterruptedException {
        Path classes = tmp.resolve("classes.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath =
                coreJar() + File.pathSeparator + Path.of("target/test-classes").toAbsolutePath();
        ProcessBuilder builder = new ProcessBuilder(
                java,
                "-Xshare:auto",
                "-Xlog:class+load=info:file=" + classes,
                "-cp",
                classpath,
                LoggerProbe.class.getName());
        builder.environment().remove("AWS_LAMBDA_LOG_FORMAT");
        builder.environment().remove("AWS_LAMBDA_LOG_LEVEL");
        builder.environment().putAll(env);
        builder.redirectErrorStream(true);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return List.of(out.lines().toList(), Files.readAllLines(classes));
    }

    /** Packs thaw-core's compiled classes and resources as its jar ships them (tests run before packaging). */
    private Path coreJar() throws IOException {
        Path classes = Path.of("target/classes").toAbsolutePath();
        Path jar = tmp.resolve("thaw-core.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(
                        new JarEntry(classes.relativize(file).toString().replace(File.separatorChar, '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    @Test
    void routesSystemLoggerToThawsJsonLinesWithoutLoadingJavaUtilLogging() throws Exception {
        List<List<String>> result = probe(Map.of("AWS_LAMBDA_LOG_FORMAT", "JSON"));
        List<String> out = result.get(0);
        List<String> loaded = result.get(1);

        assertThat(out).hasSize(2);
        Map<String, Object> info = LogTest.parse(out.get(0));
        assertThat(info)
                .containsEntry("level", "INFO")
                .containsEntry("message", "hello world")
                .containsEntry("logger", "probe.Library");
        Map<String, Object> error = LogTest.parse(out.get(1));
        assertThat(error)
                .containsEntry("level", "ERROR")
                .containsEntry("message", "failed")
                .containsEntry("errorType", "java.lang.IllegalStateException")
                .containsEntry("errorMessage", "boom");
        assertThat((List<?>) error.get("stackTrace"))
                .first()
                .asString()
                .startsWith("dev.thaw.internal.LoggerProbe.main");

        assertThat(loaded)
                .anyMatch(line -> line.contains(" dev.thaw.internal.ThawLoggerFinder source: file:")
                        && line.contains("thaw-core.jar"));
        assertThat(loaded).noneMatch(line -> line.contains("java.util.logging."));
        assertThat(loaded).noneMatch(line -> line.contains("sun.util.logging.internal"));
    }

    @Test
    void writesTextAndHonoursTheLevelFromTheEnvironment() throws Exception {
        List<String> out = probe(Map.of("AWS_LAMBDA_LOG_LEVEL", "DEBUG")).get(0);

        assertThat(out).hasSize(4); // INFO, DEBUG, ERROR and its first frame
        assertThat(out.get(0).split("\t")).endsWith("INFO", "-", "probe.Library", "hello world");
        assertThat(out.get(1).split("\t")).endsWith("DEBUG", "-", "probe.Library", "hidden at INFO");
        assertThat(out.get(2).split("\t"))
                .endsWith("ERROR", "-", "probe.Library", "failed java.lang.IllegalStateException: boom");
        assertThat(out.get(3)).startsWith("\tat dev.thaw.internal.LoggerProbe.main(");
    }

    @ParameterizedTest
    @CsvSource({
        "ALL, 0",
        "TRACE, 0",
        "DEBUG, 1",
        "INFO, 2",
        "WARNING, 3",
        "ERROR, 4",
        "OFF, 6",
    })
    void mapsJdkLevelsToThawsLevels(Level level, int thaw) {
        assertThat(ThawLogger.level(level)).isEqualTo(thaw);
    }

    @Test
    void answersIsLoggableFromTheThresholdAndFormatsParametersAndBundles() {
        List<String> lines = new ArrayList<>();
        System.Logger logger = new ThawLogger("lib", Log.of("JSON", "WARN", lines::add));

        assertThat(logger.isLoggable(Level.INFO)).isFalse();
        assertThat(logger.isLoggable(Level.WARNING)).isTrue();
        assertThat(logger.isLoggable(Level.OFF)).isFalse();
        logger.log(Level.INFO, "dropped {0}", "x");
        logger.log(Level.WARNING, "{0} of {1} left", 3, "10");
        logger.log(Level.ERROR, () -> "supplied");
        logger.log(Level.OFF, "never");

        assertThat(lines).hasSize(2);
        assertThat(LogTest.parse(lines.get(0)))
                .containsEntry("message", "3 of 10 left")
                .containsEntry("level", "WARN")
                .containsEntry("logger", "lib");
        assertThat(LogTest.parse(lines.get(1))).containsEntry("message", "supplied");
    }
}
