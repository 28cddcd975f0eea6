package dev.thaw.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * The floor of {@code thaw bench}: a raw-socket JVM loop that answers every event with a fixed response,
 * built at bench time from the source in this jar's resources ({@code ThawFloor.java.txt}) with the JDK
 * running thaw, packaged like an app ({@code bootstrap} from {@link Bootstrap}, so it starts with the same
 * flags, and {@code lib/floor.jar}) and run on the same java as the app. Its AOT cache
 * ({@code floor.aot}) is trained here by running the floor against the emulator for
 * {@value #TRAINING_INVOCATIONS} invocations and letting it exit normally, which is when the JVM writes it.
 */
final class FloorFunction {

    static final String MAIN_CLASS = "ThawFloor";
    static final String CACHE = "floor.aot";
    static final int TRAINING_INVOCATIONS = 20;

    private FloorFunction() {}

    /**
     * Writes the floor's package into {@code dir} (compiled, jarred, with its bootstrap) and returns it.
     *
     * @param forCache whether the package is for the AOT cache variant: the JVM refuses {@code -XX:AOTCache}
     *     and {@code -XX:AOTCacheOutput} next to any {@code -Xshare} option, which bootstrap's flags hold, so
     *     that variant's bootstrap goes without it (a cache implies the use of CDS anyway)
     * @throws CliException when the JDK has no compiler or the source does not compile
     */
    static Path build(Path dir, boolean forCache) throws IOException {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Path source = classes.resolve(MAIN_CLASS + ".java");
        try (InputStream in = FloorFunction.class.getResourceAsStream("ThawFloor.java.txt")) {
            if (in == null) {
                throw new IllegalStateException(
                        "bench: the floor's source ThawFloor.java.txt is missing from thaw's jar");
            }
            Files.write(source, in.readAllBytes());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw CliException.failure("bench: cannot compile the floor: " + System.getProperty("java.home")
                    + " has no Java compiler (a JRE?); run thaw on a JDK 25");
        }
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        // inline string concatenation keeps StringConcatFactory's bootstrap, and its classes, out of the floor
        int status = javac.run(
                null, diagnostics, diagnostics, "-XDstringConcat=inline", "-d", classes.toString(), source.toString());
        if (status != 0) {
            throw CliException.failure("bench: compiling the floor " + source + " failed: "
                    + diagnostics.toString(StandardCharsets.UTF_8));
        }
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, MAIN_CLASS);
        try (OutputStream file = Files.newOutputStream(lib.resolve("floor.jar"));
                JarOutputStream jar = new JarOutputStream(file, manifest)) {
            jar.putNextEntry(new JarEntry(MAIN_CLASS + ".class"));
            jar.write(Files.readAllBytes(classes.resolve(MAIN_CLASS + ".class")));
            jar.closeEntry();
        }
        String script = Bootstrap.script("thaw-floor", List.of("floor.jar"), MAIN_CLASS, true);
        Path bootstrap = dir.resolve("bootstrap");
        Files.writeString(bootstrap, forCache ? script.replace(" -Xshare:auto", "") : script);
        Files.setPosixFilePermissions(bootstrap, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.deleteIfExists(dir.resolve(CACHE));
        return dir;
    }

    /**
     * Trains the floor's AOT cache with {@code -XX:AOTCacheOutput} on the java {@code config} names and
     * returns the cache, or null (with the reason on {@code log}) when the JVM wrote none.
     *
     * @param config the floor's function configuration (its directory, java and log)
     */
    static Path train(FunctionConfig config, byte[] event, PrintStream log) throws IOException, InterruptedException {
        Path cache = config.functionDir().resolve(CACHE).toAbsolutePath();
        Files.deleteIfExists(cache);
        FunctionConfig training = config.withEnvironment(Map.of(
                "THAW_AOT",
                "off",
                // on the boot class path, as floor+aot then runs (see BenchConfig)
                "THAW_BOOT_CLASSPATH",
                "on",
                "THAW_JAVA_OPTS",
                "-XX:AOTCacheOutput=" + cache,
                "THAW_FLOOR_INVOCATIONS",
                Integer.toString(TRAINING_INVOCATIONS)));
        ExecutionEnvironment environment = ExecutionEnvironment.start(training, 0);
        try {
            for (int i = 0; i < TRAINING_INVOCATIONS; i++) {
                InvocationResult result = environment.invoke(event, null);
                if (result.kind() != InvocationResult.Kind.RESPONSE) {
                    log.println("thaw bench: training the floor's AOT cache failed at invocation " + (i + 1) + ": "
                            + new String(result.body(), StandardCharsets.UTF_8));
                    return null;
                }
            }
            // the JVM assembles the cache as it exits, in a child JVM, which takes a few seconds
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (environment.isUsable() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        } finally {
            environment.kill();
        }
        if (!Files.isRegularFile(cache) || Files.size(cache) == 0) {
            log.println("thaw bench: the floor's training run exited without writing " + cache
                    + "; floor+aot is not available (see the floor's output above)");
            return null;
        }
        return cache;
    }
}
