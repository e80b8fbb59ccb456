/*
 * Timers: one P's timer heap, as in Go 1.14+ (runtime/time.go: addtimer, runtimer, checkTimers;
 * the per-P `timers` with its own lock). With the agent, the JDK's timed parks, sleeps and timed
 * waits of gmp4j virtual threads (VirtualThread.schedule) land here instead of in the JDK's
 * "VirtualThread-unparker" threads.
 *
 * Who runs the due timers:
 *  - the M that owns the P, at the top of each findRunnable (checkTimers);
 *  - a spinning M, for other Ps, in its last steal round (Go steals timers there too);
 *  - sysmon, standing in for Go's netpoller that sleeps until the next timer: it bounds its own
 *    sleep by the earliest timer and runs the due timers of Ps no M is looking at (idle Ps), and
 *    of running Ps whose M has not come by for a while (a G that does not block).
 * A timer's function runs on whichever of these threads pops it, once: the heap is locked, and
 * the timer is a FutureTask, so cancel() and run() settle between themselves who wins.
 *
 * `next` mirrors the heap's earliest deadline (Long.MAX_VALUE when empty) for lock-free peeks.
 */
package gmp4j.runtime;

import java.util.PriorityQueue;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicLong;

final class Timers {
    /** A timer: fires `command` at `when` (System.nanoTime) unless cancelled first. */
    static final class Timer extends FutureTask<Void> implements Comparable<Timer> {
        private static final AtomicLong SEQ = new AtomicLong();
        final long when;
        private final long seq = SEQ.incrementAndGet(); // FIFO among equal deadlines
        volatile Timers owner;

        Timer(Runnable command, long when) {
            super(command, null);
            this.when = when;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            Timers o = owner;
            if (cancelled && o != null) {
                o.zombies.incrementAndGet();
            }
            return cancelled;
        }

        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(when - o.when, 0); // overflow-safe for nanoTime values
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final PriorityQueue<Timer> heap = new PriorityQueue<>();
    private volatile long next = Long.MAX_VALUE;
    /**
     * Cancelled timers still in the heap (Go: zombies). A cancelled timer stays until its deadline
     * comes or until they make up a quarter of the heap; then they are swept out.
     */
    private final AtomicLong zombies = new AtomicLong();

    int size() {
        synchronized (heap) {
            return heap.size();
        }
    }

    /** addtimer. Returns true if t is now the earliest timer of this P. */
    boolean add(Timer t) {
        synchronized (heap) {
            t.owner = this;
            if (zombies.get() > heap.size() / 4 + 16) {
                heap.removeIf(Timer::isCancelled);
                zombies.set(0);
            }
            heap.add(t);
            if (heap.peek() == t) {
                next = t.when;
                return true;
            }
            return false;
        }
    }

    /** The earliest deadline, or Long.MAX_VALUE. Racy by design, like Go's timer0When. */
    long next() {
        return next;
    }

    /**
     * checkTimers: runs every timer due at {@code now}. Returns how many ran. The functions run
     * outside the lock (they ready goroutines, which may add timers).
     */
    int runDue(long now) {
        if (now - next < 0) {
            return 0;
        }
        int ran = 0;
        for (;;) {
            Timer t;
            synchronized (heap) {
                t = heap.peek();
                if (t == null || now - t.when < 0) {
                    next = t == null ? Long.MAX_VALUE : t.when;
                    return ran;
                }
                heap.poll();
                Timer n = heap.peek();
                next = n == null ? Long.MAX_VALUE : n.when;
            }
            if (t.isCancelled()) {
                zombies.decrementAndGet();
            } else {
                t.run();
                ran++;
            }
        }
    }

    /** moveTimers: hands every timer of a P that procresize destroys to another P. */
    void moveTo(Timers other) {
        synchronized (heap) {
            for (Timer t; (t = heap.poll()) != null; ) {
                if (!t.isCancelled()) {
                    other.add(t);
                }
            }
            next = Long.MAX_VALUE;
        }
    }
}
