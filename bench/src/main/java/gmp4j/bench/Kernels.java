/*
 * Kernels: what injected preemption checks cost in ordinary single-threaded code. The kernels are
 * application code, so under the agent they carry the checks (prologues, loop headers, strip-mined
 * counted loops: gmp4j.agent.SafepointInjector). Each subclass is one JVM set-up (Arms), with its
 * own @Fork, so one JMH run measures every kernel in every set-up and the ratios come from one run:
 * KernelsNoAgent, KernelsAgentOff, KernelsAgentFull. The kernels run on JMH's platform thread.
 */
package gmp4j.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public abstract class Kernels extends Arms {

    private static final int N = 1 << 16;
    private static final int M = 96;
    int[] a;
    int[] b;
    int[] c;
    double[][] ma;
    double[][] mb;
    double[][] mc;
    int[] unsorted;
    int[] work;
    String expression;

    Kernels(String arm) {
        super(arm);
    }

    @Setup
    public void setUp() {
        Random r = new Random(42);
        a = r.ints(N, -1000, 1000).toArray();
        b = r.ints(N, -1000, 1000).toArray();
        c = new int[N];
        ma = new double[M][M];
        mb = new double[M][M];
        mc = new double[M][M];
        for (int i = 0; i < M; i++) {
            for (int j = 0; j < M; j++) {
                ma[i][j] = r.nextDouble();
                mb[i][j] = r.nextDouble();
            }
        }
        unsorted = r.ints(20_000).toArray();
        work = new int[unsorted.length];
        expression = expression(r);
    }

    /** The parser's input: 2,000 parenthesised differences joined by + and *. */
    static String expression(Random r) {
        StringBuilder e = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            e.append(i > 0 ? (i % 3 == 0 ? " + " : " * ") : "").append('(').append(r.nextInt(100)).append(" - ")
                    .append(r.nextInt(10)).append(')');
        }
        return e.toString();
    }

    @Benchmark
    public int[] vectorAdd() {
        int[] x = a, y = b, z = c;
        for (int i = 0; i < z.length; i++) {
            z[i] = x[i] + y[i];
        }
        return z;
    }

    @Benchmark
    public int reduction() {
        int[] x = a;
        int s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i];
        }
        return s;
    }

    @Benchmark
    public double[][] matrixMultiply() {
        double[][] x = ma, y = mb, z = mc;
        for (int i = 0; i < M; i++) {
            double[] zi = z[i];
            java.util.Arrays.fill(zi, 0);
            for (int k = 0; k < M; k++) {
                double xik = x[i][k];
                double[] yk = y[k];
                for (int j = 0; j < M; j++) {
                    zi[j] += xik * yk[j];
                }
            }
        }
        return z;
    }

    @Benchmark
    public int fib() {
        return fib(22);
    }

    static int fib(int n) {
        return n < 2 ? n : fib(n - 1) + fib(n - 2);
    }

    @Benchmark
    public int hashMapChurn() {
        Map<Integer, Integer> m = new HashMap<>();
        int[] x = a;
        int s = 0;
        for (int i = 0; i < 8192; i++) {
            m.merge(x[i] & 1023, i, Integer::sum);
            if ((i & 3) == 0) {
                Integer v = m.remove(x[i + 1] & 1023);
                s += v == null ? 0 : v;
            }
        }
        return s + m.size();
    }

    @Benchmark
    public int stringBuilding() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            sb.append("item-").append(a[i]).append(',');
        }
        return sb.toString().hashCode();
    }

    @Benchmark
    public int[] sort() {
        System.arraycopy(unsorted, 0, work, 0, work.length);
        quicksort(work, 0, work.length - 1);
        return work;
    }

    static void quicksort(int[] v, int lo, int hi) {
        while (lo < hi) {
            if (hi - lo < 16) {
                for (int i = lo + 1; i <= hi; i++) {
                    int t = v[i];
                    int j = i - 1;
                    while (j >= lo && v[j] > t) {
                        v[j + 1] = v[j];
                        j--;
                    }
                    v[j + 1] = t;
                }
                return;
            }
            int p = v[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (v[i] < p) {
                    i++;
                }
                while (v[j] > p) {
                    j--;
                }
                if (i <= j) {
                    int t = v[i];
                    v[i++] = v[j];
                    v[j--] = t;
                }
            }
            if (j - lo < hi - i) {
                quicksort(v, lo, j);
                lo = i;
            } else {
                quicksort(v, i, hi);
                hi = j;
            }
        }
    }

    @Benchmark
    public long parser() {
        return new Parser(expression).sum();
    }

    /** A recursive-descent parser for sums of products of parenthesised differences. */
    static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        long sum() {
            long v = product();
            while (peek() == '+') {
                pos++;
                v += product();
            }
            return v;
        }

        private long product() {
            long v = factor();
            while (peek() == '*') {
                pos++;
                v = (v * factor()) % 1_000_003;
            }
            return v;
        }

        private long factor() {
            if (peek() == '(') {
                pos++;
                long v = number();
                while (peek() == '-') {
                    pos++;
                    v -= number();
                }
                pos++; // ')'
                return v;
            }
            return number();
        }

        private long number() {
            peek();
            long v = 0;
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                v = v * 10 + (s.charAt(pos++) - '0');
            }
            return v;
        }

        private char peek() {
            while (pos < s.length() && s.charAt(pos) == ' ') {
                pos++;
            }
            return pos < s.length() ? s.charAt(pos) : 0;
        }
    }
}
