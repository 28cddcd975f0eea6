package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads class files compiled here against a stand-in {@code dev.thaw.lambda.StreamHandler}, which stays
 * out of the app jar as the real one does: nothing is loaded, so it need not be there.
 */
class ManagedHandlersTest {

    /** The managed-runtime entry's shape, enough to compile subclasses against. */
    static final String STREAM_HANDLER = """
            package dev.thaw.lambda;
            public abstract class StreamHandler {
                protected StreamHandler() {}
                protected abstract Object createApp();
            }
            """;

    @TempDir
    Path tmp;

    private Path appJar(Map<String, String> sources) throws IOException {
        Map<String, String> all = new HashMap<>(sources);
        all.put("dev/thaw/lambda/StreamHandler.java", STREAM_HANDLER);
        Path classes = Jars.compile(tmp.resolve("build"), all);
        return Jars.write(tmp.resolve("app.jar"), Map.of("Main-Class", "shop.Main"), classes, "shop");
    }

    private static String handler(String declaration) {
        return "package shop;\n" + declaration + "\n";
    }

    @Test
    void findsTheOneConcretePublicSubclass() throws IOException {
        Path jar = appJar(Map.of(
                "shop/Main.java", handler("public class Main { public static void main(String[] a) {} }"),
                "shop/OrdersHandler.java",
                        handler("public final class OrdersHandler extends dev.thaw.lambda.StreamHandler {"
                                + " protected Object createApp() { return null; } }")));

        ManagedHandlers found = ManagedHandlers.in(jar);

        assertThat(found.handlers()).containsExactly("shop.OrdersHandler");
        assertThat(found.unusable()).isEmpty();
        assertThat(found.chosen()).contains("shop.OrdersHandler");
        assertThat(ManagedHandlers.handlerSetting("shop.OrdersHandler")).isEqualTo("shop.OrdersHandler::handleRequest");
    }

    @Test
    void sortsSeveralByNameAndChoosesTheFirst() throws IOException {
        String body = " extends dev.thaw.lambda.StreamHandler { protected Object createApp() { return null; } }";
        Path jar = appJar(Map.of(
                "shop/ZetaHandler.java", handler("public class ZetaHandler" + body),
                "shop/AlphaHandler.java", handler("public class AlphaHandler" + body),
                "shop/Outer.java", handler("public class Outer { public static class Nested" + body + " }")));

        ManagedHandlers found = ManagedHandlers.in(jar);

        assertThat(found.handlers()).containsExactly("shop.AlphaHandler", "shop.Outer$Nested", "shop.ZetaHandler");
        assertThat(found.chosen()).contains("shop.AlphaHandler");
    }

    @Test
    void skipsAbstractAndIndirectSubclassesAndOtherClasses() throws IOException {
        Path jar = appJar(Map.of(
                "shop/Base.java", handler("public abstract class Base extends dev.thaw.lambda.StreamHandler {}"),
                "shop/Indirect.java",
                        handler("public class Indirect extends Base { protected Object createApp() { return null; } }"),
                "shop/Plain.java", handler("public class Plain extends Thread {}"),
                "shop/Api.java", handler("public interface Api {}")));

        ManagedHandlers found = ManagedHandlers.in(jar);

        assertThat(found.handlers()).isEmpty();
        assertThat(found.unusable()).isEmpty();
        assertThat(found.chosen()).isEmpty();
    }

    @Test
    void namesSubclassesTheRuntimeCouldNotCreateWithTheReason() throws IOException {
        String body = " extends dev.thaw.lambda.StreamHandler { protected Object createApp() { return null; } ";
        Path jar = appJar(Map.of(
                "shop/Hidden.java", handler("class Hidden" + body + "}"),
                "shop/Needy.java", handler("public class Needy" + body + " public Needy(String name) {} }"),
                "shop/Guarded.java", handler("public class Guarded" + body + " protected Guarded() {} }"),
                "shop/Outer.java",
                        handler("public class Outer { public class Inner" + body + "} static public class Private"
                                + body.replace("{ protected", "{ private Private() {} protected") + "}"
                                + " private static class Secret" + body + "} }")));

        ManagedHandlers found = ManagedHandlers.in(jar);

        assertThat(found.handlers()).isEmpty();
        assertThat(found.unusable())
                .containsExactly(
                        "shop.Guarded (no public no-argument constructor)",
                        "shop.Hidden (not public)",
                        "shop.Needy (no public no-argument constructor)",
                        "shop.Outer$Inner (an inner class: make it static)",
                        "shop.Outer$Private (no public no-argument constructor)",
                        "shop.Outer$Secret (not public)");
    }

    @Test
    void ignoresVersionedClassesAndTheModuleDescriptor() throws IOException {
        Path jar = appJar(Map.of(
                "shop/Main.java", handler("public class Main {}"),
                "shop/OrdersHandler.java",
                        handler("public class OrdersHandler extends dev.thaw.lambda.StreamHandler {"
                                + " protected Object createApp() { return null; } }")));
        byte[] handlerClass = Files.readAllBytes(tmp.resolve("build/classes/shop/OrdersHandler.class"));
        Path versioned = tmp.resolve("versioned.jar");
        try (OutputStream file = Files.newOutputStream(versioned);
                JarOutputStream out = new JarOutputStream(file)) {
            for (String name : new String[] {"META-INF/versions/25/shop/Other.class", "module-info.class"}) {
                out.putNextEntry(new JarEntry(name));
                out.write(handlerClass);
                out.closeEntry();
            }
        }

        assertThat(ManagedHandlers.in(versioned).handlers()).isEmpty();
        assertThat(ManagedHandlers.in(jar).handlers()).containsExactly("shop.OrdersHandler");
    }

    @Test
    void failsNamingTheClassFileThatIsNotOne() throws IOException {
        Path jar = tmp.resolve("broken.jar");
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry("shop/Broken.class"));
            out.write(new byte[] {(byte) 0xCA, (byte) 0xFE, 0, 1});
            out.closeEntry();
        }

        assertThatThrownBy(() -> ManagedHandlers.in(jar))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("reading shop/Broken.class in " + jar + ": ");
    }
}
