/*
 * LoopZoo: the loop shapes Java code is made of, one benchmark each, to show what the injected
 * preemption checks (gmp4j.agent.SafepointInjector) cost per shape (issue 15). Each shape comes
 * with a body C2 can vectorise ("Add": c[i] = a[i] + b[i], or a sum) and, where that differs, a
 * scalar one ("Hash": h = 31 * h + a[i], a chain each trip waits on), since a check that only stops
 * vectorisation shows in the first and not in the second. The shapes:
 *   limit      a constant, an int local, an int field, a static int field, an array field's
 *              .length (the "c[i] = a[i] + b[i] with the arrays in fields"), a static
 *              array's .length, an array local's .length, String.length(), List.size(), a getter
 *   induction  a long induction variable, down-counting, strides of 2 and 4
 *   nesting    a rectangle of rows and columns, a triangle (the inner limit is the outer index)
 *   for-each   over an array and over a List
 *   while      while over an index, do/while
 *   exits      break on a match, return from inside the loop, a sum that breaks on a match
 *   calls      a small static method and a small instance method C2 inlines, in the body
 *   strings    String.charAt with the limit s.length() in the test and in a local
 *   lambdas    IntStream.map/sum, IntStream.forEach, Arrays.setAll, List.forEach (one lambda call
 *              per element), and IntStream.forEach / map over rows whose lambda holds the loop
 * The benchmarks run on JMH's platform thread, as Kernels does (the checks cost the same on any
 * thread: they are read only). Each arm is a subclass with its own @Fork (Arms): LoopZooNoAgent,
 * LoopZooAgentOff, LoopZooAgentFull; `./gmp4j bench-ratios` turns a run into full/off,
 * full/noagent and off/noagent per shape.
 * The arrays hold N = 16,384 ints (64 KiB each: the three fit in L2), so a trip's own work is small
 * and a check's cost shows.
 */
package gmp4j.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public abstract class LoopZoo extends Arms {
    static final int N = 1 << 14;
    static final int ROWS = 128;
    static final int COLS = N / ROWS;
    /** Stored once, at a[N - 1], and nowhere else: the exits shapes run the whole array to find it. */
    static final int KEY = 1 << 20;

    int[] a;
    int[] b;
    int[] c;
    /** N, as a field. */
    int n;
    /** The instance method of callInstance multiplies by it. */
    int factor;
    /** N characters, one in eight a space. */
    String text;
    /** a's values, boxed. */
    List<Integer> list;
    int[][] grid;
    int[][] gridOut;

    static int[] sa;
    static int[] sb;
    static int[] sc;
    /** N, as a static field. */
    static int sn;

    LoopZoo(String arm) {
        super(arm);
    }

    @Setup
    public void setUp() {
        Random r = new Random(42);
        a = r.ints(N, -1000, 1000).toArray();
        a[N - 1] = KEY;
        b = r.ints(N, -1000, 1000).toArray();
        c = new int[N];
        n = N;
        factor = 3;
        char[] t = new char[N];
        for (int i = 0; i < N; i++) {
            t[i] = r.nextInt(8) == 0 ? ' ' : (char) ('a' + r.nextInt(26));
        }
        text = new String(t);
        list = new ArrayList<>(N);
        for (int v : a) {
            list.add(v);
        }
        grid = new int[ROWS][];
        gridOut = new int[ROWS][COLS];
        for (int i = 0; i < ROWS; i++) {
            grid[i] = Arrays.copyOfRange(a, i * COLS, (i + 1) * COLS);
        }
        sa = a;
        sb = b;
        sc = new int[N];
        sn = N;
    }

    // ---- limits ----

    @Benchmark
    public int[] limitConstantAdd() {
        int[] x = a, y = b, z = c;
        for (int i = 0; i < N; i++) {
            z[i] = x[i] + y[i];
        }
        return z;
    }

    @Benchmark
    public int limitConstantHash() {
        int[] x = a;
        int h = 0;
        for (int i = 0; i < N; i++) {
            h = 31 * h + x[i];
        }
        return h;
    }

    @Benchmark
    public int[] limitLocalAdd() {
        int[] x = a, y = b, z = c;
        int len = n;
        for (int i = 0; i < len; i++) {
            z[i] = x[i] + y[i];
        }
        return z;
    }

    @Benchmark
    public int limitLocalHash() {
        int[] x = a;
        int len = n;
        int h = 0;
        for (int i = 0; i < len; i++) {
            h = 31 * h + x[i];
        }
        return h;
    }

    @Benchmark
    public int[] limitFieldAdd() {
        int[] x = a, y = b, z = c;
        for (int i = 0; i < n; i++) {
            z[i] = x[i] + y[i];
        }
        return z;
    }

    @Benchmark
    public int limitFieldHash() {
        int[] x = a;
        int h = 0;
        for (int i = 0; i < n; i++) {
            h = 31 * h + x[i];
        }
        return h;
    }

    @Benchmark
    public int[] limitStaticFieldAdd() {
        int[] x = a, y = b, z = c;
        for (int i = 0; i < sn; i++) {
            z[i] = x[i] + y[i];
        }
        return z;
    }

    @Benchmark
    public int limitStaticFieldHash() {
        int[] x = a;
        int h = 0;
        for (int i = 0; i < sn; i++) {
            h = 31 * h + x[i];
        }
        return h;
    }

    /** The loop: arrays and limit read from fields on every trip. */
    @Benchmark
    public int[] limitArrayFieldLengthAdd() {
        for (int i = 0; i < this.c.length; i++) {
            c[i] = a[i] + b[i];
        }
        return c;
    }

    @Benchmark
    public int limitArrayFieldLengthSum() {
        int s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i];
        }
        return s;
    }

    @Benchmark
    public int limitArrayFieldLengthHash() {
        int h = 0;
        for (int i = 0; i < a.length; i++) {
            h = 31 * h + a[i];
        }
        return h;
    }

    @Benchmark
    public int[] limitStaticArrayLengthAdd() {
        for (int i = 0; i < sc.length; i++) {
            sc[i] = sa[i] + sb[i];
        }
        return sc;
    }

    @Benchmark
    public int limitStaticArrayLengthHash() {
        int h = 0;
        for (int i = 0; i < sa.length; i++) {
            h = 31 * h + sa[i];
        }
        return h;
    }

    @Benchmark
    public int[] limitArrayLocalLengthAdd() {
        int[] x = a, y = b, z = c;
        for (int i = 0; i < z.length; i++) {
            z[i] = x[i] + y[i];
        }
        return z;
    }

    @Benchmark
    public int limitArrayLocalLengthHash() {
        int[] x = a;
        int h = 0;
        for (int i = 0; i < x.length; i++) {
            h = 31 * h + x[i];
        }
        return h;
    }

    @Benchmark
    public int limitStringLengthCount() {
        String s = text;
        int k = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == ' ') {
                k++;
            }
        }
        return k;
    }

    @Benchmark
    public int limitStringLengthHash() {
        String s = text;
        int h = 0;
        for (int i = 0; i < s.length(); i++) {
            h = 31 * h + s.charAt(i);
        }
        return h;
    }

    @Benchmark
    public int limitListSizeSum() {
        List<Integer> l = list;
        int s = 0;
        for (int i = 0; i < l.size(); i++) {
            s += l.get(i);
        }
        return s;
    }

    @Benchmark
    public int[] limitGetterAdd() {
        int[] x = a, y = b, z = c;
        for (int i = 0; i < length(); i++) {
            z[i] = x[i] + y[i];
        }
        return z;
    }

    @Benchmark
    public int limitGetterHash() {
        int[] x = a;
        int h = 0;
        for (int i = 0; i < length(); i++) {
            h = 31 * h + x[i];
        }
        return h;
    }

    int length() {
        return n;
    }

    // ---- induction variables ----

    @Benchmark
    public int[] longInductionAdd() {
        int[] x = a, y = b, z = c;
        long len = n;
        for (long i = 0; i < len; i++) {
            z[(int) i] = x[(int) i] + y[(int) i];
        }
        return z;
    }

    @Benchmark
    public int longInductionHash() {
        int[] x = a;
        long len = n;
        int h = 0;
        for (long i = 0; i < len; i++) {
            h = 31 * h + x[(int) i];
        }
        return h;
    }

    @Benchmark
    public int[] downCountAdd() {
        int[] x = a, y = b, z = c;
        for (int i = z.length - 1; i >= 0; i--) {
            z[i] = x[i] + y[i];
        }
        return z;
    }

    @Benchmark
    public int downCountHash() {
        int[] x = a;
        int h = 0;
        for (int i = x.length - 1; i >= 0; i--) {
            h = 31 * h + x[i];
        }
        return h;
    }

    @Benchmark
    public int[] stride2Add() {
        int[] x = a, y = b, z = c;
        for (int i = 0; i < z.length; i += 2) {
            z[i] = x[i] + y[i];
        }
        return z;
    }

    @Benchmark
    public int stride2Hash() {
        int[] x = a;
        int h = 0;
        for (int i = 0; i < x.length; i += 2) {
            h = 31 * h + x[i];
        }
        return h;
    }

    @Benchmark
    public int[] stride4Add() {
        int[] x = a, y = b, z = c;
        for (int i = 0; i < z.length; i += 4) {
            z[i] = x[i] + y[i];
        }
        return z;
    }

    @Benchmark
    public int stride4Hash() {
        int[] x = a;
        int h = 0;
        for (int i = 0; i < x.length; i += 4) {
            h = 31 * h + x[i];
        }
        return h;
    }

    // ---- nesting ----

    @Benchmark
    public int[][] nestedAdd() {
        int[][] g = grid, o = gridOut;
        for (int i = 0; i < g.length; i++) {
            int[] gi = g[i], oi = o[i];
            for (int j = 0; j < gi.length; j++) {
                oi[j] = gi[j] + 1;
            }
        }
        return o;
    }

    @Benchmark
    public int nestedHash() {
        int[][] g = grid;
        int h = 0;
        for (int i = 0; i < g.length; i++) {
            int[] gi = g[i];
            for (int j = 0; j < gi.length; j++) {
                h = 31 * h + gi[j];
            }
        }
        return h;
    }

    @Benchmark
    public int nestedTriangularSum() {
        int[][] g = grid;
        int s = 0;
        for (int i = 0; i < g.length; i++) {
            int[] gi = g[i];
            for (int j = 0; j <= i; j++) {
                s += gi[j];
            }
        }
        return s;
    }

    // ---- enhanced for ----

    @Benchmark
    public int forEachArraySum() {
        int s = 0;
        for (int v : a) {
            s += v;
        }
        return s;
    }

    @Benchmark
    public int forEachArrayHash() {
        int h = 0;
        for (int v : a) {
            h = 31 * h + v;
        }
        return h;
    }

    @Benchmark
    public int forEachListSum() {
        int s = 0;
        for (int v : list) {
            s += v;
        }
        return s;
    }

    // ---- while, do/while ----

    @Benchmark
    public int[] whileIndexAdd() {
        int[] x = a, y = b, z = c;
        int i = 0;
        while (i < z.length) {
            z[i] = x[i] + y[i];
            i++;
        }
        return z;
    }

    @Benchmark
    public int whileIndexHash() {
        int[] x = a;
        int h = 0;
        int i = 0;
        while (i < x.length) {
            h = 31 * h + x[i];
            i++;
        }
        return h;
    }

    @Benchmark
    public int[] doWhileAdd() {
        int[] x = a, y = b, z = c;
        int len = n;
        int i = 0;
        do {
            z[i] = x[i] + y[i];
            i++;
        } while (i < len);
        return z;
    }

    @Benchmark
    public int doWhileHash() {
        int[] x = a;
        int len = n;
        int h = 0;
        int i = 0;
        do {
            h = 31 * h + x[i];
            i++;
        } while (i < len);
        return h;
    }

    // ---- exits ----

    @Benchmark
    public int breakOnMatch() {
        int[] x = a;
        int found = -1;
        for (int i = 0; i < x.length; i++) {
            if (x[i] == KEY) {
                found = i;
                break;
            }
        }
        return found;
    }

    @Benchmark
    public int returnOnMatch() {
        int[] x = a;
        for (int i = 0; i < x.length; i++) {
            if (x[i] == KEY) {
                return i;
            }
        }
        return -1;
    }

    @Benchmark
    public int sumUntilMatch() {
        int[] x = a;
        int s = 0;
        for (int i = 0; i < x.length; i++) {
            if (x[i] == KEY) {
                break;
            }
            s += x[i];
        }
        return s;
    }

    // ---- small calls in the body ----

    @Benchmark
    public int[] callStaticAdd() {
        int[] x = a, y = b, z = c;
        for (int i = 0; i < z.length; i++) {
            z[i] = plus(x[i], y[i]);
        }
        return z;
    }

    @Benchmark
    public int callStaticHash() {
        int[] x = a;
        int h = 0;
        for (int i = 0; i < x.length; i++) {
            h = mix(h, x[i]);
        }
        return h;
    }

    @Benchmark
    public int[] callInstanceScale() {
        int[] x = a, z = c;
        for (int i = 0; i < z.length; i++) {
            z[i] = scale(x[i]);
        }
        return z;
    }

    static int plus(int x, int y) {
        return x + y;
    }

    static int mix(int h, int v) {
        return 31 * h + v;
    }

    int scale(int v) {
        return v * factor;
    }

    // ---- String.charAt ----

    @Benchmark
    public int charAtLocalLengthCount() {
        String s = text;
        int len = s.length();
        int k = 0;
        for (int i = 0; i < len; i++) {
            if (s.charAt(i) == ' ') {
                k++;
            }
        }
        return k;
    }

    @Benchmark
    public int charAtLocalLengthHash() {
        String s = text;
        int len = s.length();
        int h = 0;
        for (int i = 0; i < len; i++) {
            h = 31 * h + s.charAt(i);
        }
        return h;
    }

    // ---- lambdas passed to JDK code ----

    @Benchmark
    public int lambdaIntStreamSum() {
        int[] x = a;
        return IntStream.range(0, x.length).map(i -> x[i]).sum();
    }

    @Benchmark
    public int[] lambdaIntStreamForEachAdd() {
        int[] x = a, y = b, z = c;
        IntStream.range(0, z.length).forEach(i -> z[i] = x[i] + y[i]);
        return z;
    }

    @Benchmark
    public int[] lambdaArraysSetAllAdd() {
        int[] x = a, y = b, z = c;
        Arrays.setAll(z, i -> x[i] + y[i]);
        return z;
    }

    @Benchmark
    public int lambdaListForEachSum() {
        int[] s = new int[1];
        list.forEach(v -> s[0] += v);
        return s[0];
    }

    @Benchmark
    public int[][] lambdaRowsLoopAdd() {
        int[][] g = grid, o = gridOut;
        IntStream.range(0, g.length).forEach(r -> {
            int[] gi = g[r], oi = o[r];
            for (int j = 0; j < gi.length; j++) {
                oi[j] = gi[j] + 1;
            }
        });
        return o;
    }

    @Benchmark
    public int lambdaRowsLoopHash() {
        int[][] g = grid;
        return IntStream.range(0, g.length).map(r -> {
            int h = 0;
            for (int v : g[r]) {
                h = 31 * h + v;
            }
            return h;
        }).sum();
    }
}
