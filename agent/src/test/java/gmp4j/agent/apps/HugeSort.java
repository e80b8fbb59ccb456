package gmp4j.agent.apps;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A virtual thread sorts a large array of random ints with Arrays.sort: a loop inside the JDK,
 * which has no injected preemption checks, so the thread holds its P (or carrier) for the whole
 * sort. A second virtual thread, started once the sort has begun, waits for a P meanwhile when
 * there is only one (gomaxprocs=1), so that sysmon asks the sorter to yield: it asks only while
 * another G waits. Prints "sorted" and "ok". Args: [ints] (default 8M, a few hundred ms of sorting).
 */
public final class HugeSort {
    static volatile boolean sorting;

    static int[] fill(int n) {
        SplittableRandom r = new SplittableRandom(17);
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextInt();
        }
        return a;
    }

    static void sortHugeArray(int[] a) {
        sorting = true;
        Arrays.sort(a);
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 8_000_000;
        int[] a = fill(n);
        Thread t = Thread.ofVirtual().name("sorter").start(() -> sortHugeArray(a));
        while (!sorting) {
            Thread.onSpinWait();
        }
        Thread waiter = Thread.ofVirtual().start(() -> { });
        t.join();
        waiter.join();
        for (int i = 1; i < a.length; i++) {
            if (a[i - 1] > a[i]) {
                throw new AssertionError("not sorted at " + i);
            }
        }
        System.out.println("sorted " + n);
        System.out.println("ok");
    }
}
