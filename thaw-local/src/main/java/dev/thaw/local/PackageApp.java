package dev.thaw.local;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code thaw package}: builds the application when needed and writes its Lambda deployment into
 * {@code APP_DIR/target/}: {@code function/} (an executable {@code bootstrap}, {@code lib/} with every
 * jar, and {@code sbom.cdx.json} when the build wrote a CycloneDX {@code target/bom.json}),
 * {@code function.zip} with the same files at its root, and the SAM {@code template.yaml}. The
 * template declares the function on {@code provided.al2023}, and also on the managed {@code java21} runtime
 * when the app jar has a {@code dev.thaw.lambda.StreamHandler} subclass to name as its handler (see
 * {@link ManagedHandlers}).
 */
final class PackageApp {

    /** The CycloneDX SBOM the application's build writes (cyclonedx-maven-plugin, {@code makeBom}). */
    static final String BUILT_SBOM = "bom.json";
    /** The name the SBOM gets in {@code function/} and {@code function.zip}. */
    static final String SBOM = "sbom.cdx.json";

    private final Path cwd;
    private final Path home;
    private final AppBuild build;
    private final PrintStream out;
    private final PrintStream err;

    /**
     * @param cwd the caller's directory, against which a relative APP_DIR is resolved first
     * @param home the thaw repository root, or null when unknown
     * @param mvn the Maven executable used to build the application
     */
    PackageApp(Path cwd, Path home, String mvn, PrintStream out, PrintStream err) {
        this.cwd = cwd;
        this.home = home;
        this.build = new AppBuild("package", mvn, home, err);
        this.out = out;
        this.err = err;
    }

    /**
     * What was written.
     *
     * @param function the {@code function/} directory
     * @param zip {@code function.zip}
     * @param template {@code template.yaml}
     * @param jars the jar names in {@code function/lib/}, in classpath order
     * @param mainClass the class {@code bootstrap} runs
     * @param handlers the app jar's {@code StreamHandler} subclasses; the first is the managed-runtime
     *     function's handler, and without one the template declares only the {@code provided.al2023} function
     * @param image the bundled runtime, or null when there is none
     * @param trained the AOT cache's training, or null when there is no cache
     * @param bootPath whether bootstrap puts the jars on the boot class path on Lambda, and if not, why
     * @param callSites the lambdas and string concatenations of the jars made plain calls ({@link PlainCallSites})
     */
    record Written(
            Path function,
            Path zip,
            Path template,
            List<String> jars,
            String mainClass,
            ManagedHandlers handlers,
            JlinkRuntime.Image image,
            AotTraining.Trained trained,
            BootClassPath.Fit bootPath,
            PlainCallSites.Result callSites) {}

    /**
     * Packages the application and prints what it wrote.
     *
     * @throws CliException when the app cannot be found or built, or a file cannot be written
     */
    Written run(PackageOptions options) {
        AppDirectory app = AppDirectory.resolve("package", options.appDir(), cwd, home);
        AppBuild.RunnableJar runnable = build.ensureJar(app, options.build(), cwd);
        Path target = app.dir().resolve("target");
        RuntimeJars runtime;
        try {
            runtime = RuntimeJars.of(runnable.jar(), target.resolve("lib"));
        } catch (UncheckedIOException e) {
            throw CliException.failure("package: " + e.getMessage(), e);
        }
        for (Path stale : runtime.leftOut()) {
            err.println("thaw package: leaving out " + stale + ": it is not on "
                    + runnable.jar().getFileName() + "'s Class-Path (left over from an earlier build?)");
        }
        List<String> jarNames =
                runtime.jars().stream().map(jar -> jar.getFileName().toString()).toList();
        ManagedHandlers handlers = managedHandlers(runnable.jar());
        BootClassPath.Fit bootPath;
        try {
            bootPath = options.bootPath()
                    ? BootClassPath.of(runtime.jars())
                    : BootClassPath.Fit.no("packaged with --class-path");
        } catch (UncheckedIOException e) {
            throw CliException.failure("package: " + e.getMessage(), e);
        }
        PlainCallSites.Result callSites;
        try {
            callSites = options.plainCallSites() ? PlainCallSites.of(runtime.jars()) : PlainCallSites.Result.none();
        } catch (UncheckedIOException e) {
            throw CliException.failure("package: " + e.getMessage(), e);
        }
        String script = Bootstrap.script(app.artifactId(), jarNames, runnable.mainClass(), bootPath.fits());
        String handler = handlers.chosen().orElse(null);

        Path function = target.resolve("function");
        Path zip = target.resolve("function.zip");
        Path template = target.resolve("template.yaml");
        Path writing = function;
        boolean bundle = options.runtime() && sameArch(options);
        JlinkRuntime.Image image = null;
        AotTraining.Trained trained = null;
        try {
            deleteTree(function);
            Path lib = Files.createDirectories(function.resolve("lib"));
            for (Path jar : runtime.jars()) {
                writing = lib.resolve(jar.getFileName());
                // Stored, for class loading without the AOT cache. bootstrap names every jar: the app
                // jar's manifest lib/x.jar would resolve to lib/lib/x.jar, so its Class-Path goes.
                // On the boot class path a multi-release jar needs its variants as base entries.
                JarManifests.copyStored(
                        jar, writing, jar.equals(runtime.jars().getFirst()), callSites.forJar(jar), bootPath.fits());
            }
            writing = function.resolve("bootstrap");
            Files.writeString(writing, script, StandardCharsets.UTF_8);
            makeExecutable(writing);
            writing = function.resolve(SBOM);
            copySbom(target.resolve(BUILT_SBOM), runnable.jar(), writing);
            if (bundle) {
                writing = function.resolve("runtime");
                List<Path> libJars = runtime.jars().stream()
                        .map(jar -> lib.resolve(jar.getFileName()))
                        .toList();
                image = JlinkRuntime.build(JlinkRuntime.modules(libJars), writing);
                // the times the zip gives them, before training records the jars'
                PackageTimes.apply(function);
                if (options.aot()) {
                    writing = function.resolve(AotTraining.CACHE);
                    trained = AotTraining.train(
                            function,
                            app.artifactId(),
                            Bootstrap.classpath(jarNames),
                            TrainingEvents.of(app.dir()),
                            bootPath.fits());
                }
            }
            PackageTimes.apply(function);
            writing = zip;
            writeZip(function, zip);
            writing = template;
            Files.writeString(template, SamTemplate.yaml(app.artifactId(), "function.zip", options, handler));
        } catch (IOException | UncheckedIOException e) {
            throw CliException.failure("package: writing " + writing + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.failure("package: interrupted while writing " + writing, e);
        }
        Written written = new Written(
                function, zip, template, jarNames, runnable.mainClass(), handlers, image, trained, bootPath, callSites);
        summarize(app, written, options);
        return written;
    }

    /**
     * Copies the build's SBOM into the function, so the deployed package says what it holds. One older than
     * the app jar describes an earlier build and is left out, with a warning.
     */
    private void copySbom(Path built, Path appJar, Path copy) throws IOException {
        if (!Files.isRegularFile(built)) {
            return;
        }
        if (Files.getLastModifiedTime(built).compareTo(Files.getLastModifiedTime(appJar)) < 0) {
            err.println("thaw package: leaving out " + built + ": it is older than " + appJar.getFileName()
                    + " (rebuild with mvn package to refresh it)");
            return;
        }
        Files.copy(built, copy, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Returns whether this JDK can be jlinked for {@code options.arch()}; warns when it cannot. */
    private boolean sameArch(PackageOptions options) {
        String here = System.getProperty("os.arch");
        boolean same;
        try {
            same = PackageOptions.lambdaArch(here).equals(options.arch());
        } catch (CliException e) {
            same = false;
        }
        if (!same) {
            err.println("thaw package: bundling no runtime and no AOT cache: this JDK is built for " + here
                    + ", the function for " + options.arch() + "; bootstrap will need JAVA_HOME on Lambda");
        }
        return same;
    }

    /** Finds the app jar's managed-runtime handlers and warns about any it cannot use or must choose among. */
    private ManagedHandlers managedHandlers(Path appJar) {
        ManagedHandlers handlers;
        try {
            handlers = ManagedHandlers.in(appJar);
        } catch (UncheckedIOException | IllegalArgumentException e) {
            // the message names the jar and the class file that could not be read
            throw CliException.failure(
                    "package: looking for " + ManagedHandlers.STREAM_HANDLER.replace('/', '.') + " subclasses: "
                            + e.getMessage() + ": rebuild the app jar (for Java 25 or older)",
                    e);
        }
        for (String unusable : handlers.unusable()) {
            err.println("thaw package: skipping " + unusable + ": Lambda's managed runtime could not create it"
                    + " as the function's handler");
        }
        if (handlers.handlers().size() > 1) {
            err.println("thaw package: " + appJar.getFileName() + " has "
                    + handlers.handlers().size()
                    + " StreamHandler subclasses (" + String.join(", ", handlers.handlers()) + "): the "
                    + SamTemplate.JAVA_RUNTIME + " function uses the first, "
                    + handlers.handlers().getFirst()
                    + "; edit template.yaml's Handler to choose another");
        }
        return handlers;
    }

    /**
     * Writes {@code dir}'s files into {@code zip}, at its root, in ascending name order; executables keep
     * mode 0755, everything else gets 0644 (directories 0755), whatever the umask.
     */
    static void writeZip(Path dir, Path zip) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(dir)) {
            paths = walk.filter(p -> !p.equals(dir)).toList();
        }
        List<String> names = new ArrayList<>();
        for (Path p : paths) {
            String name = dir.relativize(p).toString().replace('\\', '/');
            names.add(Files.isDirectory(p) ? name + "/" : name);
        }
        names.sort(Comparator.naturalOrder());
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(zip));
                ZipWriter writer = new ZipWriter(file)) {
            for (String name : names) {
                if (name.endsWith("/")) {
                    writer.directory(name);
                } else {
                    Path p = dir.resolve(name);
                    writer.file(name, Files.readAllBytes(p), isExecutable(p), PackageTimes.of(name));
                }
            }
        }
    }

    private void summarize(AppDirectory app, Written written, PackageOptions options) {
        String shown = app.shownFrom(cwd);
        long size;
        try {
            size = Files.size(written.zip());
        } catch (IOException e) {
            throw CliException.failure("package: reading the size of " + written.zip() + ": " + e.getMessage(), e);
        }
        int jars = written.jars().size();
        String target = shown + "/target/";
        out.println("thaw package: packaged " + shown + " (Main-Class " + written.mainClass() + ")");
        out.printf(
                Locale.ROOT,
                "  %-40s bootstrap, lib/ with %d jar%s%n",
                target + "function/",
                jars,
                jars == 1 ? "" : "s");
        out.printf(
                Locale.ROOT,
                "  %-40s %s%n",
                "",
                written.bootPath().fits()
                        ? "on Lambda bootstrap puts the jars on the boot class path, where the AOT cache is trained"
                        : "the jars stay on the class path: "
                                + written.bootPath().why());
        if (written.callSites().any()) {
            out.printf(Locale.ROOT, "  %-40s %s%n", "", written.callSites().summary());
        }
        out.printf(Locale.ROOT, "  %-40s %d bytes (%.1f KiB)%n", target + "function.zip", size, size / 1024.0);
        String id = SamTemplate.logicalId(app.artifactId());
        String handler = written.handlers().chosen().orElse(null);
        out.printf(
                Locale.ROOT,
                "  %-40s SAM: %s, %d MB, %d s, an HTTP API per function%n",
                target + "template.yaml",
                options.arch(),
                options.memory(),
                options.timeout());
        out.printf(Locale.ROOT, "  %-40s %s on provided.al2023 (bootstrap runs %s)%n", "", id, written.mainClass());
        if (handler != null) {
            out.printf(
                    Locale.ROOT,
                    "  %-40s %s on %s with SnapStart (%s)%n",
                    "",
                    id + SamTemplate.JAVA_SUFFIX,
                    SamTemplate.JAVA_RUNTIME,
                    ManagedHandlers.handlerSetting(handler));
        } else {
            out.printf(
                    Locale.ROOT,
                    "  %-40s no %s function: %s has no public concrete subclass of %s to name as its handler%n",
                    "",
                    SamTemplate.JAVA_RUNTIME,
                    written.jars().getFirst(),
                    ManagedHandlers.STREAM_HANDLER.replace('/', '.'));
        }
        JlinkRuntime.Image image = written.image();
        if (image == null) {
            out.printf(
                    Locale.ROOT,
                    "  %-40s none (--no-runtime): bootstrap needs a JDK 25 in JAVA_HOME or on PATH%n",
                    "runtime/");
        } else {
            out.printf(
                    Locale.ROOT,
                    "  %-40s %.1f MiB, modules %s%n",
                    target + "function/runtime/",
                    image.bytes() / (1024.0 * 1024),
                    String.join(",", image.modules()));
        }
        AotTraining.Trained trained = written.trained();
        if (trained == null) {
            out.printf(
                    Locale.ROOT,
                    "  %-40s none (%s)%n",
                    AotTraining.CACHE,
                    image == null ? "it needs the bundled runtime" : "--no-aot");
        } else {
            out.printf(
                    Locale.ROOT,
                    "  %-40s %.1f MiB, trained in %.1f s on %d events (%d responses, %d invocation errors)%n",
                    target + "function/" + AotTraining.CACHE,
                    trained.bytes() / (1024.0 * 1024),
                    trained.millis() / 1000.0,
                    trained.events(),
                    trained.answered(),
                    trained.events() - trained.answered());
            if (trained.priming() != null) {
                out.printf(Locale.ROOT, "  %-40s after priming: %s%n", "", trained.priming());
            }
            if (trained.bootChecked()) {
                out.printf(
                        Locale.ROOT,
                        "  %-40s started once without it, jars on the boot class path: every event answered"
                                + " as in training%n",
                        "");
            }
        }
        out.println("deploy: sam deploy --guided --template-file " + target + "template.yaml");
    }

    /** Deletes {@code dir} and everything under it; symbolic links are removed, never followed. */
    static void deleteTree(Path dir) throws IOException {
        if (Files.isSymbolicLink(dir)) {
            Files.delete(dir);
            return;
        }
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(dir)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : paths) {
            Files.delete(p);
        }
    }

    private static void makeExecutable(Path file) throws IOException {
        if (Files.getFileAttributeView(file, PosixFileAttributeView.class) != null) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        } else if (!file.toFile().setExecutable(true, false)) {
            throw new IOException("cannot make " + file + " executable");
        }
    }

    private static boolean isExecutable(Path file) throws IOException {
        if (Files.getFileAttributeView(file, PosixFileAttributeView.class) != null) {
            return Files.getPosixFilePermissions(file).contains(PosixFilePermission.OWNER_EXECUTE);
        }
        return file.getFileName().toString().equals("bootstrap");
    }
}
