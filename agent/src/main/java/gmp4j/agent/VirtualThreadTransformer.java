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
 * In schedule(Runnable, long, TimeUnit), the timeouts of timed park, sleep and timed wait:
 *  3. a first `Future f = Gmp4jBridge.schedule(scheduler, command, delay, unit); if (f != null)
 *     return f;` puts them on gmp4j's per-P timers instead of the JDK's unparker threads.
 * In defaultScheduler(), which the JDK's VirtualThreadSchedulerMXBean and jcmd's
 * Thread.vthread_scheduler ask for the scheduler:
 *  4. `return DEFAULT_SCHEDULER` becomes `return Gmp4jBridge.schedulerView(DEFAULT_SCHEDULER)`
 *     (SchedPoolView under gmp4j; the JDK's pool otherwise).
 * Each of the first three must be found exactly once; otherwise the class is left untouched and
 * `recognised()` says so (a JDK whose VirtualThread has another shape runs unchanged). The fourth
 * is optional: without it only the JDK's tools keep describing the unused pool (viewRecognised()).
 */
package gmp4j.agent;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

final class VirtualThreadTransformer extends JdkClassEdit {
    static final String VT = "java/lang/VirtualThread";
    static final String BRIDGE = "java/lang/Gmp4jBridge";
    private static final String EXECUTOR = "Ljava/util/concurrent/Executor;";
    private static final String FUTURE = "Ljava/util/concurrent/Future;";
    private static final String SCHEDULE_DESC = "(Ljava/lang/Runnable;JLjava/util/concurrent/TimeUnit;)" + FUTURE;

    VirtualThreadTransformer() {
        super(VT);
    }

    @Override
    byte[] rewrite(byte[] classfile) {
        ClassReader reader = new ClassReader(classfile);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        // DEFAULT_SCHEDULER reads and runContinuation writes in <init>; schedule(); defaultScheduler()
        int[] found = new int[4];
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] exc) {
                MethodVisitor mv = super.visitMethod(access, name, desc, sig, exc);
                if (name.equals("schedule") && desc.equals(SCHEDULE_DESC)) {
                    found[2]++;
                    return new MethodVisitor(Opcodes.ASM9, mv) {
                        @Override
                        public void visitCode() {
                            // Future f = Gmp4jBridge.schedule(this.scheduler, command, delay, unit);
                            // if (f != null) return f;
                            super.visitCode();
                            Label jdk = new Label();
                            super.visitVarInsn(Opcodes.ALOAD, 0);
                            super.visitFieldInsn(Opcodes.GETFIELD, VT, "scheduler", EXECUTOR);
                            super.visitVarInsn(Opcodes.ALOAD, 1);
                            super.visitVarInsn(Opcodes.LLOAD, 2);
                            super.visitVarInsn(Opcodes.ALOAD, 4);
                            super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "schedule", "(" + EXECUTOR
                                    + SCHEDULE_DESC.substring(1, SCHEDULE_DESC.indexOf(')')) + ")" + FUTURE, false);
                            super.visitInsn(Opcodes.DUP);
                            super.visitJumpInsn(Opcodes.IFNULL, jdk);
                            super.visitInsn(Opcodes.ARETURN);
                            super.visitLabel(jdk);
                            super.visitFrame(Opcodes.F_SAME1, 0, null, 1, new Object[] {"java/util/concurrent/Future"});
                            super.visitInsn(Opcodes.POP);
                        }
                    };
                }
                if (name.equals("defaultScheduler") && desc.equals("()" + EXECUTOR)) {
                    return new MethodVisitor(Opcodes.ASM9, mv) {
                        @Override
                        public void visitFieldInsn(int opcode, String owner, String fname, String fdesc) {
                            super.visitFieldInsn(opcode, owner, fname, fdesc);
                            if (opcode == Opcodes.GETSTATIC && owner.equals(VT) && fname.equals("DEFAULT_SCHEDULER")) {
                                super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "schedulerView",
                                        "(" + EXECUTOR + ")" + EXECUTOR, false);
                                found[3]++;
                            }
                        }
                    };
                }
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
        if (found[0] != 1 || found[1] != 1 || found[2] != 1) {
            return unrecognised("java.lang.VirtualThread has a shape gmp4j does not recognise (constructor reads "
                    + "DEFAULT_SCHEDULER " + found[0] + " times, sets runContinuation " + found[1] + " times; "
                    + found[2] + " schedule(Runnable, long, TimeUnit) methods)");
        }
        viewRecognised = found[3] == 1;
        return writer.toByteArray();
    }

    private volatile boolean viewRecognised;

    /** True if defaultScheduler() was edited to answer gmp4j's view (see the class comment, 4). */
    boolean viewRecognised() {
        return viewRecognised;
    }
}
