package dev.thaw.local;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeElement;
import java.lang.classfile.MethodModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.instruction.ConstantInstruction;
import java.lang.classfile.instruction.FieldInstruction;
import java.lang.classfile.instruction.InvokeDynamicInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.NewObjectInstruction;
import java.lang.classfile.instruction.NewReferenceArrayInstruction;
import java.lang.classfile.instruction.TypeCheckInstruction;
import java.lang.constant.ConstantDesc;
import java.lang.constant.DirectMethodHandleDesc;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Finds references to APIs banned from the start-up path (DESIGN.md section 5, STYLE.md practice 5) in the
 * code of class files, parsed with {@code java.lang.classfile}: every method's invocations, field accesses,
 * allocations, type checks, class constants and the method handles its lambdas and method references bind.
 * A reference is reported as {@code class.method → owner.name}.
 */
final class BannedApis {

    /** Packages (internal names, as prefixes) whose every member is banned. */
    private static final List<String> BANNED_PACKAGES = List.of(
            "java/util/ServiceLoader",
            "java/net/http/",
            "java/util/logging/",
            "com/fasterxml/jackson/",
            "java/lang/reflect/Proxy",
            "java/lang/management/",
            "javax/script/");

    /** Reflective members of {@code java.lang.Class}, by name prefix. */
    private static final List<String> BANNED_CLASS_MEMBERS = List.of(
            "forName", "getDeclared", "getMethod", "getField", "getConstructor", "getRecordComponents", "newInstance");

    private final Map<String, String> allowed;

    /**
     * @param allowed references ({@code class.method → owner.name}) that are accepted, each with its reason
     */
    BannedApis(Map<String, String> allowed) {
        this.allowed = Map.copyOf(allowed);
    }

    /** Returns the banned references in the classes of {@code jar}, minus the allowed ones. */
    List<String> scanJar(Path jar) throws IOException {
        List<String> found = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (!entry.getName().endsWith(".class") || entry.getName().endsWith("module-info.class")) {
                    continue;
                }
                try (InputStream in = file.getInputStream(entry)) {
                    found.addAll(scanClass(in.readAllBytes()));
                }
            }
        }
        return found;
    }

    /** Returns the banned references in one class file, minus the allowed ones. */
    List<String> scanClass(byte[] bytes) {
        ClassModel model = ClassFile.of().parse(bytes);
        String className = model.thisClass().asInternalName().replace('/', '.');
        List<String> found = new ArrayList<>();
        for (MethodModel method : model.methods()) {
            String where = className + "." + method.methodName().stringValue();
            method.code().ifPresent(code -> {
                for (CodeElement element : code) {
                    for (String reference : references(element)) {
                        String owner = reference.substring(0, reference.indexOf('#'));
                        String name = reference.substring(reference.indexOf('#') + 1);
                        if (isBanned(owner, name)) {
                            String report = where + " → " + owner.replace('/', '.') + "." + name;
                            if (!allowed.containsKey(report) && !found.contains(report)) {
                                found.add(report);
                            }
                        }
                    }
                }
            });
        }
        return found;
    }

    /** Returns what an instruction refers to, each as {@code owner#name} ({@code owner#} for a type). */
    private static List<String> references(CodeElement element) {
        return switch (element) {
            case InvokeInstruction i ->
                List.of(i.owner().asInternalName() + "#" + i.name().stringValue());
            case FieldInstruction f ->
                List.of(f.owner().asInternalName() + "#" + f.name().stringValue());
            case NewObjectInstruction n -> List.of(n.className().asInternalName() + "#<init>");
            case NewReferenceArrayInstruction a -> List.of(a.componentType().asInternalName() + "#");
            case TypeCheckInstruction t -> List.of(t.type().asInternalName() + "#");
            case ConstantInstruction.LoadConstantInstruction c
            when c.constantEntry() instanceof ClassEntry type -> List.of(type.asInternalName() + "#");
            case InvokeDynamicInstruction indy -> {
                List<String> bound = new ArrayList<>();
                for (ConstantDesc argument : indy.bootstrapArgs()) {
                    if (argument instanceof DirectMethodHandleDesc handle) {
                        bound.add(
                                handle.owner().descriptorString().replaceAll("^L|;$", "") + "#" + handle.methodName());
                    }
                }
                yield bound;
            }
            default -> List.of();
        };
    }

    private static boolean isBanned(String owner, String name) {
        for (String prefix : BANNED_PACKAGES) {
            if (owner.startsWith(prefix)) {
                return true;
            }
        }
        if (owner.equals("java/lang/Class")) {
            for (String prefix : BANNED_CLASS_MEMBERS) {
                if (name.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        }
        if (owner.equals("java/lang/reflect/Method")) {
            return name.equals("invoke");
        }
        if (owner.equals("java/lang/reflect/Constructor")) {
            return name.equals("newInstance");
        }
        if (owner.equals("java/lang/reflect/Field")) {
            return name.startsWith("get") || name.startsWith("set");
        }
        return false;
    }
}
