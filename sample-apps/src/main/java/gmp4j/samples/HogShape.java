package gmp4j.samples;

import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The shapes of CPU-bound code a preemption mechanism has to cope with. Each {@link #burn} keeps
 * its thread on the CPU without blocking until {@link Hog#stop} is raised, and returns a value
 * derived from all its work (kept by the hog) so that the JIT cannot remove the work.
 *
 * <p>The stop flag is volatile in every shape. A plain flag would be hoisted out of the loop by C2
 * and the hog would never stop on the JDK's scheduler, leaving its carrier spinning for the rest
 * of the run; what tells the shapes apart is the control flow around the flag, not the flag.
 * On x86 the volatile read is a plain load.
 *
 * <p>JDK-internal loops (the element loop of a stream, {@code Arrays.sort}) are not application
 * code: an agent that instruments application classes can take the CPU back only where they call
 * back into application code (the stream's lambdas) or return to it (the loop around the sort).
 */
enum HogShape {
    SPIN_LOOP("spin-loop", "while (true) whose only exit is the stop flag, read every iteration") {
        @Override
        long burn(Hog h) {
            long x = 1;
            while (true) {
                if (h.stop) {
                    return x;
                }
                x = x * 31 + 7;
            }
        }
    },
    INT_LOOP("int-loop", "counted int loop up to Integer.MAX_VALUE, stop flag read every 65536 iterations") {
        @Override
        long burn(Hog h) {
            long x = 1;
            while (!h.stop) {
                for (int i = 0; i < Integer.MAX_VALUE; i++) {
                    x = x * 31 + 7;
                    if ((i & 0xFFFF) == 0 && h.stop) {
                        break;
                    }
                }
            }
            return x;
        }
    },
    LONG_LOOP("long-loop", "long-indexed loop up to Long.MAX_VALUE, stop flag read every 65536 iterations") {
        @Override
        long burn(Hog h) {
            long x = 1;
            for (long i = 0; i < Long.MAX_VALUE; i++) {
                x = x * 31 + 7;
                if ((i & 0xFFFF) == 0 && h.stop) {
                    break;
                }
            }
            return x;
        }
    },
    RECURSION("recursion", "binary recursion 62 levels deep, no loop; every call reads the stop flag") {
        @Override
        long burn(Hog h) {
            return recurse(h, 62);
        }
    },
    LEAF_CALL("leaf-call", "loop calling a small leaf method, stop flag read every iteration") {
        @Override
        long burn(Hog h) {
            long x = 1;
            while (!h.stop) {
                x = leaf(x);
            }
            return x;
        }
    },
    STREAM("stream", "LongStream.range(0, Long.MAX_VALUE).takeWhile(...).map(...).sum(): the loop is the JDK's") {
        @Override
        long burn(Hog h) {
            long x = 0;
            while (!h.stop) {
                x += LongStream.range(0, Long.MAX_VALUE)
                        .takeWhile(i -> (i & 0xFFFF) != 0 || !h.stop)
                        .map(i -> i * 31 + 7)
                        .sum();
            }
            return x;
        }
    },
    SYNCHRONIZED("synchronized", "spin loop inside synchronized (each hog holds its own monitor)") {
        @Override
        long burn(Hog h) {
            synchronized (h) {
                long x = 1;
                while (!h.stop) {
                    x = x * 31 + 7;
                }
                return x;
            }
        }
    },
    SORT("sort", "Arrays.sort of a large Integer[] again and again: the loops (TimSort, compareTo) are the JDK's") {
        @Override
        long burn(Hog h) {
            long x = 0;
            Integer[] work = h.sortWork();
            while (!h.stop) {
                System.arraycopy(h.sortSource(), 0, work, 0, work.length);
                Arrays.sort(work);
                x += work[work.length / 2];
            }
            return x;
        }
    };

    final String kebab;
    final String description;

    HogShape(String kebab, String description) {
        this.kebab = kebab;
        this.description = description;
    }

    /** Burns CPU until {@code h.stop}; returns a value depending on all the work done. */
    abstract long burn(Hog h);

    private static long recurse(Hog h, int depth) {
        if (h.stop || depth == 0) {
            return depth;
        }
        return recurse(h, depth - 1) * 31 + recurse(h, depth - 1);
    }

    private static long leaf(long x) {
        return x * 31 + 7;
    }

    static String names() {
        return Arrays.stream(values()).map(s -> s.kebab).collect(Collectors.joining(", "));
    }

    /** picocli: {@code --shape int-loop}. */
    static final class Converter implements ITypeConverter<HogShape> {
        @Override
        public HogShape convert(String value) {
            for (HogShape s : values()) {
                if (s.kebab.equals(value)) {
                    return s;
                }
            }
            throw new TypeConversionException("unknown shape '" + value + "'; valid: " + names());
        }
    }
}
