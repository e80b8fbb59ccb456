/*
 * JdkClassEdit: a body-only edit of one JDK class, applied with Instrumentation.retransformClasses
 * (VirtualThread, Blocker, ForkJoinWorkerThread). Each edit checks that it found every place it
 * changes; a class of another shape is left exactly as it was and problem() says why, so a JDK
 * that gmp4j does not know runs unchanged.
 */
package gmp4j.agent;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

abstract class JdkClassEdit implements ClassFileTransformer {
    private final String target;
    private volatile boolean recognised;
    private volatile String problem;

    /** target: the internal name of the class to edit. */
    JdkClassEdit(String target) {
        this.target = target;
        this.problem = target.replace('/', '.') + " was not retransformed";
    }

    final boolean recognised() {
        return recognised;
    }

    final String problem() {
        return problem;
    }

    /** The edited class file, or the result of unrecognised() when the shape is unknown. */
    abstract byte[] rewrite(byte[] classfile);

    /** Records why the class is left alone; returns null for rewrite() to return. */
    final byte[] unrecognised(String why) {
        problem = why;
        return null;
    }

    @Override
    public final byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
            ProtectionDomain pd, byte[] classfile) {
        if (!target.equals(className)) {
            return null;
        }
        try {
            byte[] edited = rewrite(classfile);
            recognised = edited != null;
            return edited;
        } catch (RuntimeException e) {
            problem = "cannot rewrite " + target.replace('/', '.') + ": " + e;
            return null;
        }
    }

    /** Prefixes a static ()Z method with `if (Gmp4jBridge.<bridgeMethod>()) return true;`. */
    static MethodVisitor returnTrueIfBridge(MethodVisitor mv, String bridgeMethod) {
        return new MethodVisitor(Opcodes.ASM9, mv) {
            @Override
            public void visitCode() {
                super.visitCode();
                Label jdk = new Label();
                super.visitMethodInsn(Opcodes.INVOKESTATIC, VirtualThreadTransformer.BRIDGE, bridgeMethod, "()Z", false);
                super.visitJumpInsn(Opcodes.IFEQ, jdk);
                super.visitInsn(Opcodes.ICONST_1);
                super.visitInsn(Opcodes.IRETURN);
                super.visitLabel(jdk);
                super.visitFrame(Opcodes.F_SAME, 0, null, 0, null);
            }
        };
    }
}
