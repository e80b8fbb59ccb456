/*
 * GoTraceWriter: turns gmp4j's scheduling events (notes/EVENTS.md, as SchedEvents in time order)
 * into a Go 1.23 execution trace that `go tool trace` opens. It mirrors the runtime's trace
 * writer (runtime/trace.go traceAdvance, traceruntime.go traceLocker methods, tracestatus.go)
 * and is checked against the parser's rules (internal/trace/order.go).
 *
 * Format, as Go 1.23 writes it: the header "go 1.23 trace\0\0\0", then generations. A generation
 * is a set of batches (TraceBuf: one M's events, timestamps as deltas) plus its own string table,
 * stack table and frequency; every P and every live G gets a ProcStatus/GoStatus at the start of
 * each generation after the first, and sequence numbers (per G: GoStart, GoUnblock; per P:
 * ProcStart, ProcSteal, GoSyscallBegin) restart there. Like the runtime, a new generation starts
 * about every second of trace time (generationNanos), which bounds what the parser holds at once.
 * Timestamps are nanoseconds since just before the first event (frequency 1e9 ticks/s).
 *
 * Mapping:
 *   Gomaxprocs         -> an idle ProcStatus for each new P (Go's ProcsChange needs a running G
 *                         on the emitting M, which the recording does not give, so it is left out)
 *   GoCreate           -> GoCreate on the creating G's M, with a one-frame start stack whose
 *                         function is where the virtual thread was started, when the recording
 *                         has GoCreate stacks (the trace profile: "com.acme.Server.accept"),
 *                         else its name (unnamed ones are "virtual thread"); Go's goroutine view
 *                         groups Gs by that function
 *   GoStart            -> GoStart (after ProcStart if the M holds no P)
 *   GoSched            -> GoStop "runtime.Gosched";  GoPreempt -> GoStop "preempted"
 *                         (a failed preemption changes nothing: the G keeps running)
 *   GoPark             -> GoBlock with Go's block reason: sleep -> "sleep", wait -> "sync.(*Cond).Wait",
 *                         park/monitor -> "sync" ("network" when the blocker is a socket/NIO class),
 *                         other -> "unspecified"
 *   GoUnpark           -> GoUnblock on the M of the unparking G, or on the outside M
 *   GoSysCall          -> GoSyscallBegin (the P enters ProcSyscall)
 *   GoSysBlock         -> ProcSteal of that P from the syscalling M, by the outside M (sysmon's retake)
 *   GoSysExit          -> GoSyscallEnd if the M still holds its P in syscall, else GoSyscallEndBlocked
 *   GoEnd              -> GoDestroy;  ProcStart/ProcStop -> ProcStart/ProcStop
 * Ids: goid, p and m are kept. The "outside" M (id 2^32) stands for everything that is not a
 * carrier: platform threads, timers, sysmon. A G created by a platform thread is created by the
 * outside M on an outside P, which it holds only for that instant (ProcStart, GoCreate, ProcStop),
 * because Go's GoCreate needs a P. The ForkJoinPool arm has no Ps (p = -1): each carrier M gets a
 * P of its own, held from a GoStart until that G stops, so idle carriers show as idle. In the gmp
 * arm, an event with p = -1 where Go needs a P uses the M's current P, or a P of that M's own when
 * it holds none. These stand-in Ps are numbered densely after the real ones (in the FJP arm from
 * 0, in order of first use), because Go's viewer draws a row for every P id up to the highest.
 *
 * Repairs: Go's parser rejects an impossible transition ("broken trace"). The JFR stream may miss
 * events (recording started or stopped mid-run, lost buffers), so before each event the writer
 * brings G, M and P to the state the event needs with the fewest Go events (a G never seen is
 * created by the outside M and named "(created before the recording)", a waiting G is unblocked
 * by it, a G running elsewhere is stopped, a P held by another M is stopped or stolen) and counts
 * them in repairs(). Events Go has no equivalent for are left out and counted in skipped():
 * ProcSteal (a run-queue steal, not Go's P steal from a syscall), SchedStats, Gomaxprocs, failed
 * preemptions, unparks of Gs that are not waiting.
 *
 * Limits: no real stacks (each stack is the one frame named after the start location or thread), no GC, STW, heap, CPU-sample or user-annotation events. An event earlier than
 * the one before it is moved up to that time (the reader orders by time already). Go's reader
 * moves events with equal timestamps 1 ns apart, so its execution times can differ from
 * GoroutineAnalysis's by a few nanoseconds per transition.
 */
package gmp4j.analyzer.export;

import gmp4j.analyzer.SchedEvent;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class GoTraceWriter implements Closeable {
    // Event types of Go 1.23's format (internal/trace/event/go122/event.go), in its order.
    static final int EV_EVENT_BATCH = 1, EV_STACKS = 2, EV_STACK = 3, EV_STRINGS = 4, EV_STRING = 5,
            EV_FREQUENCY = 8, EV_PROC_START = 10, EV_PROC_STOP = 11,
            EV_PROC_STEAL = 12, EV_PROC_STATUS = 13, EV_GO_CREATE = 14, EV_GO_START = 16,
            EV_GO_DESTROY = 17, EV_GO_STOP = 19, EV_GO_BLOCK = 20, EV_GO_UNBLOCK = 21,
            EV_GO_SYSCALL_BEGIN = 22, EV_GO_SYSCALL_END = 23, EV_GO_SYSCALL_END_BLOCKED = 24,
            EV_GO_STATUS = 25;
    // go122.GoStatus and go122.ProcStatus values.
    static final int G_RUNNABLE = 1, G_RUNNING = 2, G_SYSCALL = 3, G_WAITING = 4;
    static final int P_RUNNING = 1, P_IDLE = 2, P_SYSCALL = 3;

    static final byte[] HEADER = "go 1.23 trace\0\0\0".getBytes(StandardCharsets.US_ASCII);
    /** The outside M's id: far above carrier numbers (Go's viewer keeps threads in a map). */
    static final long OUTSIDE = 1L << 32;
    static final long NONE = -1;
    static final long DEFAULT_GENERATION_NANOS = 1_000_000_000L;
    private static final int MAX_STRING_SIZE = 1 << 10;
    /** Name of a G first seen running (GoroutineAnalysis's kind for it). */
    static final String BEFORE_RECORDING = "(created before the recording)";

    private static final class GState {
        int status;
        long m = NONE;
        long seq;
        final String name;

        GState(int status, String name) {
            this.status = status;
            this.name = name;
        }
    }

    private static final class PState {
        int status = P_IDLE;
        long m = NONE;
        long seq;
    }

    private static final class MState {
        long p = NONE;
        long g = NONE;
        final TraceBuf buf;

        MState(long m) {
            buf = new TraceBuf(m);
        }
    }

    private final OutputStream out;
    private final long generationNanos;
    private final Map<Long, GState> gs = new HashMap<>();
    private final Map<Long, PState> ps = new LinkedHashMap<>();
    private final Map<Long, MState> ms = new LinkedHashMap<>();
    private final Map<String, Long> strings = new HashMap<>();
    private final Map<String, Long> stacks = new HashMap<>();
    private boolean fjp;
    /** One more than the highest real P id seen (GOMAXPROCS or an event's p). */
    private long realPs;
    /** Stand-in Ps (outside, FJP carriers, carriers without a P), numbered right after the real ones. */
    private long nextStandIn;
    private long outsideP = NONE;
    private final Map<Long, Long> carrierPs = new HashMap<>();
    private long origin = Long.MIN_VALUE;
    private long now;
    private long gen = 1;
    private long genStart;
    private long repairs, skipped, written;

    public GoTraceWriter(OutputStream out) throws IOException {
        this(out, DEFAULT_GENERATION_NANOS);
    }

    GoTraceWriter(OutputStream out, long generationNanos) throws IOException {
        this.out = out;
        this.generationNanos = generationNanos;
        out.write(HEADER);
    }

    /** Go events written that have no gmp4j event of their own (see the top comment). */
    public long repairs() {
        return repairs;
    }

    /** gmp4j events with no Go equivalent. */
    public long skipped() {
        return skipped;
    }

    /** Go events written in all. */
    public long written() {
        return written;
    }

    /** Translates one event; events must come in time order (earlier ones are moved up to the last time). */
    public void accept(SchedEvent e) throws IOException {
        if (origin == Long.MIN_VALUE) {
            origin = e.time() - 1; // Go's batch cursor treats a time of 0 as "unset"
            genStart = 1;
        }
        now = Math.max(now, e.time() - origin);
        if (now - genStart >= generationNanos) {
            advanceGeneration();
        }
        switch (e) {
            case SchedEvent.Gomaxprocs x -> {
                fjp = "fjp".equals(x.scheduler());
                skipped++; // Go's ProcsChange needs a running G on the emitting M; we only announce the Ps
                if (!fjp) {
                    for (long p = 0; p < x.procs(); p++) {
                        pstate(realP(p));
                    }
                }
            }
            case SchedEvent.GoCreate x -> goCreate(x.goid(), x.parentGoid(), startName(x));
            case SchedEvent.GoStart x -> ensureRunning(x.goid(), x.p(), x.m());
            case SchedEvent.GoSched x -> stop(x.goid(), x.p(), x.m(), EV_GO_STOP, "runtime.Gosched");
            case SchedEvent.GoPreempt x -> {
                if (x.failed()) {
                    skipped++;
                } else {
                    stop(x.goid(), x.p(), x.m(), EV_GO_STOP, "preempted");
                }
            }
            case SchedEvent.GoPark x -> stop(x.goid(), x.p(), x.m(), EV_GO_BLOCK, blockReason(x.reason(), x.blocker()));
            case SchedEvent.GoEnd x -> stop(x.goid(), x.p(), x.m(), EV_GO_DESTROY, null);
            case SchedEvent.GoUnpark x -> goUnpark(x.goid(), x.byGoid());
            case SchedEvent.GoSysCall x -> {
                ensureRunning(x.goid(), x.p(), x.m());
                MState m = ms.get(x.m());
                PState p = ps.get(m.p);
                emit(m, EV_GO_SYSCALL_BEGIN, ++p.seq, stack(gs.get(x.goid()).name));
                p.status = P_SYSCALL;
                gs.get(x.goid()).status = G_SYSCALL;
            }
            case SchedEvent.GoSysBlock x -> sysBlock(x.goid());
            case SchedEvent.GoSysExit x -> sysExit(x.goid(), x.p(), x.m());
            case SchedEvent.ProcStart x -> {
                MState m = mstate(x.m());
                long p = pOf(x.p(), m);
                if (m.p != p) {
                    acquire(m, p);
                }
            }
            case SchedEvent.ProcStop x -> {
                PState p = ps.get(x.p());
                if (p != null && p.m != NONE) {
                    procStop(ms.get(p.m));
                } else {
                    skipped++;
                }
            }
            case SchedEvent.ProcSteal x -> skipped++;
            case SchedEvent.SchedStats x -> skipped++;
            case SchedEvent.Hog x -> skipped++;
        }
    }

    /** Ends the last generation and flushes; does not close the stream. */
    @Override
    public void close() throws IOException {
        flushGeneration();
        out.flush();
    }

    // ---- translation ----

    private void goCreate(long goid, long parent, String name) throws IOException {
        if (gs.containsKey(goid)) {
            skipped++;
            return;
        }
        GState pg = gs.get(parent);
        MState m;
        boolean borrowed = false;
        if (pg != null && pg.status == G_RUNNING && ms.get(pg.m).p != NONE) {
            m = ms.get(pg.m);
        } else {
            m = outsideM();
            if (outsideP == NONE) {
                outsideP = standInP();
            }
            acquire(m, outsideP);
            borrowed = true;
        }
        emit(m, EV_GO_CREATE, goid, stack(name), 0);
        gs.put(goid, new GState(G_RUNNABLE, name));
        if (borrowed) {
            procStop(m);
        }
    }

    /** GoSched, GoPreempt, GoPark, GoEnd: the G stops running on m. */
    private void stop(long goid, long p, long m, int type, String reason) throws IOException {
        ensureRunning(goid, p, m);
        MState mm = ms.get(m);
        GState g = gs.get(goid);
        if (type == EV_GO_DESTROY) {
            emit(mm, EV_GO_DESTROY);
            gs.remove(goid);
        } else {
            emit(mm, type, string(reason), stack(g.name));
            g.status = type == EV_GO_STOP ? G_RUNNABLE : G_WAITING;
            g.m = NONE;
        }
        mm.g = NONE;
        if (p < 0 && fjp) {
            procStop(mm); // the FJP arm's per-carrier P is held only while a G runs
        }
    }

    private void goUnpark(long goid, long byGoid) throws IOException {
        GState g = gs.get(goid);
        if (g == null || g.status != G_WAITING) {
            skipped++; // a permit for a G that did not park (yet), or one that is gone
            return;
        }
        GState by = gs.get(byGoid);
        MState m = by != null && by.status == G_RUNNING ? ms.get(by.m) : outsideM();
        unblock(m, goid, g);
    }

    private void unblock(MState m, long goid, GState g) throws IOException {
        emit(m, EV_GO_UNBLOCK, goid, ++g.seq, 0);
        g.status = G_RUNNABLE;
    }

    private void sysBlock(long goid) throws IOException {
        GState g = gs.get(goid);
        if (g == null || g.status != G_SYSCALL) {
            skipped++;
            return;
        }
        MState victim = ms.get(g.m);
        if (victim.p != NONE && ps.get(victim.p).status == P_SYSCALL) {
            procSteal(outsideM(), victim.p);
        }
    }

    private void sysExit(long goid, long p, long m) throws IOException {
        GState g = gs.get(goid);
        if (g == null || g.status != G_SYSCALL) {
            if (p >= 0) {
                ensureRunning(goid, p, m);
            } else {
                skipped++;
            }
            return;
        }
        endSyscall(ms.get(g.m), g);
    }

    /** exitsyscall: back to running if the M kept its P, else runnable without an M. */
    private void endSyscall(MState m, GState g) throws IOException {
        if (m.p != NONE && ps.get(m.p).status == P_SYSCALL) {
            emit(m, EV_GO_SYSCALL_END);
            ps.get(m.p).status = P_RUNNING;
            g.status = G_RUNNING;
        } else {
            emit(m, EV_GO_SYSCALL_END_BLOCKED);
            g.status = G_RUNNABLE;
            g.m = NONE;
            m.g = NONE;
        }
    }

    /** Brings G goid to running on M m (with a P), writing a GoStart and any repairs needed first. */
    private void ensureRunning(long goid, long p, long m) throws IOException {
        MState mm = mstate(m);
        GState g = gs.get(goid);
        if (g == null) {
            repairs++;
            goCreate(goid, NONE, BEFORE_RECORDING);
            g = gs.get(goid);
        }
        if (g.status == G_SYSCALL) {
            repairs++;
            endSyscall(ms.get(g.m), g);
        }
        if (g.status == G_RUNNING && g.m == m) {
            if (mm.p == NONE) {
                repairs++;
                acquire(mm, pOf(p, mm));
            }
            return;
        }
        if (g.status == G_RUNNING) {
            repairs++;
            goStopElsewhere(ms.get(g.m), g);
        }
        if (g.status == G_WAITING) {
            repairs++;
            unblock(outsideM(), goid, g);
        }
        if (mm.g != NONE) {
            repairs++;
            GState cur = gs.get(mm.g);
            if (cur.status == G_SYSCALL) {
                endSyscall(mm, cur);
            }
            if (cur.status == G_RUNNING) {
                goStopElsewhere(mm, cur);
            }
        }
        long want = pOf(p, mm);
        if (mm.p != want && (p >= 0 || mm.p == NONE)) {
            acquire(mm, want);
        }
        emit(mm, EV_GO_START, goid, ++g.seq);
        g.status = G_RUNNING;
        g.m = m;
        mm.g = goid;
    }

    /** Repair: G g, running on M m, stops there (runnable), so that it or m can be used elsewhere. */
    private void goStopElsewhere(MState m, GState g) throws IOException {
        if (m.p == NONE) {
            acquire(m, pOf(NONE, m));
        }
        emit(m, EV_GO_STOP, string("unspecified"), 0);
        g.status = G_RUNNABLE;
        g.m = NONE;
        m.g = NONE;
    }

    /** The P an event means: its own, or in the FJP arm the carrier's, or else the M's current one. */
    private long pOf(long p, MState m) {
        if (p >= 0) {
            return realP(p);
        }
        if (!fjp && m.p != NONE) {
            return m.p;
        }
        return carrierPs.computeIfAbsent(m.buf.m, k -> standInP());
    }

    /** Notes a P id from the recording; the outside P moves out of its way (it is idle between events). */
    private long realP(long p) {
        realPs = Math.max(realPs, p + 1);
        if (p == outsideP) {
            outsideP = NONE;
        }
        return p;
    }

    /**
     * A new stand-in P id. Ids stay dense because Go's viewer draws a row for every id from 0 to
     * the highest (cmd/trace procgen.go); a real P that later takes a stand-in's id shares its
     * state, which the repairs keep legal.
     */
    private long standInP() {
        long id = Math.max(realPs, nextStandIn);
        nextStandIn = id + 1;
        return id;
    }

    /** M m takes P p: releasing its own P, and taking p from another M if it must (repairs). */
    private void acquire(MState m, long p) throws IOException {
        if (m.p != NONE) {
            if (m.p == p) {
                return;
            }
            repairs++;
            procStop(m);
        }
        PState ps0 = pstate(p);
        if (ps0.m != NONE) {
            repairs++;
            MState holder = ms.get(ps0.m);
            if (ps0.status == P_SYSCALL) {
                procSteal(m, p);
            } else {
                procStop(holder);
            }
        }
        emit(m, EV_PROC_START, p, ++ps0.seq);
        ps0.status = P_RUNNING;
        ps0.m = m.buf.m;
        m.p = p;
    }

    private void procStop(MState m) throws IOException {
        if (m.p == NONE) {
            return;
        }
        PState p = ps.get(m.p);
        emit(m, EV_PROC_STOP);
        p.status = P_IDLE;
        p.m = NONE;
        m.p = NONE;
    }

    /** Go's ProcSteal: thief takes P p from the M that holds it in a syscall; p becomes idle. */
    private void procSteal(MState thief, long p) throws IOException {
        PState pst = ps.get(p);
        MState victim = ms.get(pst.m);
        emit(thief, EV_PROC_STEAL, p, ++pst.seq, victim.buf.m);
        pst.status = P_IDLE;
        pst.m = NONE;
        victim.p = NONE;
    }

    /**
     * The function of a G's start stack, by which Go's goroutine analysis groups goroutines: where
     * its virtual thread was started when the recording has creation stacks (the trace profile),
     * otherwise its thread's name.
     */
    static String startName(SchedEvent.GoCreate c) {
        return c.startLocation().isEmpty() ? nameOf(c.threadName()) : c.startLocation();
    }

    /** A G's display name: its thread's name, or "virtual thread" for an unnamed one. */
    static String nameOf(String threadName) {
        return threadName == null || threadName.isEmpty() ? "virtual thread" : threadName;
    }

    static String blockReason(String reason, String blocker) {
        return switch (reason == null ? "" : reason) {
            case "sleep" -> "sleep";
            case "wait" -> "sync.(*Cond).Wait";
            case "park", "monitor" -> isNetwork(blocker) ? "network" : "sync";
            default -> "unspecified";
        };
    }

    private static boolean isNetwork(String blocker) {
        return blocker != null && (blocker.startsWith("sun.nio.ch.") || blocker.contains("Socket"));
    }

    // ---- state and tables ----

    private MState mstate(long m) {
        return ms.computeIfAbsent(m, MState::new);
    }

    private MState outsideM() {
        return mstate(OUTSIDE);
    }

    /** The P's state, announcing a P never seen before as idle (Go's parser needs a status first). */
    private PState pstate(long p) throws IOException {
        PState s = ps.get(p);
        if (s == null) {
            s = new PState();
            ps.put(p, s);
            emit(outsideM(), EV_PROC_STATUS, p, P_IDLE);
        }
        return s;
    }

    private long string(String s) {
        return strings.computeIfAbsent(s, k -> (long) strings.size() + 1);
    }

    /** A one-frame stack whose function is the G's name (the frame's PC is the stack's id). */
    private long stack(String name) {
        return stacks.computeIfAbsent(name, k -> {
            string(k);
            return (long) stacks.size() + 1;
        });
    }

    private void emit(MState m, int type, long... args) throws IOException {
        m.buf.event(out, gen, type, now);
        for (long a : args) {
            m.buf.arg(a);
        }
        written++;
    }

    // ---- generations ----

    private void advanceGeneration() throws IOException {
        flushGeneration();
        gen++;
        genStart = now;
        // traceAdvance: every P and every live G states where it is; sequence numbers restart.
        for (Map.Entry<Long, PState> e : ps.entrySet()) {
            PState p = e.getValue();
            p.seq = 0;
            emit(p.m == NONE ? outsideM() : ms.get(p.m), EV_PROC_STATUS, e.getKey(), p.status);
        }
        for (Map.Entry<Long, GState> e : gs.entrySet()) {
            GState g = e.getValue();
            g.seq = 0;
            boolean onM = g.status == G_RUNNING || g.status == G_SYSCALL;
            emit(onM ? ms.get(g.m) : outsideM(), EV_GO_STATUS, e.getKey(), onM ? g.m : NONE, g.status);
        }
    }

    /** Writes every M's batch, then this generation's string table, stack table and frequency. */
    private void flushGeneration() throws IOException {
        for (MState m : ms.values()) {
            m.buf.flush(out, gen);
        }
        TraceBuf table = new TraceBuf(0);
        List<Map.Entry<String, Long>> entries = new ArrayList<>(strings.entrySet());
        byte[] tmp = new byte[30];
        table.untimed(EV_STRINGS);
        for (Map.Entry<String, Long> e : entries) {
            byte[] b = utf8Prefix(e.getKey());
            int n = TraceBuf.putUvarint(tmp, 0, e.getValue());
            n = TraceBuf.putUvarint(tmp, n, b.length);
            if (table.size() + 1 + n + b.length > TraceBuf.MAX_BATCH_SIZE) {
                table.flush(out, gen);
                table.untimed(EV_STRINGS);
            }
            table.untimed(EV_STRING);
            table.bytes(tmp, n);
            table.bytes(b, b.length);
        }
        table.flush(out, gen);
        table.untimed(EV_STACKS);
        for (Map.Entry<String, Long> e : stacks.entrySet()) {
            long id = e.getValue();
            int n = 0;
            for (long v : new long[] {id, 1, id, strings.get(e.getKey()), 0, 0}) {
                n = TraceBuf.putUvarint(tmp, n, v); // id, nframes, {pc, func, file, line}
            }
            if (table.size() + 1 + n > TraceBuf.MAX_BATCH_SIZE) {
                table.flush(out, gen);
                table.untimed(EV_STACKS);
            }
            table.untimed(EV_STACK);
            table.bytes(tmp, n);
        }
        table.flush(out, gen);
        table.untimed(EV_FREQUENCY);
        table.arg(1_000_000_000L);
        table.flush(out, gen);
        strings.clear();
        stacks.clear();
    }

    /** The string's UTF-8 bytes, cut to Go's MaxStringSize on a character boundary. */
    private static byte[] utf8Prefix(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length <= MAX_STRING_SIZE) {
            return b;
        }
        int n = MAX_STRING_SIZE;
        while ((b[n] & 0xC0) == 0x80) {
            n--;
        }
        return java.util.Arrays.copyOf(b, n);
    }
}
