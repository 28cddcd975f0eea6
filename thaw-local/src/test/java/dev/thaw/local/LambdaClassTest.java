package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jars' lambdas made classes at package time: real jars compiled here with every shape of lambda and
 * method reference javac writes, run before and after the rewrite in fresh JVMs (on the class path, where
 * the JVM verifies them, and on the boot class path), which must print the same and spin no lambda class.
 */
class LambdaClassTest {

    @TempDir
    static Path tmp;

    private static Path original;
    private static Path rewritten;
    private static PlainCallSites.Result result;

    /** A library class in another package, with a protected method a subclass refers to. */
    private static final String BASE = """
            package lib;
            public class Base {
                protected String prot(String s) { return "prot:" + s; }
                protected static String protStatic(String s) { return "protStatic:" + s; }
                public String greet() { return "base"; }
            }
            """;

    /** Prints one line per shape; the same output before and after the rewrite is the test. */
    private static final String MAIN = """
            package app;

            import java.io.Serializable;
            import java.util.*;
            import java.util.function.*;

            public class Main extends lib.Base {
                private final String secret = "s3cret";
                private static final Supplier<String> FROM_CLINIT = () -> "clinit";

                private String secret(String s) { return secret + ":" + s; }
                private static String staticSecret(String s) { return "static:" + s; }
                static long longResult(String s) { return s.length() * 10_000_000_000L; }
                @Override public String greet() { return "main"; }

                interface Shout {
                    String shout(String s);
                    default Supplier<String> twice(String s) { return () -> shout(s) + shout(s); }
                    static Shout loud() { return s -> s.toUpperCase(Locale.ROOT); }
                }

                class Inner {
                    Supplier<String> peek() { return () -> "inner sees " + secret; }
                    Function<String, String> ref() { return Main.this::secret; }
                }

                static <T> String show(T value) { return String.valueOf(value); }
                @SuppressWarnings("unchecked") static <T> T generic() { return (T) "generic"; }
                interface StringMaker { String make(); }
                interface Widener { long widen(int value); }

                public static void main(String[] args) {
                    new Main().run();
                }

                void run() {
                    List<String> out = new ArrayList<>();
                    Supplier<String> constant = () -> "constant";
                    out.add(constant.get());
                    int i = 7; long l = 1L << 40; double d = 2.5; char c = 'q'; boolean z = true; short sh = 3; byte b = 4; float f = 1.5f;
                    int[] array = {1, 2, 3};
                    Supplier<String> captures = () -> i + "/" + l + "/" + d + "/" + c + "/" + z + "/" + sh + "/" + b + "/" + f + "/" + array.length;
                    out.add(captures.get());
                    IntSupplier is = () -> i * 2;
                    LongSupplier ls = () -> l + i;
                    DoubleSupplier ds = () -> d * i;
                    out.add(is.getAsInt() + " " + ls.getAsLong() + " " + ds.getAsDouble());
                    Supplier<String> self = () -> secret;
                    out.add(self.get());
                    Function<String, Integer> parse = Integer::parseInt;
                    out.add(show(parse.apply("42") + 1));
                    ToIntFunction<String> length = String::length;
                    Function<String, Integer> boxedLength = String::length;
                    ToLongFunction<String> widenedLength = String::length;
                    out.add(length.applyAsInt("four") + " " + boxedLength.apply("three") + " " + widenedLength.applyAsLong("xy"));
                    Function<String, String> bound = "abc"::concat;
                    out.add(bound.apply("def"));
                    Supplier<List<String>> listMaker = ArrayList::new;
                    Function<String, StringBuilder> builder = StringBuilder::new;
                    IntFunction<int[]> arrays = int[]::new;
                    out.add(listMaker.get().size() + " " + builder.apply("sb").reverse() + " " + arrays.apply(5).length);
                    Function<String, String> priv = this::secret;
                    Function<String, String> privStatic = Main::staticSecret;
                    out.add(priv.apply("a") + " " + privStatic.apply("b"));
                    Inner inner = new Inner();
                    out.add(inner.peek().get() + " " + inner.ref().apply("inner"));
                    Shout shout = Shout.loud();
                    out.add(shout.twice("ho").get());
                    ToIntFunction<Integer> unbox = Integer::intValue;
                    IntBinaryOperator max = Math::max;
                    Function<Integer, String> hex = Integer::toHexString;
                    IntFunction<String> widenParam = Long::toString;
                    Function<Character, Boolean> digit = Character::isDigit;
                    out.add(unbox.applyAsInt(9) + " " + max.applyAsInt(3, 8) + " " + hex.apply(255) + " " + widenParam.apply(-6) + " " + digit.apply('5'));
                    List<String> sink = new ArrayList<>();
                    Consumer<String> dropsBoolean = sink::add;
                    Consumer<String> dropsLong = Main::longResult;
                    dropsBoolean.accept("kept");
                    dropsLong.accept("gone");
                    out.add(sink.toString());
                    Function<String, String> prot = this::prot;
                    Function<String, String> protStatic = lib.Base::protStatic;
                    Supplier<String> sup = super::greet;
                    Supplier<String> virt = this::greet;
                    out.add(prot.apply("p") + " " + protStatic.apply("q") + " " + sup.get() + " " + virt.get());
                    Function<List<String>, Integer> size = List::size;
                    Supplier<List<String>> empty = List::of;
                    Function<String[], List<String>> asList = Arrays::asList;
                    out.add(size.apply(List.of("a", "b")) + " " + empty.get() + " " + asList.apply(new String[] {"x", "y"}));
                    Runnable serial = (Runnable & Serializable) () -> out.add("serializable ran");
                    serial.run();
                    out.add(String.valueOf(serial instanceof Serializable));
                    Set<Object> instances = Collections.newSetFromMap(new IdentityHashMap<>());
                    for (int n = 0; n < 3; n++) {
                        Supplier<String> same = () -> "same";
                        instances.add(same);
                    }
                    out.add("non-capturing instances: " + instances.size());
                    Set<Object> captured = Collections.newSetFromMap(new IdentityHashMap<>());
                    for (int n = 0; n < 3; n++) {
                        int m = n;
                        Supplier<String> each = () -> "each" + m;
                        captured.add(each);
                    }
                    out.add("capturing instances: " + captured.size());
                    out.add(FROM_CLINIT.get());
                    BiFunction<String, Integer, String> repeat = String::repeat;
                    out.add(repeat.apply("ab", 3));
                    Comparator<String> byLength = Comparator.comparing(String::length);
                    List<String> sorted = new ArrayList<>(List.of("ccc", "a", "bb"));
                    sorted.sort(byLength.thenComparing(Comparator.naturalOrder()));
                    out.add(sorted.toString());
                    StringMaker maker = Main::generic;
                    Widener widener = Integer::valueOf;
                    out.add(maker.make() + " " + widener.widen(41));
                    out.add(String.join(",", List.of("x", "y").stream().map(s -> s + s).map(String::toUpperCase).toList()));
                    for (String line : out) {
                        System.out.println(line);
                    }
                }
            }
            """;

    @BeforeAll
    static void rewriteTheJar() throws IOException {
        Path classes = Jars.compile(tmp.resolve("work"), Map.of("lib/Base.java", BASE, "app/Main.java", MAIN));
        original = Jars.write(tmp.resolve("in/app.jar"), Map.of(), classes, "");
        rewritten = tmp.resolve("out/app.jar");
        result = Jars.rewriteCallSites(original, rewritten);
    }

    /** Runs {@code app.Main} from {@code jar}, placed as {@code how} says, logging class loads; returns its lines. */
    private static List<String> run(Path jar, String how, Path classLog) throws IOException, InterruptedException {
        Jars.Placement placement = how.equals("-cp") ? Jars.Placement.CLASS_PATH : Jars.Placement.BOOT_CLASS_PATH;
        return Jars.runMain(jar, placement, "app.Main", "-Xshare:auto", "-Xlog:class+load=info:file=" + classLog)
                .lines();
    }

    /** Returns the hidden lambda classes of package {@code app} the JVM spun, from its class-load log. */
    private static List<String> spunLambdas(Path classLog) throws IOException {
        return Files.readAllLines(classLog).stream()
                .filter(line -> line.contains(" app.") && line.contains("$$Lambda"))
                .toList();
    }

    @Test
    void everyShapeBehavesAsBeforeOnTheClassPathAndTheBootClassPath() throws Exception {
        List<String> before = run(original, "-cp", tmp.resolve("before.log"));
        List<String> after = run(rewritten, "-cp", tmp.resolve("after.log"));
        List<String> boot = run(rewritten, "-Xbootclasspath/a:", tmp.resolve("boot.log"));

        assertThat(before).hasSize(24).contains("s3cret", "non-capturing instances: 1", "capturing instances: 3");
        assertThat(after).isEqualTo(before);
        assertThat(boot).isEqualTo(before);
    }

    @Test
    void spinsNoLambdaClassButTheSerializableOne() throws Exception {
        run(original, "-cp", tmp.resolve("spun-before.log"));
        run(rewritten, "-cp", tmp.resolve("spun-after.log"));

        // every lambda of the original that ran was spun by the JVM; after the rewrite only the one
        // serializable lambda (altMetafactory) still is
        assertThat(spunLambdas(tmp.resolve("spun-before.log"))).hasSizeGreaterThan(30);
        assertThat(spunLambdas(tmp.resolve("spun-after.log")))
                .singleElement()
                .asString()
                .contains("app.Main$$Lambda");
        assertThat(Files.readString(tmp.resolve("spun-after.log"))).contains("app.Main$$ThawLambda$0 source: ");
    }

    @Test
    void countsTheSitesAndSaysWhyOneIsLeft() {
        assertThat(result.lambdaSites()).isEqualTo(result.lambdasMade() + 1);
        assertThat(result.lambdasMade()).isGreaterThan(35);
        // javac's default: Main's string concatenations are invokedynamics too
        assertThat(result.concatsMade()).isEqualTo(result.concatSites()).isPositive();
        assertThat(result.kept())
                .isEqualTo(Map.of("lambdas made by altMetafactory (serializable, markers or bridges)", 1));
        assertThat(result.summary())
                .isEqualTo(result.lambdasMade() + " of " + result.lambdaSites() + " lambdas and "
                        + result.concatsMade() + " of " + result.concatSites()
                        + " string concatenations made plain calls at package time (left to the JDK: 1 lambdas"
                        + " made by altMetafactory (serializable, markers or bridges))");
    }

    @Test
    void keepsTheOffsetsOfTypeAnnotationsInCodeTrue() throws IOException {
        // A type annotation on a local variable or a cast is kept in the Code attribute with bytecode offsets,
        // which the rewrite copies as they are: the call that replaces invokedynamic takes as many bytes
        Path classes = Jars.compile(tmp.resolve("annotated"), Map.of("ann/Use.java", """
                package ann;
                import java.lang.annotation.*;
                import java.util.function.Supplier;
                public class Use {
                    @Target(ElementType.TYPE_USE) @Retention(RetentionPolicy.RUNTIME) @interface Checked {}
                    static Supplier<String> make(Object o) {
                        @Checked String text = (@Checked String) o;
                        Supplier<String> s = () -> text + "!";
                        @Checked Supplier<String> t = s;
                        return t;
                    }
                }
                """));
        Path jar = Jars.write(tmp.resolve("annotated/ann.jar"), Map.of(), classes, "");
        PlainCallSites.Result annotated = PlainCallSites.of(List.of(jar));
        byte[] use = annotated.forJar(jar).replaced().get("ann/Use.class");

        assertThat(annotated.lambdasMade()).isEqualTo(1);
        assertThat(verifyErrors(jar, annotated, use)).isEmpty();
    }

    /** Runs the class-file API's verifier on {@code bytes}, resolving classes from {@code jar} as rewritten. */
    private static List<String> verifyErrors(Path jar, PlainCallSites.Result result, byte[] bytes) throws IOException {
        Map<String, byte[]> classes = new java.util.HashMap<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry entry : java.util.Collections.list(file.entries())) {
                if (entry.getName().endsWith(".class")) {
                    try (InputStream in = file.getInputStream(entry)) {
                        classes.put(entry.getName(), in.readAllBytes());
                    }
                }
            }
        }
        classes.putAll(result.forJar(jar).replaced());
        result.forJar(jar).added().values().forEach(list -> list.forEach(a -> classes.put(a.name(), a.bytes())));
        var resolver = java.lang.classfile.ClassHierarchyResolver.defaultResolver()
                .orElse(java.lang.classfile.ClassHierarchyResolver.ofResourceParsing(desc -> {
                    String d = desc.descriptorString();
                    byte[] b = classes.get(d.substring(1, d.length() - 1) + ".class");
                    return b == null ? null : new java.io.ByteArrayInputStream(b);
                }));
        return java.lang.classfile.ClassFile.of(java.lang.classfile.ClassFile.ClassHierarchyResolverOption.of(resolver))
                .verify(bytes)
                .stream()
                .map(VerifyError::getMessage)
                .toList();
    }

    @Test
    void everyClassWrittenOrRewrittenPassesTheVerifier() throws IOException {
        List<byte[]> written =
                new ArrayList<>(result.forJar(original).replaced().values());
        result.forJar(original).added().values().forEach(list -> list.forEach(a -> written.add(a.bytes())));

        assertThat(written).hasSizeGreaterThan(40);
        for (byte[] bytes : written) {
            assertThat(verifyErrors(original, result, bytes)).isEmpty();
        }
    }

    @Test
    void addsEachClassRightAfterItsHostAndListsItInTheNest() throws IOException {
        List<String> names = new ArrayList<>();
        try (JarFile jar = new JarFile(rewritten.toFile())) {
            jar.stream().forEach(entry -> names.add(entry.getName()));
            int host = names.indexOf("app/Main.class");
            assertThat(names.get(host + 1)).isEqualTo("app/Main$$ThawLambda$0.class");
            byte[] mainBytes;
            try (InputStream in = jar.getInputStream(jar.getEntry("app/Main.class"))) {
                mainBytes = in.readAllBytes();
            }
            var nest = java.lang.classfile.ClassFile.of()
                    .parse(mainBytes)
                    .findAttribute(java.lang.classfile.Attributes.nestMembers())
                    .orElseThrow()
                    .nestMembers()
                    .stream()
                    .map(member -> member.asInternalName())
                    .toList();
            // the inner classes javac listed, then the lambda classes of Main, Main$Inner and Main$Shout
            assertThat(nest)
                    .contains(
                            "app/Main$Inner",
                            "app/Main$Shout",
                            "app/Main$$ThawLambda$0",
                            "app/Main$Inner$$ThawLambda$0",
                            "app/Main$Shout$$ThawLambda$0");
            assertThat(jar.getEntry("app/Main$Inner$$ThawLambda$0.class").getTime())
                    .isEqualTo(jar.getEntry("app/Main$Inner.class").getTime());
            assertThat(jar.getEntry("app/Main$Inner$$ThawLambda$0.class").getMethod())
                    .isEqualTo(JarEntry.STORED);
        }
        long made =
                names.stream().filter(name -> name.contains(LambdaClass.INFIX)).count();
        assertThat(made).isEqualTo(result.lambdasMade());
    }

    @Test
    void leavesClassesWithoutNestsSignedJarsAndMultiReleaseVariantsAlone() throws IOException {
        String source = """
                package old;
                public final class Old {
                    public static java.util.function.Supplier<String> hello() { return () -> "hello"; }
                }
                """;
        Path work = tmp.resolve("old");
        Path classes8 = Jars.compile(work.resolve("8"), Map.of("old/Old.java", source), List.of(), "8");
        Path java8 = Jars.write(tmp.resolve("old/java8.jar"), Map.of(), classes8, "old");
        Path classes = Jars.compile(work.resolve("21"), Map.of("old/Old.java", source));
        Path signed = Jars.write(tmp.resolve("old/signed.jar"), Map.of(), classes, "old");
        appendEntry(signed, "META-INF/VENDOR.SF", "Signature-Version: 1.0\n".getBytes(StandardCharsets.UTF_8));
        Path multi = Jars.write(tmp.resolve("old/multi.jar"), Map.of("Multi-Release", "true"), classes, "old");
        appendEntry(multi, "META-INF/versions/21/old/Old.class", Files.readAllBytes(classes.resolve("old/Old.class")));

        for (Path jar : List.of(java8, signed, multi)) {
            PlainCallSites.Result left = PlainCallSites.of(List.of(jar));

            assertThat(left.lambdaSites()).as(jar.toString()).isEqualTo(1);
            assertThat(left.lambdasMade()).as(jar.toString()).isZero();
            assertThat(left.forJar(jar).isEmpty()).isTrue();
        }
        assertThat(PlainCallSites.of(List.of(java8)).kept())
                .isEqualTo(Map.of("lambdas in classes older than Java 11", 1));
        assertThat(PlainCallSites.of(List.of(signed)).kept()).isEqualTo(Map.of("lambdas in signed jars", 1));
        assertThat(PlainCallSites.of(List.of(multi)).kept())
                .isEqualTo(Map.of("lambdas in classes with a multi-release variant", 1));
    }

    /** Rewrites {@code jar} with one more entry at its end. */
    private static void appendEntry(Path jar, String name, byte[] bytes) throws IOException {
        Path copy = jar.resolveSibling(jar.getFileName() + ".tmp");
        try (JarFile in = new JarFile(jar.toFile());
                JarOutputStream out = new JarOutputStream(Files.newOutputStream(copy))) {
            for (JarEntry entry : in.stream().toList()) {
                out.putNextEntry(new JarEntry(entry.getName()));
                try (InputStream body = in.getInputStream(entry)) {
                    body.transferTo(out);
                }
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry(name));
            out.write(bytes);
            out.closeEntry();
        }
        Files.move(copy, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
