package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The rewrite on other people's bytecode: every jar on this test's own class path (JUnit, AssertJ, Byte
 * Buddy, avaje, ...), each rewritten alone, and every class written or added checked by the class-file
 * API's verifier, which must find nothing in it that it did not find in the original. A sweep of the same
 * kind over 332 jars found the two faults this guards against (docs/cold-start.md).
 */
class PlainCallSitesRealJarsTest {

    @Test
    void everyRewrittenClassOfTheTestClassPathsJarsVerifiesAsItsOriginalDid() throws IOException {
        List<Path> jars = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.endsWith(".jar") && Files.isRegularFile(Path.of(entry))) {
                jars.add(Path.of(entry));
            }
        }
        int lambdas = 0;
        int concats = 0;
        int checked = 0;
        int verified = 0;
        List<String> problems = new ArrayList<>();
        for (Path jar : jars) {
            PlainCallSites.Result result = PlainCallSites.of(List.of(jar));
            lambdas += result.lambdasMade();
            concats += result.concatsMade();
            PlainCallSites.JarRewrite rewrite = result.forJar(jar);
            if (rewrite.isEmpty()) {
                continue;
            }
            Map<String, byte[]> before = classesOf(jar);
            Map<String, byte[]> after = new HashMap<>(before);
            after.putAll(rewrite.replaced());
            rewrite.added().values().forEach(list -> list.forEach(a -> after.put(a.name(), a.bytes())));
            ClassFile original = verifier(before);
            ClassFile rewritten = verifier(after);
            Set<String> names = new HashSet<>(rewrite.replaced().keySet());
            rewrite.added().values().forEach(list -> list.forEach(a -> names.add(a.name())));
            for (String name : names) {
                checked++;
                Set<String> known = new HashSet<>();
                if (before.containsKey(name)) {
                    known.addAll(errors(original, before.get(name)));
                }
                List<String> found = errors(rewritten, after.get(name));
                if (!found.contains(THREW)) {
                    verified++;
                }
                for (String error : found) {
                    if (!known.contains(error)) {
                        problems.add(jar.getFileName() + " " + name + ": " + error);
                    }
                }
            }
        }

        assertThat(jars).hasSizeGreaterThan(10);
        assertThat(lambdas).as("lambdas made plain calls").isGreaterThan(500);
        assertThat(concats).as("string concatenations made plain calls").isGreaterThan(100);
        assertThat(checked).isGreaterThan(500);
        assertThat(verified)
                .as("classes the verifier could check (all their types resolved)")
                .isGreaterThan(300);
        assertThat(problems).isEmpty();
    }

    private static final String THREW = "the verifier could not resolve a class";

    /** The class files of {@code jar} (base entries), by entry name. */
    private static Map<String, byte[]> classesOf(Path jar) throws IOException {
        Map<String, byte[]> classes = new HashMap<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry entry : Collections.list(file.entries())) {
                if (entry.getName().endsWith(".class") && !entry.getName().startsWith("META-INF/")) {
                    try (InputStream in = file.getInputStream(entry)) {
                        classes.put(entry.getName(), in.readAllBytes());
                    }
                }
            }
        }
        return classes;
    }

    /** A verifier that resolves classes from {@code classes}, then from the JDK. */
    private static ClassFile verifier(Map<String, byte[]> classes) {
        return ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(ClassHierarchyResolver.defaultResolver()
                .orElse(ClassHierarchyResolver.ofResourceParsing(desc -> {
                    String d = desc.descriptorString();
                    byte[] bytes = classes.get(d.substring(1, d.length() - 1) + ".class");
                    return bytes == null ? null : new ByteArrayInputStream(bytes);
                }))));
    }

    /** The verifier's findings on {@code bytes}, without positions (a class it cannot resolve is one too). */
    private static List<String> errors(ClassFile verifier, byte[] bytes) {
        List<String> errors = new ArrayList<>();
        try {
            for (VerifyError error : verifier.verify(bytes)) {
                errors.add(String.valueOf(error.getMessage()).replaceAll("\\d+", "#"));
            }
        } catch (RuntimeException e) {
            errors.add(THREW);
        }
        return errors;
    }
}
