/*
 * LoopCheckShapes: why SafepointInjector's rule 4 (loops that are not strip-mined) counts
 * back-edges with a mask. The parser kernel's two tiny leaf loops (skip spaces, read digits: a
 * few trips per call, called thousands of times per parse) hand-written with each candidate check
 * shape, without the agent; the parser's three operator loops (their trips call the next level
 * down) are left unchecked but in the last two variants, so the differences are the leaf loops'
 * alone:
 *   plain      no check
 *   everyTrip  a volatile read on every trip
 *   mask       rule 4: if ((++c & (K-1)) == 0) check, c counted from 0 in each call
 *   countdown  if (--c == 0) { c = K; check }
 *   peeled     two trips without a check, then the mask loop
 *   byField    if ((pos & (K-1)) == 0) check, on the field the loop advances (no counter)
 *   stripMinedField  strip mining on the field the loop advances: an inner loop bounded by
 *              min(limit, pos + K), the check where the outer loop goes round (nothing per trip,
 *              a bound computed on every entry)
 *   flatField  the same bound kept in one loop: the bound replaces the loop's own test, whose
 *              failure leads to the original test, the check and a new bound
 *   maskAll    mask in the leaf loops and in the operator loops: the agent's rule 4 by hand
 *   maskLeafEveryTripCalls  mask in the leaf loops, a volatile read on every operator-loop trip
 * Each benchmark runs in its own forks, so each JIT sees one variant. The last two write the
 * operator loops out again rather than call a per-trip hook from the base class: with the hook,
 * maskAll measured 22.2 us against 18.3 written out (bench/RESULTS.md).
 */
package gmp4j.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
@Fork(value = 3, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseParallelGC"})
@State(Scope.Thread)
public class LoopCheckShapes {
    /** Stands in for Gmp4jBridge.preemptPending; never set here, so checks never fire. */
    static volatile int pending;
    static final int MASK = 4095;
    String expression;

    @Setup
    public void setUp() {
        expression = Kernels.expression(new Random(42));
    }

    static void slowPath() {
        Thread.yield();
    }

    @Benchmark
    public long plain() {
        return new Plain(expression).sum();
    }

    @Benchmark
    public long everyTrip() {
        return new EveryTrip(expression).sum();
    }

    @Benchmark
    public long mask() {
        return new Mask(expression).sum();
    }

    @Benchmark
    public long countdown() {
        return new Countdown(expression).sum();
    }

    @Benchmark
    public long peeled() {
        return new Peeled(expression).sum();
    }

    @Benchmark
    public long byField() {
        return new ByField(expression).sum();
    }

    @Benchmark
    public long maskAll() {
        return new MaskAll(expression).sum();
    }

    @Benchmark
    public long maskLeafEveryTripCalls() {
        return new MaskLeafEveryTripCalls(expression).sum();
    }

    @Benchmark
    public long flatField() {
        return new FlatField(expression).sum();
    }

    @Benchmark
    public long stripMinedField() {
        return new StripMinedField(expression).sum();
    }

    /** Kernels.Parser with its two leaf loops left to the subclasses (written out in each, as there). */
    abstract static class Parser {
        final String s;
        int pos;

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

        long product() {
            long v = factor();
            while (peek() == '*') {
                pos++;
                v = (v * factor()) % 1_000_003;
            }
            return v;
        }

        long factor() {
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

        abstract long number();

        abstract char peek();
    }

    static final class Plain extends Parser {
        Plain(String s) {
            super(s);
        }

        long number() {
            peek();
            long v = 0;
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                v = v * 10 + (s.charAt(pos++) - '0');
            }
            return v;
        }

        char peek() {
            while (pos < s.length() && s.charAt(pos) == ' ') {
                pos++;
            }
            return pos < s.length() ? s.charAt(pos) : 0;
        }
    }

    static final class EveryTrip extends Parser {
        EveryTrip(String s) {
            super(s);
        }

        long number() {
            peek();
            long v = 0;
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                v = v * 10 + (s.charAt(pos++) - '0');
                if (pending != 0) {
                    slowPath();
                }
            }
            return v;
        }

        char peek() {
            while (pos < s.length() && s.charAt(pos) == ' ') {
                pos++;
                if (pending != 0) {
                    slowPath();
                }
            }
            return pos < s.length() ? s.charAt(pos) : 0;
        }
    }

    static class Mask extends Parser {
        Mask(String s) {
            super(s);
        }

        long number() {
            peek();
            long v = 0;
            int c = 0;
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                v = v * 10 + (s.charAt(pos++) - '0');
                if ((++c & MASK) == 0 && pending != 0) {
                    slowPath();
                }
            }
            return v;
        }

        char peek() {
            int c = 0;
            while (pos < s.length() && s.charAt(pos) == ' ') {
                pos++;
                if ((++c & MASK) == 0 && pending != 0) {
                    slowPath();
                }
            }
            return pos < s.length() ? s.charAt(pos) : 0;
        }
    }

    static final class Countdown extends Parser {
        Countdown(String s) {
            super(s);
        }

        long number() {
            peek();
            long v = 0;
            int c = MASK + 1;
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                v = v * 10 + (s.charAt(pos++) - '0');
                if (--c == 0) {
                    c = MASK + 1;
                    if (pending != 0) {
                        slowPath();
                    }
                }
            }
            return v;
        }

        char peek() {
            int c = MASK + 1;
            while (pos < s.length() && s.charAt(pos) == ' ') {
                pos++;
                if (--c == 0) {
                    c = MASK + 1;
                    if (pending != 0) {
                        slowPath();
                    }
                }
            }
            return pos < s.length() ? s.charAt(pos) : 0;
        }
    }

    static final class Peeled extends Parser {
        Peeled(String s) {
            super(s);
        }

        long number() {
            peek();
            long v = 0;
            if (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                v = v * 10 + (s.charAt(pos++) - '0');
                if (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                    v = v * 10 + (s.charAt(pos++) - '0');
                    int c = 0;
                    while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                        v = v * 10 + (s.charAt(pos++) - '0');
                        if ((++c & MASK) == 0 && pending != 0) {
                            slowPath();
                        }
                    }
                }
            }
            return v;
        }

        char peek() {
            if (pos < s.length() && s.charAt(pos) == ' ') {
                pos++;
                if (pos < s.length() && s.charAt(pos) == ' ') {
                    pos++;
                    int c = 0;
                    while (pos < s.length() && s.charAt(pos) == ' ') {
                        pos++;
                        if ((++c & MASK) == 0 && pending != 0) {
                            slowPath();
                        }
                    }
                }
            }
            return pos < s.length() ? s.charAt(pos) : 0;
        }
    }

    static final class ByField extends Parser {
        ByField(String s) {
            super(s);
        }

        long number() {
            peek();
            long v = 0;
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                v = v * 10 + (s.charAt(pos++) - '0');
                if ((pos & MASK) == 0 && pending != 0) {
                    slowPath();
                }
            }
            return v;
        }

        char peek() {
            while (pos < s.length() && s.charAt(pos) == ' ') {
                pos++;
                if ((pos & MASK) == 0 && pending != 0) {
                    slowPath();
                }
            }
            return pos < s.length() ? s.charAt(pos) : 0;
        }
    }

    static final class StripMinedField extends Parser {
        StripMinedField(String s) {
            super(s);
        }

        long number() {
            peek();
            long v = 0;
            outer:
            while (pos < s.length()) {
                int lim = (int) Math.min((long) s.length(), (long) pos + MASK + 1);
                while (pos < lim) {
                    if (!Character.isDigit(s.charAt(pos))) {
                        break outer;
                    }
                    v = v * 10 + (s.charAt(pos++) - '0');
                }
                if (pending != 0) {
                    slowPath();
                }
            }
            return v;
        }

        char peek() {
            outer:
            while (pos < s.length()) {
                int lim = (int) Math.min((long) s.length(), (long) pos + MASK + 1);
                while (pos < lim) {
                    if (s.charAt(pos) != ' ') {
                        break outer;
                    }
                    pos++;
                }
                if (pending != 0) {
                    slowPath();
                }
            }
            return pos < s.length() ? s.charAt(pos) : 0;
        }
    }

    /** mask in the leaf loops and in the operator loops: what the agent's rule 4 does. */
    static final class MaskAll extends Mask {
        MaskAll(String s) {
            super(s);
        }

        @Override
        long sum() {
            int c = 0;
            long v = product();
            while (peek() == '+') {
                pos++;
                v += product();
                if ((++c & MASK) == 0 && pending != 0) {
                    slowPath();
                }
            }
            return v;
        }

        @Override
        long product() {
            int c = 0;
            long v = factor();
            while (peek() == '*') {
                pos++;
                v = (v * factor()) % 1_000_003;
                if ((++c & MASK) == 0 && pending != 0) {
                    slowPath();
                }
            }
            return v;
        }

        @Override
        long factor() {
            if (peek() == '(') {
                int c = 0;
                pos++;
                long v = number();
                while (peek() == '-') {
                    pos++;
                    v -= number();
                    if ((++c & MASK) == 0 && pending != 0) {
                        slowPath();
                    }
                }
                pos++; // ')'
                return v;
            }
            return number();
        }
    }

    /** mask in the leaf loops, a volatile read on every trip of the operator loops. */
    static final class MaskLeafEveryTripCalls extends Mask {
        MaskLeafEveryTripCalls(String s) {
            super(s);
        }

        @Override
        long sum() {
            long v = product();
            while (peek() == '+') {
                pos++;
                v += product();
                if (pending != 0) {
                    slowPath();
                }
            }
            return v;
        }

        @Override
        long product() {
            long v = factor();
            while (peek() == '*') {
                pos++;
                v = (v * factor()) % 1_000_003;
                if (pending != 0) {
                    slowPath();
                }
            }
            return v;
        }

        @Override
        long factor() {
            if (peek() == '(') {
                pos++;
                long v = number();
                while (peek() == '-') {
                    pos++;
                    v -= number();
                    if (pending != 0) {
                        slowPath();
                    }
                }
                pos++; // ')'
                return v;
            }
            return number();
        }
    }

    static final class FlatField extends Parser {
        FlatField(String s) {
            super(s);
        }

        long number() {
            peek();
            long v = 0;
            int lim = (int) Math.min((long) s.length(), (long) pos + MASK + 1);
            while (true) {
                if (pos >= lim) {
                    if (pos >= s.length()) {
                        break;
                    }
                    if (pending != 0) {
                        slowPath();
                    }
                    lim = (int) Math.min((long) s.length(), (long) pos + MASK + 1);
                    continue;
                }
                if (!Character.isDigit(s.charAt(pos))) {
                    break;
                }
                v = v * 10 + (s.charAt(pos++) - '0');
            }
            return v;
        }

        char peek() {
            int lim = (int) Math.min((long) s.length(), (long) pos + MASK + 1);
            while (true) {
                if (pos >= lim) {
                    if (pos >= s.length()) {
                        break;
                    }
                    if (pending != 0) {
                        slowPath();
                    }
                    lim = (int) Math.min((long) s.length(), (long) pos + MASK + 1);
                    continue;
                }
                if (s.charAt(pos) != ' ') {
                    break;
                }
                pos++;
            }
            return pos < s.length() ? s.charAt(pos) : 0;
        }
    }
}
