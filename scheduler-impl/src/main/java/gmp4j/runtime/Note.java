/*
 * Note: Go's one-shot sleep/wakeup notification (runtime/lock_futex.go: notesleep, notewakeup,
 * notetsleep, noteclear), on LockSupport.
 *
 * One thread sleeps, one other thread wakes it. A wakeup that comes before the sleep is not lost:
 * `key` stays set and the sleep returns at once. The owner clears the note before reusing it.
 * `key` is volatile: the waker's writes before wakeup() happen-before the sleeper's reads after
 * sleep() returns (this is how startm hands nextp and spinning to the M it wakes).
 */
package gmp4j.runtime;

import java.util.concurrent.locks.LockSupport;

final class Note {
    private volatile boolean key;
    private volatile Thread waiter;

    void clear() {
        key = false;
    }

    void wakeup() {
        key = true;
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    void sleep() {
        waiter = Thread.currentThread();
        while (!key) {
            LockSupport.park(this);
        }
        waiter = null;
    }

    /** Sleeps at most {@code nanos}; returns whether it was woken. */
    boolean sleep(long nanos) {
        waiter = Thread.currentThread();
        long deadline = System.nanoTime() + nanos;
        try {
            while (!key) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                LockSupport.parkNanos(this, left);
            }
            return true;
        } finally {
            waiter = null;
        }
    }
}
