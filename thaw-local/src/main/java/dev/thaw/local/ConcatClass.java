package dev.thaw.local;

import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.TypeKind;
import java.lang.classfile.instruction.InvokeDynamicInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.DirectMethodHandleDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.reflect.AccessFlag;
import java.util.List;

/**
 * The class {@link PlainCallSites} writes for a host's string concatenations ({@code "a" + b}, which javac
 * compiles, unless told {@code -XDstringConcat=inline}, to an {@code invokedynamic} of
 * {@code StringConcatFactory}): {@code Host$$ThawConcat}, with one static method per call site that appends
 * the recipe's text and arguments to a {@code StringBuilder}. The JVM links each such call site at its
 * first run by building method handles, interpreted at a cold start, with or without JDK 25's AOT cache
 * (which links lambdas ahead of time, not concatenations): 20 of them cost ~25 ms at start-up (52.6 against
 * 27.4 ms for the same class compiled with {@code -XDstringConcat=inline}; hyperfine, 30 runs).
 *
 * <p>The text is the JDK's: every argument is converted by {@code String.valueOf} in order (a
 * {@code char[]} as an object, as the JDK does, not as its characters), constants are written as the JDK
 * writes them ({@code String.valueOf}), after all arguments were evaluated by the caller as before.
 */
final class ConcatClass {

    /** After the host's name: the class made here. */
    static final String SUFFIX = "$$ThawConcat";

    /** The owner of the bootstrap methods whose call sites become methods of this class. */
    static final ClassDesc CONCAT_FACTORY = ClassDesc.of("java.lang.invoke.StringConcatFactory");

    /** The method of the class for the call site numbered {@code n}. */
    static String method(int n) {
        return "concat" + n;
    }

    private static final char ARGUMENT = '\u0001';
    private static final char CONSTANT = '\u0002';
    private static final ClassDesc BUILDER = ClassDesc.of("java.lang.StringBuilder");

    private ConcatClass() {}

    /**
     * One call site: its recipe with the constants written in ({@link #ARGUMENT} marks each argument, every
     * other character is text) and its type.
     */
    record Concat(String recipe, MethodTypeDesc type) {

        /**
         * Reads a {@code makeConcatWithConstants} or {@code makeConcat} call site.
         *
         * @throws LambdaClass.Unsupported when its constants are not all strings or numbers
         */
        static Concat of(InvokeDynamicInstruction indy) throws LambdaClass.Unsupported {
            DirectMethodHandleDesc bsm = indy.bootstrapMethod();
            MethodTypeDesc type = indy.typeSymbol();
            if (!type.returnType().equals(ConstantDescs.CD_String)) {
                throw new LambdaClass.Unsupported("with an unusual string concatenation");
            }
            if (bsm.methodName().equals("makeConcat")) {
                return new Concat(String.valueOf(ARGUMENT).repeat(type.parameterCount()), type);
            }
            List<ConstantDesc> args = indy.bootstrapArgs();
            if (!bsm.methodName().equals("makeConcatWithConstants")
                    || args.isEmpty()
                    || !(args.getFirst() instanceof String recipe)) {
                throw new LambdaClass.Unsupported("with an unusual string concatenation");
            }
            StringBuilder written = new StringBuilder(recipe.length());
            int constant = 1;
            int arguments = 0;
            for (int i = 0; i < recipe.length(); i++) {
                char c = recipe.charAt(i);
                if (c == CONSTANT) {
                    if (constant >= args.size()) {
                        throw new LambdaClass.Unsupported("with an unusual string concatenation");
                    }
                    ConstantDesc value = args.get(constant++);
                    if (!(value instanceof String || value instanceof Number)) {
                        throw new LambdaClass.Unsupported("with a constant that is neither text nor a number");
                    }
                    String text = String.valueOf(value);
                    if (text.indexOf(ARGUMENT) >= 0) {
                        throw new LambdaClass.Unsupported("with a constant holding the recipe's tag characters");
                    }
                    written.append(text);
                } else {
                    if (c == ARGUMENT) {
                        arguments++;
                    }
                    written.append(c);
                }
            }
            if (arguments != type.parameterCount() || constant != args.size()) {
                throw new LambdaClass.Unsupported("with an unusual string concatenation");
            }
            return new Concat(written.toString(), type);
        }

        /** The method's body: a builder, the text and the arguments appended in order, its string. */
        void writeBody(CodeBuilder code) {
            code.new_(BUILDER).dup().invokespecial(BUILDER, ConstantDescs.INIT_NAME, ConstantDescs.MTD_void);
            int slot = 0;
            int arg = 0;
            int textStart = 0;
            for (int i = 0; i <= recipe.length(); i++) {
                if (i < recipe.length() && recipe.charAt(i) != ARGUMENT) {
                    continue;
                }
                if (i > textStart) {
                    code.ldc(recipe.substring(textStart, i))
                            .invokevirtual(BUILDER, "append", append(ConstantDescs.CD_String));
                }
                textStart = i + 1;
                if (i == recipe.length()) {
                    break;
                }
                ClassDesc type = this.type.parameterType(arg++);
                TypeKind kind = TypeKind.from(type);
                code.loadLocal(kind, slot);
                slot += kind.slotSize();
                code.invokevirtual(BUILDER, "append", append(type));
            }
            code.invokevirtual(BUILDER, "toString", MethodTypeDesc.of(ConstantDescs.CD_String))
                    .areturn();
        }

        /** The {@code StringBuilder.append} overload that writes a {@code type} as {@code String.valueOf} does. */
        private static MethodTypeDesc append(ClassDesc type) {
            ClassDesc parameter = switch (type.descriptorString()) {
                case "Z", "C", "I", "J", "F", "D" -> type;
                case "B", "S" -> ConstantDescs.CD_int;
                case "Ljava/lang/String;" -> ConstantDescs.CD_String;
                // every other reference, char[] included, as String.valueOf(Object) writes it
                default -> ConstantDescs.CD_Object;
            };
            return MethodTypeDesc.of(BUILDER, parameter);
        }
    }

    /** Writes the class {@code name} with one method per concatenation, numbered as in {@code concats}. */
    static byte[] write(ClassFile cf, String name, List<Concat> concats, int major, int minor) {
        ClassDesc self = ClassDesc.ofInternalName(name);
        return cf.build(self, cls -> {
            cls.withVersion(major, minor);
            cls.withFlags(AccessFlag.FINAL, AccessFlag.SYNTHETIC, AccessFlag.SUPER);
            cls.withSuperclass(ConstantDescs.CD_Object);
            for (int n = 0; n < concats.size(); n++) {
                Concat concat = concats.get(n);
                cls.withMethodBody(
                        method(n), concat.type(), ClassFile.ACC_STATIC | ClassFile.ACC_SYNTHETIC, concat::writeBody);
            }
        });
    }
}
