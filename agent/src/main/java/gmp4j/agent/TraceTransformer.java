/*
 * TraceTransformer: the body-only edits of java.lang.VirtualThread that let gmp4j trace virtual
 * threads (JFR events, Tracer and ForkJoinTrace) whichever scheduler runs them.
 *
 *  1. afterYield() starts with `Gmp4jBridge.afterYield(this.runContinuation, this.state)`: on the
 *     carrier, right after the continuation yielded, while the state still says why (PARKING,
 *     TIMED_PARKING, BLOCKING, WAITING, TIMED_WAITING, YIELDING) and before anyone can wake the
 *     thread. Both arms use it (GoPark, GoSched, GoPreempt).
 *  2. only with submits=true (the fjp arm: on gmp4j, Sched.ready sees every submission): each of
 *     submitRunContinuation(Executor, boolean), submitRunContinuation(),
 *     lazySubmitRunContinuation(), externalSubmitRunContinuation(ForkJoinPool) and
 *     externalSubmitRunContinuationOrThrow() starts with
 *     `Gmp4jBridge.submitting(this.runContinuation)` (GoCreate, GoUnpark, runnable timestamps).
 * The state field, afterYield()V and submitRunContinuation(Executor, boolean) must be there
 * exactly once; the other submit methods may be missing. Otherwise the class is left as it is and
 * problem() says why (the app runs, untraced).
 */
package gmp4j.agent;

import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

final class TraceTransformer extends JdkClassEdit {
    private static final String VT = VirtualThreadTransformer.VT;
    private static final String BRIDGE = VirtualThreadTransformer.BRIDGE;
    private static final Set<String> SUBMITS = Set.of("submitRunContinuation", "lazySubmitRunContinuation",
            "externalSubmitRunContinuation", "externalSubmitRunContinuationOrThrow");

    private final boolean submits;
    TraceTransformer(boolean submits) {
        super(VT);
        this.submits = submits;
    }

    @Override
    byte[] rewrite(byte[] classfile) {
        ClassReader reader = new ClassReader(classfile);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        int[] found = new int[3]; // state field, afterYield()V, submitRunContinuation(Executor, boolean)
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public FieldVisitor visitField(int access, String name, String desc, String sig, Object value) {
                if (name.equals("state") && desc.equals("I") && (access & Opcodes.ACC_STATIC) == 0) {
                    found[0]++;
                }
                return super.visitField(access, name, desc, sig, value);
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] exc) {
                MethodVisitor mv = super.visitMethod(access, name, desc, sig, exc);
                if ((access & Opcodes.ACC_STATIC) != 0) {
                    return mv;
                }
                if (name.equals("afterYield") && desc.equals("()V")) {
                    found[1]++;
                    return prologue(mv, "afterYield", true);
                }
                if (submits && SUBMITS.contains(name)) {
                    if (name.equals("submitRunContinuation") && desc.equals("(Ljava/util/concurrent/Executor;Z)V")) {
                        found[2]++;
                    }
                    return prologue(mv, "submitting", false);
                }
                return mv;
            }
        }, 0);
        if (found[0] != 1 || found[1] != 1 || (submits && found[2] != 1)) {
            return unrecognised("java.lang.VirtualThread has a shape gmp4j's tracing does not recognise (state field " + found[0]
                    + ", afterYield() " + found[1] + ", submitRunContinuation(Executor, boolean) " + found[2]
                    + "); virtual threads are not traced");
        }
        return writer.toByteArray();
    }

    /** A method that starts with Gmp4jBridge.hook(this.runContinuation[, this.state]). */
    private static MethodVisitor prologue(MethodVisitor mv, String hook, boolean withState) {
        return new MethodVisitor(Opcodes.ASM9, mv) {
            @Override
            public void visitCode() {
                super.visitCode();
                super.visitVarInsn(Opcodes.ALOAD, 0);
                super.visitFieldInsn(Opcodes.GETFIELD, VT, "runContinuation", "Ljava/lang/Runnable;");
                if (withState) {
                    super.visitVarInsn(Opcodes.ALOAD, 0);
                    super.visitFieldInsn(Opcodes.GETFIELD, VT, "state", "I");
                }
                super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, hook,
                        "(Ljava/lang/Runnable;" + (withState ? "I" : "") + ")V", false);
            }
        };
    }
}
