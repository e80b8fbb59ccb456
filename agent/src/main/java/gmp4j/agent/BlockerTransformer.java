/*
 * BlockerTransformer: the body-only edit of jdk.internal.misc.Blocker that turns the JDK's own
 * marking of blocking calls into Go's entersyscall / exitsyscall on gmp4j carriers.
 *
 * The JDK wraps blocking file-channel, DNS, process and console operations of virtual threads in
 *     boolean attempted = Blocker.begin();  try { ... } finally { Blocker.end(attempted); }
 * and on its own ForkJoinPool compensates with an extra carrier. The edit adds, at the start of
 *     begin():           if (Gmp4jBridge.entersyscall()) return true;
 *     end(boolean a):    if (a && Gmp4jBridge.exitsyscall()) return;
 * so on a gmp4j carrier the P is handed over as in Go, and end() does not try to treat our
 * carrier as a ForkJoinPool CarrierThread. Elsewhere the bridge answers false and nothing changes.
 */
package gmp4j.agent;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

final class BlockerTransformer extends JdkClassEdit {
    static final String BLOCKER = "jdk/internal/misc/Blocker";

    BlockerTransformer() {
        super(BLOCKER);
    }

    @Override
    byte[] rewrite(byte[] classfile) {
        ClassReader reader = new ClassReader(classfile);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        int[] found = new int[2]; // [begin(), end(boolean)]
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] exc) {
                MethodVisitor mv = super.visitMethod(access, name, desc, sig, exc);
                boolean isStatic = (access & Opcodes.ACC_STATIC) != 0;
                if (isStatic && name.equals("begin") && desc.equals("()Z")) {
                    found[0]++;
                    return returnTrueIfBridge(mv, "entersyscall");
                }
                if (isStatic && name.equals("end") && desc.equals("(Z)V")) {
                    found[1]++;
                    return new MethodVisitor(Opcodes.ASM9, mv) {
                        @Override
                        public void visitCode() {
                            super.visitCode();
                            Label jdk = new Label();
                            super.visitVarInsn(Opcodes.ILOAD, 0);
                            super.visitJumpInsn(Opcodes.IFEQ, jdk);
                            super.visitMethodInsn(Opcodes.INVOKESTATIC, VirtualThreadTransformer.BRIDGE,
                                    "exitsyscall", "()Z", false);
                            super.visitJumpInsn(Opcodes.IFEQ, jdk);
                            super.visitInsn(Opcodes.RETURN);
                            super.visitLabel(jdk);
                            super.visitFrame(Opcodes.F_SAME, 0, null, 0, null);
                        }
                    };
                }
                return mv;
            }
        }, 0);
        if (found[0] != 1 || found[1] != 1) {
            return unrecognised("jdk.internal.misc.Blocker has no begin() and end(boolean) of the known shape");
        }
        return writer.toByteArray();
    }
}
