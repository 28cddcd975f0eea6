package dev.thaw.local;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Decides whether {@code bootstrap} may load the function's jars as the JDK loads its own classes, from the
 * boot class path ({@code -Xbootclasspath/a}), when it runs on Lambda without the AOT cache (with it, they
 * stay on the class path: see {@link Bootstrap}). The JVM then reads their classes in native code,
 * without the class-path loader's Java machinery (URL class path, jar manifests, code sources, protection
 * domains), which runs interpreted at a cold start, and without bytecode verification: measured ~50 ms
 * less to the first response without the AOT cache (docs/cold-start.md).
 *
 * <p>Code on the boot class path differs from code on the class path in ways the JVM will not paper
 * over, so the jars qualify only when neither rule below finds a problem in any class's constant pool
 * (read here, in one pass over the jars, rather than by jdeps, which takes a second more):
 *
 * <ul>
 *   <li>it sees only the JDK modules the boot loader defines: {@code java.sql}, {@code java.net.http}
 *       and the other platform and application modules are out of its reach (NoClassDefFoundError at
 *       the first use). A class naming a class of such a module (a reference, a descriptor, a signature)
 *       disqualifies the jars; thaw-server's {@code jdk.httpserver} is allowed, as it serves only
 *       locally, where bootstrap keeps the class path;
 *   <li>{@code Class.getClassLoader()} answers null for its classes and {@code getProtectionDomain()}
 *       has no code source, which code that asks usually does not expect; {@code System.loadLibrary}
 *       searches only the JDK's own library directory. A class whose constant pool refers to one of
 *       those methods disqualifies the jars.
 * </ul>
 *
 * A signed jar keeps the class path too: the boot loader does not check signatures. So does a multi-release
 * jar with a variant for a release after Java 21: the boot loader reads only base entries, and {@code thaw
 * package} makes the variants up to Java 21 base entries ({@link MultiRelease}).
 *
 * <p>All jars go to one place or the other, never split, so that a {@code Class.forName} from any of them
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
     * Analyses {@code jars} (the function's {@code lib/}, in classpath order): every class file's constant
     * pool, for the JDK packages it names (class references, descriptors, signatures) and the
     * {@link #LOADER_SENSITIVE} methods it calls.
     *
     * @throws UncheckedIOException when a jar cannot be read
     */
    static Fit of(List<Path> jars) {
        Map<String, String> jdkPackages = jdkPackages();
        for (Path jar : jars) {
            String jarName = jar.getFileName().toString();
            try (JarFile file = new JarFile(jar.toFile())) {
                boolean localServer = file.getEntry(LOCAL_SERVER) != null;
                boolean multiRelease = MultiRelease.declared(file);
                Enumeration<JarEntry> entries = file.entries();
                while (entries.hasMoreElements()) {
                    JarEntry entry = entries.nextElement();
                    if (signature(entry.getName())) {
                        return Fit.no(jarName + " is signed (" + entry.getName() + "): the boot class path"
                                + " loads its classes without checking the signature");
                    }
                    MultiRelease.Variant variant = multiRelease ? MultiRelease.Variant.of(entry.getName()) : null;
                    if (variant != null && variant.release() > MultiRelease.FLATTEN_RELEASE) {
                        return Fit.no(jarName + " has a variant for Java " + variant.release() + " ("
                                + entry.getName() + "): the boot class path reads no multi-release variants, and"
                                + " thaw package makes base entries only of those up to Java "
                                + MultiRelease.FLATTEN_RELEASE);
                    }
                    if (entry.isDirectory() || !entry.getName().endsWith(".class")) {
                        continue;
                    }
                    byte[] bytes;
                    try (InputStream in = file.getInputStream(entry)) {
                        bytes = in.readAllBytes();
                    }
                    Optional<String> problem = problem(jarName, entry.getName(), bytes, localServer, jdkPackages);
                    if (problem.isPresent()) {
                        return Fit.no(problem.get());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + jar + ": " + e.getMessage(), e);
            }
        }
        return Fit.yes();
    }

    /** Returns whether {@code name} is a jar signature's block or signature file ({@code META-INF/X.SF}, ...). */
    static boolean signature(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        return upper.startsWith("META-INF/")
                && upper.indexOf('/', "META-INF/".length()) < 0
                && (upper.endsWith(".SF") || upper.endsWith(".RSA") || upper.endsWith(".DSA") || upper.endsWith(".EC"));
    }

    /** Returns why class file {@code name} of {@code jar} keeps the jars off the boot class path, or empty. */
    private static Optional<String> problem(
            String jar, String name, byte[] bytes, boolean localServer, Map<String, String> jdkPackages) {
        ConstantPool pool;
        try {
            pool = ConstantPool.read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            // a class file this cannot read may use anything
            return Optional.of(jar + ": " + name + " is not a class file this JDK can read (" + e + ")");
        }
        Optional<String> call = pool.loaderSensitiveMethod();
        if (call.isPresent() && !reviewed(name, bytes)) {
            return Optional.of(jar + ": " + name + " calls " + call.get()
                    + ", which answers otherwise for a class on the boot class path");
        }
        for (String pkg : pool.packages()) {
            String module = jdkPackages.get(pkg);
            if (module == null || bootModule(module) || (localServer && module.equals("jdk.httpserver"))) {
                continue;
            }
            return Optional.of(
                    jar + ": " + name + " uses " + module + ", which code on the boot class path cannot see");
        }
        return Optional.empty();
    }

    /** Returns this JDK's packages (internal form, {@code java/sql}) and the module of each. */
    static Map<String, String> jdkPackages() {
        Map<String, String> packages = new HashMap<>();
        for (ModuleReference module : ModuleFinder.ofSystem().findAll()) {
            for (String pkg : module.descriptor().packages()) {
                packages.put(pkg.replace('.', '/'), module.descriptor().name());
            }
        }
        return packages;
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

    /**
     * Returns the first {@link #LOADER_SENSITIVE} method (as {@code Class.getClassLoader()}) a class file's
     * constant pool refers to, or empty; a file that is not a class file refers to none.
     *
     * @throws IOException when the class file is cut short or has an unknown constant
     */
    static Optional<String> loaderSensitiveMethod(InputStream classFile) throws IOException {
        return ConstantPool.read(classFile).loaderSensitiveMethod();
    }

    /** The constant pool of a class file: what this analysis needs of it. */
    private record ConstantPool(byte[] tags, byte[][] utf8, int[] first, int[] second) {

        private static final ConstantPool EMPTY = new ConstantPool(new byte[0], new byte[0][], new int[0], new int[0]);

        /** Reads the constant pool at the start of {@code classFile}; not a class file gives an empty pool. */
        static ConstantPool read(InputStream classFile) throws IOException {
            DataInputStream in = new DataInputStream(classFile);
            if (in.readInt() != 0xCAFEBABE) {
                return EMPTY;
            }
            in.readUnsignedShort();
            in.readUnsignedShort();
            int count = in.readUnsignedShort();
            ConstantPool pool = new ConstantPool(new byte[count], new byte[count][], new int[count], new int[count]);
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                pool.tags[i] = (byte) tag;
                switch (tag) {
                    case 1 -> {
                        pool.utf8[i] = new byte[in.readUnsignedShort()];
                        in.readFully(pool.utf8[i]);
                    }
                    case 3, 4 -> in.readInt();
                    case 5, 6 -> {
                        in.readLong();
                        i++;
                    }
                    case 7, 8, 16, 19, 20 -> pool.first[i] = in.readUnsignedShort();
                    case 9, 10, 11, 12, 17, 18 -> {
                        pool.first[i] = in.readUnsignedShort();
                        pool.second[i] = in.readUnsignedShort();
                    }
                    case 15 -> {
                        in.readUnsignedByte();
                        pool.first[i] = in.readUnsignedShort();
                    }
                    default -> throw new IOException("unknown constant pool tag " + tag + " at index " + i);
                }
            }
            return pool;
        }

        /** Returns the Utf8 constant at {@code index} as text, or "" when there is none. */
        private String text(int index) {
            return index > 0 && index < utf8.length && utf8[index] != null
                    ? new String(utf8[index], StandardCharsets.UTF_8)
                    : "";
        }

        /** Returns the first {@link #LOADER_SENSITIVE} method a Methodref names, as {@code Class.getClassLoader()}. */
        Optional<String> loaderSensitiveMethod() {
            for (int i = 1; i < tags.length; i++) {
                if (tags[i] != 10) {
                    continue;
                }
                String owner = first[i] < tags.length && tags[first[i]] == 7 ? text(first[first[i]]) : "";
                Set<String> names = LOADER_SENSITIVE.get(owner);
                if (names == null) {
                    continue;
                }
                String name = second[i] < tags.length && tags[second[i]] == 12 ? text(first[second[i]]) : "";
                if (names.contains(name)) {
                    return Optional.of(owner.substring(owner.lastIndexOf('/') + 1) + "." + name + "()");
                }
            }
            return Optional.empty();
        }

        /**
         * Returns the packages (internal form) of the classes the pool names: Class constants, and every
         * {@code Lname;} in its texts (field and method descriptors, generic signatures, annotations).
         */
        Set<String> packages() {
            // sorted, so that the module a message names does not depend on hashing
            Set<String> packages = new TreeSet<>();
            for (int i = 1; i < tags.length; i++) {
                if (tags[i] == 7) {
                    String name = text(first[i]);
                    if (!name.startsWith("[")) {
                        addPackage(packages, name);
                    }
                } else if (tags[i] == 1 && utf8[i].length > 2) {
                    descriptorPackages(new String(utf8[i], StandardCharsets.ISO_8859_1), packages);
                }
            }
            return packages;
        }

        /** Adds the package of every {@code Lname;} (or {@code Lname<}) in {@code text}. */
        private static void descriptorPackages(String text, Set<String> packages) {
            for (int i = text.indexOf('L'); i >= 0; i = text.indexOf('L', i + 1)) {
                if (i > 0 && "([;<>:^+-*)".indexOf(text.charAt(i - 1)) < 0) {
                    continue;
                }
                int end = i + 1;
                while (end < text.length() && "/;<>.()[:".indexOf(text.charAt(end)) < 0) {
                    end++;
                }
                while (end < text.length() && text.charAt(end) == '/') {
                    end++;
                    while (end < text.length() && "/;<>.()[:".indexOf(text.charAt(end)) < 0) {
                        end++;
                    }
                }
                if (end < text.length() && (text.charAt(end) == ';' || text.charAt(end) == '<')) {
                    addPackage(packages, text.substring(i + 1, end));
                }
            }
        }

        private static void addPackage(Set<String> packages, String internalName) {
            String pkg = packageOf(internalName);
            if (!pkg.isEmpty()) {
                packages.add(pkg);
            }
        }
    }

    /** Returns the package of a class's internal name ({@code java/sql} of {@code java/sql/Types}), or "". */
    static String packageOf(String internalName) {
        int slash = internalName.lastIndexOf('/');
        return slash > 0 ? internalName.substring(0, slash) : "";
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
}
