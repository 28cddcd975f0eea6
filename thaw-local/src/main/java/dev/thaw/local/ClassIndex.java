package dev.thaw.local;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.DirectMethodHandleDesc;
import java.lang.invoke.MethodType;
import java.lang.reflect.AccessFlag;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The classes of the function's jars, read once for {@link PlainCallSites}: each jar's classes (the first
 * jar holding a class wins, as on the class path), which are signed or have multi-release variants, and the
 * JVM's access rules for a class made next to a host (JDK classes are looked up in this JDK, which is the
 * bundled runtime's).
 */
final class ClassIndex {

    /** The classes of one jar. */
    static final class JarClasses {
        final Map<String, ClassModel> models = new LinkedHashMap<>();
        final Set<String> versioned = new HashSet<>();
        boolean signed;
    }

    final ClassFile classFile;
    final Map<Path, JarClasses> jars = new LinkedHashMap<>();
    final Map<String, ClassModel> all = new HashMap<>();

    private ClassIndex(ClassFile classFile) {
        this.classFile = classFile;
    }

    /**
     * Reads the class files of {@code jars} (in classpath order); a file this JDK cannot parse is left out,
     * and so is its class's part in the rewrite.
     *
     * @throws UncheckedIOException when a jar cannot be read
     */
    static ClassIndex read(List<Path> jars) {
        Map<String, byte[]> bytes = new HashMap<>();
        ClassIndex index = new ClassIndex(ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(
                ClassHierarchyResolver.defaultResolver()
                        .orElse(ClassHierarchyResolver.ofResourceParsing(desc -> {
                            byte[] b = bytes.get(internalName(desc));
                            return b == null ? null : new ByteArrayInputStream(b);
                        }))
                        .cached())));
        for (Path jar : jars) {
            JarClasses classes = new JarClasses();
            try (JarFile file = new JarFile(jar.toFile())) {
                Enumeration<JarEntry> entries = file.entries();
                while (entries.hasMoreElements()) {
                    JarEntry entry = entries.nextElement();
                    String name = entry.getName();
                    if (BootClassPath.signature(name)) {
                        classes.signed = true;
                    }
                    if (entry.isDirectory() || !name.endsWith(".class") || name.endsWith("module-info.class")) {
                        continue;
                    }
                    String internal = name.substring(0, name.length() - ".class".length());
                    if (name.startsWith(MultiRelease.PREFIX)) {
                        MultiRelease.Variant variant = MultiRelease.Variant.of(name);
                        if (variant != null) {
                            String base = variant.baseName();
                            classes.versioned.add(base.substring(0, base.length() - ".class".length()));
                        }
                        continue;
                    }
                    byte[] b;
                    try (InputStream in = file.getInputStream(entry)) {
                        b = in.readAllBytes();
                    }
                    ClassModel model;
                    try {
                        model = index.classFile.parse(b);
                    } catch (IllegalArgumentException e) {
                        continue; // not a class file this JDK reads: left as it is
                    }
                    if (!name(model).equals(internal)) {
                        continue;
                    }
                    classes.models.put(internal, model);
                    bytes.putIfAbsent(internal, b);
                    index.all.putIfAbsent(internal, model);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + jar + ": " + e.getMessage(), e);
            }
            index.jars.put(jar, classes);
        }
        return index;
    }

    boolean known(String internal) {
        return all.containsKey(internal);
    }

    /** The JDK class named {@code internal}, or null (not a JDK class, or not found). */
    private static Class<?> jdkClass(String internal) {
        try {
            return Class.forName(internal.replace('/', '.'), false, ClassLoader.getPlatformClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    /** Whether code in package {@code pkg} may name {@code type} (arrays by their element type). */
    boolean accessibleClass(ClassDesc type, String pkg) {
        while (type.isArray()) {
            type = type.componentType();
        }
        if (type.isPrimitive()) {
            return true;
        }
        String internal = internalName(type);
        ClassModel model = all.get(internal);
        if (model != null) {
            return model.flags().has(AccessFlag.PUBLIC)
                    || BootClassPath.packageOf(internal).equals(pkg);
        }
        Class<?> jdk = jdkClass(internal);
        return jdk != null
                && Modifier.isPublic(jdk.getModifiers())
                && jdk.getModule().isExported(jdk.getPackageName());
    }

    boolean isInterface(ClassDesc type) {
        String internal = internalName(type);
        ClassModel model = all.get(internal);
        if (model != null) {
            return model.flags().has(AccessFlag.INTERFACE);
        }
        Class<?> jdk = jdkClass(internal);
        return jdk != null && jdk.isInterface();
    }

    /**
     * Checks that a class in package {@code pkg}, a member of {@code nestHost}'s nest, may call
     * {@code impl}.
     */
    void checkMember(DirectMethodHandleDesc impl, String pkg, String nestHost) throws LambdaClass.Unsupported {
        String owner = internalName(impl.owner());
        if (!accessibleClass(impl.owner(), pkg)) {
            throw new LambdaClass.Unsupported("whose implementation's class the class could not reach");
        }
        String name =
                impl.kind() == DirectMethodHandleDesc.Kind.CONSTRUCTOR ? ConstantDescs.INIT_NAME : impl.methodName();
        // a constructor's lookup descriptor already returns void, as its <init> is declared
        String descriptor = impl.lookupDescriptor();
        Member member =
                find(owner, name, descriptor, impl.kind() == DirectMethodHandleDesc.Kind.CONSTRUCTOR, new HashSet<>());
        if (member == null) {
            throw new LambdaClass.Unsupported("whose implementation was not found");
        }
        boolean special = impl.kind() == DirectMethodHandleDesc.Kind.SPECIAL
                || impl.kind() == DirectMethodHandleDesc.Kind.INTERFACE_SPECIAL;
        if (special && !(member.isPrivate() && member.declaring.equals(owner))) {
            throw new LambdaClass.Unsupported("calling a superclass's method");
        }
        if (member.isPrivate()) {
            ClassModel declaring = all.get(member.declaring);
            String itsNest = declaring == null
                    ? null
                    : declaring
                            .findAttribute(Attributes.nestHost())
                            .map(a -> a.nestHost().asInternalName())
                            .orElse(member.declaring);
            if (!nestHost.equals(itsNest)) {
                throw new LambdaClass.Unsupported("whose implementation is private to another class");
            }
            return;
        }
        if ((member.flags & ClassFile.ACC_PUBLIC) != 0) {
            return;
        }
        if (!BootClassPath.packageOf(member.declaring).equals(pkg) || member.jdk) {
            throw new LambdaClass.Unsupported("whose implementation is protected in another package");
        }
    }

    /** A method or constructor as found: declaring class, access flags, whether it is the JDK's. */
    private record Member(String declaring, int flags, boolean jdk) {
        boolean isPrivate() {
            return (flags & ClassFile.ACC_PRIVATE) != 0;
        }
    }

    /** Finds a method as the JVM resolves it: the class, its superclasses, then its interfaces. */
    private Member find(String owner, String name, String descriptor, boolean constructor, Set<String> seen) {
        if (!seen.add(owner)) {
            return null;
        }
        ClassModel model = all.get(owner);
        if (model == null) {
            return jdkMember(owner, name, descriptor, constructor);
        }
        for (MethodModel method : model.methods()) {
            if (method.methodName().equalsString(name) && method.methodType().equalsString(descriptor)) {
                return new Member(owner, method.flags().flagsMask(), false);
            }
        }
        if (constructor) {
            return null;
        }
        if (model.superclass().isPresent()) {
            Member found = find(model.superclass().get().asInternalName(), name, descriptor, false, seen);
            if (found != null) {
                return found;
            }
        }
        for (ClassEntry iface : model.interfaces()) {
            Member found = find(iface.asInternalName(), name, descriptor, false, seen);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** A public member of a public, exported JDK class, or null (anything else is not reachable from the app). */
    private static Member jdkMember(String owner, String name, String descriptor, boolean constructor) {
        Class<?> type = jdkClass(owner);
        if (type == null) {
            return null;
        }
        if (constructor) {
            for (Constructor<?> c : type.getConstructors()) {
                if (descriptor(void.class, c.getParameterTypes()).equals(descriptor)) {
                    return new Member(owner, ClassFile.ACC_PUBLIC, true);
                }
            }
            return null;
        }
        // the public methods, inherited ones and the interface's own static ones included
        for (Method m : type.getMethods()) {
            if (m.getName().equals(name)
                    && descriptor(m.getReturnType(), m.getParameterTypes()).equals(descriptor)) {
                return new Member(m.getDeclaringClass().getName().replace('.', '/'), ClassFile.ACC_PUBLIC, true);
            }
        }
        return null;
    }

    private static String descriptor(Class<?> returnType, Class<?>[] parameters) {
        return MethodType.methodType(returnType, parameters).descriptorString();
    }

    /** Returns the internal name of {@code model}'s class. */
    static String name(ClassModel model) {
        return model.thisClass().asInternalName();
    }

    /** Returns the internal name of the class or interface {@code type}. */
    static String internalName(ClassDesc type) {
        String d = type.descriptorString();
        return d.substring(1, d.length() - 1);
    }
}
