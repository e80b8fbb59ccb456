package gmp4j.agent;

import static org.junit.jupiter.api.Assertions.*;

import gmp4j.agent.apps.Shapes;
import java.io.InputStream;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.SimpleRemapper;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.util.Textifier;
import org.objectweb.asm.util.TraceMethodVisitor;

/**
 * SafepointInjector on real class files: each rewritten class is loaded (and so verified) in a
 * loader of its own, with its polls pointed at PollCounter, and must compute what the original
 * computes while polling where the rules say.
 */
class SafepointInjectorTest {
    private static final int[] SIZES = {0, 1, 2, 17, 1000, 70_000};

    private static byte[] classBytes(Class<?> c) throws Exception {
        try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }

    /** Rewrites, redirects the polls to PollCounter, and loads the class in a loader of its own. */
    private static Class<?> rewriteAndLoad(Class<?> c, boolean loops, ClassHierarchy h) throws Exception {
        SafepointInjector.Result r = SafepointInjector.rewrite(classBytes(c), loops, h);
        assertNotNull(r.bytes());
        return load(c.getName(), redirectPolls(r.bytes()));
    }

    private static byte[] redirectPolls(byte[] bytes) {
        ClassWriter w = new ClassWriter(0);
        new ClassReader(bytes).accept(new ClassRemapper(w, new SimpleRemapper(
                Map.of(SafepointInjector.BRIDGE, PollCounter.class.getName().replace('.', '/')))), 0);
        return w.toByteArray();
    }

    private static Class<?> load(String name, byte[] bytes) throws Exception {
        return new ClassLoader(SafepointInjectorTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String n, boolean resolve) throws ClassNotFoundException {
                if (n.equals(name)) {
                    synchronized (getClassLoadingLock(n)) {
                        Class<?> c = findLoadedClass(n);
                        return c != null ? c : defineClass(n, bytes, 0, bytes.length);
                    }
                }
                return super.loadClass(n, resolve);
            }
        }.loadClass(name);
    }

    private static long call(Class<?> c, String method, int n) throws Exception {
        return (long) c.getMethod(method, int.class).invoke(null, n);
    }

    private static ClassHierarchy hierarchy() {
        return new ClassHierarchy(SafepointInjectorTest.class.getClassLoader());
    }

    /** A class of one public static method, name.run(desc), whose code body writes. */
    private static byte[] oneMethodClass(String name, String desc, Consumer<MethodVisitor> body) {
        ClassWriter w = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        w.visit(Opcodes.V21, Opcodes.ACC_PUBLIC, name, null, "java/lang/Object", null);
        MethodVisitor mv = w.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "run", desc, null, null);
        mv.visitCode();
        body.accept(mv);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        w.visitEnd();
        return w.toByteArray();
    }

    @BeforeEach
    void reset() {
        PollCounter.reset();
    }

    @Test
    void everyRewrittenShapeVerifiesAndComputesWhatTheOriginalComputes() throws Exception {
        for (boolean loops : new boolean[] {true, false}) {
            Class<?> rewritten = rewriteAndLoad(Shapes.class, loops, hierarchy());
            for (String name : Shapes.NAMES) {
                for (int n : SIZES) {
                    int size = name.equals("fib") ? Math.min(n, 22) : name.equals("nestedWithLabels") ? Math.min(n, 1500) : n;
                    assertEquals(call(Shapes.class, name, size), call(rewritten, name, size),
                            name + "(" + size + ") loops=" + loops);
                }
            }
        }
    }

    @Test
    void countedLoopsAreStripMinedYetPollAtLeastOncePerChunk() throws Exception {
        SafepointInjector.Result r = SafepointInjector.rewrite(classBytes(Shapes.class), true, hierarchy());
        assertTrue(r.stripMined() >= 10, "strip-mined loops: " + r.stripMined());
        Class<?> c = load(Shapes.class.getName(), redirectPolls(r.bytes()));
        int n = 1 << 22;
        call(c, "vectorAdd", n); // three counted loops of n iterations (the for-each is counted too)
        assertTrue(PollCounter.loop >= 3 * (n / 65536), "too few polls: " + PollCounter.loop);
        assertTrue(PollCounter.loop < 3 * (n / 256) + 10, "a poll in every iteration: " + PollCounter.loop);
    }

    @Test
    void countedLoopsWithAnyLimitAreStripMinedComputeTheSameAndCheckWithinTheirChunk() throws Exception {
        // Limits that are fields, static fields, array fields' lengths, calls, a limit the body
        // lowers or raises, down-counting, strides, !=, and i + chunk overflowing near the ends
        // of int (rule 3b), a step followed by other updates or inside an expression, do/while
        // loops (rule 3c): each loop counts its trips, each check records the trips since the last.
        SafepointInjector.Result r = SafepointInjector.rewrite(classBytes(ChunkBoundLoops.class), true, hierarchy());
        assertEquals(17, r.stripMined(), "every counted loop strip-mined");
        assertEquals(r.stripMined(), r.loopChecks(), "no loop left to back-edge counting");
        Class<?> c = load(ChunkBoundLoops.class.getName(), redirectPolls(r.bytes()));
        for (int n : new int[] {0, 1, 5, 1023, 300_000}) {
            for (String name : ChunkBoundLoops.NAMES) {
                int bound = name.equals("getterLimit") || name.equals("listSize") ? 1024 : 65536;
                PollCounter.reset();
                long expected = call(ChunkBoundLoops.class, name, n);
                long trips = PollCounter.trips;
                PollCounter.reset();
                assertEquals(expected, call(c, name, n), name + "(" + n + ")");
                assertEquals(trips, PollCounter.trips, name + "(" + n + "): trips");
                assertTrue(PollCounter.maxGap <= bound && PollCounter.gapSinceLastCheck() <= bound,
                        name + "(" + n + "): " + PollCounter.maxGap + " trips between two checks");
                assertTrue(PollCounter.loop >= 1, name + "(" + n + "): no check on entry");
            }
        }
    }

    @Test
    void anInnermostLoopOfFewConstantTripsIsUncheckedAndItsOuterLoopCountsThoseTrips() throws Exception {
        Class<?> c = rewriteAndLoad(Shapes.class, true, hierarchy());
        call(c, "constantInnerTrips", 10_000);
        // Checked per inner loop, 10,000 polls; unchecked with the outer chunk counting its 100
        // trips, a poll every few hundred outer iterations.
        assertTrue(PollCounter.loop >= 10 && PollCounter.loop <= 200, "polls: " + PollCounter.loop);
    }

    /**
     * Asserts that a run of trips round rewritten loops polled once per chunk, not once per trip
     * (the last trip takes no back-edge).
     */
    private static void assertPolledPerChunk(long trips, int chunk, String what) {
        assertTrue(PollCounter.loop >= (trips - 1) / chunk,
                what + ": too few polls for " + trips + " trips in chunks of " + chunk + ": " + PollCounter.loop);
        assertTrue(PollCounter.loop <= trips / 64, what + ": a poll in nearly every trip: " + PollCounter.loop);
    }

    @Test
    void aLoopThatWritesItsOwnIndexOrLimitChecksOncePerChunkOfBackEdges() throws Exception {
        Class<?> c = rewriteAndLoad(Shapes.class, true, hierarchy());
        int n = 1 << 20;
        call(c, "bodyWritesIndexOrLimit", n); // more than 1.5 n trips in all
        assertPolledPerChunk(3 * (n / 2), 65536, "bodyWritesIndexOrLimit");
        PollCounter.reset();
        call(c, "longIndexed", n);
        assertPolledPerChunk(3L * n, 65536, "longIndexed");
    }

    @Test
    void everyKindOfBackEdgeOfANonCountedLoopCountsTowardsTheNextCheck() throws Exception {
        // Each shape goes round its loop about n times, mostly through the kind of back-edge its
        // name says (a conditional branch, continue, a handler, a switch, a nested loop's labeled
        // continue): a back-edge that escaped the count would leave too few polls.
        Class<?> c = rewriteAndLoad(Shapes.class, true, hierarchy());
        int n = 1 << 20;
        for (String name : List.of("whileNotCounted", "doWhileNotCounted", "continueInWhile", "labeledNonCounted",
                "switchContinues", "foreverThenReturn", "foreverThenThrow")) {
            PollCounter.reset();
            call(c, name, n);
            assertPolledPerChunk(n, 65536, name);
        }
        PollCounter.reset();
        call(c, "catchContinues", 1 << 16); // calls out (the exception's constructor): 1,024 trips a chunk
        assertPolledPerChunk(1 << 16, 1024, "catchContinues");
    }

    @Test
    void aSwitchWhoseTargetsAreTheLoopHeaderVerifiesAndChecksOncePerChunk() throws Exception {
        // for (; n > 0; n--) s += n, with the back-edge as every target of a tableswitch (javac
        // never emits this; other compilers may).
        byte[] bytes = oneMethodClass("test/SwitchLoop", "(I)J", mv -> {
            Label head = new Label();
            Label done = new Label();
            mv.visitInsn(Opcodes.LCONST_0);
            mv.visitVarInsn(Opcodes.LSTORE, 1);
            mv.visitLabel(head);
            mv.visitVarInsn(Opcodes.ILOAD, 0);
            mv.visitJumpInsn(Opcodes.IFLE, done);
            mv.visitVarInsn(Opcodes.LLOAD, 1);
            mv.visitVarInsn(Opcodes.ILOAD, 0);
            mv.visitInsn(Opcodes.I2L);
            mv.visitInsn(Opcodes.LADD);
            mv.visitVarInsn(Opcodes.LSTORE, 1);
            mv.visitIincInsn(0, -1);
            mv.visitVarInsn(Opcodes.ILOAD, 0);
            mv.visitInsn(Opcodes.ICONST_3);
            mv.visitInsn(Opcodes.IREM);
            mv.visitTableSwitchInsn(0, 1, head, head, head);
            mv.visitLabel(done);
            mv.visitVarInsn(Opcodes.LLOAD, 1);
            mv.visitInsn(Opcodes.LRETURN);
        });
        SafepointInjector.Result r = SafepointInjector.rewrite(bytes, true, hierarchy());
        Class<?> c = load("test.SwitchLoop", redirectPolls(r.bytes()));
        int n = 1 << 20;
        assertEquals((long) n * (n + 1) / 2, (long) c.getMethod("run", int.class).invoke(null, n));
        assertPolledPerChunk(n, 65536, "switch back-edge");
    }

    @Test
    void aJava5ClassWithASubroutineIsUpgradedToVersion50AndItsCountedLoopStripMined() throws Exception {
        // static long run(int n) { long s = 0; for (int i = 0; i < n; i++) s += i; jsr SUB; return s; }
        // SUB: astore 4; ret 4    -- class file version 49, no frames, a jsr/ret subroutine
        ClassWriter w = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        w.visit(Opcodes.V1_5, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, "test/Java5Loop", null, "java/lang/Object", null);
        MethodVisitor mv = w.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "run", "(I)J", null, null);
        mv.visitCode();
        Label head = new Label(), exit = new Label(), sub = new Label();
        mv.visitInsn(Opcodes.LCONST_0);
        mv.visitVarInsn(Opcodes.LSTORE, 1);
        mv.visitInsn(Opcodes.ICONST_0);
        mv.visitVarInsn(Opcodes.ISTORE, 3);
        mv.visitLabel(head);
        mv.visitVarInsn(Opcodes.ILOAD, 3);
        mv.visitVarInsn(Opcodes.ILOAD, 0);
        mv.visitJumpInsn(Opcodes.IF_ICMPGE, exit);
        mv.visitVarInsn(Opcodes.LLOAD, 1);
        mv.visitVarInsn(Opcodes.ILOAD, 3);
        mv.visitInsn(Opcodes.I2L);
        mv.visitInsn(Opcodes.LADD);
        mv.visitVarInsn(Opcodes.LSTORE, 1);
        mv.visitIincInsn(3, 1);
        mv.visitJumpInsn(Opcodes.GOTO, head);
        mv.visitLabel(exit);
        mv.visitJumpInsn(Opcodes.JSR, sub);
        mv.visitVarInsn(Opcodes.LLOAD, 1);
        mv.visitInsn(Opcodes.LRETURN);
        mv.visitLabel(sub);
        mv.visitVarInsn(Opcodes.ASTORE, 4);
        mv.visitVarInsn(Opcodes.RET, 4);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        w.visitEnd();
        SafepointInjector.Result r = SafepointInjector.rewrite(w.toByteArray(), true, hierarchy());
        assertEquals(1, r.stripMined(), "the loop is strip-mined, not polled on every trip");
        assertEquals(Opcodes.V1_6, new org.objectweb.asm.ClassReader(r.bytes()).readUnsignedShort(6));
        Class<?> c = load("test.Java5Loop", redirectPolls(r.bytes()));
        int n = 1 << 20;
        assertEquals((long) n * (n - 1) / 2, (long) c.getMethod("run", int.class).invoke(null, n));
        assertPolledPerChunk(n, 65536, "upgraded Java 5 loop"); // a poll per trip would fail this
    }

    @Test
    void leafMethodsHaveNoPrologueCheckAndRecursiveOnesCheckOnEveryCall() throws Exception {
        Class<?> c = rewriteAndLoad(Shapes.class, true, hierarchy());
        call(c, "leaf", 5);
        assertEquals(0, PollCounter.entry, "NOSPLIT leaf checked");
        call(c, "fib", 10);
        assertEquals(177, PollCounter.entry, "fib(10) makes 177 calls");
        assertEquals(0, PollCounter.loop);
    }

    @Test
    void leafLambdaBodiesAreCheckedBecauseTheLoopsCallingThemAreTheJdks() throws Exception {
        Class<?> c = rewriteAndLoad(Shapes.class, true, hierarchy());
        call(c, "streamOfLeafLambdas", 1000);
        assertTrue(PollCounter.entry >= 1000, "entry polls: " + PollCounter.entry);
    }

    @Test
    void cooperativeModeChecksProloguesButNoLoops() throws Exception {
        Class<?> c = rewriteAndLoad(Shapes.class, false, hierarchy());
        call(c, "bodyWritesIndexOrLimit", 10_000);
        assertEquals(0, PollCounter.loop);
        assertEquals(1, PollCounter.entry);
    }

    @Test
    void theClassInitializerIsLeftUntouched() throws Exception {
        byte[] original = classBytes(Shapes.class);
        byte[] rewritten = SafepointInjector.rewrite(original, true, hierarchy()).bytes();
        assertEquals(text(original, "<clinit>"), text(rewritten, "<clinit>"));
        assertNotEquals(text(original, "sumArray"), text(rewritten, "sumArray"));
    }

    private static String text(byte[] bytes, String method) {
        ClassNode cn = new ClassNode();
        new ClassReader(bytes).accept(cn, ClassReader.SKIP_FRAMES | ClassReader.SKIP_DEBUG);
        MethodNode mn = cn.methods.stream().filter(m -> m.name.equals(method)).findFirst().orElseThrow();
        Textifier t = new Textifier();
        mn.accept(new TraceMethodVisitor(t));
        return String.join("", t.getText().stream().map(String::valueOf).toList());
    }

    @Test
    void whenTypesCannotBeResolvedLoopsGetPlainChecksInsteadOfStripMining() throws Exception {
        ClassLoader blind = new ClassLoader(null) {
            @Override
            public URL getResource(String name) {
                return null;
            }
        };
        SafepointInjector.Result r = SafepointInjector.rewrite(classBytes(Shapes.class), true, new ClassHierarchy(blind));
        assertEquals(0, r.stripMined());
        assertTrue(r.loopChecks() > 10);
        Class<?> c = load(Shapes.class.getName(), redirectPolls(r.bytes()));
        assertEquals(call(Shapes.class, "mergesReferenceTypes", 100), call(c, "mergesReferenceTypes", 100));
        assertEquals(call(Shapes.class, "vectorAdd", 1000), call(c, "vectorAdd", 1000));
    }

    @Test
    void aClassThatWouldOutgrowTheMethodSizeLimitIsLeftAsItWas() throws Exception {
        // A method of ~65,500 bytes of code with a loop: the checks push it over 65,535.
        byte[] huge = oneMethodClass("test/Huge", "(I)I", mv -> {
            Label head = new Label();
            Label done = new Label();
            mv.visitLabel(head);
            mv.visitVarInsn(Opcodes.ILOAD, 0);
            mv.visitJumpInsn(Opcodes.IFLE, done);
            // 3 * 21,837 + 19 = 65,530 bytes (the far jumps become goto_w forms): 5 to spare, the checks need more
            for (int i = 0; i < 21_837; i++) {
                mv.visitIincInsn(0, 0);
            }
            mv.visitIincInsn(0, -1);
            mv.visitJumpInsn(Opcodes.GOTO, head);
            mv.visitLabel(done);
            mv.visitVarInsn(Opcodes.ILOAD, 0);
            mv.visitInsn(Opcodes.IRETURN);
        });
        Log quiet = new Log("warn");
        PreemptTransformer t = new PreemptTransformer("full", List.of(), List.of(), null, quiet);
        assertNull(t.transform(null, getClass().getClassLoader(), "test/Huge", null, null, huge));
        assertEquals(1, t.failures.sum());
    }

    @Test
    void onlyApplicationClassesOutsideTheAgentJarAreChosen() throws Exception {
        ClassLoader app = getClass().getClassLoader();
        URL agentJar = new URL("file:/somewhere/gmp4j-agent.jar");
        PreemptTransformer t = new PreemptTransformer("full", List.of(), List.of(), agentJar, new Log("warn"));
        assertTrue(t.chosen(app, "com/acme/Main", null));
        assertFalse(t.chosen(null, "com/acme/Main", null), "boot loader");
        assertFalse(t.chosen(ClassLoader.getPlatformClassLoader(), "com/acme/Main", null), "platform loader");
        for (String jdk : List.of("java/util/HashMap", "javax/net/X", "jdk/internal/Y", "sun/nio/Z", "com/sun/net/W")) {
            assertFalse(t.chosen(app, jdk, null), jdk);
        }
        var agentDomain = new java.security.ProtectionDomain(new java.security.CodeSource(agentJar,
                (java.security.cert.Certificate[]) null), null);
        assertFalse(t.chosen(app, "gmp4j/runtime/Sched", agentDomain), "the agent's own classes");
    }

    @Test
    void includeAndExcludeGlobsChooseClassesByDottedName() {
        ClassLoader app = getClass().getClassLoader();
        PreemptTransformer t = new PreemptTransformer("full", List.of("com.acme.**", "*Main"),
                List.of("com.acme.gen.*"), null, new Log("warn"));
        assertTrue(t.chosen(app, "com/acme/a/b/Deep", null));
        assertTrue(t.chosen(app, "Main", null));
        assertFalse(t.chosen(app, "org/other/Main", null), "* does not cross a dot");
        assertFalse(t.chosen(app, "com/acme/gen/Stub", null), "excluded");
        assertTrue(t.chosen(app, "com/acme/gen/sub/Stub", null), "* in the exclude does not cross a dot");
    }

    @Test
    void rewritingIsNeededOnlyForMethodsThatCanRunUnbounded() throws Exception {
        // A class with only NOSPLIT methods comes back unchanged.
        byte[] leafy = oneMethodClass("test/Leafy", "(I)I", mv -> {
            mv.visitVarInsn(Opcodes.ILOAD, 0);
            mv.visitInsn(Opcodes.ICONST_2);
            mv.visitInsn(Opcodes.IMUL);
            mv.visitInsn(Opcodes.IRETURN);
        });
        assertNull(SafepointInjector.rewrite(leafy, true, hierarchy()).bytes());
    }
}
