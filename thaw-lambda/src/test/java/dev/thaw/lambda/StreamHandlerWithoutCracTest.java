package dev.thaw.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@code org.crac} is an optional dependency: a handler deployed without it must load and answer. The
 * test runs a handler in a class loader that sees the test class path minus the CRaC jar.
 */
class StreamHandlerWithoutCracTest {

    /** Runs in the isolated loader: makes a handler and answers one event. */
    public static final class Probe implements Supplier<String> {
        @Override
        public String get() {
            StreamHandlerTest.TestHandler handler = new StreamHandlerTest.TestHandler();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                handler.handleRequest(
                        new ByteArrayInputStream(LambdaTestEvents.v2("/warm")),
                        out,
                        new FakeLambdaContext("req-nocrac", 30_000));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return "hooks=" + handler.snapStartHooks() + " answer=" + out.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void answersWithoutCracOnTheClassPath() throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<URL> urls = new ArrayList<>();
        boolean droppedCrac = false;
        for (String entry : classPath.split(File.pathSeparator)) {
            File file = new File(entry);
            if (file.getName().startsWith("crac-") && file.getName().endsWith(".jar")) {
                droppedCrac = true;
            } else {
                urls.add(file.toURI().toURL());
            }
        }
        assertThat(droppedCrac).as("the test class path holds org.crac").isTrue();

        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader loader =
                new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> loader.loadClass("org.crac.Resource")).isInstanceOf(ClassNotFoundException.class);
            thread.setContextClassLoader(loader);
            @SuppressWarnings("unchecked")
            Supplier<String> probe = (Supplier<String>)
                    loader.loadClass(Probe.class.getName()).getConstructor().newInstance();

            String result = probe.get();

            assertThat(result).startsWith("hooks=null answer=").contains("\"statusCode\":200", "\"body\":\"warm\"");
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
