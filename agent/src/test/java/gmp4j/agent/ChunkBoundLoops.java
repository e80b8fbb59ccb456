package gmp4j.agent;

import java.util.ArrayList;
import java.util.List;

/**
 * Counted loops of the shapes rule 3b of SafepointInjector strip-mines (limits that are fields,
 * calls or expressions), each counting its trips in PollCounter.trips so that a test can tell
 * how many trips ran between two checks. Every method returns what it computed.
 */
public final class ChunkBoundLoops {
    int[] a;
    int limit;
    static int staticLimit;
    static int[] staticArray;
    static int maxInt = Integer.MAX_VALUE;
    static int minInt = Integer.MIN_VALUE;

    int limit() {
        return limit;
    }

    public static long arrayFieldLength(int n) {
        ChunkBoundLoops o = new ChunkBoundLoops();
        o.a = new int[n];
        long s = 0;
        for (int i = 0; i < o.a.length; i++) {
            PollCounter.trips++;
            o.a[i] = i;
            s += i;
        }
        return s;
    }

    public static long staticFieldLimit(int n) {
        staticLimit = n;
        long s = 0;
        for (int i = 0; i < staticLimit; i++) {
            PollCounter.trips++;
            s += i ^ 3;
        }
        return s;
    }

    public static long staticArrayLengthStride4(int n) {
        staticArray = new int[n];
        long s = 0;
        for (int i = 0; i < staticArray.length; i += 4) {
            PollCounter.trips++;
            s += i;
        }
        return s;
    }

    public static long getterLimit(int n) { // the test calls out: chunks of at most 1,024
        ChunkBoundLoops o = new ChunkBoundLoops();
        o.limit = n;
        long s = 0;
        for (int i = 0; i < o.limit(); i++) {
            PollCounter.trips++;
            s += i;
        }
        return s;
    }

    public static long listSize(int n) {
        List<Integer> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(i);
        }
        PollCounter.reset(); // only the loop below is measured
        long s = 0;
        for (int i = 0; i < list.size(); i++) {
            PollCounter.trips++;
            s += list.get(i);
        }
        return s;
    }

    public static long limitLoweredByBody(int n) { // the body lowers the field limit half-way
        ChunkBoundLoops o = new ChunkBoundLoops();
        o.limit = n;
        long s = 0;
        for (int i = 0; i < o.limit; i++) {
            PollCounter.trips++;
            if (i == n / 2) {
                o.limit = n / 2 + n / 4;
            }
            s += i;
        }
        return s;
    }

    public static long limitRaisedByBody(int n) { // the body raises a local limit: trips a chunk could not foresee
        int lim = n / 2;
        long s = 0;
        for (int i = 0; i < lim; i++) {
            PollCounter.trips++;
            if (i == n / 2 - 1) {
                lim = n;
            }
            s += i;
        }
        return s;
    }

    public static long downToFieldStride2(int n) {
        ChunkBoundLoops o = new ChunkBoundLoops();
        o.limit = -n;
        long s = 0;
        for (int i = n; i > o.limit; i -= 2) {
            PollCounter.trips++;
            s = s * 3 + i;
        }
        return s;
    }

    public static long upToIntMax(int n) { // i + chunk overflows: the bound must still hold
        long s = 0;
        for (int i = maxInt - n; i < maxInt; i++) {
            PollCounter.trips++;
            s += i & 15;
        }
        return s;
    }

    public static long downToIntMin(int n) {
        long s = 0;
        for (int i = minInt + n; i >= minInt + 1; i--) {
            PollCounter.trips++;
            s += i & 15;
        }
        return s;
    }

    public static long notEqualLimit(int n) {
        ChunkBoundLoops o = new ChunkBoundLoops();
        o.limit = n;
        long s = 0;
        for (int i = 0; i != o.limit; i++) {
            PollCounter.trips++;
            s += i;
        }
        return s;
    }

    public static long secondUpdateAfterStep(int n) { // commons-math's BlockRealMatrix: l += 4; k += w;
        int[] x = new int[n + 4];
        long s = 0;
        int k = 0;
        int l = 0;
        while (l < n - 3) {
            PollCounter.trips++;
            s += x[l] + x[l + 3] + k;
            l += 4;
            k += 7;
        }
        return s + k;
    }

    public static long postIncrementInBody(int n) { // sum += t[l++] * m: the step inside an expression
        int[] x = new int[n];
        long s = 0;
        int l = 0;
        while (l < n) {
            PollCounter.trips++;
            s += x[l++] + l;
        }
        return s;
    }

    public static long doWhile(int n) {
        long s = 0;
        int i = 0;
        do {
            PollCounter.trips++;
            s += i;
            i++;
        } while (i < n);
        return s;
    }

    public static long doWhileStepInsideDownToField(int n) {
        ChunkBoundLoops o = new ChunkBoundLoops();
        o.limit = -n;
        long s = 0;
        int i = n;
        do {
            PollCounter.trips++;
            s = s * 3 + i--;
        } while (i > o.limit);
        return s;
    }

    public static long doWhileUpToIntMax(int n) { // i + chunk overflows in a bottom-tested loop
        long s = 0;
        int i = maxInt - n;
        do {
            PollCounter.trips++;
            s += i & 15;
            if (i == maxInt) {
                break;
            }
            i++;
        } while (i < maxInt);
        return s;
    }

    /** Name -> how many trips a call with n makes. */
    static final List<String> NAMES = List.of("arrayFieldLength", "staticFieldLimit", "staticArrayLengthStride4",
            "getterLimit", "listSize", "limitLoweredByBody", "limitRaisedByBody", "downToFieldStride2", "upToIntMax",
            "downToIntMin", "notEqualLimit", "secondUpdateAfterStep", "postIncrementInBody", "doWhile",
            "doWhileStepInsideDownToField", "doWhileUpToIntMax");
}
