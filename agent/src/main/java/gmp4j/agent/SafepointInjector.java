/*
 * SafepointInjector: the JVM counterpart of the stack check that Go's compiler puts in function
 * prologues (cmd/internal/obj/x86 stacksplit: compare SP with g.stackguard0, call morestack). Go's
 * sysmon preempts a G by poisoning stackguard0 so that the next prologue diverts into
 * newstack -> gopreempt_m. Here sysmon raises a request (gmp4j.runtime.Preempt) and the injected
 * calls to java.lang.Gmp4jBridge.pollEntry/pollLoop notice it and Thread.yield().
 *
 * Where checks go (decisions, with the measured costs of ../shared/DESIGN.md behind them):
 *  1. Method entry: pollEntry(), except in Go's NOSPLIT case: a method with no loop and no call
 *     (constructor chaining to Object.<init> aside) runs a bounded number of bytecodes, so it
 *     needs no check. Every cycle of the call graph that passes through application code passes
 *     through an application method that makes a call, and that method has its check, so
 *     recursion is always covered. Lambda bodies (synthetic lambda$ methods) are checked even
 *     when they are leaves: they are mostly called from loops inside the JDK (streams, forEach,
 *     compute), which have no checks, so the lambda's prologue is the only place such a loop
 *     can be preempted. Never in <clinit> (class initialisation pins the virtual
 *     thread, and must not be delayed), nor in compiler-generated bridge methods.
 *  2. Loops (preempt=full): every loop (every target of a backward branch is a loop header) is
 *     checked at least once per chunk of trips round it: counted loops by strip mining (3, 3b), all
 *     others by counting their back-edges (4). The check is written inline,
 *         if (Gmp4jBridge.preemptPending != 0) Gmp4jBridge.preemptSlowPath();
 *     so that C2 profiles each loop's branch on its own and compiles the never-taken call as an
 *     uncommon trap: a call left in a loop nest (as behind a shared pollLoop() method) costs the
 *     inner loop part of its vectorisation. The inline form adds a branch target, so the class's
 *     stack-map frames are recomputed (see below; class files before version 50 are upgraded
 *     to 50 for it); where that is not possible (types ClassHierarchy cannot resolve, a method
 *     that grows too large) the loop gets a pollLoop() call
 *     right after the header's existing frame instead, on every trip, which keeps every frame
 *     valid.
 *  3. Strip mining, for counted int loops in javac's shape
 *         H: iload i; <limit>; if_icmpge EXIT; <body>; iinc i, +s; goto H; EXIT:
 *     (also > and the downward forms with a negative step, and compares against zero), where the
 *     limit is a constant, an int local or the length of an array local that the body never
 *     writes, and i is written only by that iinc. A check inside such a loop stops C2 from
 *     vectorising it (5-6x slower for c[i] = a[i] + b[i]), so the loop becomes HotSpot's own
 *     strip-mined nest:
 *         H: check; iload i; <limit>; if_icmpge EXIT;          // outer loop: the original test
 *            lim = (int) Math.min((long) <limit>, (long) i + K);
 *         INNER: iload i; iload lim; if_icmpge H;             // inner loop: clean and counted
 *            <body>; iinc i, +s; goto INNER;
 *         EXIT:
 *     lim never passes the original limit, so the inner test implies the original one and no
 *     iteration is added; every exit from the inner loop goes back through the original test, so
 *     none is lost. Because i moves by at least 1 on every trip round the inner loop (the iinc
 *     stands in the straight run of code that ends at the only back-edge, so every trip runs it
 *     once, and the body can be entered only through H), a check is reached at least every K
 *     iterations. Straight: no branch, switch, return or throw, and no label a branch or handler
 *     leads to; javac's `i++` update stands there, and so do `a[i++] = x` at the end of a body
 *     and a second update after the step (`i += 4, n += w`). Other jumps to H come from before
 *     the loop (an if around it, a previous loop's exit) and enter it like the fall-through. K shrinks with the body's size (about 2^20
 *     bytecodes a chunk, between 256 and 65536 iterations, at most 1024 when the body calls out)
 *     so that a chunk stays in the microseconds; nested loops have checks of their own.
 *  3b. Strip mining for every other counted int loop: the header's test starts with `iload i`
 *     and runs straight (no branch, no label anything jumps to) into one conditional branch that
 *     leaves the loop, i is written only by its step `iinc i, s` (placed as in rule 3), and the
 *     body is entered only through the header. The limit may be anything: a field, a static
 *     field, an array field's length, s.length(), list.size(), a getter, an expression, a local
 *     the body writes, and the test may be <, <=, >, >=, != or against zero. Proving in bytecode
 *     that such a limit is invariant is not possible (a call, another thread, the body itself may
 *     change it); C2 proves it where it can and hoists the load. So the test is not moved or cut
 *     to the chunk as in rule 3: it stays on every trip, exactly as the source evaluates it (a
 *     limit the body changes is still honoured, a limit with side effects still runs once a
 *     trip), and a second exit bounds the chunk:
 *         H:    check; lim = i + K*s;                    // outer loop: on entry, once per chunk
 *         TEST: iload i; <limit>; if<cond> EXIT;         // the original test, unchanged
 *               <body>; iinc i, s;
 *               iload i; iload lim; if_icmpge H;         // chunk spent (if_icmple going down)
 *               goto TEST;
 *         EXIT:
 *     The chunk exit goes to H and H falls into TEST, so no trip evaluates the test twice and
 *     none is added or lost. The inner loop is a counted loop to C2 (the chunk test at its
 *     bottom, against a value invariant in it) with the original test as a second exit that it
 *     can hoist or turn into a pre-loop bound when the limit is invariant, so a field-array
 *     vector add vectorises again. lim is computed in int arithmetic and may wrap: if i + K*s
 *     overflows, lim is on the far side of i, the chunk test fires after the first trip, and the
 *     loop checks on every trip until i itself wraps or the loop ends (at most K trips near the
 *     ends of int, never fewer checks than trips/K). Otherwise i steps by exactly s a trip and
 *     meets lim after K trips. Either way a check is reached at least every K trips, whatever
 *     the limit does (SafepointInjectorTest measures the gap on each such shape).
 *  3c. Strip mining for do/while loops, whose test is at the bottom and whose back-edge is the
 *     test's own branch `if<cond> H`: i is the local of the step found as in rule 3, and the
 *     same conditions hold. The test stays as it is, with its sense inverted to leave, and the
 *     chunk bound follows it:
 *         H:    check; lim = i + K*s;
 *         BODY: <body>; iinc i, s; <rest>; <test>; if!<cond> EXIT;
 *               iload i; iload lim; if_icmplt BODY;      // if_icmpgt going down
 *               goto H;
 *         EXIT:
 *     Every trip runs the body once and the test once, as before; the bound argument of 3b holds.
 *     An innermost loop of rule 3's shape whose start and limit are constants, and whose trip count
 *     is therefore a small constant (at most MAX_UNCHECKED_TRIPS), gets no check at all: like a
 *     NOSPLIT function it runs a bounded amount of code. The loop around it counts those trips
 *     into its chunk size, so the work between two checks stays bounded.
 *  4. Back-edge counting, for every other loop (while loops over fields, do/while loops without
 *     an int step, for (;;), iterator loops, long induction variables, counted loops whose body
 *     writes the index). preemptPending is volatile (a plain read would be hoisted out of the
 *     loop), and a volatile read is a barrier to C2: every field is read again after it and no
 *     load moves across it. In tiny loops such as a
 *     parser's `while (pos < s.length() && s.charAt(pos) == ' ') pos++` a check on every trip
 *     made the parser kernel 1.76x slower (bench/RESULTS.md). So every back-edge to such a
 *     loop's header H counts in one int local c of the method (0 at entry) and checks only when
 *     c reaches a multiple of K, a power of two:
 *         iinc c, 1; iload c; ldc K-1; iand; ifne H; <check>; goto H
 *     A goto H gets this code in front of it; a conditional back-edge `ifXX H` becomes
 *     `if!XX NEXT` followed by the code and NEXT:; a switch's targets at H go to the code placed
 *     right after the switch (nothing falls through a switch). Back-edges from a handler, from
 *     `continue` and from nested loops' labeled continues are branches like any other.
 *     Why this shape and not another, from a hand-written copy of the parser's loops (CPU time
 *     per parse on JDK 25, one machine, indicative; the leaf loops' shapes are re-measured by
 *     bench's LoopCheckShapes): unchanged 14.6 us; a check every trip 24.7; this shape 17.5,
 *     about what the counter alone costs without any check (18.0);
 *      - a countdown `if (--c == 0) { c = K; check; }`: 28.6. C2 compiles the never-taken reset
 *        as an uncommon trap; c is then an induction variable with an exit test, which C2 can
 *        take for a counted loop and unroll, and the compiled methods grew past the size C2
 *        inlines ("already compiled into a big method"). `(c & (K-1)) != 0` is no exit test C2
 *        counts a loop by.
 *      - strip mining as for counted loops, the check at the header of an outer loop and an
 *        inner loop closed by the count: 26.7 (34.5 with `--c`). A check on every entry to
 *        the loop runs about as often as one per trip when loops run a few trips per entry, as
 *        a parser's do. So nothing is checked on entry.
 *      - nothing per trip, a bound instead: on each entry, bound = min(limit, i + K) on the
 *        index the loop advances (a field, in the parser), and the check only where the bound
 *        runs out. As a loop nest, 1.46x the plain parser; kept in one loop, 2.3x (bench
 *        LoopCheckShapes). The parser's leaf loops are entered more often (16,667 times a
 *        parse) than they go round (13,814 trips), so work on entry costs more than work per
 *        trip. No shape is free: the parser does about 2.2 cycles of work per back-edge, and
 *        the mask counter, the cheapest, costs about a quarter of a cycle per trip in the leaf
 *        loops and one cycle in the loops that call (bench/RESULTS.md, "No check shape gets
 *        the parser under 1.10").
 *     One counter for the method rather than one per loop: within one call at most K back-edges
 *     pass between two checks, whichever loops they close, so nested loops need no counter of
 *     their own and the work between checks is K times the longest path between back-edges.
 *     The counter starts at 0 on every call, so a loop that always leaves within K trips (most of
 *     a parser's) is never checked itself; its callers cover it: the callee's prologue check,
 *     and the caller's back-edges count the call's trip. When C2 inlines the callee into a loop
 *     it may hoist that prologue's plain read, and then up to K trips of the caller's loop each
 *     run the callee's loop up to K times between two checks (K^2 over two levels of calls with
 *     loops, K^3 over three): the price of keeping checks out of short loops. K is the chunk of
 *     rule 3 for the loop's body from its header to its last back-edge, the smallest over the
 *     method's loops.
 *  Strip mining and back-edge counting add a local and branch targets. When frames are
 *  recomputed, ClassHierarchy answers ASM's type-merge questions from class files without loading
 *  any class; if that fails, the class is rewritten again with pollLoop() calls and neither.
 */
package gmp4j.agent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.JSRInlinerAdapter;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;

final class SafepointInjector {
    private SafepointInjector() {}

    static final String BRIDGE = VirtualThreadTransformer.BRIDGE;
    static final String POLL_ENTRY = "pollEntry";
    static final String POLL_LOOP = "pollLoop";
    static final String PENDING = "preemptPending";
    static final String SLOW_PATH = "preemptSlowPath";
    /** An innermost counted loop with at most this many (constant) trips gets no check. */
    static final long MAX_UNCHECKED_TRIPS = 4096;

    /** What was done to one class; bytes is null when nothing changed. */
    record Result(byte[] bytes, int entryChecks, int loopChecks, int stripMined) {}

    /**
     * Rewrites a class. loops: also check loop headers (preempt=full), otherwise only prologues
     * (preempt=cooperative).
     */
    static Result rewrite(byte[] classfile, boolean loops, ClassHierarchy hierarchy) {
        try {
            return rewrite(classfile, loops, loops, hierarchy);
        } catch (RuntimeException framesFailed) { // a type the hierarchy could not resolve
            return rewrite(classfile, loops, false, hierarchy);
        }
    }

    /** frames: recompute stack-map frames, which inline checks and strip mining need. */
    private static Result rewrite(byte[] classfile, boolean loops, boolean frames, ClassHierarchy hierarchy) {
        ClassReader reader = new ClassReader(classfile);
        // Class files before version 50 (Java 6) have no stack-map frames and may use jsr/ret,
        // which frame computation cannot handle. Libraries built for Java 5 or older are still
        // common on Maven Central (commons-math3 is version 49), and without frames every loop
        // falls back to a pollLoop() call on every trip: 1.7-2x on commons-math's matrix code
        // (bench/RESULTS.md, 2026-12-05). So such a class is read with its subroutines inlined
        // (JSRInlinerAdapter) and, if it gets inline checks, written as version 50 with frames.
        // Version 50 changes nothing else a class file means (JSR/RET stay legal up to 50), and
        // the JVM falls back to the inferring verifier for 50 if a frame should not check.
        boolean preJava6 = (reader.readUnsignedShort(6) & 0xFFFF) < Opcodes.V1_6;
        ClassNode cn = new ClassNode(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, desc, sig, exceptions);
                return frames && preJava6 ? new JSRInlinerAdapter(mv, access, name, desc, sig, exceptions) : mv;
            }
        };
        reader.accept(cn, 0);
        if ((cn.access & Opcodes.ACC_MODULE) != 0) {
            return new Result(null, 0, 0, 0);
        }
        boolean computeFrames = frames;
        int entries = 0;
        int loopChecks = 0;
        int mined = 0;
        for (MethodNode mn : cn.methods) {
            if (mn.instructions.size() == 0 || mn.name.equals("<clinit>") || (mn.access & Opcodes.ACC_BRIDGE) != 0) {
                continue;
            }
            Method m = new Method(mn);
            if (loops) {
                Map<LabelNode, StripMine> plans = new HashMap<>();
                if (computeFrames) {
                    for (LabelNode header : m.headers()) {
                        StripMine sm = m.stripMine(header);
                        if (sm != null) {
                            plans.put(header, sm);
                        }
                    }
                }
                // Decided on the unchanged method (the rewrites move instructions around).
                Set<StripMine> unchecked = new HashSet<>();
                plans.values().stream().filter(sm -> sm.unchecked(m)).forEach(unchecked::add);
                Map<LabelNode, Integer> chunks = new HashMap<>();
                plans.forEach((header, sm) ->
                        chunks.put(header, chunk(m.work(sm.start, sm.end, sm.size, unchecked), sm.bodyCalls)));
                int countChunk = !computeFrames ? 0 : m.headers().stream().filter(h -> !plans.containsKey(h))
                        .mapToInt(h -> m.backEdgeChunk(h, unchecked)).min().orElse(0);
                List<LabelNode> byBackEdges = new ArrayList<>(); // rule 4
                for (LabelNode header : m.headers()) {
                    StripMine sm = plans.get(header);
                    if (unchecked.contains(sm)) {
                        continue; // a small constant number of trips: bounded, like NOSPLIT
                    }
                    if (sm != null) {
                        sm.apply(chunks.get(header));
                        mined++;
                    } else if (computeFrames) {
                        byBackEdges.add(header);
                    } else {
                        mn.instructions.insertBefore(firstReal(header), single(poll(POLL_LOOP)));
                    }
                    loopChecks++;
                }
                if (!byBackEdges.isEmpty()) {
                    m.countBackEdges(byBackEdges, countChunk);
                }
            }
            boolean lambdaBody = (mn.access & Opcodes.ACC_SYNTHETIC) != 0 && mn.name.startsWith("lambda$");
            if (lambdaBody || !m.isNosplit()) {
                mn.instructions.insert(poll(POLL_ENTRY));
                entries++;
            }
        }
        if (entries + loopChecks == 0) {
            return new Result(null, 0, 0, 0);
        }
        ClassWriter writer;
        if (computeFrames && loopChecks > 0) {
            if (preJava6) {
                cn.version = Opcodes.V1_6;
            }
            hierarchy.define(cn.name, cn.superName, (cn.access & Opcodes.ACC_INTERFACE) != 0);
            writer = new ClassWriter(reader, ClassWriter.COMPUTE_FRAMES) {
                @Override
                protected String getCommonSuperClass(String type1, String type2) {
                    return hierarchy.commonSuperClass(type1, type2);
                }
            };
        } else {
            // Only calls that take and leave nothing on the stack were added, each at a point that
            // is not a branch target or right after one's frame: frames and max stack still hold.
            writer = new ClassWriter(reader, 0);
        }
        cn.accept(writer);
        return new Result(writer.toByteArray(), entries, loopChecks, mined);
    }

    private static MethodInsnNode poll(String name) {
        return new MethodInsnNode(Opcodes.INVOKESTATIC, BRIDGE, name, "()V", false);
    }

    private static InsnList single(AbstractInsnNode n) {
        InsnList l = new InsnList();
        l.add(n);
        return l;
    }

    /** if (Gmp4jBridge.preemptPending != 0) Gmp4jBridge.preemptSlowPath(); */
    static InsnList inlineCheck() {
        InsnList check = new InsnList();
        LabelNode done = new LabelNode();
        check.add(new FieldInsnNode(Opcodes.GETSTATIC, BRIDGE, PENDING, "I"));
        check.add(new JumpInsnNode(Opcodes.IFEQ, done));
        check.add(poll(SLOW_PATH));
        check.add(done);
        return check;
    }

    /**
     * Iterations per chunk for a loop body of this much work (bytecodes, counting the trips of
     * unchecked loops inside): about 2^20 bytecodes between checks, at most 65,536 iterations,
     * at most 1,024 when the body calls out.
     */
    static int chunk(long work, boolean calls) {
        int k = Integer.highestOneBit((int) Math.clamp((1L << 20) / Math.max(work, 1), 1, 65536));
        return calls ? Math.min(k, 1024) : k;
    }

    /** The first real instruction at or after n (skipping labels, line numbers and frames). */
    static AbstractInsnNode firstReal(AbstractInsnNode n) {
        while (n != null && n.getOpcode() < 0) {
            n = n.getNext();
        }
        return n;
    }

    private static AbstractInsnNode nextReal(AbstractInsnNode n) {
        return firstReal(n.getNext());
    }

    private static AbstractInsnNode previousReal(AbstractInsnNode n) {
        n = n.getPrevious();
        while (n != null && n.getOpcode() < 0) {
            n = n.getPrevious();
        }
        return n;
    }

    /** One method's control-flow facts, taken before anything is changed. */
    private static final class Method {
        final MethodNode mn;
        final InsnList insns;
        /** Loop header -> the branches that jump back to it. */
        final Map<LabelNode, List<AbstractInsnNode>> backEdges = new HashMap<>();
        /** Every label -> the branches and switches that target it. */
        final Map<LabelNode, List<AbstractInsnNode>> jumpsTo = new HashMap<>();
        /** The labels where exception handlers start. */
        final Set<LabelNode> handlers = new HashSet<>();
        boolean calls;

        Method(MethodNode mn) {
            this.mn = mn;
            this.insns = mn.instructions;
            mn.tryCatchBlocks.forEach(t -> handlers.add(t.handler));
            for (AbstractInsnNode n = insns.getFirst(); n != null; n = n.getNext()) {
                switch (n) {
                    case JumpInsnNode j -> target(j, j.label);
                    case TableSwitchInsnNode t -> targets(t, t.dflt, t.labels);
                    case LookupSwitchInsnNode t -> targets(t, t.dflt, t.labels);
                    case MethodInsnNode call -> calls |= !(call.getOpcode() == Opcodes.INVOKESPECIAL
                            && call.owner.equals("java/lang/Object") && call.name.equals("<init>"));
                    default -> calls |= n.getOpcode() == Opcodes.INVOKEDYNAMIC;
                }
            }
        }

        private void targets(AbstractInsnNode sw, LabelNode dflt, List<LabelNode> labels) {
            target(sw, dflt);
            labels.forEach(l -> target(sw, l));
        }

        private void target(AbstractInsnNode from, LabelNode to) {
            jumpsTo.computeIfAbsent(to, k -> new ArrayList<>()).add(from);
            if (insns.indexOf(to) <= insns.indexOf(from)) {
                backEdges.computeIfAbsent(to, k -> new ArrayList<>()).add(from);
            }
        }

        /** Go's NOSPLIT: no loop and no call, so a bounded run. */
        boolean isNosplit() {
            return backEdges.isEmpty() && !calls;
        }

        /** Loop headers, in code order. */
        List<LabelNode> headers() {
            List<LabelNode> h = new ArrayList<>(backEdges.keySet());
            h.sort((a, b) -> Integer.compare(insns.indexOf(a), insns.indexOf(b)));
            return h;
        }

        /**
         * The work of one trip round a loop body spanning instructions (start, end] of this size:
         * the body itself, or an unchecked loop inside it run to the end, whichever is more.
         */
        long work(int start, int end, int size, Set<StripMine> unchecked) {
            long work = size;
            for (StripMine inner : unchecked) {
                int at = insns.indexOf(inner.header);
                if (at > start && at <= end) {
                    work = Math.max(work, (long) inner.size * Math.max(inner.trips, 1));
                }
            }
            return work;
        }

        /** The chunk for the loop at header under rule 4: its body runs to its last back-edge. */
        int backEdgeChunk(LabelNode header, Set<StripMine> unchecked) {
            int start = insns.indexOf(header);
            int end = start;
            for (AbstractInsnNode b : backEdges.get(header)) {
                end = Math.max(end, insns.indexOf(b));
            }
            int size = 0;
            boolean bodyCalls = false;
            for (int i = start + 1; i <= end; i++) {
                AbstractInsnNode n = insns.get(i);
                size += n.getOpcode() >= 0 ? 1 : 0;
                bodyCalls |= n instanceof MethodInsnNode || n.getOpcode() == Opcodes.INVOKEDYNAMIC;
            }
            return chunk(work(start, end, size, unchecked), bodyCalls);
        }

        /**
         * Rule 4 of the class comment: every back-edge to these headers counts in one local of the
         * method and checks each time the count reaches a multiple of chunk (a power of two).
         */
        void countBackEdges(List<LabelNode> headers, int chunk) {
            int count = mn.maxLocals++;
            InsnList init = new InsnList();
            init.add(new InsnNode(Opcodes.ICONST_0));
            init.add(new VarInsnNode(Opcodes.ISTORE, count));
            for (LabelNode header : headers) {
                for (AbstractInsnNode b : backEdges.get(header).stream().distinct().toList()) {
                    switch (b) {
                        case JumpInsnNode j when j.getOpcode() == Opcodes.GOTO ->
                            insns.insertBefore(j, countThenCheck(count, chunk, header)); // falls into the goto
                        case JumpInsnNode j -> { // ifXX H  becomes  if!XX NEXT; <count, check>; goto H; NEXT:
                            LabelNode next = new LabelNode();
                            InsnList code = countThenCheckAndGoto(count, chunk, header);
                            code.add(next);
                            insns.insert(j, code);
                            j.setOpcode(inverse(j.getOpcode()));
                            j.label = next;
                        }
                        case TableSwitchInsnNode t ->
                            t.dflt = countAfterSwitch(t, t.labels, t.dflt, header, count, chunk);
                        case LookupSwitchInsnNode t ->
                            t.dflt = countAfterSwitch(t, t.labels, t.dflt, header, count, chunk);
                        default -> throw new IllegalStateException("not a branch: " + b);
                    }
                }
            }
            insns.insert(init);
        }

        /** The branch that jumps where op does not: ifeq/ifne, iflt/ifge, ..., ifnull/ifnonnull. */
        private static int inverse(int op) {
            if (op == Opcodes.IFNULL || op == Opcodes.IFNONNULL) {
                return op == Opcodes.IFNULL ? Opcodes.IFNONNULL : Opcodes.IFNULL;
            }
            return (op - Opcodes.IFEQ) % 2 == 0 ? op + 1 : op - 1; // IFEQ .. IF_ACMPNE come in pairs
        }

        /**
         * Points the targets of switch sw that are header at a new label placed right after the
         * switch (nothing falls through a switch), followed by the count and check and a goto
         * header. Returns what sw's default target must become.
         */
        private LabelNode countAfterSwitch(AbstractInsnNode sw, List<LabelNode> labels, LabelNode dflt,
                LabelNode header, int count, int chunk) {
            LabelNode own = new LabelNode();
            labels.replaceAll(l -> l == header ? own : l);
            insns.insert(sw, own);
            insns.insert(own, countThenCheckAndGoto(count, chunk, header));
            return dflt == header ? own : dflt;
        }

        /** count++; if ((count & (chunk - 1)) != 0) goto header; check;  (then falls through) */
        private static InsnList countThenCheck(int count, int chunk, LabelNode header) {
            InsnList code = new InsnList();
            code.add(new IincInsnNode(count, 1));
            code.add(new VarInsnNode(Opcodes.ILOAD, count));
            code.add(new LdcInsnNode(chunk - 1));
            code.add(new InsnNode(Opcodes.IAND));
            code.add(new JumpInsnNode(Opcodes.IFNE, header));
            code.add(inlineCheck());
            return code;
        }

        /** countThenCheck, then goto header: a back-edge of its own, for branches that are not a goto. */
        private static InsnList countThenCheckAndGoto(int count, int chunk, LabelNode header) {
            InsnList code = countThenCheck(count, chunk, header);
            code.add(new JumpInsnNode(Opcodes.GOTO, header));
            return code;
        }

        /** The strip-mining plan for the loop at header (rule 3, 3b or 3c), or null if it is in none of their shapes. */
        StripMine stripMine(LabelNode header) {
            List<AbstractInsnNode> back = backEdges.get(header);
            // One back-edge; other jumps to the header come from before the loop (a previous
            // loop's exit, an if around it): entries, which run the new entry code like a fall-through.
            if (back.size() != 1 || !(back.getFirst() instanceof JumpInsnNode backEdge)
                    || backEdge.getOpcode() == Opcodes.JSR) {
                return null;
            }
            // Top-tested (for, while: the back-edge is a goto): the test starts with iload i.
            // Bottom-tested (do/while: the back-edge is the test's branch): i is found by its step.
            boolean bottomTested = backEdge.getOpcode() != Opcodes.GOTO;
            VarInsnNode load = null;
            if (!bottomTested) {
                if (!(firstReal(header) instanceof VarInsnNode l) || l.getOpcode() != Opcodes.ILOAD) {
                    return null;
                }
                load = l;
            }
            IincInsnNode step = stepOf(backEdge, load == null ? -1 : load.var, header);
            if (step == null || step.incr == 0) {
                return null;
            }
            int i = step.var;
            boolean up = step.incr > 0;
            int start = insns.indexOf(header);
            int end = insns.indexOf(backEdge);
            // Nothing but the step writes i, test included. Which locals the loop writes decides
            // between rules 3 and 3b.
            int size = 0;
            boolean bodyCalls = false;
            Set<Integer> written = new HashSet<>();
            for (AbstractInsnNode b = header.getNext(); b != backEdge; b = b.getNext()) {
                if (b.getOpcode() >= 0) {
                    size++;
                }
                if (b instanceof VarInsnNode v && v.getOpcode() >= Opcodes.ISTORE && v.getOpcode() <= Opcodes.ASTORE) {
                    written.add(v.var);
                }
                if (b instanceof IincInsnNode inc && b != step) {
                    written.add(inc.var);
                }
                if (b instanceof MethodInsnNode || b.getOpcode() == Opcodes.INVOKEDYNAMIC) {
                    bodyCalls = true;
                }
                if (b.getOpcode() == Opcodes.JSR || b.getOpcode() == Opcodes.RET) {
                    return null;
                }
            }
            if (written.contains(i)) {
                return null;
            }
            // The body is entered only through the header: no branch or handler from outside
            // lands inside it, and nothing inside but the back-edge jumps to the header.
            for (Map.Entry<LabelNode, List<AbstractInsnNode>> e : jumpsTo.entrySet()) {
                int at = insns.indexOf(e.getKey());
                if (at > start && at <= end) {
                    for (AbstractInsnNode from : e.getValue()) {
                        int f = insns.indexOf(from);
                        if (f < start || f > end) {
                            return null;
                        }
                    }
                }
            }
            for (TryCatchBlockNode tcb : mn.tryCatchBlocks) {
                int h = insns.indexOf(tcb.handler);
                boolean handlerInside = h > start && h <= end;
                boolean rangeInside = insns.indexOf(tcb.start) > start && insns.indexOf(tcb.end) <= end + 1;
                if (handlerInside && !rangeInside) {
                    return null;
                }
            }
            if (bottomTested) {
                return new StripMine(this, header, i, null, backEdge, List.of(), 0, up, size, bodyCalls, -1, start,
                        end, true, step.incr);
            }
            StripMine rule3 = boundedLimit(header, load, backEdge, step, up, written, size, bodyCalls, start, end);
            return rule3 != null ? rule3 : anyLimit(header, load, backEdge, step, up, size, bodyCalls, start, end);
        }

        /**
         * The loop's step: the iinc (of var, or of any local if var is -1) in the straight run of
         * code that ends at the back-edge, so that every trip runs it exactly once. Straight: no
         * branch, switch, return or throw, and no label that a branch or handler leads to (such a
         * label would let a trip reach the back-edge without the iinc). javac puts a for loop's
         * update there; `a[i++]` or a second update (`n += w`) after it is straight too.
         */
        private IincInsnNode stepOf(JumpInsnNode backEdge, int var, LabelNode header) {
            for (AbstractInsnNode n = backEdge.getPrevious(); n != header; n = n.getPrevious()) {
                if (n instanceof LabelNode l && (jumpsTo.containsKey(l) || handlers.contains(l))) {
                    return null;
                }
                if (n instanceof IincInsnNode inc && (var < 0 || inc.var == var)) {
                    return inc;
                }
                int op = n.getOpcode();
                if (n instanceof JumpInsnNode || n instanceof TableSwitchInsnNode || n instanceof LookupSwitchInsnNode
                        || (op >= Opcodes.IRETURN && op <= Opcodes.RETURN) || op == Opcodes.ATHROW || op == Opcodes.RET) {
                    return null;
                }
            }
            return null;
        }

        /**
         * Rule 3: the test is `iload i; <limit>; if<cond> EXIT` with a limit that is a constant,
         * an int local or the length of an array local, none of them written in the loop.
         */
        private StripMine boundedLimit(LabelNode header, VarInsnNode load, JumpInsnNode backEdge, IincInsnNode step,
                boolean up, Set<Integer> written, int size, boolean bodyCalls, int start, int end) {
            int i = load.var;
            List<AbstractInsnNode> limit = new ArrayList<>();
            AbstractInsnNode n = nextReal(load);
            boolean zeroLimit = n instanceof JumpInsnNode;
            if (zeroLimit) {
                limit.add(new InsnNode(Opcodes.ICONST_0)); // iload i; ifge EXIT compares with 0
            } else {
                if (isIntConstant(n)) {
                    limit.add(n);
                } else if (n instanceof VarInsnNode v && v.getOpcode() == Opcodes.ILOAD && v.var != i
                        && !written.contains(v.var)) {
                    limit.add(n);
                } else if (n instanceof VarInsnNode v && v.getOpcode() == Opcodes.ALOAD && !written.contains(v.var)
                        && nextReal(v) != null && nextReal(v).getOpcode() == Opcodes.ARRAYLENGTH) {
                    limit.add(n);
                    n = nextReal(n);
                    limit.add(n);
                } else {
                    return null;
                }
                n = nextReal(n);
            }
            if (!(n instanceof JumpInsnNode exit)) {
                return null;
            }
            int innerOp = switch (exit.getOpcode()) {
                case Opcodes.IF_ICMPGE, Opcodes.IFGE -> Opcodes.IF_ICMPGE;
                case Opcodes.IF_ICMPGT, Opcodes.IFGT -> Opcodes.IF_ICMPGT;
                case Opcodes.IF_ICMPLT, Opcodes.IFLT -> Opcodes.IF_ICMPLT;
                case Opcodes.IF_ICMPLE, Opcodes.IFLE -> Opcodes.IF_ICMPLE;
                default -> 0;
            };
            boolean zeroCompare = exit.getOpcode() >= Opcodes.IFEQ && exit.getOpcode() <= Opcodes.IFLE;
            if (innerOp == 0 || zeroCompare != zeroLimit
                    || up != (innerOp == Opcodes.IF_ICMPGE || innerOp == Opcodes.IF_ICMPGT)
                    || insns.indexOf(exit.label) <= end) {
                return null;
            }
            return new StripMine(this, header, i, exit, backEdge, limit, innerOp, up, size, bodyCalls,
                    trips(header, i, limit, zeroLimit, exit.getOpcode(), step.incr), start, end, false, step.incr);
        }

        /**
         * Rule 3b: any test that starts with iload i and runs straight (no branch, switch, return
         * or throw, no label anything jumps to) into one conditional branch that leaves the loop.
         * The test stays as it is; only the chunk bound is added around it.
         */
        private StripMine anyLimit(LabelNode header, VarInsnNode load, JumpInsnNode backEdge, IincInsnNode step, boolean up, int size,
                boolean bodyCalls, int start, int end) {
            for (AbstractInsnNode n = load.getNext(); n != null; n = n.getNext()) {
                if (n instanceof LabelNode l && jumpsTo.containsKey(l)) {
                    return null;
                }
                if (n instanceof JumpInsnNode exit) {
                    if (exit.getOpcode() == Opcodes.GOTO || exit.getOpcode() == Opcodes.JSR
                            || insns.indexOf(exit.label) <= end) {
                        return null;
                    }
                    return new StripMine(this, header, load.var, exit, backEdge, List.of(), 0, up, size,
                            bodyCalls, -1, start, end, true, step.incr);
                }
                int op = n.getOpcode();
                if (n instanceof TableSwitchInsnNode || n instanceof LookupSwitchInsnNode
                        || (op >= Opcodes.IRETURN && op <= Opcodes.RETURN) || op == Opcodes.ATHROW) {
                    return null;
                }
            }
            return null;
        }

        /**
         * The loop's trip count when it starts from a constant (`iconst; istore i` right before
         * the header) and runs to a constant limit, else -1.
         */
        private long trips(LabelNode header, int i, List<AbstractInsnNode> limit, boolean zeroLimit, int exitOp,
                int step) {
            AbstractInsnNode store = previousReal(header);
            if (!(store instanceof VarInsnNode st) || st.getOpcode() != Opcodes.ISTORE || st.var != i
                    || previousReal(store) == null || !isIntConstant(previousReal(store)) || !(zeroLimit || (limit.size() == 1 && isIntConstant(limit.getFirst())))) {
                return -1;
            }
            long from = intValue(previousReal(store));
            long to = zeroLimit ? 0 : intValue(limit.getFirst());
            long s = Math.abs((long) step);
            long n = switch (exitOp) {
                case Opcodes.IF_ICMPGE, Opcodes.IFGE -> Math.ceilDiv(to - from, s); // while i < to
                case Opcodes.IF_ICMPGT, Opcodes.IFGT -> Math.floorDiv(to - from, s) + 1; // while i <= to
                case Opcodes.IF_ICMPLT, Opcodes.IFLT -> Math.floorDiv(from - to, s) + 1; // while i >= to
                default -> Math.ceilDiv(from - to, s); // while i > to
            };
            return Math.max(0, n);
        }

        private static long intValue(AbstractInsnNode n) {
            return switch (n) {
                case IntInsnNode in -> in.operand;
                case LdcInsnNode ldc -> (Integer) ldc.cst;
                default -> n.getOpcode() - Opcodes.ICONST_0;
            };
        }

        private static boolean isIntConstant(AbstractInsnNode n) {
            int op = n.getOpcode();
            return (op >= Opcodes.ICONST_M1 && op <= Opcodes.ICONST_5) || op == Opcodes.BIPUSH
                    || op == Opcodes.SIPUSH || (n instanceof LdcInsnNode ldc && ldc.cst instanceof Integer);
        }
    }

    /**
     * The rewrite of one counted loop into a strip-mined nest (see the class comment): rule 3
     * (limit cut to the chunk, test once per chunk) or, if anyLimit, rule 3b (test kept on every
     * trip, chunk bound added).
     */
    private record StripMine(Method m, LabelNode header, int var, JumpInsnNode exit, JumpInsnNode backEdge,
            List<AbstractInsnNode> limit, int innerOp, boolean up, int size, boolean bodyCalls, long trips, int start,
            int end, boolean anyLimit, int step) {

        /** Whether the loop is innermost with a small constant trip count: it needs no check. */
        boolean unchecked(Method m) {
            if (trips < 0 || trips > MAX_UNCHECKED_TRIPS) {
                return false;
            }
            for (LabelNode h : m.backEdges.keySet()) {
                int at = m.insns.indexOf(h);
                if (at > start && at <= end) {
                    return false; // a loop inside: the product of trips is not small
                }
            }
            return true;
        }

        void apply(int chunk) {
            if (anyLimit) {
                applyChunkBound(chunk);
                return;
            }
            InsnList insns = m.insns;
            int i = var;
            int lim = m.mn.maxLocals++;
            LabelNode inner = new LabelNode();
            InsnList code = new InsnList();
            // lim = (int) Math.min((long) <limit>, (long) i + chunk)   (max and - for downward loops)
            Map<LabelNode, LabelNode> noLabels = new HashMap<>();
            for (AbstractInsnNode l : limit) {
                code.add(l.clone(noLabels));
            }
            code.add(new InsnNode(Opcodes.I2L));
            code.add(new VarInsnNode(Opcodes.ILOAD, i));
            code.add(new InsnNode(Opcodes.I2L));
            code.add(new LdcInsnNode(up ? (long) chunk : -(long) chunk));
            code.add(new InsnNode(Opcodes.LADD));
            code.add(new MethodInsnNode(Opcodes.INVOKESTATIC, "java/lang/Math", up ? "min" : "max", "(JJ)J", false));
            code.add(new InsnNode(Opcodes.L2I));
            code.add(new VarInsnNode(Opcodes.ISTORE, lim));
            code.add(inner);
            code.add(new VarInsnNode(Opcodes.ILOAD, i));
            code.add(new VarInsnNode(Opcodes.ILOAD, lim));
            code.add(new JumpInsnNode(innerOp, header));
            insns.insert(exit, code);
            backEdge.label = inner;
            insns.insertBefore(firstReal(header), inlineCheck());
        }

        /**
         * Rule 3b (top-tested) and 3c (bottom-tested):
         *     H:    check; lim = i + K*step;                 // outer loop: once per chunk
         *     TEST: iload i; <limit>; if<cond> EXIT;         // the original test, every trip
         *           <body>; iinc i, step; <rest>
         *           iload i; iload lim; if_icmpge H;         // chunk bound (if_icmple going down)
         *           goto TEST;
         *     EXIT:
         *
         *     H:    check; lim = i + K*step;                 // do/while
         *     BODY: <body>; iinc i, step; <rest>; <test>; if!<cond> EXIT;
         *           iload i; iload lim; if_icmplt BODY;      // chunk bound (if_icmpgt going down)
         *           goto H;
         *     EXIT:
         * lim is computed in int arithmetic and may wrap (see the class comment for why the
         * bound still holds then).
         */
        private void applyChunkBound(int chunk) {
            InsnList insns = m.insns;
            int lim = m.mn.maxLocals++;
            LabelNode inner = new LabelNode();
            InsnList entry = inlineCheck();
            entry.add(new VarInsnNode(Opcodes.ILOAD, var));
            entry.add(new LdcInsnNode((int) Math.clamp((long) chunk * step, Integer.MIN_VALUE, Integer.MAX_VALUE)));
            entry.add(new InsnNode(Opcodes.IADD));
            entry.add(new VarInsnNode(Opcodes.ISTORE, lim));
            entry.add(inner);
            insns.insert(header, entry);
            InsnList bound = new InsnList();
            bound.add(new VarInsnNode(Opcodes.ILOAD, var));
            bound.add(new VarInsnNode(Opcodes.ILOAD, lim));
            if (exit != null) {
                bound.add(new JumpInsnNode(up ? Opcodes.IF_ICMPGE : Opcodes.IF_ICMPLE, header));
                insns.insertBefore(backEdge, bound);
                backEdge.label = inner;
            } else {
                LabelNode next = new LabelNode();
                bound.add(new JumpInsnNode(up ? Opcodes.IF_ICMPLT : Opcodes.IF_ICMPGT, inner));
                bound.add(new JumpInsnNode(Opcodes.GOTO, header));
                bound.add(next);
                insns.insert(backEdge, bound);
                backEdge.setOpcode(Method.inverse(backEdge.getOpcode()));
                backEdge.label = next;
            }
        }
    }
}
