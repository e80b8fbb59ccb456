/*
 * Mutex: the scheduler lock, shaped like Go's runtime mutex (lock_futex.go: lock2). Sections
 * under it are a few dozen instructions, so a contending M first spins, hoping the holder is
 * about to leave (Go: active_spin = 4 rounds of procyield(30)), then yields its CPU once
 * (passive_spin, osyield), and only then sleeps in the OS. A plain ReentrantLock parks a
 * contending thread almost at once, which costs a futex sleep and wakeup per collision; measured
 * on a 100-thread yield storm with 2 Ps (bench/RESULTS.md), that made it 1.5x slower.
 *
 * It is a ReentrantLock underneath (reentrancy and Conditions are used by Sched), with lock()
 * trying the fast paths first.
 */
package gmp4j.runtime;

import java.util.concurrent.locks.ReentrantLock;

final class Mutex extends ReentrantLock {
    /**
     * Go spins 4 x procyield(30) and checks the lock between batches; x86 PAUSE costs ~10 cycles
     * on the CPUs Go tuned that for, but 30-90 ns on this kind of machine (AMD EPYC), so 30 of
     * them would outlast the critical section many times over. We check after every pause, for
     * about the same total budget.
     */
    private static final int ACTIVE_SPIN = 120;
    private static final int PASSIVE_SPIN = 1;

    @Override
    public void lock() {
        if (tryLock()) {
            return;
        }
        for (int i = 0; i < ACTIVE_SPIN; i++) {
            Thread.onSpinWait();
            if (!isLocked() && tryLock()) {
                return;
            }
        }
        for (int i = 0; i < PASSIVE_SPIN; i++) {
            Thread.yield();
            if (!isLocked() && tryLock()) {
                return;
            }
        }
        super.lock();
    }
}
