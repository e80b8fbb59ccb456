/*
 * QueuedWorkTransformer: the body-only edit of java.util.concurrent.ForkJoinWorkerThread that lets
 * gmp4j carriers answer the JDK's "is there queued work here?" question. LinkedTransferQueue
 * (behind SynchronousQueue) and Exchanger spin before parking unless
 * ForkJoinWorkerThread.hasKnownQueuedWork() says the current carrier has queued work, which only a
 * ForkJoinPool worker could. The edit adds, at the start of that static method,
 *     if (Gmp4jBridge.hasKnownQueuedWork()) return true;
 * which asks the current M's P (Sched.hasKnownQueuedWork, which says when a waiter should park and
 * when it may spin). Elsewhere the bridge answers false.
 * An unknown shape leaves the class untouched: waiters then spin a little longer, nothing breaks.
 */
package gmp4j.agent;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

final class QueuedWorkTransformer extends JdkClassEdit {
    static final String FJWT = "java/util/concurrent/ForkJoinWorkerThread";

    QueuedWorkTransformer() {
        super(FJWT);
    }

    @Override
    byte[] rewrite(byte[] classfile) {
        ClassReader reader = new ClassReader(classfile);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        int[] found = new int[1];
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] exc) {
                MethodVisitor mv = super.visitMethod(access, name, desc, sig, exc);
                if ((access & Opcodes.ACC_STATIC) != 0 && name.equals("hasKnownQueuedWork") && desc.equals("()Z")) {
                    found[0]++;
                    return returnTrueIfBridge(mv, "hasKnownQueuedWork");
                }
                return mv;
            }
        }, 0);
        if (found[0] != 1) {
            return unrecognised("ForkJoinWorkerThread has no static hasKnownQueuedWork()");
        }
        return writer.toByteArray();
    }
}
