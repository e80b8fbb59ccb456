/*
 * RandomOrder: Go's randomOrder / randomEnum (proc.go), the order in which a thief visits the Ps.
 *
 * Every P is visited exactly once per round, starting at a random P and stepping by a random
 * stride that is coprime with the number of Ps. Distinct thieves thus probe distinct victims
 * instead of all piling on P0.
 */
package gmp4j.runtime;

final class RandomOrder {
    final int count;
    private final int[] coprimes;

    RandomOrder(int count) {
        this.count = count;
        int[] c = new int[count];
        int n = 0;
        for (int i = 1; i <= count; i++) {
            if (gcd(i, count) == 1) {
                c[n++] = i;
            }
        }
        coprimes = java.util.Arrays.copyOf(c, n);
    }

    /** Start position of an enumeration for random value {@code r}. */
    int start(int r) {
        return Integer.remainderUnsigned(r, count);
    }

    /** Stride of an enumeration for random value {@code r}. */
    int stride(int r) {
        return coprimes[Integer.remainderUnsigned(Integer.divideUnsigned(r, count), coprimes.length)];
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
