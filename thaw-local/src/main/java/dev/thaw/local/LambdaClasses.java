package dev.thaw.local;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassBuilder;
import java.lang.classfile.ClassElement;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeModel;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.MethodModel;
import java.lang.classfile.TypeKind;
import java.lang.classfile.attribute.NestHostAttribute;
import java.lang.classfile.attribute.NestMembersAttribute;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.instruction.InvokeDynamicInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.DirectMethodHandleDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodType;
import java.lang.reflect.AccessFlag;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Makes the lambdas and method references of the function's jars ordinary classes at package time, so a
 * start without the AOT cache does not spin them. The JVM links each {@code invokedynamic} of a lambda at
 * its first run through {@code LambdaMetafactory}, which writes a hidden class with the class-file API and
 * resolves method handles, all interpreted at a cold start: the example's ~20 lambdas were ~15 ms of its
 * main thread's CPU and ~6 ms of the JSON warm-up thread's without the cache (async-profiler, 12 starts).
 * With the AOT cache the JVM has them linked already, and the classes made here are loaded from it like any
 * other.
 *
 * <p>For each call site of {@code LambdaMetafactory.metafactory} it can reproduce exactly, it writes a
 * class {@code Host$$ThawLambda$N} beside the host, as the JDK's own proxy would be: a member of the host's
 * nest (so it may call the host's private lambda bodies), final and synthetic, implementing the functional
 * interface, with one final field per captured value and the interface method that converts its arguments
 * as the metafactory would (casts to the instantiated types, boxing, unboxing, widening) and calls the
 * implementation. The {@code invokedynamic} becomes an {@code invokestatic} of the class's {@code create},
 * with the same stack effect; a lambda that captures nothing returns one shared instance, as the JDK's
 * does. The nest host lists the new class in its {@code NestMembers}.
 *
 * <p>Left to the JDK (the call site is not touched): {@code altMetafactory} (serializable lambdas, marker
 * interfaces, bridges), hosts older than Java 11 (no nests), an implementation or type the new class could
 * not reach by the JVM's access rules (a protected method of another package's superclass, say), a
 * conversion outside the ones above, signed jars, and in multi-release jars any host whose class or nest
 * host has a versioned variant. Everything else in the jars keeps its bytes.
 *
 * <p>What an app can see: a lambda's class is {@code Host$$ThawLambda$N} rather than a hidden
 * {@code Host$$Lambda/0x…}, and its frame shows in stack traces (the JDK hides its proxies' frames).
 */
final class LambdaClasses {

    /** Between the host's name and the number of a class made here. */
    static final String INFIX = "$$ThawLambda$";

    private static final ClassDesc LAMBDA_METAFACTORY = ClassDesc.of("java.lang.invoke.LambdaMetafactory");
    private static final String FACTORY = "create";
    private static final String INSTANCE = "INSTANCE";
    private static final int NESTMATES_MAJOR = 55;

    /**
     * What to write for one jar.
     *
     * @param replaced class entries with new bytes, by entry name
     * @param added new class entries to write right after the named host entry, by that entry's name
     */
    record JarRewrite(Map<String, byte[]> replaced, Map<String, List<Added>> added) {

        static final JarRewrite NONE = new JarRewrite(Map.of(), Map.of());

        /** Returns whether nothing changes. */
        boolean isEmpty() {
            return replaced.isEmpty() && added.isEmpty();
        }
    }

    /** A class made here: its entry name and bytes. */
    record Added(String name, byte[] bytes) {}

    /**
     * The outcome over all jars.
     *
     * @param rewrites per jar (as given), what to write
     * @param sites lambda call sites found ({@code metafactory} and {@code altMetafactory})
     * @param made call sites now served by a class made here
     * @param kept why the others were left to the JDK: reason → how many
     */
    record Result(Map<Path, JarRewrite> rewrites, int sites, int made, Map<String, Integer> kept) {

        static Result none() {
            return new Result(Map.of(), 0, 0, Map.of());
        }

        JarRewrite forJar(Path jar) {
            return rewrites.getOrDefault(jar, JarRewrite.NONE);
        }

        /** One line for {@code thaw package}'s summary. */
        String summary() {
            StringBuilder line = new StringBuilder()
                    .append(made)
                    .append(" of ")
                    .append(sites)
                    .append(sites == 1 ? " lambda call site" : " lambda call sites")
                    .append(" made classes at package time");
            if (!kept.isEmpty()) {
                line.append(" (left to the JDK: ");
                String sep = "";
                for (Map.Entry<String, Integer> reason : kept.entrySet()) {
                    line.append(sep).append(reason.getValue()).append(' ').append(reason.getKey());
                    sep = ", ";
                }
                line.append(')');
            }
            return line.toString();
        }
    }

    private LambdaClasses() {}

    /**
     * Plans the rewrite of {@code jars} (the function's {@code lib/}, in classpath order): reads every
     * class, finds the lambda call sites and writes the classes and hosts that serve them.
     *
     * @throws UncheckedIOException when a jar cannot be read
     */
    static Result of(List<Path> jars) {
        Index index = Index.read(jars);
        Map<Path, JarRewrite> rewrites = new LinkedHashMap<>();
        int sites = 0;
        int made = 0;
        Map<String, Integer> kept = new TreeMap<>();
        for (Path jar : jars) {
            JarClasses classes = index.jars.get(jar);
            Map<String, byte[]> replaced = new HashMap<>();
            Map<String, List<Added>> added = new HashMap<>();
            Map<String, HostPlan> plans = new LinkedHashMap<>();
            Map<String, byte[]> hostBytes = new HashMap<>();
            for (ClassModel host : classes.models.values()) {
                List<Site> found = sitesOf(host);
                if (found.isEmpty()) {
                    continue;
                }
                sites += found.size();
                HostPlan plan = plan(host, found, classes, index, kept);
                if (plan.generated.isEmpty()) {
                    continue;
                }
                try {
                    hostBytes.put(name(host), rewriteHost(index.classFile, host, plan, List.of()));
                } catch (IllegalArgumentException e) {
                    // its stack maps could not be computed again (a class of their types is missing)
                    kept.merge(
                            "in classes whose stack maps could not be recomputed", plan.generated.size(), Integer::sum);
                    continue;
                }
                plans.put(name(host), plan);
                made += plan.generated.size();
            }
            // nest host → the classes made for its members, which its NestMembers must list
            Map<String, List<ClassDesc>> newMembers = new LinkedHashMap<>();
            for (HostPlan plan : plans.values()) {
                newMembers
                        .computeIfAbsent(plan.nestHost, k -> new ArrayList<>())
                        .addAll(plan.memberDescs());
            }
            for (Map.Entry<String, List<ClassDesc>> nest : newMembers.entrySet()) {
                String nestHost = nest.getKey();
                hostBytes.put(
                        nestHost,
                        rewriteHost(
                                index.classFile, classes.models.get(nestHost), plans.get(nestHost), nest.getValue()));
            }
            for (Map.Entry<String, byte[]> host : hostBytes.entrySet()) {
                replaced.put(host.getKey() + ".class", host.getValue());
            }
            for (Map.Entry<String, HostPlan> plan : plans.entrySet()) {
                List<Added> classesMade = new ArrayList<>();
                for (Generated g : plan.getValue().generated) {
                    classesMade.add(new Added(g.name + ".class", g.bytes));
                }
                added.put(plan.getKey() + ".class", classesMade);
            }
            if (!replaced.isEmpty()) {
                rewrites.put(jar, new JarRewrite(replaced, added));
            }
        }
        return new Result(rewrites, sites, made, kept);
    }

    /** An {@code invokedynamic} of a lambda metafactory in {@code host}. */
    private record Site(InvokeDynamicInstruction indy, boolean alt) {}

    private static List<Site> sitesOf(ClassModel host) {
        if (host.findAttribute(Attributes.bootstrapMethods()).isEmpty()) {
            return List.of();
        }
        List<Site> sites = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (MethodModel method : host.methods()) {
            Optional<CodeModel> code = method.code();
            if (code.isEmpty()) {
                continue;
            }
            for (CodeElement element : code.get()) {
                if (element instanceof InvokeDynamicInstruction indy
                        && indy.bootstrapMethod() instanceof DirectMethodHandleDesc bsm
                        && bsm.owner().equals(LAMBDA_METAFACTORY)
                        && seen.add(indy.invokedynamic().index())) {
                    sites.add(new Site(indy, !bsm.methodName().equals("metafactory")));
                }
            }
        }
        return sites;
    }

    /** The classes made for one host, and its nest host. */
    private record HostPlan(String nestHost, List<Generated> generated, Map<Integer, Generated> bySite) {

        List<ClassDesc> memberDescs() {
            List<ClassDesc> descs = new ArrayList<>();
            for (Generated g : generated) {
                descs.add(ClassDesc.ofInternalName(g.name));
            }
            return descs;
        }
    }

    /** A class made here: internal name, bytes, and the factory's type (the call site's). */
    private record Generated(String name, byte[] bytes, MethodTypeDesc factoryType) {}

    private static HostPlan plan(
            ClassModel host, List<Site> sites, JarClasses classes, Index index, Map<String, Integer> kept) {
        String hostName = name(host);
        String nestHost = host.findAttribute(Attributes.nestHost())
                .map(a -> a.nestHost().asInternalName())
                .orElse(hostName);
        String why = hostProblem(host, hostName, nestHost, classes, index);
        List<Generated> generated = new ArrayList<>();
        Map<Integer, Generated> bySite = new HashMap<>();
        int n = 0;
        for (Site site : sites) {
            String problem = why != null ? why : site.alt ? "altMetafactory (serializable, markers or bridges)" : null;
            Shape shape = null;
            if (problem == null) {
                try {
                    shape = Shape.of(site.indy, hostName, nestHost, index);
                } catch (Unsupported e) {
                    problem = e.getMessage();
                }
            }
            if (problem != null) {
                kept.merge(problem, 1, Integer::sum);
                continue;
            }
            String name;
            do {
                name = hostName + INFIX + n++;
            } while (classes.models.containsKey(name) || index.known(name));
            byte[] bytes;
            try {
                bytes = shape.write(index.classFile, name, nestHost, host.majorVersion(), host.minorVersion());
            } catch (IllegalArgumentException e) {
                kept.merge("whose class could not be written (" + e.getMessage() + ")", 1, Integer::sum);
                continue;
            }
            Generated g = new Generated(name, bytes, site.indy.typeSymbol());
            generated.add(g);
            bySite.put(site.indy.invokedynamic().index(), g);
        }
        return new HostPlan(nestHost, generated, bySite);
    }

    /** Returns why no lambda of {@code host} can be made a class, or null. */
    private static String hostProblem(
            ClassModel host, String hostName, String nestHost, JarClasses classes, Index index) {
        if (host.majorVersion() < NESTMATES_MAJOR) {
            return "in classes older than Java 11";
        }
        if (classes.signed) {
            return "in signed jars";
        }
        if (!nestHost.equals(hostName) && !classes.models.containsKey(nestHost)) {
            return "whose nest host is in another jar";
        }
        if (index.all.get(hostName) != host || index.all.get(nestHost) != classes.models.get(nestHost)) {
            return "in classes an earlier jar also holds";
        }
        if (!packageOf(nestHost).equals(packageOf(hostName))) {
            return "whose nest host is in another package";
        }
        if (classes.versioned.contains(hostName) || classes.versioned.contains(nestHost)) {
            return "in classes with a multi-release variant";
        }
        return null;
    }

    /** Writes {@code model} with its lambda call sites replaced and {@code members} added to its nest. */
    private static byte[] rewriteHost(ClassFile cf, ClassModel model, HostPlan plan, List<ClassDesc> members) {
        ClassTransform transform = ClassTransform.ACCEPT_ALL;
        if (plan != null) {
            CodeTransform code = (builder, element) -> {
                if (element instanceof InvokeDynamicInstruction indy) {
                    Generated g = plan.bySite.get(indy.invokedynamic().index());
                    if (g != null) {
                        builder.invokestatic(ClassDesc.ofInternalName(g.name), FACTORY, g.factoryType);
                        return;
                    }
                }
                builder.with(element);
            };
            transform = ClassTransform.transformingMethodBodies(code);
        }
        if (!members.isEmpty()) {
            List<ClassDesc> all = new ArrayList<>();
            model.findAttribute(Attributes.nestMembers()).ifPresent(a -> {
                for (ClassEntry member : a.nestMembers()) {
                    all.add(member.asSymbol());
                }
            });
            all.addAll(members);
            ClassTransform nest = new ClassTransform() {
                @Override
                public void accept(ClassBuilder builder, ClassElement element) {
                    if (!(element instanceof NestMembersAttribute)) {
                        builder.with(element);
                    }
                }

                @Override
                public void atEnd(ClassBuilder builder) {
                    builder.with(NestMembersAttribute.ofSymbols(all));
                }
            };
            transform = transform.andThen(nest);
        }
        return cf.transformClass(model, transform);
    }

    /** Why a call site stays with the JDK. */
    private static final class Unsupported extends Exception {

        private static final long serialVersionUID = 1L;

        Unsupported(String why) {
            super(why, null, false, false);
        }
    }

    /**
     * One call site, checked: the functional interface, the captured types, the erased and instantiated
     * interface method types and the implementation.
     */
    private record Shape(
            ClassDesc iface,
            String samName,
            List<ClassDesc> captured,
            MethodTypeDesc samType,
            MethodTypeDesc instantiated,
            DirectMethodHandleDesc impl) {

        static Shape of(InvokeDynamicInstruction indy, String host, String nestHost, Index index) throws Unsupported {
            List<ConstantDesc> args = indy.bootstrapArgs();
            if (args.size() != 3
                    || !(args.get(0) instanceof MethodTypeDesc samType)
                    || !(args.get(1) instanceof DirectMethodHandleDesc impl)
                    || !(args.get(2) instanceof MethodTypeDesc instantiated)) {
                throw new Unsupported("with unusual bootstrap arguments");
            }
            MethodTypeDesc site = indy.typeSymbol();
            ClassDesc iface = site.returnType();
            String pkg = packageOf(host);
            if (!index.accessibleClass(iface, pkg) || !index.isInterface(iface)) {
                throw new Unsupported("whose interface the class could not reach");
            }
            index.checkMember(impl, pkg, nestHost);
            Shape shape =
                    new Shape(iface, indy.name().stringValue(), site.parameterList(), samType, instantiated, impl);
            shape.checkTypes(pkg, index);
            return shape;
        }

        /** The implementation's parameters as called: the receiver first for an instance method. */
        private List<ClassDesc> implParameters() {
            List<ClassDesc> params = new ArrayList<>();
            switch (impl.kind()) {
                case VIRTUAL, INTERFACE_VIRTUAL, SPECIAL, INTERFACE_SPECIAL -> params.add(impl.owner());
                default -> {}
            }
            params.addAll(MethodTypeDesc.ofDescriptor(impl.lookupDescriptor()).parameterList());
            return params;
        }

        private ClassDesc implReturn() {
            return impl.kind() == DirectMethodHandleDesc.Kind.CONSTRUCTOR
                    ? impl.owner()
                    : MethodTypeDesc.ofDescriptor(impl.lookupDescriptor()).returnType();
        }

        /** Checks that every conversion is one this class writes, and that cast targets are reachable. */
        private void checkTypes(String pkg, Index index) throws Unsupported {
            switch (impl.kind()) {
                case STATIC, INTERFACE_STATIC, VIRTUAL, INTERFACE_VIRTUAL, SPECIAL, INTERFACE_SPECIAL, CONSTRUCTOR -> {}
                default -> throw new Unsupported("with a field as implementation");
            }
            List<ClassDesc> params = implParameters();
            int k = captured.size();
            if (samType.parameterCount() != instantiated.parameterCount()
                    || params.size() != k + samType.parameterCount()) {
                throw new Unsupported("whose arity differs from the implementation's");
            }
            for (int i = 0; i < k; i++) {
                ClassDesc from = captured.get(i);
                ClassDesc to = params.get(i);
                if (from.isPrimitive() || to.isPrimitive() ? !from.equals(to) : !castable(from, to, pkg, index)) {
                    throw new Unsupported("with a captured value of another type");
                }
            }
            for (int j = 0; j < samType.parameterCount(); j++) {
                ClassDesc erased = samType.parameterType(j);
                ClassDesc inst = instantiated.parameterType(j);
                if (!erased.equals(inst) && (erased.isPrimitive() || inst.isPrimitive())) {
                    throw new Unsupported("with a primitive instantiated type");
                }
                if (!erased.equals(inst) && !index.accessibleClass(inst, pkg)) {
                    throw new Unsupported("whose parameter type the class could not reach");
                }
                if (!convertible(inst, params.get(k + j))) {
                    throw new Unsupported("with a conversion the class does not write");
                }
            }
            ClassDesc from = implReturn();
            ClassDesc to = samType.returnType();
            if (!to.equals(ConstantDescs.CD_void)) {
                if (from.equals(ConstantDescs.CD_void) || !convertible(from, to)) {
                    throw new Unsupported("with a conversion the class does not write");
                }
                if (returnCast(from, to) && !index.accessibleClass(to, pkg)) {
                    throw new Unsupported("whose return type the class could not reach");
                }
            }
        }

        /** Whether a value of {@code from} (a reference) may be handed where {@code to} is declared. */
        private static boolean castable(ClassDesc from, ClassDesc to, String pkg, Index index) {
            return from.equals(to) || to.equals(ConstantDescs.CD_Object) || index.accessibleClass(to, pkg);
        }

        /** Writes the class. */
        byte[] write(ClassFile cf, String name, String nestHost, int major, int minor) {
            ClassDesc self = ClassDesc.ofInternalName(name);
            int k = captured.size();
            MethodTypeDesc ctorType = MethodTypeDesc.of(ConstantDescs.CD_void, captured);
            MethodTypeDesc factoryType = MethodTypeDesc.of(iface, captured);
            return cf.build(self, cls -> {
                cls.withVersion(major, minor);
                cls.withFlags(AccessFlag.FINAL, AccessFlag.SYNTHETIC, AccessFlag.SUPER);
                cls.withSuperclass(ConstantDescs.CD_Object);
                cls.withInterfaceSymbols(iface);
                cls.with(NestHostAttribute.of(ClassDesc.ofInternalName(nestHost)));
                for (int i = 0; i < k; i++) {
                    cls.withField(
                            "arg" + i,
                            captured.get(i),
                            ClassFile.ACC_PRIVATE | ClassFile.ACC_FINAL | ClassFile.ACC_SYNTHETIC);
                }
                if (k == 0) {
                    cls.withField(INSTANCE, self, ClassFile.ACC_PRIVATE | ClassFile.ACC_STATIC | ClassFile.ACC_FINAL);
                    cls.withMethodBody(
                            ConstantDescs.CLASS_INIT_NAME, ConstantDescs.MTD_void, ClassFile.ACC_STATIC, code -> {
                                code.new_(self)
                                        .dup()
                                        .invokespecial(self, ConstantDescs.INIT_NAME, ConstantDescs.MTD_void);
                                code.putstatic(self, INSTANCE, self).return_();
                            });
                }
                cls.withMethodBody(ConstantDescs.INIT_NAME, ctorType, ClassFile.ACC_PRIVATE, code -> {
                    code.aload(0)
                            .invokespecial(ConstantDescs.CD_Object, ConstantDescs.INIT_NAME, ConstantDescs.MTD_void);
                    int slot = 1;
                    for (int i = 0; i < k; i++) {
                        TypeKind kind = TypeKind.from(captured.get(i));
                        code.aload(0).loadLocal(kind, slot).putfield(self, "arg" + i, captured.get(i));
                        slot += kind.slotSize();
                    }
                    code.return_();
                });
                cls.withMethodBody(FACTORY, factoryType, ClassFile.ACC_STATIC, code -> {
                    if (k == 0) {
                        code.getstatic(self, INSTANCE, self).areturn();
                        return;
                    }
                    code.new_(self).dup();
                    int slot = 0;
                    for (ClassDesc type : captured) {
                        TypeKind kind = TypeKind.from(type);
                        code.loadLocal(kind, slot);
                        slot += kind.slotSize();
                    }
                    code.invokespecial(self, ConstantDescs.INIT_NAME, ctorType).areturn();
                });
                cls.withMethodBody(samName, samType, ClassFile.ACC_PUBLIC, code -> writeSam(code, self));
            });
        }

        /** The interface method: captured values, then the arguments converted, the call, the result converted. */
        private void writeSam(CodeBuilder code, ClassDesc self) {
            List<ClassDesc> params = implParameters();
            int k = captured.size();
            if (impl.kind() == DirectMethodHandleDesc.Kind.CONSTRUCTOR) {
                code.new_(impl.owner()).dup();
            }
            for (int i = 0; i < k; i++) {
                code.aload(0).getfield(self, "arg" + i, captured.get(i));
                ClassDesc to = params.get(i);
                if (!captured.get(i).equals(to) && !to.equals(ConstantDescs.CD_Object)) {
                    code.checkcast(to);
                }
            }
            int slot = 1;
            for (int j = 0; j < samType.parameterCount(); j++) {
                ClassDesc erased = samType.parameterType(j);
                ClassDesc inst = instantiated.parameterType(j);
                TypeKind kind = TypeKind.from(erased);
                code.loadLocal(kind, slot);
                slot += kind.slotSize();
                if (!erased.equals(inst)) {
                    code.checkcast(inst);
                }
                convert(code, inst, params.get(k + j));
            }
            invoke(code);
            ClassDesc result = implReturn();
            ClassDesc samReturn = samType.returnType();
            if (samReturn.equals(ConstantDescs.CD_void)) {
                if (!result.equals(ConstantDescs.CD_void)) {
                    if (TypeKind.from(result).slotSize() == 2) {
                        code.pop2();
                    } else {
                        code.pop();
                    }
                }
                code.return_();
                return;
            }
            convert(code, result, samReturn);
            if (returnCast(result, samReturn)) {
                // a generic implementation erased to a supertype (<T> T make() for a String make())
                code.checkcast(samReturn);
            }
            code.return_(TypeKind.from(samReturn));
        }

        private void invoke(CodeBuilder code) {
            ClassDesc owner = impl.owner();
            String name = impl.methodName();
            MethodTypeDesc type = MethodTypeDesc.ofDescriptor(impl.lookupDescriptor());
            switch (impl.kind()) {
                case STATIC -> code.invokestatic(owner, name, type, false);
                case INTERFACE_STATIC -> code.invokestatic(owner, name, type, true);
                case VIRTUAL -> code.invokevirtual(owner, name, type);
                case INTERFACE_VIRTUAL -> code.invokeinterface(owner, name, type);
                // a private method of the nest: nestmates call it with invokevirtual / invokeinterface
                case SPECIAL -> code.invokevirtual(owner, name, type);
                case INTERFACE_SPECIAL -> code.invokeinterface(owner, name, type);
                case CONSTRUCTOR -> code.invokespecial(owner, ConstantDescs.INIT_NAME, type);
                default -> throw new IllegalStateException("unchecked kind " + impl.kind());
            }
        }
    }

    // ---- conversions (the subset of LambdaMetafactory's this class writes) ----

    private static final Map<String, ClassDesc> WRAPPERS = Map.of(
            "Z", ConstantDescs.CD_Boolean,
            "B", ConstantDescs.CD_Byte,
            "S", ConstantDescs.CD_Short,
            "C", ConstantDescs.CD_Character,
            "I", ConstantDescs.CD_Integer,
            "J", ConstantDescs.CD_Long,
            "F", ConstantDescs.CD_Float,
            "D", ConstantDescs.CD_Double);

    /** The method that unboxes a wrapper, by the primitive's descriptor. */
    private static final Map<String, String> UNBOX = Map.of(
            "Z", "booleanValue",
            "B", "byteValue",
            "S", "shortValue",
            "C", "charValue",
            "I", "intValue",
            "J", "longValue",
            "F", "floatValue",
            "D", "doubleValue");

    /** Returns the primitive a wrapper class boxes, or null. */
    private static ClassDesc unboxed(ClassDesc type) {
        for (Map.Entry<String, ClassDesc> entry : WRAPPERS.entrySet()) {
            if (entry.getValue().equals(type)) {
                return ClassDesc.ofDescriptor(entry.getKey());
            }
        }
        return null;
    }

    /** Supertypes of every wrapper class, which a boxed value may be handed to without a cast. */
    private static final Set<ClassDesc> BOX_SUPERTYPES = Set.of(
            ConstantDescs.CD_Object,
            ConstantDescs.CD_Number,
            ClassDesc.of("java.io.Serializable"),
            ClassDesc.of("java.lang.Comparable"),
            ClassDesc.of("java.lang.constant.Constable"),
            ClassDesc.of("java.lang.constant.ConstantDesc"));

    /** Whether {@code from} widens to {@code to} (both primitive). */
    private static boolean widens(ClassDesc from, ClassDesc to) {
        String f = from.descriptorString();
        String t = to.descriptorString();
        if (f.equals(t)) {
            return true;
        }
        return switch (f) {
            case "B" -> "SIJFD".contains(t);
            case "S", "C" -> "IJFD".contains(t);
            case "I" -> "JFD".contains(t);
            case "J" -> "FD".contains(t);
            case "F" -> "D".equals(t);
            default -> false;
        };
    }

    /** Whether this class writes the conversion of a {@code from} value to {@code to}. */
    private static boolean convertible(ClassDesc from, ClassDesc to) {
        if (from.equals(to)) {
            return true;
        }
        if (from.isPrimitive() && to.isPrimitive()) {
            return !from.equals(ConstantDescs.CD_void) && widens(from, to);
        }
        if (from.isPrimitive()) {
            ClassDesc box = WRAPPERS.get(from.descriptorString());
            return box != null && (box.equals(to) || BOX_SUPERTYPES.contains(to));
        }
        if (to.isPrimitive()) {
            ClassDesc prim = unboxed(from);
            return prim != null && widens(prim, to);
        }
        return true; // reference to reference: javac's types make it an upcast
    }

    /** Whether a reference result needs a cast to the interface method's declared return type. */
    private static boolean returnCast(ClassDesc result, ClassDesc samReturn) {
        return !result.isPrimitive()
                && !samReturn.isPrimitive()
                && !result.equals(samReturn)
                && !samReturn.equals(ConstantDescs.CD_Object);
    }

    /** Writes the conversion checked by {@link #convertible}. */
    private static void convert(CodeBuilder code, ClassDesc from, ClassDesc to) {
        if (from.equals(to)) {
            return;
        }
        if (from.isPrimitive() && to.isPrimitive()) {
            code.conversion(TypeKind.from(from), TypeKind.from(to));
        } else if (from.isPrimitive()) {
            ClassDesc box = WRAPPERS.get(from.descriptorString());
            code.invokestatic(box, "valueOf", MethodTypeDesc.of(box, from));
        } else if (to.isPrimitive()) {
            ClassDesc prim = unboxed(from);
            code.invokevirtual(from, UNBOX.get(prim.descriptorString()), MethodTypeDesc.of(prim));
            code.conversion(TypeKind.from(prim), TypeKind.from(to));
        }
    }

    // ---- the classes of the jars and the JDK, for the access rules ----

    /** The classes of one jar. */
    private static final class JarClasses {
        final Map<String, ClassModel> models = new LinkedHashMap<>();
        final Set<String> versioned = new HashSet<>();
        boolean signed;
    }

    /** Every class of the jars, by internal name (the first jar holding it wins, as on the class path). */
    private static final class Index {

        final ClassFile classFile;
        final Map<Path, JarClasses> jars = new LinkedHashMap<>();
        final Map<String, ClassModel> all = new HashMap<>();

        private Index(ClassFile classFile) {
            this.classFile = classFile;
        }

        static Index read(List<Path> jars) {
            Map<String, byte[]> bytes = new HashMap<>();
            Index index = new Index(ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(
                    ClassHierarchyResolver.defaultResolver()
                            .orElse(ClassHierarchyResolver.ofResourceParsing(desc -> {
                                byte[] b = bytes.get(desc.descriptorString()
                                        .substring(1, desc.descriptorString().length() - 1));
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
                                classes.versioned.add(internal.substring(
                                        name.length() - variant.baseName().length()));
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
                        || packageOf(internal).equals(pkg);
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
         * {@code impl}; returns whether the member is private.
         */
        boolean checkMember(DirectMethodHandleDesc impl, String pkg, String nestHost) throws Unsupported {
            String owner = internalName(impl.owner());
            if (!accessibleClass(impl.owner(), pkg)) {
                throw new Unsupported("whose implementation's class the class could not reach");
            }
            String name = impl.kind() == DirectMethodHandleDesc.Kind.CONSTRUCTOR
                    ? ConstantDescs.INIT_NAME
                    : impl.methodName();
            String descriptor = impl.lookupDescriptor();
            if (impl.kind() == DirectMethodHandleDesc.Kind.CONSTRUCTOR) {
                descriptor = MethodTypeDesc.ofDescriptor(descriptor)
                        .changeReturnType(ConstantDescs.CD_void)
                        .descriptorString();
            }
            Member member = find(
                    owner, name, descriptor, impl.kind() == DirectMethodHandleDesc.Kind.CONSTRUCTOR, new HashSet<>());
            if (member == null) {
                throw new Unsupported("whose implementation was not found");
            }
            boolean special = impl.kind() == DirectMethodHandleDesc.Kind.SPECIAL
                    || impl.kind() == DirectMethodHandleDesc.Kind.INTERFACE_SPECIAL;
            if (special && !(member.isPrivate() && member.declaring.equals(owner))) {
                throw new Unsupported("calling a superclass's method");
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
                    throw new Unsupported("whose implementation is private to another class");
                }
                return true;
            }
            if ((member.flags & ClassFile.ACC_PUBLIC) != 0) {
                return false;
            }
            if (!packageOf(member.declaring).equals(pkg) || member.jdk) {
                throw new Unsupported("whose implementation is protected in another package");
            }
            return false;
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
                if (method.methodName().equalsString(name)
                        && method.methodType().equalsString(descriptor)) {
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
                    if (MethodType.methodType(void.class, c.getParameterTypes())
                            .descriptorString()
                            .equals(descriptor)) {
                        return new Member(owner, ClassFile.ACC_PUBLIC, true);
                    }
                }
                return null;
            }
            for (Method m : type.getMethods()) {
                if (m.getName().equals(name)
                        && MethodType.methodType(m.getReturnType(), m.getParameterTypes())
                                .descriptorString()
                                .equals(descriptor)) {
                    return new Member(m.getDeclaringClass().getName().replace('.', '/'), ClassFile.ACC_PUBLIC, true);
                }
            }
            if (type.isInterface()) {
                // an interface's static methods are not among getMethods() of its implementors, but are of itself
                for (Method m : type.getDeclaredMethods()) {
                    if (Modifier.isPublic(m.getModifiers())
                            && m.getName().equals(name)
                            && MethodType.methodType(m.getReturnType(), m.getParameterTypes())
                                    .descriptorString()
                                    .equals(descriptor)) {
                        return new Member(owner, ClassFile.ACC_PUBLIC, true);
                    }
                }
            }
            return null;
        }
    }

    // ---- names ----

    private static String name(ClassModel model) {
        return model.thisClass().asInternalName();
    }

    private static String internalName(ClassDesc type) {
        String d = type.descriptorString();
        return d.substring(1, d.length() - 1);
    }

    private static String packageOf(String internal) {
        int slash = internal.lastIndexOf('/');
        return slash < 0 ? "" : internal.substring(0, slash);
    }
}
