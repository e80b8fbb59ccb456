package gmp4j.agent.apps;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * Loops and methods of many bytecode shapes. SafepointInjectorTest runs each before and after
 * rewriting and compares; PreemptionIT runs main() with and without the agent and compares output.
 */
public final class Shapes {
    static final long[] TABLE;

    static { // <clinit> stays untouched; its loop must still run
        TABLE = new long[64];
        for (int i = 0; i < TABLE.length; i++) {
            TABLE[i] = (long) i * i;
        }
    }

    public final long boxed;

    public Shapes(int n) { // a constructor with a loop before and after field stores
        long s = 0;
        for (int i = 0; i < n; i++) {
            s += i;
        }
        this.boxed = s;
    }

    public static long sumArray(int n) {
        int[] a = new int[n];
        for (int i = 0; i < a.length; i++) {
            a[i] = i * 3;
        }
        long s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i];
        }
        return s;
    }

    public static long vectorAdd(int n) {
        int[] a = new int[n], b = new int[n], c = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
            b[i] = 2 * i;
        }
        for (int i = 0; i < n; i++) {
            c[i] = a[i] + b[i];
        }
        long s = 0;
        for (int v : c) {
            s += v;
        }
        return s;
    }

    public static long countDown(int n) {
        long s = 0;
        for (int i = n - 1; i >= 0; i--) {
            s = s * 31 + i;
        }
        for (int i = n; i > 0; i -= 2) {
            s ^= i;
        }
        return s;
    }

    public static long stepAndInclusive(int n) {
        long s = 0;
        for (int i = -n; i <= n; i += 3) {
            s += i;
        }
        for (int i = Integer.MAX_VALUE - n; i < Integer.MAX_VALUE - 1; i++) { // near overflow
            s += i & 7;
        }
        for (int i = 0; i < 5000; i++) {
            s += i % 3;
        }
        return s;
    }

    public static long nestedWithLabels(int n) {
        long s = 0;
        outer:
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (j > i) {
                    continue outer;
                }
                if (i * j > 4 * n) {
                    break outer;
                }
                s += (long) i * j;
            }
        }
        return s;
    }

    public static long tryFinallyInLoop(int n) {
        long s = 0;
        for (int i = 0; i < n; i++) {
            try {
                if (i % 5 == 0) {
                    throw new IllegalStateException("x" + i);
                }
                s += i;
            } catch (IllegalStateException e) {
                s -= e.getMessage().length();
            } finally {
                s++;
            }
        }
        return s;
    }

    public static long switchesInLoop(int n) {
        long s = 0;
        for (int i = 0; i < n; i++) {
            switch (i % 6) { // tableswitch
                case 0 -> s += 1;
                case 1 -> s += 10;
                case 2, 3 -> s -= 3;
                default -> s ^= i;
            }
            switch (i * 1009) { // lookupswitch
                case 0 -> s += 7;
                case 1009000 -> s += 1000;
                default -> s += 0;
            }
        }
        return s;
    }

    public static long whileAndDoWhile(int n) {
        long s = 0;
        int i = 0;
        while (i < n && s < Long.MAX_VALUE / 4) {
            s += i++;
        }
        int j = n;
        do {
            s += j;
            j /= 2;
        } while (j > 0);
        return s;
    }

    public static long bodyWritesIndexOrLimit(int n) {
        long s = 0;
        for (int i = 0; i < n; i++) {
            if (i % 7 == 0) {
                i += 2;
            }
            s += i;
        }
        int lim = n;
        for (int i = 0; i < lim; i++) {
            if (i == n / 2) {
                lim -= n / 4;
            }
            s += i;
        }
        return s;
    }

    public static long longIndexed(int n) {
        long s = 0;
        for (long i = 0; i < n * 3L; i++) {
            s += i;
        }
        return s;
    }

    public static long fib(int n) {
        return n < 2 ? n : fib(n - 1) + fib(n - 2);
    }

    public static long leaf(int n) {
        return n * 7L + 3;
    }

    public static long loopCallingLeaf(int n) {
        long s = 0;
        for (int i = 0; i < n; i++) {
            s += leaf(i);
        }
        return s;
    }

    public static long mergesReferenceTypes(int n) { // frames must merge ArrayList and LinkedList
        long s = 0;
        for (int i = 0; i < n; i++) {
            AbstractList<Integer> l = (i % 2 == 0) ? new ArrayList<>() : new LinkedList<>();
            l.add(i);
            s += l.get(0);
        }
        return s;
    }

    public static long lambdas(int n) {
        IntUnaryOperator f = x -> {
            int r = 0;
            for (int k = 0; k < x % 50; k++) {
                r += k;
            }
            return r;
        };
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(f.applyAsInt(i));
        }
        return out.stream().mapToLong(Integer::longValue).sum();
    }

    public static long constantInnerTrips(int n) { // the inner loop runs 100 times, always
        long s = 0;
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < 100; j++) {
                s += j ^ r;
            }
        }
        for (int j = 10; j >= -5; j -= 3) { // downward, constant too
            s += j;
        }
        return s;
    }

    public static long streamOfLeafLambdas(int n) { // the loop is the JDK's; the lambda is a leaf
        return java.util.stream.LongStream.range(0, n).map(x -> x * 3 + 1).sum();
    }

    public static long exceptionLeavesLoop(int n) {
        long s = 0;
        try {
            for (int i = 0; ; i++) {
                s += TABLE[i % 80]; // throws at 64
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            return s + n;
        }
    }

    // Loops that are not counted (rule 4 of SafepointInjector): the index moves by a store, not an
    // iinc. Each takes about n trips round the loop, most of them through the kind of back-edge
    // its name says.

    public static long whileNotCounted(int n) { // the header is also the target of a forward jump
        long s = 0;
        int x = n;
        if (n % 2 == 0) {
            s = 1;
        }
        while (x > 0) {
            s += x ^ (s >>> 7);
            x = x - 1;
        }
        return s;
    }

    public static long doWhileNotCounted(int n) { // the back-edge is a conditional branch
        long s = 0;
        int x = n;
        do {
            s = s * 31 + x;
            x = x - 1;
        } while (x > 0);
        return s;
    }

    public static long continueInWhile(int n) { // seven trips in eight go round through continue
        long s = 0;
        int x = 0;
        while (x < n) {
            x = x + 1;
            if (x % 8 != 0) {
                s += x;
                continue;
            }
            s ^= x;
        }
        return s;
    }

    public static long labeledNonCounted(int n) { // labeled break and continue across two loops
        long s = 0;
        int i = 0;
        outer:
        while (i < n) {
            i = i + 1;
            int j = 0;
            while (true) {
                j = j + 1;
                if (j > i % 3) {
                    continue outer;
                }
                if (s > (long) n * n) {
                    break outer;
                }
                s += (long) i * j;
            }
        }
        return s;
    }

    public static long catchContinues(int n) { // two trips in three go round from the handler
        long s = 0;
        int x = 0;
        while (x < n) {
            x = x + 1;
            try {
                if (x % 3 != 0) {
                    throw new IllegalStateException();
                }
                s += x;
            } catch (IllegalStateException e) {
                s -= 1;
                continue;
            }
            s ^= x;
        }
        return s;
    }

    public static long switchContinues(int n) { // every back-edge is a continue inside a switch
        long s = 0;
        int x = 0;
        while (true) {
            x = x + 1;
            switch (x % 4) {
                case 0:
                    s += 3;
                    continue;
                case 1:
                    s ^= x;
                    continue;
                default:
                    if (x > n) {
                        return s;
                    }
                    s -= 1;
                    continue;
            }
        }
    }

    public static long foreverThenReturn(int n) { // for (;;) left only by return
        long s = 0;
        int x = 0;
        for (;;) {
            x = x + 1;
            s += x * 3L;
            if (x >= n) {
                return s;
            }
        }
    }

    public static long foreverThenThrow(int n) { // for (;;) left only by a throw
        try {
            long s = 0;
            int x = 0;
            for (;;) {
                x = x + 1;
                s += x;
                if (x >= n) {
                    throw new ArithmeticException(Long.toString(s));
                }
            }
        } catch (ArithmeticException e) {
            return Long.parseLong(e.getMessage());
        }
    }

    public static long constructorLoop(int n) {
        return new Shapes(n).boxed;
    }

    // Counted loops whose limit is neither a constant, an int local nor a local array's length
    // (rule 3b of SafepointInjector: the test stays on every trip, a chunk bound is added).

    int[] fa, fb, fc;
    int limit;
    static int[] sa, sb, sc;
    static int staticLimit;
    static int maxInt = Integer.MAX_VALUE, minInt = Integer.MIN_VALUE;

    int limit() {
        return limit;
    }

    public static long fieldArrays(int n) { // c[i] = a[i] + b[i] with the arrays in fields
        Shapes s = new Shapes(0);
        s.fa = new int[n];
        s.fb = new int[n];
        s.fc = new int[n];
        for (int i = 0; i < s.fa.length; i++) {
            s.fa[i] = i;
            s.fb[i] = 3 * i;
        }
        for (int i = 0; i < s.fc.length; i++) {
            s.fc[i] = s.fa[i] + s.fb[i];
        }
        long sum = 0;
        for (int i = 0; i < s.fc.length; i++) {
            sum += s.fc[i];
        }
        return sum;
    }

    public static long staticFieldLimits(int n) {
        sa = new int[n];
        sb = new int[n];
        sc = new int[n];
        staticLimit = n;
        for (int i = 0; i < staticLimit; i++) {
            sa[i] = i ^ 5;
            sb[i] = i;
        }
        for (int i = 0; i < sc.length; i++) {
            sc[i] = sa[i] * sb[i];
        }
        long sum = 0;
        for (int i = sc.length - 1; i >= 0; i--) { // down to zero: rule 3 after javac's `iload; iflt`
            sum = sum * 7 + sc[i];
        }
        return sum;
    }

    public static long callLimits(int n) { // String.length(), List.size(), a getter
        String text = "abcdefghij".repeat(n / 10 + 1).substring(0, n);
        long h = 0;
        for (int i = 0; i < text.length(); i++) {
            h = 31 * h + text.charAt(i);
        }
        List<Integer> list = new ArrayList<>();
        for (int i = 0; i < text.length(); i += 3) {
            list.add(i);
        }
        for (int i = 0; i < list.size(); i++) {
            h += list.get(i);
        }
        Shapes s = new Shapes(0);
        s.limit = n;
        for (int i = 0; i < s.limit(); i++) {
            h ^= i;
        }
        return h;
    }

    public static long expressionLimits(int n) {
        long s = 0;
        for (int i = 0; i < n - 1; i++) {
            s += i;
        }
        for (int i = 0; i < Math.min(n, 1 << 15) / 2; i++) {
            s -= i;
        }
        for (int i = n; i > n / 3; i -= 2) {
            s ^= i;
        }
        for (int i = 0; i != (n & ~3); i += 4) { // != with a stride that reaches it
            s += i;
        }
        for (int i = -n; i <= n / 2; i += 2) {
            s += i;
        }
        return s;
    }

    public static long limitChangedByBody(int n) { // the body lowers a field limit and a local one
        Shapes s = new Shapes(0);
        s.limit = n;
        long sum = 0;
        for (int i = 0; i < s.limit; i++) {
            if (i == n / 2) {
                s.limit -= n / 4;
            }
            sum += i;
        }
        int lim = n;
        for (int i = n; i > n - lim; i--) {
            if (i == n / 2) {
                lim = n / 4;
            }
            sum ^= i;
        }
        return sum;
    }

    public static long fieldLimitsNearOverflow(int n) { // i + chunk overflows in the last chunks
        long s = 0;
        for (int i = maxInt - n; i < maxInt; i++) {
            s += i & 15;
        }
        for (int i = maxInt - n; i <= maxInt - 2; i += 2) {
            s += i & 7;
        }
        for (int i = minInt + n; i > minInt; i--) {
            s ^= i & 31;
        }
        return s;
    }

    public static final String[] NAMES = {"sumArray", "vectorAdd", "countDown", "stepAndInclusive",
        "nestedWithLabels", "tryFinallyInLoop", "switchesInLoop", "whileAndDoWhile", "bodyWritesIndexOrLimit",
        "longIndexed", "fib", "leaf", "loopCallingLeaf", "mergesReferenceTypes", "lambdas", "streamOfLeafLambdas", "constantInnerTrips",
        "exceptionLeavesLoop", "whileNotCounted", "doWhileNotCounted", "continueInWhile", "labeledNonCounted",
        "catchContinues", "switchContinues", "foreverThenReturn", "foreverThenThrow",
        "constructorLoop", "fieldArrays", "staticFieldLimits", "callLimits", "expressionLimits",
        "limitChangedByBody", "fieldLimitsNearOverflow"};

    public static void main(String[] args) throws Exception {
        int[] sizes = {0, 1, 2, 17, 1000, 70_000};
        Thread t = Thread.ofVirtual().start(() -> {
            for (String name : NAMES) {
                StringBuilder line = new StringBuilder(name);
                for (int n : sizes) {
                    int size = name.equals("fib") ? Math.min(n, 25) : name.equals("nestedWithLabels") ? Math.min(n, 2000) : n;
                    try {
                        line.append(' ').append(Shapes.class.getMethod(name, int.class).invoke(null, size));
                    } catch (ReflectiveOperationException e) {
                        line.append(" ").append(e.getCause());
                    }
                }
                System.out.println(line);
            }
        });
        t.join();
    }
}
