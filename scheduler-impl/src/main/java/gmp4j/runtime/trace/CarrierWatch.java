/*
 * CarrierWatch: not in Go; the fjp arm's stand-in for sysmon's hog watch (Sysmon.watchHogs). The
 * JDK's ForkJoinPool has no sysmon, so while the Hog event is enabled a daemon platform thread,
 * "gmp4j-hog-watch", looks every 10 ms at what each carrier runs, and catches a virtual thread
 * whose run has lasted past the hog threshold (HeldRun). The pool never preempts, so such a run
 * ignored no request (reason "none").
 *
 * Each carrier has a Slot (a ThreadLocal, registered once in a copy-on-write list) that
 * TracedContinuation.run fills only while Hog is enabled: so with Hog disabled a run pays one
 * isEnabled() check. The thread starts with the first run that sees Hog enabled and exits after
 * a second with Hog disabled; the next such run starts it again.
 *
 * Memory ordering: the carrier writes `since` before `running` (both volatile), and clears
 * `running` after the run. The watcher reads `running`, then `since`, then `running` again and
 * skips the slot if it moved: a pair read across two runs of one thread would only make the run
 * look shorter (since belongs to the later run), never catch a run that did not last.
 */
package gmp4j.runtime.trace;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

final class CarrierWatch {
    private CarrierWatch() {}

    static final long PERIOD_NS = 10_000_000;
    private static final long IDLE_EXIT_NS = 1_000_000_000;

    /** What one carrier runs. */
    static final class Slot {
        final Thread carrier;
        final long pid;
        volatile Thread running;
        volatile long since;
        volatile long goid;
        /** The caught run of `running`, set by the watcher, ended by the first of the two. */
        volatile HeldRun held;

        Slot(Thread carrier, long pid) {
            this.carrier = carrier;
            this.pid = pid;
        }
    }

    private static final List<Slot> SLOTS = new CopyOnWriteArrayList<>();
    private static final ThreadLocal<Slot> SLOT = new ThreadLocal<>();
    private static final AtomicBoolean WATCHING = new AtomicBoolean();

    /** Carrier, Hog enabled: vthread's run starts now. Returns the slot to pass to ran(). */
    static Slot running(Thread vthread, long goid, long pid) {
        Slot s = SLOT.get();
        if (s == null) {
            s = new Slot(Thread.currentThread(), pid);
            SLOT.set(s);
            SLOTS.add(s);
        }
        s.goid = goid;
        s.since = System.nanoTime();
        s.running = vthread;
        if (!WATCHING.get() && WATCHING.compareAndSet(false, true)) {
            Thread t = Thread.ofPlatform().daemon().name("gmp4j-hog-watch").unstarted(CarrierWatch::watch);
            t.start();
        }
        return s;
    }

    /** Carrier: the run that running() began has returned. */
    static void ran(Slot s) {
        long since = s.since;
        s.running = null;
        HeldRun h = s.held;
        if (h != null && h.since == since) {
            s.held = null;
            h.end(System.nanoTime(), 0, HeldRun.NONE);
        }
    }

    private static void watch() {
        long off = 0; // when Hog was first seen disabled, 0 while enabled
        while (true) {
            LockSupport.parkNanos(PERIOD_NS);
            long now = System.nanoTime();
            if (!Trace.hogOn()) {
                if (off == 0) {
                    off = now;
                } else if (now - off >= IDLE_EXIT_NS) {
                    WATCHING.set(false);
                    return; // a run that saw Hog enabled meanwhile starts another watcher
                }
            } else {
                off = 0;
            }
            long threshold = HeldRun.thresholdNanos();
            for (Slot s : SLOTS) {
                Thread t = s.running;
                long since = s.since;
                long goid = s.goid;
                HeldRun h = s.held;
                if (h != null && (t == null || h.since != since) && !h.ended()) {
                    h.end(now, 0, HeldRun.NONE); // the carrier looked before the record was there
                    s.held = null;
                }
                if (t == null || t != s.running || h != null && h.since == since
                        || now - since < threshold || off != 0) {
                    continue;
                }
                HeldRun caught = HeldRun.caught(t, goid, s.pid, s.carrier.threadId(), since, now, 0, HeldRun.NONE);
                if (caught == null) {
                    continue; // not mounted at this moment: look again next round
                }
                s.held = caught;
                if (s.running != t || s.since != since) {
                    // The run ended while it was being caught; the carrier may have missed it.
                    caught.end(System.nanoTime(), 0, HeldRun.NONE);
                }
            }
        }
    }
}
