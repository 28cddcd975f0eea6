package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * String concatenations made plain calls at package time: a class compiled here by javac's default (each
 * {@code +} of strings an {@code invokedynamic} of {@code StringConcatFactory}) with every kind of
 * argument, run before and after the rewrite in fresh JVMs, which must print the same and, after it, never
 * load {@code StringConcatFactory}.
 */
class ConcatClassTest {

    @TempDir
    static Path tmp;

    private static Path original;
    private static Path rewritten;
    private static PlainCallSites.Result result;

    private static final String MAIN = """
            package cat;

            import java.util.*;
            import java.util.function.*;

            public class Main {
                static final List<String> ORDER = new ArrayList<>();
                static final String FROM_CLINIT;
                static { long t = 42; FROM_CLINIT = "clinit " + t; }

                interface Greeter { String name(); default String greet(int times) { return "hi " + name() + " x" + times; } }

                record Noisy(String name) {
                    @Override public String toString() { ORDER.add(name); return name; }
                }

                static final class NullText { @Override public String toString() { return null; } }

                public static void main(String[] args) {
                    List<String> out = new ArrayList<>();
                    boolean z = true; byte b = -8; short s = 300; char c = 'x'; int i = Integer.MIN_VALUE;
                    long l = Long.MAX_VALUE; float f = 1.0e10f; double d = -0.0;
                    out.add("all: " + z + b + s + c + i + l + f + d);
                    out.add("floats " + Float.NaN + " " + Double.POSITIVE_INFINITY + " " + Float.MIN_VALUE + " " + 0.1 + " " + 1e-7);
                    String nothing = null; Object none = null;
                    out.add("nulls " + nothing + "|" + none + "|" + new NullText());
                    out.add("surrogates " + "\\uD83D\\uDE00" + '\\u00e9' + "!");
                    char[] chars = {'a', 'b'};
                    out.add(String.valueOf(("chars " + chars).startsWith("chars [C@")));
                    out.add("order " + new Noisy("one") + new Noisy("two") + new Noisy("three") + " " + ORDER);
                    out.add(i + l + "sum first, then text " + i + l);
                    StringBuilder builder = new StringBuilder("built");
                    out.add("builder " + builder + " " + List.of(1, 2) + " " + Optional.empty());
                    out.add(FROM_CLINIT);
                    Greeter g = () -> "ada";
                    out.add(g.greet(3));
                    Function<Integer, String> lambda = n -> "lambda " + n + (n * 2);
                    out.add(lambda.apply(21));
                    out.add("tags \\u0001 and \\u0002 " + i);
                    String a1 = "a", a2 = "b", a3 = "c", a4 = "d", a5 = "e", a6 = "f", a7 = "g", a8 = "h";
                    out.add(a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + l + d + l + d);
                    String acc = "";
                    for (int n = 0; n < 3; n++) {
                        acc += n + ",";
                    }
                    out.add(acc);
                    for (String line : out) {
                        System.out.println(line);
                    }
                }
            }
            """;

    @BeforeAll
    static void rewriteTheJar() throws IOException {
        Path classes = Jars.compile(tmp.resolve("work"), Map.of("cat/Main.java", MAIN));
        original = Jars.write(tmp.resolve("in/cat.jar"), Map.of(), classes, "");
        rewritten = tmp.resolve("out/cat.jar");
        result = Jars.rewriteCallSites(original, rewritten);
    }

    /** Runs {@code cat.Main} from {@code jar}, placed as {@code how} says, logging class loads; returns its lines. */
    private static List<String> run(Path jar, String how, Path classLog) throws IOException, InterruptedException {
        Jars.Placement placement = how.equals("-cp") ? Jars.Placement.CLASS_PATH : Jars.Placement.BOOT_CLASS_PATH;
        return Jars.runMain(jar, placement, "cat.Main", "-Xlog:class+load=info:file=" + classLog)
                .lines();
    }

    @Test
    void writesWhatTheJdkWritesOnTheClassPathAndTheBootClassPath() throws Exception {
        List<String> before = run(original, "-cp", tmp.resolve("before.log"));
        List<String> after = run(rewritten, "-cp", tmp.resolve("after.log"));
        List<String> boot = run(rewritten, "-Xbootclasspath/a:", tmp.resolve("boot.log"));

        assertThat(before)
                .hasSize(14)
                .contains("nulls null|null|null", "true", "order onetwothree [one, two, three]", "0,1,2,");
        assertThat(after).isEqualTo(before);
        assertThat(boot).isEqualTo(before);
    }

    @Test
    void linksNoConcatenationButTheOneWithTagCharacters() throws Exception {
        run(original, "-cp", tmp.resolve("linked-before.log"));
        run(rewritten, "-cp", tmp.resolve("linked-after.log"));

        assertThat(Files.readString(tmp.resolve("linked-before.log")))
                .contains("java.lang.invoke.StringConcatFactory ");
        assertThat(Files.readString(tmp.resolve("linked-after.log")))
                .contains("cat.Main$$ThawConcat source: ")
                .contains("cat.Main$Greeter$$ThawConcat source: ");
        // the concatenation whose text holds the recipe's tag characters is still the JDK's
        assertThat(result.kept())
                .containsEntry("string concatenations with a constant holding the recipe's tag characters", 1);
        assertThat(result.concatsMade()).isEqualTo(result.concatSites() - 1).isGreaterThan(10);
    }

    @Test
    void leavesNothingToTheJdkWithoutTagCharacters() throws Exception {
        Path classes = Jars.compile(tmp.resolve("plain"), Map.of("cat/Plain.java", """
                package cat;
                public class Plain {
                    public static void main(String[] args) { System.out.println("plain " + args.length + args.length * 2L); }
                }
                """));
        Path jar = Jars.write(tmp.resolve("plain/plain.jar"), Map.of(), classes, "");
        Path out = tmp.resolve("plain/out.jar");
        PlainCallSites.Result plain = Jars.rewriteCallSites(jar, out);

        assertThat(plain.kept()).isEmpty();
        assertThat(plain.summary()).isEqualTo("1 of 1 string concatenations made plain calls at package time");
    }
}
