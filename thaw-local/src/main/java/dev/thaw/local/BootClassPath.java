package dev.thaw.local;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Decides whether {@code bootstrap} may load the function's jars as the JDK loads its own classes, from the
 * boot class path ({@code -Xbootclasspath/a}), when it runs on Lambda without the AOT cache (with it, they
 * stay on the class path: see {@link Bootstrap}). The JVM then reads their classes in
 * native code, without the class-path loader's Java machinery (URL class path, jar manifests, code sources,
 * protection domains, packages), which runs interpreted at a cold start, and without bytecode
 * verification: measured ~50 ms less to the first response without the AOT cache (docs/cold-start.md).
 *
 * <p>Code on the boot class path differs from code on the class path in three ways the JVM will not
 * paper over, so the jars qualify only when neither rule below finds a problem:
 *
 * <ul>
 *   <li>it sees only the JDK modules the boot loader defines: {@code java.sql}, {@code java.net.http}
 *       and the other platform and application modules are out of its reach (NoClassDefFoundError at
 *       the first use). jdeps lists the modules each jar uses; thaw-server's {@code jdk.httpserver} is
 *       allowed, as it serves only locally, where bootstrap keeps the class path;
 *   <li>{@code Class.getClassLoader()} answers null for its classes and {@code getProtectionDomain()}
 *       has no code source, which code that asks usually does not expect; {@code System.loadLibrary}
 *       searches only the JDK's own library directory. A class whose constant pool refers to one of
 *       those methods disqualifies the jars.
 * </ul>
 *
 * All jars go to one place or the other, never split, so that a {@code Class.forName} from any of them
 * still finds every other.
 */
final class BootClassPath {

    /**
     * The analysis.
     *
     * @param fits whether every jar may go on the boot class path
     * @param why when not, the first reason found, naming the jar and class or module
     */
    record Fit(boolean fits, String why) {

        static Fit yes() {
            return new Fit(true, "");
        }

        static Fit no(String why) {
            return new Fit(false, why);
        }
    }

    /** The class of thaw-server's local server: its jar may use {@code jdk.httpserver}. */
    static final String LOCAL_SERVER = "dev/thaw/server/LocalServer.class";

    /** Methods that behave differently for a class the boot loader defined: owner, then names. */
    private static final Map<String, Set<String>> LOADER_SENSITIVE = Map.of(
            "java/lang/Class", Set.of("getClassLoader", "getProtectionDomain"),
            "java/lang/System", Set.of("loadLibrary"),
            "java/lang/Runtime", Set.of("loadLibrary"));

    /**
     * Class files that refer to a {@link #LOADER_SENSITIVE} method and were read to handle a boot-loaded
     * class, by entry name and SHA-256 of their bytes, so that any other version is checked again.
     * {@code org.crac:crac:1.5.0}'s {@code Core$Compat} (thaw-lambda's SnapStart hooks) hands its loader to
     * {@code Proxy.newProxyInstance}, where null means the boot loader, which sees the JDK's
     * {@code jdk.crac} interfaces it proxies.
     */
    private static final Map<String, String> REVIEWED =
            Map.of("org/crac/Core$Compat.class", "ae70ed1cae7de456c1f8bfaaabc05d7d0fb1635513dbf4fb5c9069579a58b785");

    private BootClassPath() {}

    /**
     * Analyses {@code jars} (the function's {@code lib/}, in classpath order).
     *
     * @throws CliException when jdeps fails
     * @throws UncheckedIOException when a jar cannot be read
     */
    static Fit of(List<Path> jars) {
        Optional<String> call = loaderSensitiveCall(jars);
        if (call.isPresent()) {
            return Fit.no(call.get());
        }
        return moduleProblem(jars).map(Fit::no).orElseGet(Fit::yes);
    }

    /**
     * Returns the first use of a JDK module the boot loader does not define, by jdeps's per-jar summary.
     */
    static Optional<String> moduleProblem(List<Path> jars) {
        String localServerJar = null;
        for (Path jar : jars) {
            if (contains(jar, LOCAL_SERVER)) {
                localServerJar = jar.getFileName().toString();
            }
        }
        String classPath = String.join(":", jars.stream().map(Path::toString).toList());
        List<String> args = new ArrayList<>(
                List.of("-s", "--multi-release", "25", "--ignore-missing-deps", "--class-path", classPath));
        jars.forEach(jar -> args.add(jar.toString()));
        Map<String, TreeSet<String>> problems = new TreeMap<>();
        for (String line : JlinkRuntime.run("jdeps", args).lines().toList()) {
            int arrow = line.indexOf(" -> ");
            if (arrow < 0) {
                continue;
            }
            String source = line.substring(0, arrow).strip();
            String target = line.substring(arrow + 4).strip();
            if (!jdkModule(target) || bootModule(target)) {
                continue;
            }
            if (target.equals("jdk.httpserver") && source.equals(localServerJar)) {
                continue;
            }
            problems.computeIfAbsent(source, key -> new TreeSet<>()).add(target);
        }
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        Map.Entry<String, TreeSet<String>> first =
                problems.entrySet().iterator().next();
        return Optional.of(first.getKey() + " uses " + String.join(", ", first.getValue())
                + ", which code on the boot class path cannot see");
    }

    /** Returns whether {@code name} is a module of this JDK. */
    static boolean jdkModule(String name) {
        return java.lang.module.ModuleFinder.ofSystem().find(name).isPresent();
    }

    /**
     * Returns whether the boot loader defines the JDK module {@code name} (as in the bundled runtime,
     * which is jlinked from this JDK); a module this JVM did not resolve counts as not.
     */
    static boolean bootModule(String name) {
        return ModuleLayer.boot()
                .findModule(name)
                .map(module -> module.getClassLoader() == null)
                .orElse(false);
    }

    /** Returns the first class in {@code jars} whose constant pool refers to a {@link #LOADER_SENSITIVE} method. */
    static Optional<String> loaderSensitiveCall(List<Path> jars) {
        for (Path jar : jars) {
            try (JarFile file = new JarFile(jar.toFile())) {
                Enumeration<JarEntry> entries = file.entries();
                while (entries.hasMoreElements()) {
                    JarEntry entry = entries.nextElement();
                    if (entry.isDirectory() || !entry.getName().endsWith(".class")) {
                        continue;
                    }
                    byte[] bytes;
                    try (InputStream in = file.getInputStream(entry)) {
                        bytes = in.readAllBytes();
                    }
                    Optional<String> method;
                    try {
                        method = loaderSensitiveMethod(new ByteArrayInputStream(bytes));
                    } catch (IOException e) {
                        // a class file this cannot read may call anything: keep the class path
                        return Optional.of(jar.getFileName() + ": " + entry.getName() + " is not a class file"
                                + " this JDK can read (" + e + ")");
                    }
                    if (method.isPresent() && !reviewed(entry.getName(), bytes)) {
                        return Optional.of(jar.getFileName() + ": " + entry.getName() + " calls " + method.get()
                                + ", which answers otherwise for a class on the boot class path");
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + jar + ": " + e.getMessage(), e);
            }
        }
        return Optional.empty();
    }

    /**
     * Returns the first {@link #LOADER_SENSITIVE} method (as {@code Class.getClassLoader()}) a class file's
     * constant pool refers to, or empty; a file that is not a class file refers to none.
     */
    static Optional<String> loaderSensitiveMethod(InputStream classFile) throws IOException {
        DataInputStream in = new DataInputStream(classFile);
        if (in.readInt() != 0xCAFEBABE) {
            return Optional.empty();
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        byte[][] utf8 = new byte[count][];
        int[] first = new int[count];
        int[] second = new int[count];
        byte[] tags = new byte[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            tags[i] = (byte) tag;
            switch (tag) {
                case 1 -> {
                    utf8[i] = new byte[in.readUnsignedShort()];
                    in.readFully(utf8[i]);
                }
                case 3, 4 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++;
                }
                case 7, 8, 16, 19, 20 -> first[i] = in.readUnsignedShort();
                case 9, 10, 11, 12, 17, 18 -> {
                    first[i] = in.readUnsignedShort();
                    second[i] = in.readUnsignedShort();
                }
                case 15 -> {
                    in.readUnsignedByte();
                    first[i] = in.readUnsignedShort();
                }
                default -> throw new IOException("unknown constant pool tag " + tag + " at index " + i);
            }
        }
        for (int i = 1; i < count; i++) {
            if (tags[i] != 10) {
                continue;
            }
            String owner = text(utf8, first, first[i]);
            Set<String> names = LOADER_SENSITIVE.get(owner);
            if (names == null) {
                continue;
            }
            int nameAndType = second[i];
            String name = nameAndType < count && utf8[first[nameAndType]] != null
                    ? new String(utf8[first[nameAndType]], StandardCharsets.UTF_8)
                    : "";
            if (names.contains(name)) {
                return Optional.of(owner.substring(owner.lastIndexOf('/') + 1) + "." + name + "()");
            }
        }
        return Optional.empty();
    }

    /** Returns whether {@code bytes} are the class file {@link #REVIEWED} lists as {@code name}. */
    static boolean reviewed(String name, byte[] bytes) {
        String expected = REVIEWED.get(name);
        if (expected == null) {
            return false;
        }
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))
                    .equals(expected);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }

    /** Returns the name a Class constant at {@code index} points to, or "". */
    private static String text(byte[][] utf8, int[] first, int index) {
        if (index <= 0 || index >= first.length) {
            return "";
        }
        int name = first[index];
        return name > 0 && name < utf8.length && utf8[name] != null
                ? new String(utf8[name], StandardCharsets.UTF_8)
                : "";
    }

    /** Returns whether {@code jar} has an entry {@code name}. */
    private static boolean contains(Path jar, String name) {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getEntry(name) != null;
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + jar + ": " + e.getMessage(), e);
        }
    }
}
