package gmp4j.agent;

import static org.junit.jupiter.api.Assertions.*;

import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** The JDK class edits, applied to this JDK's real class files and to classes of another shape. */
class TransformersTest {
    private static byte[] jdkClass(String name) throws Exception {
        try (FileSystem jrt = FileSystems.newFileSystem(URI.create("jrt:/"), Map.of())) {
            return Files.readAllBytes(jrt.getPath("modules", "java.base", name + ".class"));
        }
    }

    /** A class with the given name and only an empty constructor. */
    private static byte[] misshapen(String name) {
        ClassWriter w = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        w.visit(Opcodes.V21, Opcodes.ACC_PUBLIC, name, null, "java/lang/Object", null);
        MethodVisitor mv = w.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        mv.visitCode();
        mv.visitVarInsn(Opcodes.ALOAD, 0);
        mv.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        mv.visitInsn(Opcodes.RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        w.visitEnd();
        return w.toByteArray();
    }

    @Test
    void thisJdksVirtualThreadIsRecognisedAndRewritten() throws Exception {
        VirtualThreadTransformer t = new VirtualThreadTransformer();
        byte[] out = t.transform(null, null, VirtualThreadTransformer.VT, null, null, jdkClass(VirtualThreadTransformer.VT));
        assertNotNull(out);
        assertTrue(t.recognised());
    }

    @Test
    void aVirtualThreadOfAnotherShapeIsLeftAloneWithAReason() {
        VirtualThreadTransformer t = new VirtualThreadTransformer();
        assertNull(t.transform(null, null, VirtualThreadTransformer.VT, null, null, misshapen(VirtualThreadTransformer.VT)));
        assertFalse(t.recognised());
        assertTrue(t.problem().contains("shape gmp4j does not recognise"), t.problem());
    }

    @Test
    void thisJdksBlockerIsRecognisedAndAnotherShapeIsLeftAlone() throws Exception {
        BlockerTransformer t = new BlockerTransformer();
        assertNotNull(t.transform(null, null, BlockerTransformer.BLOCKER, null, null, jdkClass(BlockerTransformer.BLOCKER)));
        assertTrue(t.recognised());
        BlockerTransformer other = new BlockerTransformer();
        assertNull(other.transform(null, null, BlockerTransformer.BLOCKER, null, null, misshapen(BlockerTransformer.BLOCKER)));
        assertFalse(other.recognised());
    }

    /** How many calls to Gmp4jBridge.hook the class file makes. */
    private static int bridgeCalls(byte[] classfile, String hook) {
        int[] n = {0};
        new org.objectweb.asm.ClassReader(classfile).accept(new org.objectweb.asm.ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] exc) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int op, String owner, String mname, String mdesc, boolean itf) {
                        if (owner.equals(VirtualThreadTransformer.BRIDGE) && mname.equals(hook)) {
                            n[0]++;
                        }
                    }
                };
            }
        }, 0);
        return n[0];
    }

    @Test
    void thisJdksVirtualThreadGetsTheTracingHooksAndSubmitHooksOnlyForTheFjpArm() throws Exception {
        byte[] vt = jdkClass(VirtualThreadTransformer.VT);
        TraceTransformer gmp = new TraceTransformer(false);
        byte[] gmpOut = gmp.transform(null, null, VirtualThreadTransformer.VT, null, null, vt);
        assertTrue(gmp.recognised());
        assertEquals(1, bridgeCalls(gmpOut, "afterYield"));
        assertEquals(0, bridgeCalls(gmpOut, "submitting"));
        TraceTransformer fjp = new TraceTransformer(true);
        byte[] fjpOut = fjp.transform(null, null, VirtualThreadTransformer.VT, null, null, vt);
        assertTrue(fjp.recognised());
        assertEquals(1, bridgeCalls(fjpOut, "afterYield"));
        assertTrue(bridgeCalls(fjpOut, "submitting") >= 4, "one per submit method");
        TraceTransformer other = new TraceTransformer(true);
        assertNull(other.transform(null, null, VirtualThreadTransformer.VT, null, null,
                misshapen(VirtualThreadTransformer.VT)));
        assertFalse(other.recognised());
        assertTrue(other.problem().contains("tracing does not recognise"), other.problem());
    }

    @Test
    void thisJdksForkJoinWorkerThreadIsRecognisedAndAnotherShapeIsLeftAlone() throws Exception {
        String fjwt = QueuedWorkTransformer.FJWT;
        QueuedWorkTransformer t = new QueuedWorkTransformer();
        assertNotNull(t.transform(null, null, fjwt, null, null, jdkClass(fjwt)));
        assertTrue(t.recognised());
        QueuedWorkTransformer other = new QueuedWorkTransformer();
        assertNull(other.transform(null, null, fjwt, null, null, misshapen(fjwt)));
        assertFalse(other.recognised());
    }

    @Test
    void otherClassesAreNotTouched() throws Exception {
        assertNull(new VirtualThreadTransformer().transform(null, null, "java/lang/Thread", null, null,
                jdkClass("java/lang/Thread")));
        assertNull(new BlockerTransformer().transform(null, null, "java/lang/Thread", null, null,
                jdkClass("java/lang/Thread")));
    }
}
