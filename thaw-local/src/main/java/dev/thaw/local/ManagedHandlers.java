package dev.thaw.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.attribute.InnerClassInfo;
import java.lang.classfile.attribute.InnerClassesAttribute;
import java.lang.reflect.AccessFlag;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The classes of an application jar that Lambda's managed Java runtime can name as the function's handler:
 * public, concrete subclasses of {@code dev.thaw.lambda.StreamHandler} with a public no-argument
 * constructor. Found by reading the jar's class files with {@code java.lang.classfile}: nothing is loaded
 * or initialised, so the application's dependencies need not be at hand.
 *
 * <p>Only direct subclasses count: a class whose superclass is itself a subclass of {@code StreamHandler}
 * is not found, since telling it apart would mean reading the superclass, which may live in another jar.
 * Applications extend {@code StreamHandler} directly, as its documentation shows.
 *
 * @param handlers the binary names ({@code com.example.Outer$Inner}) of the usable classes, sorted
 * @param unusable the concrete subclasses the runtime could not create, each with the reason, sorted
 */
record ManagedHandlers(List<String> handlers, List<String> unusable) {

    /** The internal name of the managed-runtime entry that handlers extend. */
    static final String STREAM_HANDLER = "dev/thaw/lambda/StreamHandler";

    /** The method the managed runtime calls, as the {@code Handler} setting names it. */
    static final String METHOD = "handleRequest";

    /**
     * Reads the class files of {@code jar}.
     *
     * @throws UncheckedIOException when the jar cannot be read
     * @throws IllegalArgumentException when a class file in it is malformed or newer than this JDK reads
     */
    static ManagedHandlers in(Path jar) {
        List<String> handlers = new ArrayList<>();
        List<String> unusable = new ArrayList<>();
        ClassFile classFile = ClassFile.of();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                // META-INF/versions/ holds variants of classes found elsewhere in the jar
                if (entry.isDirectory()
                        || !name.endsWith(".class")
                        || name.startsWith("META-INF/")
                        || name.endsWith("module-info.class")
                        || name.endsWith("package-info.class")) {
                    continue;
                }
                byte[] bytes;
                try (InputStream in = zip.getInputStream(entry)) {
                    bytes = in.readAllBytes();
                }
                ClassModel model;
                try {
                    model = classFile.parse(bytes);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("reading " + name + " in " + jar + ": " + e.getMessage(), e);
                }
                if (!extendsStreamHandler(model) || model.flags().has(AccessFlag.ABSTRACT)) {
                    continue;
                }
                String className = model.thisClass().asInternalName().replace('/', '.');
                String reason = whyUnusable(model);
                if (reason == null) {
                    handlers.add(className);
                } else {
                    unusable.add(className + " (" + reason + ")");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the classes of " + jar + ": " + e.getMessage(), e);
        }
        handlers.sort(null);
        unusable.sort(null);
        return new ManagedHandlers(List.copyOf(handlers), List.copyOf(unusable));
    }

    /** Returns the handler to deploy, the first by name, or empty when there is none. */
    Optional<String> chosen() {
        return handlers.isEmpty() ? Optional.empty() : Optional.of(handlers.getFirst());
    }

    /** Returns the {@code Handler} setting of the managed-runtime function for {@code className}. */
    static String handlerSetting(String className) {
        return className + "::" + METHOD;
    }

    private static boolean extendsStreamHandler(ClassModel model) {
        return !model.flags().has(AccessFlag.INTERFACE)
                && model.superclass()
                        .map(entry -> entry.asInternalName().equals(STREAM_HANDLER))
                        .orElse(false);
    }

    /** Returns why the runtime could not create {@code model}'s class, or null when it can. */
    private static String whyUnusable(ClassModel model) {
        if (!model.flags().has(AccessFlag.PUBLIC)) {
            return "not public";
        }
        // a nested class is public and static only by its InnerClasses entry: its own flags do not say
        String self = model.thisClass().asInternalName();
        Optional<InnerClassesAttribute> inner = model.findAttribute(Attributes.innerClasses());
        if (inner.isPresent()) {
            for (InnerClassInfo info : inner.get().classes()) {
                if (info.innerClass().asInternalName().equals(self)) {
                    if (!info.has(AccessFlag.PUBLIC)) {
                        return "a nested class that is not public";
                    }
                    if (!info.has(AccessFlag.STATIC)) {
                        return "an inner class: make it static";
                    }
                }
            }
        }
        for (MethodModel method : model.methods()) {
            if (method.methodName().equalsString("<init>")
                    && method.methodType().equalsString("()V")
                    && method.flags().has(AccessFlag.PUBLIC)) {
                return null;
            }
        }
        return "no public no-argument constructor";
    }
}
