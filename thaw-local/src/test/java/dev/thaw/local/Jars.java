package dev.thaw.local;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.ToolProvider;

/** Writes small jars and Maven project layouts for tests. */
final class Jars {

    private Jars() {}

    /** Writes an empty jar whose manifest names {@code mainClass} (none when null). */
    static Path write(Path jar, String mainClass) throws IOException {
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (mainClass != null) {
            manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
        }
        try (OutputStream out = Files.newOutputStream(jar)) {
            new JarOutputStream(out, manifest).close();
        }
        return jar;
    }

    /** Writes {@code dir/pom.xml} declaring {@code artifactId}. */
    static Path project(Path dir, String artifactId) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve("pom.xml"),
                "<project><modelVersion>4.0.0</modelVersion><groupId>test</groupId><artifactId>" + artifactId
                        + "</artifactId><version>1</version></project>");
        return dir;
    }

    /**
     * Compiles Java sources (path under the source root → text) with the JDK's compiler: the sources go to
     * {@code work/src}, the classes to the returned {@code work/classes}.
     */
    static Path compile(Path work, Map<String, String> sources) throws IOException {
        return compile(work, sources, List.of());
    }

    /** As {@link #compile(Path, Map)}, against the jars of {@code classPath}. */
    static Path compile(Path work, Map<String, String> sources, List<Path> classPath) throws IOException {
        return compile(work, sources, classPath, null);
    }

    /** As {@link #compile(Path, Map, List)}, for Java {@code release} (this JDK's when null). */
    static Path compile(Path work, Map<String, String> sources, List<Path> classPath, String release)
            throws IOException {
        Path classes = Files.createDirectories(work.resolve("classes"));
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-proc:none"));
        if (release != null) {
            args.addAll(List.of("--release", release, "-Xlint:-options"));
        }
        if (!classPath.isEmpty()) {
            args.add("-cp");
            args.add(String.join(
                    File.pathSeparator, classPath.stream().map(Path::toString).toList()));
        }
        for (var source : sources.entrySet()) {
            Path file = work.resolve("src").resolve(source.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            args.add(file.toString());
        }
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int code = ToolProvider.getSystemJavaCompiler().run(null, null, errors, args.toArray(String[]::new));
        if (code != 0) {
            throw new IllegalStateException("javac failed: " + errors.toString(StandardCharsets.UTF_8));
        }
        return classes;
    }

    /**
     * Rewrites {@code original}'s lambdas and string concatenations as {@code thaw package} does
     * ({@link PlainCallSites}) into {@code rewritten}, and returns what the rewrite found.
     */
    static PlainCallSites.Result rewriteCallSites(Path original, Path rewritten) throws IOException {
        PlainCallSites.Result result = PlainCallSites.of(List.of(original));
        Files.createDirectories(rewritten.getParent());
        JarManifests.copyStored(original, rewritten, false, result.forJar(original), false);
        return result;
    }

    /** Where {@link #runMain} puts the jar: on the class path (verified) or on the boot class path (not). */
    enum Placement {
        CLASS_PATH,
        BOOT_CLASS_PATH
    }

    /**
     * What a JVM printed (stdout and stderr) and its exit status.
     *
     * @param status the exit status
     * @param output everything it wrote
     */
    record Run(int status, String output) {

        /** Returns the output's lines, failing unless the JVM exited with 0. */
        List<String> lines() {
            if (status != 0) {
                throw new AssertionError("the JVM exited with " + status + ": " + output);
            }
            return output.lines().toList();
        }
    }

    /**
     * Runs {@code mainClass} from {@code jar} in a fresh JVM of this JDK, placed as {@code placement} says,
     * with {@code options} before it (a class-load log, say).
     */
    static Run runMain(Path jar, Placement placement, String mainClass, String... options)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(options));
        if (placement == Placement.CLASS_PATH) {
            command.add("-cp");
            command.add(jar.toString());
        } else {
            command.add("-Xbootclasspath/a:" + jar);
        }
        command.add(mainClass);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (var in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(mainClass + " did not end within 60 s: " + output);
        }
        return new Run(process.exitValue(), output);
    }

    /** Writes a jar of the files under {@code classes/dir} with {@code attributes} in its manifest. */
    static Path write(Path jar, Map<String, String> attributes, Path classes, String dir) throws IOException {
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.forEach((name, value) -> manifest.getMainAttributes().putValue(name, value));
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes.resolve(dir))) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            for (Path file : files) {
                out.putNextEntry(
                        new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(file));
                out.closeEntry();
            }
        }
        return jar;
    }
}
