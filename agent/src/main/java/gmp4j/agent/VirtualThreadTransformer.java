/*
 * VirtualThreadTransformer: the body-only edit of java.lang.VirtualThread's constructor that puts
 * new virtual threads on gmp4j. VirtualThread is loaded (from CDS) before premain runs, so this
 * is applied with Instrumentation.retransformClasses, which allows changes inside method bodies
 * only; these are.
 *
 * In VirtualThread(Executor scheduler, String name, int characteristics, Runnable task):
 *  1. `scheduler = DEFAULT_SCHEDULER` (taken when no scheduler was given and the creating thread
 *     is a platform thread) becomes `scheduler = Gmp4jBridge.defaultScheduler(DEFAULT_SCHEDULER)`.
 *     A virtual thread created by another virtual thread inherits that thread's scheduler, as
 *     the JDK does.
 *  2. `this.runContinuation = this::runContinuation` becomes
 *     `this.runContinuation = Gmp4jBridge.wrapTask(this::runContinuation, this.scheduler, this)`,
 *     so that what the JDK submits on every park/unpark/yield is the thread's G.
 * Both instructions must be found exactly once; otherwise the class is left untouched and
 * `recognised()` says so (a JDK whose VirtualThread has another shape runs unchanged).
 */
package gmp4j.agent;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

final class VirtualThreadTransformer implements ClassFileTransformer {
    static final String VT = "java/lang/VirtualThread";
    static final String BRIDGE = "java/lang/Gmp4jBridge";
    private static final String EXECUTOR = "Ljava/util/concurrent/Executor;";

    private volatile boolean recognised;
    private volatile String problem = "java.lang.VirtualThread was not retransformed";

    boolean recognised() {
        return recognised;
    }

    String problem() {
        return problem;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
            ProtectionDomain pd, byte[] classfile) {
        if (!VT.equals(className)) {
            return null;
        }
        try {
            return rewrite(classfile);
        } catch (RuntimeException e) {
            problem = "cannot rewrite java.lang.VirtualThread: " + e;
            return null;
        }
    }

    private byte[] rewrite(byte[] classfile) {
        ClassReader reader = new ClassReader(classfile);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        int[] found = new int[2]; // [DEFAULT_SCHEDULER reads, runContinuation writes] in <init>
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] exc) {
                MethodVisitor mv = super.visitMethod(access, name, desc, sig, exc);
                if (!name.equals("<init>")) {
                    return mv;
                }
                return new MethodVisitor(Opcodes.ASM9, mv) {
                    @Override
                    public void visitFieldInsn(int opcode, String owner, String fname, String fdesc) {
                        if (opcode == Opcodes.PUTFIELD && owner.equals(VT) && fname.equals("runContinuation")
                                && fdesc.equals("Ljava/lang/Runnable;")) {
                            // stack: this, task -> this, wrapTask(task, this.scheduler, this)
                            super.visitVarInsn(Opcodes.ALOAD, 0);
                            super.visitFieldInsn(Opcodes.GETFIELD, VT, "scheduler", EXECUTOR);
                            super.visitVarInsn(Opcodes.ALOAD, 0);
                            super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "wrapTask",
                                    "(Ljava/lang/Runnable;" + EXECUTOR + "Ljava/lang/Thread;)Ljava/lang/Runnable;", false);
                            super.visitFieldInsn(opcode, owner, fname, fdesc);
                            found[1]++;
                            return;
                        }
                        super.visitFieldInsn(opcode, owner, fname, fdesc);
                        if (opcode == Opcodes.GETSTATIC && owner.equals(VT) && fname.equals("DEFAULT_SCHEDULER")) {
                            super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "defaultScheduler",
                                    "(" + EXECUTOR + ")" + EXECUTOR, false);
                            found[0]++;
                        }
                    }
                };
            }
        }, 0);
        if (found[0] != 1 || found[1] != 1) {
            problem = "java.lang.VirtualThread has a shape gmp4j does not recognise (constructor reads "
                    + "DEFAULT_SCHEDULER " + found[0] + " times, sets runContinuation " + found[1] + " times)";
            return null;
        }
        recognised = true;
        return writer.toByteArray();
    }
}
