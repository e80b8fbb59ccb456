/*
 * GoTraceCheck: an independent reader of the Go 1.23 trace format for tests, so that CI checks the
 * exporter without a Go toolchain. It reads the header, the batches of every generation (varints,
 * the 64 KiB limit, string and stack tables, one frequency per generation), then replays the
 * generation's per-M event streams the way Go's internal/trace/order.go does: always the earliest
 * event that can happen next, where a GoStart/GoUnblock/ProcStart/ProcSteal waits for its
 * sequence number and every event checks that its M holds the P and G it needs. Any stream that
 * cannot be replayed to the end fails with the reason. It also sums each G's running time, as
 * Go's goroutine analysis does.
 */
package gmp4j.analyzer.export;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

public final class GoTraceCheck {
    private static final int[] ARGS = new int[32];
    static {
        java.util.Arrays.fill(ARGS, -1);
        ARGS[10] = 2; ARGS[11] = 0; ARGS[12] = 3; ARGS[13] = 2; ARGS[14] = 3; ARGS[16] = 2; ARGS[17] = 0;
        ARGS[19] = 2; ARGS[20] = 2; ARGS[21] = 3; ARGS[22] = 2; ARGS[23] = 0; ARGS[24] = 0; ARGS[25] = 3;
    }

    record Ev(int type, long time, long[] args) {}

    private final byte[] b;
    private int pos;
    public final Map<Long, Long> execNanos = new TreeMap<>();
    public final Map<Long, String> names = new HashMap<>();
    public final Map<String, Integer> counts = new TreeMap<>();
    public final java.util.Set<Long> procs = new java.util.TreeSet<>();
    public int generations;
    public long events;

    // Replay state (kept across generations, as Go's ordering does).
    private final Map<Long, long[]> gs = new HashMap<>(); // goid -> {status, seq, seqGen, runningSince}
    private final Map<Long, long[]> ps = new HashMap<>(); // p -> {status, seq, seqGen}
    private final Map<Long, long[]> ms = new HashMap<>(); // m -> {p, g}

    private GoTraceCheck(byte[] b) {
        this.b = b;
    }

    /** Parses and replays a whole trace; throws AssertionError naming the first problem. */
    public static GoTraceCheck check(byte[] trace) {
        GoTraceCheck c = new GoTraceCheck(trace);
        c.run();
        return c;
    }

    private void run() {
        byte[] header = "go 1.23 trace\0\0\0".getBytes(StandardCharsets.US_ASCII);
        require(b.length >= header.length && java.util.Arrays.equals(b, 0, header.length, header, 0, header.length),
                "bad header");
        pos = header.length;
        long gen = 0;
        Map<Long, List<byte[]>> batches = new TreeMap<>();
        Map<Long, String> strings = new HashMap<>();
        Map<Long, Long> stacks = new HashMap<>();
        long freq = 0;
        while (true) {
            boolean end = pos == b.length;
            long bgen = end ? -1 : peekGen();
            if (end || bgen != gen) {
                if (gen != 0) {
                    require(freq == 1_000_000_000L, "generation " + gen + " has frequency " + freq);
                    replay(gen, batches, strings, stacks);
                    generations++;
                }
                if (end) {
                    return;
                }
                require(bgen == gen + 1, "generation " + bgen + " follows " + gen);
                gen = bgen;
                batches.clear();
                strings.clear();
                stacks.clear();
                freq = 0;
            }
            require(b[pos++] == GoTraceWriter.EV_EVENT_BATCH, "expected a batch at " + (pos - 1));
            uvarint();
            long m = uvarint();
            long time = uvarint();
            long size = uvarint();
            require(size <= TraceBuf.MAX_BATCH_SIZE && pos + size <= b.length, "bad batch size " + size);
            int start = pos;
            pos += (int) size;
            int kind = b[start];
            if (kind == GoTraceWriter.EV_STRINGS || kind == GoTraceWriter.EV_STACKS || kind == GoTraceWriter.EV_FREQUENCY) {
                GoTraceCheck t = new GoTraceCheck(java.util.Arrays.copyOfRange(b, start + 1, start + (int) size));
                while (t.pos < t.b.length) {
                    if (kind == GoTraceWriter.EV_FREQUENCY) {
                        require(freq == 0, "two frequencies in generation " + gen);
                        freq = t.uvarint();
                        continue;
                    }
                    int type = t.b[t.pos++];
                    long id = t.uvarint();
                    if (kind == GoTraceWriter.EV_STRINGS) {
                        require(type == GoTraceWriter.EV_STRING, "string table entry of type " + type);
                        int len = (int) t.uvarint();
                        require(len <= 1024, "string longer than Go's MaxStringSize");
                        require(strings.put(id, new String(t.b, t.pos, len, StandardCharsets.UTF_8)) == null, "string id twice " + id);
                        t.pos += len;
                    } else {
                        require(type == GoTraceWriter.EV_STACK, "stack table entry of type " + type);
                        long frames = t.uvarint();
                        require(frames == 1, "stack with " + frames + " frames");
                        t.uvarint();
                        long func = t.uvarint();
                        t.uvarint();
                        t.uvarint();
                        stacks.put(id, func);
                    }
                }
            } else {
                byte[] withTime = new byte[(int) size + 10];
                int n = TraceBuf.putUvarint(withTime, 0, time);
                byte[] data = java.util.Arrays.copyOfRange(b, start, start + (int) size);
                batches.computeIfAbsent(m, k -> new ArrayList<>()).add(concat(java.util.Arrays.copyOf(withTime, n), data));
            }
        }
    }

    private long peekGen() {
        int save = pos;
        pos++;
        long g = uvarint();
        pos = save;
        return g;
    }

    private void replay(long gen, Map<Long, List<byte[]>> batches, Map<Long, String> strings, Map<Long, Long> stacks) {
        Map<Long, List<Ev>> streams = new TreeMap<>();
        for (Map.Entry<Long, List<byte[]>> e : batches.entrySet()) {
            List<Ev> evs = new ArrayList<>();
            for (byte[] batch : e.getValue()) {
                GoTraceCheck r = new GoTraceCheck(batch);
                long t = r.uvarint();
                while (r.pos < r.b.length) {
                    int type = r.b[r.pos++];
                    require(type < ARGS.length && ARGS[type] >= 0, "unknown event type " + type);
                    t += r.uvarint();
                    long[] args = new long[ARGS[type]];
                    for (int i = 0; i < args.length; i++) {
                        args[i] = r.uvarint();
                    }
                    evs.add(new Ev(type, t, args));
                    if (type == 19 || type == 20) {
                        require(strings.containsKey(args[0]), "unknown reason string " + args[0]);
                        require(args[1] == 0 || stacks.containsKey(args[1]), "unknown stack " + args[1]);
                    }
                    if (type == 14) {
                        require(stacks.containsKey(args[1]), "GoCreate without creation stack");
                        names.put(args[0], strings.get(stacks.get(args[1])));
                    }
                }
            }
            streams.put(e.getKey(), evs);
        }
        Map<Long, Integer> next = new HashMap<>();
        while (true) {
            Long best = null;
            boolean any = false;
            List<Long> order = new ArrayList<>(streams.keySet());
            order.sort((x, y) -> Long.compare(head(streams, next, x), head(streams, next, y)));
            for (Long m : order) {
                int i = next.getOrDefault(m, 0);
                if (i >= streams.get(m).size()) {
                    continue;
                }
                any = true;
                if (advance(gen, m, streams.get(m).get(i))) {
                    best = m;
                    break;
                }
            }
            if (!any) {
                return;
            }
            require(best != null, "broken trace: no M can advance in generation " + gen + " at "
                    + order.stream().filter(m -> next.getOrDefault(m, 0) < streams.get(m).size())
                    .map(m -> "M" + m + ":" + describe(streams.get(m).get(next.getOrDefault(m, 0)))).toList());
            next.merge(best, 1, Integer::sum);
            events++;
        }
    }

    private static long head(Map<Long, List<Ev>> streams, Map<Long, Integer> next, long m) {
        int i = next.getOrDefault(m, 0);
        List<Ev> s = streams.get(m);
        return i < s.size() ? s.get(i).time() : Long.MAX_VALUE;
    }

    private static String describe(Ev e) {
        return e.type() + java.util.Arrays.toString(e.args());
    }

    /** One event on M m if it can happen now (false: it must wait); throws if it never could. */
    private boolean advance(long gen, long m, Ev e) {
        long[] mm = ms.computeIfAbsent(m, k -> new long[] {-1, -1});
        long[] a = e.args();
        String what = describe(e) + " on M" + m;
        switch (e.type()) {
            case 13 -> { // ProcStatus
                long[] p = ps.get(a[0]);
                require(p == null || p[0] == a[1], "inconsistent P status " + what);
                ps.put(a[0], new long[] {a[1], 0, gen});
                procs.add(a[0]);
                if (a[1] != GoTraceWriter.P_IDLE) {
                    mm[0] = a[0];
                }
            }
            case 10 -> { // ProcStart
                long[] p = ps.get(a[0]);
                if (p == null || p[0] != GoTraceWriter.P_IDLE || !succeeds(p, a[1], gen) || mm[0] != -1) {
                    return false;
                }
                p[0] = GoTraceWriter.P_RUNNING;
                p[1] = a[1];
                mm[0] = a[0];
            }
            case 11 -> { // ProcStop
                require(mm[0] != -1, "ProcStop without a P " + what);
                ps.get(mm[0])[0] = GoTraceWriter.P_IDLE;
                mm[0] = -1;
            }
            case 12 -> { // ProcSteal
                long[] p = ps.get(a[0]);
                if (p == null || p[0] != GoTraceWriter.P_SYSCALL || !succeeds(p, a[1], gen)) {
                    return false;
                }
                long[] victim = ms.get(a[2]);
                require(victim != null && victim[0] == a[0], "steal from an M without that P " + what);
                p[0] = GoTraceWriter.P_IDLE;
                p[1] = a[1];
                victim[0] = -1;
            }
            case 14 -> { // GoCreate
                require(mm[0] != -1, "GoCreate without a P " + what);
                require(!gs.containsKey(a[0]), "G created twice " + what);
                gs.put(a[0], new long[] {GoTraceWriter.G_RUNNABLE, 0, gen, 0});
            }
            case 16 -> { // GoStart
                long[] g = gs.get(a[0]);
                if (g == null || g[0] != GoTraceWriter.G_RUNNABLE || !succeeds(g, a[1], gen)) {
                    return false;
                }
                require(mm[0] != -1 && mm[1] == -1, "GoStart needs a P and no G " + what);
                g[0] = GoTraceWriter.G_RUNNING;
                g[1] = a[1];
                g[3] = e.time();
                mm[1] = a[0];
            }
            case 17, 19, 20, 22 -> { // GoDestroy, GoStop, GoBlock, GoSyscallBegin
                require(mm[0] != -1 && mm[1] != -1, "needs a P and a G " + what);
                long[] g = gs.get(mm[1]);
                require(g[0] == GoTraceWriter.G_RUNNING, "G not running " + what);
                execNanos.merge(mm[1], e.time() - g[3], Long::sum);
                count(e.type() == 17 ? "GoDestroy" : e.type() == 19 ? "GoStop" : e.type() == 20 ? "GoBlock" : "GoSyscallBegin");
                if (e.type() == 22) {
                    long[] p = ps.get(mm[0]);
                    require(p[2] == gen && a[0] == p[1] + 1, "P sequence " + what);
                    p[0] = GoTraceWriter.P_SYSCALL;
                    p[1] = a[0];
                    g[0] = GoTraceWriter.G_SYSCALL;
                    return true;
                }
                if (e.type() == 17) {
                    gs.remove(mm[1]);
                } else {
                    g[0] = e.type() == 19 ? GoTraceWriter.G_RUNNABLE : GoTraceWriter.G_WAITING;
                }
                mm[1] = -1;
            }
            case 21 -> { // GoUnblock
                long[] g = gs.get(a[0]);
                if (g == null || g[0] != GoTraceWriter.G_WAITING || !succeeds(g, a[1], gen)) {
                    return false;
                }
                g[0] = GoTraceWriter.G_RUNNABLE;
                g[1] = a[1];
            }
            case 23 -> { // GoSyscallEnd
                require(mm[0] != -1 && mm[1] != -1, "needs a P and a G " + what);
                require(ps.get(mm[0])[0] == GoTraceWriter.P_SYSCALL, "P not in syscall " + what);
                long[] g = gs.get(mm[1]);
                require(g[0] == GoTraceWriter.G_SYSCALL, "G not in syscall " + what);
                ps.get(mm[0])[0] = GoTraceWriter.P_RUNNING;
                g[0] = GoTraceWriter.G_RUNNING;
                g[3] = e.time();
            }
            case 24 -> { // GoSyscallEndBlocked
                if (mm[0] != -1 && ps.get(mm[0])[0] == GoTraceWriter.P_SYSCALL) {
                    return false;
                }
                require(mm[1] != -1 && gs.get(mm[1])[0] == GoTraceWriter.G_SYSCALL, "G not in syscall " + what);
                gs.get(mm[1])[0] = GoTraceWriter.G_RUNNABLE;
                mm[1] = -1;
            }
            case 25 -> { // GoStatus
                long[] g = gs.get(a[0]);
                require(g != null ? g[0] == a[2] : gen == 1, "GoStatus disagrees " + what);
                if (g == null) {
                    g = new long[] {a[2], 0, gen, e.time()};
                    gs.put(a[0], g);
                }
                g[1] = 0;
                g[2] = gen;
                if (a[2] == GoTraceWriter.G_RUNNING || a[2] == GoTraceWriter.G_SYSCALL) {
                    require(a[1] == m, "running G's status on another M " + what);
                    mm[1] = a[0];
                }
            }
            default -> throw new AssertionError("unexpected event " + what);
        }
        return true;
    }

    private void count(String what) {
        counts.merge(what, 1, Integer::sum);
    }

    private static boolean succeeds(long[] state, long seq, long gen) {
        return state[2] == gen && seq == state[1] + 1;
    }

    private long uvarint() {
        long v = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            require(pos < b.length, "truncated varint");
            int x = b[pos++] & 0xff;
            v |= (long) (x & 0x7f) << shift;
            if (x < 0x80) {
                return v;
            }
        }
        throw new AssertionError("varint longer than 10 bytes");
    }

    private static byte[] concat(byte[] x, byte[] y) {
        byte[] r = java.util.Arrays.copyOf(x, x.length + y.length);
        System.arraycopy(y, 0, r, x.length, y.length);
        return r;
    }

    private static void require(boolean ok, String why) {
        if (!ok) {
            throw new AssertionError(why);
        }
    }
}
