package dev.thaw.local;

import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.TypeKind;
import java.lang.classfile.attribute.NestHostAttribute;
import java.lang.classfile.instruction.InvokeDynamicInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.DirectMethodHandleDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.reflect.AccessFlag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The class {@link PlainCallSites} writes for one lambda call site ({@code LambdaMetafactory.metafactory}):
 * the functional interface, the captured types, the erased and instantiated interface method types and
 * the implementation, checked against the JVM's access rules, and the class itself, as the JDK's own proxy
 * would be: a member of the host's nest (so it may call the host's private lambda body), final and
 * synthetic, one final field per captured value, a {@code create} factory with the call site's type (one
 * shared instance when nothing is captured, as the JDK's), and the interface method converting its
 * arguments as the metafactory does (casts to the instantiated types, boxing, unboxing, widening, a cast
 * of an erased generic result) before calling the implementation.
 *
 * @param iface the functional interface
 * @param samName its method's name
 * @param captured the captured values' types (the call site's parameters)
 * @param samType the interface method's erased type
 * @param instantiated its type at the call site
 * @param impl the implementation method
 */
record LambdaClass(
        ClassDesc iface,
        String samName,
        List<ClassDesc> captured,
        MethodTypeDesc samType,
        MethodTypeDesc instantiated,
        DirectMethodHandleDesc impl) {

    /**
     * Reads and checks the lambda call site {@code indy} of class {@code host} (internal name), a member of
     * {@code nestHost}'s nest.
     *
     * @throws Unsupported why the class could not reproduce it: the call site stays the JDK's
     */
    static LambdaClass of(InvokeDynamicInstruction indy, String host, String nestHost, ClassIndex index)
            throws Unsupported {
        List<ConstantDesc> args = indy.bootstrapArgs();
        if (args.size() != 3
                || !(args.get(0) instanceof MethodTypeDesc samType)
                || !(args.get(1) instanceof DirectMethodHandleDesc impl)
                || !(args.get(2) instanceof MethodTypeDesc instantiated)) {
            throw new Unsupported("with unusual bootstrap arguments");
        }
        MethodTypeDesc site = indy.typeSymbol();
        ClassDesc iface = site.returnType();
        String pkg = BootClassPath.packageOf(host);
        if (!index.accessibleClass(iface, pkg) || !index.isInterface(iface)) {
            throw new Unsupported("whose interface the class could not reach");
        }
        index.checkMember(impl, pkg, nestHost);
        LambdaClass shape =
                new LambdaClass(iface, indy.name().stringValue(), site.parameterList(), samType, instantiated, impl);
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
    private void checkTypes(String pkg, ClassIndex index) throws Unsupported {
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
    private static boolean castable(ClassDesc from, ClassDesc to, String pkg, ClassIndex index) {
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
                            code.new_(self).dup().invokespecial(self, ConstantDescs.INIT_NAME, ConstantDescs.MTD_void);
                            code.putstatic(self, INSTANCE, self).return_();
                        });
            }
            cls.withMethodBody(ConstantDescs.INIT_NAME, ctorType, ClassFile.ACC_PRIVATE, code -> {
                code.aload(0).invokespecial(ConstantDescs.CD_Object, ConstantDescs.INIT_NAME, ConstantDescs.MTD_void);
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

    /** Between the host's name and the number of a class made here. */
    static final String INFIX = "$$ThawLambda$";

    /** The owner of the bootstrap methods whose call sites become these classes. */
    static final ClassDesc METAFACTORY = ClassDesc.of("java.lang.invoke.LambdaMetafactory");

    /** The factory method the call site calls instead. */
    static final String FACTORY = "create";

    private static final String INSTANCE = "INSTANCE";

    /** Why a call site stays with the JDK. */
    static final class Unsupported extends Exception {

        private static final long serialVersionUID = 1L;

        Unsupported(String why) {
            super(why, null, false, false);
        }
    }

    // conversions: the subset of LambdaMetafactory's this class writes

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
}
