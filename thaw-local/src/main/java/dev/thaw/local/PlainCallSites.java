package dev.thaw.local;

import java.io.UncheckedIOException;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassBuilder;
import java.lang.classfile.ClassElement;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeModel;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.MethodModel;
import java.lang.classfile.attribute.CodeAttribute;
import java.lang.classfile.attribute.NestMembersAttribute;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.instruction.InvokeDynamicInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.DirectMethodHandleDesc;
import java.lang.constant.MethodTypeDesc;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Makes the lambdas, method references and string concatenations of the function's jars plain calls at
 * package time, so that a start without the AOT cache does not link them. The JVM links each of their
 * {@code invokedynamic}s at its first run: {@code LambdaMetafactory} resolves method handles and writes a
 * hidden class with the class-file API, {@code StringConcatFactory} builds a method-handle tree, all
 * interpreted at a cold start (the example's ~20 lambdas were ~15 ms of its main thread's CPU and ~6 ms of
 * the JSON warm-up thread's without the cache; async-profiler, 12 starts).
 *
 * <p>Each lambda call site ({@code LambdaMetafactory.metafactory}) gets a class of its own,
 * {@link LambdaClass}; the string concatenations of a host share one, {@link ConcatClass}. The
 * {@code invokedynamic} becomes an {@code invokestatic} of that class with the same stack effect. A lambda
 * class joins its host's nest, whose host lists it in {@code NestMembers}; the concatenation class needs no
 * access beyond its package. Everything else in the jars keeps its bytes.
 *
 * <p>Left to the JDK (the call site is not touched): {@code altMetafactory} (serializable lambdas, marker
 * interfaces, bridges), lambdas in classes older than Java 11 (no nests), a call site the new class could
 * not reach by the JVM's access rules or whose conversions {@link LambdaClass} does not write, signed
 * jars, hosts with a multi-release variant, hosts an earlier jar shadows, and hosts whose stack maps could
 * not be computed again. {@code thaw package} prints how many became plain calls and why the others did not.
 */
final class PlainCallSites {

    private static final int NESTMATES_MAJOR = 55;

    /**
     * Writes the classes made here. They have no branches, so they need no stack map frames, and writing
     * none needs no class hierarchy (which a jar of the function may not fully provide).
     */
    private static final ClassFile GENERATED = ClassFile.of(ClassFile.StackMapsOption.DROP_STACK_MAPS);

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
     * @param lambdaSites lambda call sites found ({@code metafactory} and {@code altMetafactory})
     * @param lambdasMade lambda call sites now served by a class made here
     * @param concatSites string concatenation call sites found
     * @param concatsMade string concatenations now made by a method written here
     * @param kept why the others were left to the JDK: reason → how many
     */
    record Result(
            Map<Path, JarRewrite> rewrites,
            int lambdaSites,
            int lambdasMade,
            int concatSites,
            int concatsMade,
            Map<String, Integer> kept) {

        static Result none() {
            return new Result(Map.of(), 0, 0, 0, 0, Map.of());
        }

        JarRewrite forJar(Path jar) {
            return rewrites.getOrDefault(jar, JarRewrite.NONE);
        }

        /** Returns whether the jars have any call site of either kind. */
        boolean any() {
            return lambdaSites + concatSites > 0;
        }

        /** One line for {@code thaw package}'s summary. */
        String summary() {
            StringBuilder line = new StringBuilder();
            if (lambdaSites > 0) {
                line.append(lambdasMade).append(" of ").append(lambdaSites).append(" lambdas");
            }
            if (concatSites > 0) {
                line.append(lambdaSites > 0 ? " and " : "")
                        .append(concatsMade)
                        .append(" of ")
                        .append(concatSites)
                        .append(" string concatenations");
            }
            line.append(" made plain calls at package time");
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

    private PlainCallSites() {}

    /**
     * Plans the rewrite of {@code jars} (the function's {@code lib/}, in classpath order): reads every
     * class, finds the call sites and writes the classes and hosts that serve them.
     *
     * @throws UncheckedIOException when a jar cannot be read
     */
    static Result of(List<Path> jars) {
        ClassIndex index = ClassIndex.read(jars);
        Map<Path, JarRewrite> rewrites = new LinkedHashMap<>();
        Tally tally = new Tally();
        for (Path jar : jars) {
            ClassIndex.JarClasses classes = index.jars.get(jar);
            Map<String, HostPlan> plans = new LinkedHashMap<>();
            Map<String, byte[]> hostBytes = new HashMap<>();
            for (ClassModel host : classes.models.values()) {
                List<Site> found = sitesOf(host);
                if (found.isEmpty()) {
                    continue;
                }
                HostPlan plan = plan(host, found, classes, index, tally);
                if (plan.calls.isEmpty()) {
                    continue;
                }
                try {
                    hostBytes.put(ClassIndex.name(host), rewriteCode(index.classFile, host, plan));
                } catch (IllegalArgumentException e) {
                    // its stack maps could not be computed again (a class of their types is missing), or the
                    // code would have changed length
                    String why = "in classes whose code could not be rewritten in place";
                    tally.kept.merge(why, plan.lambdas + plan.concats, Integer::sum);
                    continue;
                }
                plans.put(ClassIndex.name(host), plan);
            }
            // nest host → the lambda classes made for its members, which its NestMembers must list
            Map<String, List<ClassDesc>> newMembers = new LinkedHashMap<>();
            for (HostPlan plan : plans.values()) {
                if (!plan.nestMembers.isEmpty()) {
                    newMembers
                            .computeIfAbsent(plan.nestHost, k -> new ArrayList<>())
                            .addAll(plan.nestMembers);
                }
            }
            for (Map.Entry<String, List<ClassDesc>> nest : newMembers.entrySet()) {
                String nestHost = nest.getKey();
                byte[] rewritten = hostBytes.get(nestHost);
                ClassModel model = rewritten == null ? classes.models.get(nestHost) : index.classFile.parse(rewritten);
                try {
                    hostBytes.put(nestHost, addNestMembers(index.classFile, model, nest.getValue()));
                } catch (IllegalArgumentException e) {
                    // then no member of this nest may have its lambda classes: those hosts stay as they were
                    for (Iterator<Map.Entry<String, HostPlan>> it =
                                    plans.entrySet().iterator();
                            it.hasNext(); ) {
                        Map.Entry<String, HostPlan> member = it.next();
                        if (member.getValue().nestHost.equals(nestHost)
                                && !member.getValue().nestMembers.isEmpty()) {
                            tally.kept.merge(
                                    "in classes whose nest host could not be rewritten",
                                    member.getValue().lambdas + member.getValue().concats,
                                    Integer::sum);
                            hostBytes.remove(member.getKey());
                            it.remove();
                        }
                    }
                    if (!plans.containsKey(nestHost)) {
                        hostBytes.remove(nestHost);
                    }
                }
            }
            for (HostPlan plan : plans.values()) {
                tally.lambdasMade += plan.lambdas;
                tally.concatsMade += plan.concats;
            }
            Map<String, byte[]> replaced = new HashMap<>();
            for (Map.Entry<String, byte[]> host : hostBytes.entrySet()) {
                replaced.put(host.getKey() + ".class", host.getValue());
            }
            Map<String, List<Added>> added = new HashMap<>();
            for (Map.Entry<String, HostPlan> plan : plans.entrySet()) {
                added.put(plan.getKey() + ".class", plan.getValue().classes);
            }
            if (!replaced.isEmpty()) {
                rewrites.put(jar, new JarRewrite(replaced, added));
            }
        }
        return new Result(
                rewrites, tally.lambdaSites, tally.lambdasMade, tally.concatSites, tally.concatsMade, tally.kept);
    }

    /** The counts, as the jars are read. */
    private static final class Tally {
        int lambdaSites;
        int lambdasMade;
        int concatSites;
        int concatsMade;
        final Map<String, Integer> kept = new TreeMap<>();
    }

    private enum Kind {
        LAMBDA,
        ALT_LAMBDA,
        CONCAT
    }

    /** An {@code invokedynamic} of the lambda metafactory or the string concatenation factory. */
    private record Site(InvokeDynamicInstruction indy, Kind kind) {}

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
                if (!(element instanceof InvokeDynamicInstruction indy)
                        || !(indy.bootstrapMethod() instanceof DirectMethodHandleDesc bsm)
                        || !seen.add(indy.invokedynamic().index())) {
                    continue;
                }
                if (bsm.owner().equals(LambdaClass.METAFACTORY)) {
                    sites.add(new Site(indy, bsm.methodName().equals("metafactory") ? Kind.LAMBDA : Kind.ALT_LAMBDA));
                } else if (bsm.owner().equals(ConcatClass.CONCAT_FACTORY)) {
                    sites.add(new Site(indy, Kind.CONCAT));
                }
            }
        }
        return sites;
    }

    /** What a host gets: the calls that replace its call sites, by constant-pool index, and the classes made. */
    private record HostPlan(
            String nestHost,
            Map<Integer, Call> calls,
            List<Added> classes,
            List<ClassDesc> nestMembers,
            int lambdas,
            int concats) {}

    /** The static method that replaces a call site. */
    private record Call(ClassDesc owner, String name, MethodTypeDesc type) {}

    private static HostPlan plan(
            ClassModel host, List<Site> sites, ClassIndex.JarClasses classes, ClassIndex index, Tally tally) {
        String hostName = ClassIndex.name(host);
        String nestHost = host.findAttribute(Attributes.nestHost())
                .map(a -> a.nestHost().asInternalName())
                .orElse(hostName);
        String why = hostProblem(host, hostName, nestHost, classes, index);
        Map<Integer, Call> calls = new HashMap<>();
        List<Added> made = new ArrayList<>();
        List<ClassDesc> members = new ArrayList<>();
        List<ConcatClass.Concat> concats = new ArrayList<>();
        List<Integer> concatSites = new ArrayList<>();
        int lambdas = 0;
        int n = 0;
        for (Site site : sites) {
            if (site.kind == Kind.CONCAT) {
                tally.concatSites++;
                String problem = why;
                if (problem == null) {
                    try {
                        concats.add(ConcatClass.Concat.of(site.indy));
                        concatSites.add(site.indy.invokedynamic().index());
                    } catch (LambdaClass.Unsupported e) {
                        problem = e.getMessage();
                    }
                }
                if (problem != null) {
                    tally.kept.merge("string concatenations " + problem, 1, Integer::sum);
                }
                continue;
            }
            tally.lambdaSites++;
            String problem = why != null
                    ? why
                    : host.majorVersion() < NESTMATES_MAJOR
                            ? "in classes older than Java 11"
                            : !nestHost.equals(hostName) && !classes.models.containsKey(nestHost)
                                    ? "whose nest host is in another jar"
                                    : site.kind == Kind.ALT_LAMBDA
                                            ? "made by altMetafactory (serializable, markers or bridges)"
                                            : null;
            LambdaClass shape = null;
            if (problem == null) {
                try {
                    shape = LambdaClass.of(site.indy, hostName, nestHost, index);
                } catch (LambdaClass.Unsupported e) {
                    problem = e.getMessage();
                }
            }
            if (problem != null) {
                tally.kept.merge("lambdas " + problem, 1, Integer::sum);
                continue;
            }
            String name;
            do {
                name = hostName + LambdaClass.INFIX + n++;
            } while (classes.models.containsKey(name) || index.known(name));
            byte[] bytes;
            try {
                bytes = shape.write(GENERATED, name, nestHost, host.majorVersion(), host.minorVersion());
            } catch (IllegalArgumentException e) {
                tally.kept.merge("lambdas whose class could not be written (" + e.getMessage() + ")", 1, Integer::sum);
                continue;
            }
            ClassDesc owner = ClassDesc.ofInternalName(name);
            calls.put(site.indy.invokedynamic().index(), new Call(owner, LambdaClass.FACTORY, site.indy.typeSymbol()));
            made.add(new Added(name + ".class", bytes));
            members.add(owner);
            lambdas++;
        }
        if (!concats.isEmpty()) {
            String name = hostName + ConcatClass.SUFFIX;
            if (classes.models.containsKey(name) || index.known(name)) {
                tally.kept.merge("string concatenations whose class name is taken", concats.size(), Integer::sum);
                concats.clear();
            } else {
                ClassDesc owner = ClassDesc.ofInternalName(name);
                for (int i = 0; i < concats.size(); i++) {
                    calls.put(
                            concatSites.get(i),
                            new Call(
                                    owner, ConcatClass.method(i), concats.get(i).type()));
                }
                made.add(new Added(
                        name + ".class",
                        ConcatClass.write(GENERATED, name, concats, host.majorVersion(), host.minorVersion())));
            }
        }
        return new HostPlan(nestHost, calls, made, members, lambdas, concats.size());
    }

    /** Returns why no call site of {@code host} can be made a plain call, or null. */
    private static String hostProblem(
            ClassModel host, String hostName, String nestHost, ClassIndex.JarClasses classes, ClassIndex index) {
        if (classes.signed) {
            return "in signed jars";
        }
        if (index.all.get(hostName) != host
                || (classes.models.containsKey(nestHost) && index.all.get(nestHost) != classes.models.get(nestHost))) {
            return "in classes an earlier jar also holds";
        }
        if (!BootClassPath.packageOf(nestHost).equals(BootClassPath.packageOf(hostName))) {
            return "whose nest host is in another package";
        }
        if (classes.versioned.contains(hostName) || classes.versioned.contains(nestHost)) {
            return "in classes with a multi-release variant";
        }
        return null;
    }

    /** Writes {@code model} with its call sites replaced as {@code plan} says. */
    private static byte[] rewriteCode(ClassFile cf, ClassModel model, HostPlan plan) {
        CodeTransform code = (builder, element) -> {
            if (element instanceof InvokeDynamicInstruction indy) {
                Call call = plan.calls.get(indy.invokedynamic().index());
                if (call != null) {
                    // 3 bytes and two nops for the 5 of invokedynamic: every bytecode offset stays, so the
                    // attributes copied as they are (type annotations on locals and casts) stay true
                    builder.invokestatic(call.owner, call.name, call.type).nop().nop();
                    return;
                }
            }
            builder.with(element);
        };
        byte[] bytes = cf.transformClass(model, ClassTransform.transformingMethodBodies(code));
        requireSameCodeLengths(model, cf.parse(bytes));
        return bytes;
    }

    /** Writes {@code model} with {@code members} added to its {@code NestMembers}; its code as it is. */
    private static byte[] addNestMembers(ClassFile cf, ClassModel model, List<ClassDesc> members) {
        List<ClassDesc> all = new ArrayList<>();
        model.findAttribute(Attributes.nestMembers()).ifPresent(a -> {
            for (ClassEntry member : a.nestMembers()) {
                all.add(member.asSymbol());
            }
        });
        all.addAll(members);
        return cf.transformClass(model, new ClassTransform() {
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
        });
    }

    /**
     * Throws when a method's code changed length in the rewrite (an instruction written back in another
     * form): offsets in attributes copied as they are would then be wrong.
     */
    private static void requireSameCodeLengths(ClassModel before, ClassModel after) {
        List<MethodModel> old = before.methods();
        List<MethodModel> now = after.methods();
        for (int i = 0; i < old.size(); i++) {
            int was =
                    old.get(i).code().map(c -> ((CodeAttribute) c).codeLength()).orElse(-1);
            int is =
                    now.get(i).code().map(c -> ((CodeAttribute) c).codeLength()).orElse(-1);
            if (was != is) {
                throw new IllegalArgumentException(
                        "the code of " + old.get(i).methodName() + " would change length: " + was + " -> " + is);
            }
        }
    }
}
