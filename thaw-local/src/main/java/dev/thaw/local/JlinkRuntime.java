package dev.thaw.local;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * The function's own Java runtime ({@code function/runtime/}): a jlinked image of this JDK with only the
 * modules the application's jars need, as {@code jdeps} computes them, and its default CDS archive (the
 * JDK's class list, plus the JDK classes the app uses once the AOT cache is trained).
 * jdeps and jlink run in this JVM through {@link ToolProvider}.
 */
final class JlinkRuntime {

    /**
     * Modules jdeps cannot see in the jars but the function needs at run time. None so far: TLS's elliptic
     * curves have lived in java.base since JDK 22, and jdk.httpserver comes from thaw-server's own
     * references.
     */
    static final List<String> EXTRA_MODULES = List.of();

    /**
     * What was built.
     *
     * @param modules the modules in the image, sorted
     * @param bytes the image's size on disk
     */
    record Image(List<String> modules, long bytes) {}

    private JlinkRuntime() {}

    /**
     * Returns the modules {@code jars} need, by jdeps's analysis at Java 25 plus {@link #EXTRA_MODULES}.
     *
     * @throws CliException when jdeps is missing or fails
     */
    static List<String> modules(List<Path> jars) {
        String classPath = String.join(":", jars.stream().map(Path::toString).toList());
        List<String> args = new ArrayList<>(List.of(
                "--multi-release", "25", "--ignore-missing-deps", "--print-module-deps", "--class-path", classPath));
        jars.forEach(jar -> args.add(jar.toString()));
        String output = run("jdeps", args);
        TreeSet<String> modules = new TreeSet<>(EXTRA_MODULES);
        // the module list is jdeps's last line; warnings (split packages between the roots and the class
        // path) come before it
        List<String> lines = output.lines().filter(line -> !line.isBlank()).toList();
        String last = lines.isEmpty() ? "" : lines.getLast().trim();
        if (!last.matches("[a-z][a-z0-9_.]*(,[a-z][a-z0-9_.]*)*")) {
            throw CliException.failure(
                    "package: computing the modules of " + jars.getFirst().getFileName() + " with jdeps: no module"
                            + " list in its output: " + output.strip());
        }
        for (String module : last.split(",")) {
            modules.add(module);
        }
        modules.add("java.base");
        return List.copyOf(modules);
    }

    /**
     * Writes a runtime image with {@code modules} into {@code output}, which must not exist.
     *
     * @throws CliException when jlink is missing or fails
     */
    static Image build(List<String> modules, Path output) {
        run(
                "jlink",
                List.of(
                        "--add-modules",
                        String.join(",", modules),
                        "--strip-debug",
                        "--no-man-pages",
                        "--no-header-files",
                        "--output",
                        output.toString()));
        if (!Files.isExecutable(output.resolve("bin/java"))) {
            throw CliException.failure("package: jlink wrote no " + output.resolve("bin/java"));
        }
        // Without a default CDS archive the image starts far slower. Made here rather than with jlink's
        // --generate-cds-archive, whose dump prints a warning for each class of the JDK's list that the
        // image leaves out; and only for compressed oops (heaps under 32 GB: Lambda's 10 GB never reach it).
        dumpCds(output, List.of());
        return new Image(modules, size(output));
    }

    /**
     * (Re)writes the runtime's default CDS archive, {@code lib/server/classes.jsa}, with the JDK's class
     * list ({@code lib/classlist}) plus {@code moreLines}: class-list lines, internal class names (such as
     * the JDK classes the app loads, which the JDK's list, made from a small program, lacks) and
     * {@code @lambda-proxy}/{@code @lambda-form-invoker} directives ({@link UncachedClassList}). It serves
     * whenever bootstrap runs without the AOT cache. Classes the image does not hold are skipped.
     *
     * @throws CliException when the dump fails, with the JVM's output
     */
    static void dumpCds(Path runtime, List<String> moreLines) {
        Path list = runtime.resolve("lib/classlist");
        Path merged = runtime.resolve("lib/classlist.thaw");
        List<String> command =
                new ArrayList<>(List.of(runtime.resolve("bin/java").toString(), "-Xshare:dump"));
        try {
            if (!moreLines.isEmpty()) {
                LinkedHashSet<String> lines = new LinkedHashSet<>();
                if (Files.isRegularFile(list)) {
                    lines.addAll(Files.readAllLines(list));
                }
                lines.addAll(moreLines);
                Files.write(merged, lines);
                command.add("-XX:SharedClassListFile=" + merged);
            } else if (Files.isRegularFile(list)) {
                command.add("-XX:SharedClassListFile=" + list);
            }
            command.add("-XX:SharedArchiveFile=" + runtime.resolve("lib/server/classes.jsa"));
            Process process = new ProcessBuilder(command)
                    .directory(runtime.toFile())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = process.waitFor();
            if (status != 0) {
                throw CliException.failure("package: writing the CDS archive of " + runtime + " with "
                        + String.join(" ", command) + " failed (exit status " + status + "): " + output.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing the CDS archive of " + runtime + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.failure("package: interrupted while writing the CDS archive of " + runtime, e);
        } finally {
            try {
                Files.deleteIfExists(merged);
            } catch (IOException e) {
                // a leftover list is harmless; the next package overwrites it
            }
        }
    }

    /** Returns the bytes of every file under {@code dir}. */
    static long size(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            long total = 0;
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                total += Files.size(file);
            }
            return total;
        } catch (IOException e) {
            throw new UncheckedIOException("measuring " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Runs a JDK tool in this JVM; returns what it printed. */
    private static String run(String tool, List<String> args) {
        ToolProvider provider = ToolProvider.findFirst(tool)
                .orElseThrow(() -> CliException.failure("package: running " + tool + ": this Java ("
                        + System.getProperty("java.home") + ") has no " + tool + ": run thaw on a JDK 25"));
        StringWriter output = new StringWriter();
        int status;
        try (PrintWriter writer = new PrintWriter(output)) {
            status = provider.run(writer, writer, args.toArray(String[]::new));
        }
        if (status != 0) {
            throw CliException.failure("package: " + tool + " " + String.join(" ", args) + " failed (exit status "
                    + status + "): " + output.toString().strip());
        }
        return output.toString();
    }
}
