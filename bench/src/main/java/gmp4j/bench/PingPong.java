/*
 * PingPong: two virtual threads hand a token back and forth ROUND_TRIPS times.
 *
 *  - parkUnpark: a volatile `turn` says whose move it is; each side parks (LockSupport.park) until
 *    it is its turn, flips it and unparks the other. Every hand-off is one park and one unpark,
 *    i.e. one wake-up through the scheduler (gmp4j: the readied G goes to the waker's runnext).
 *  - synchronousQueue: the same through a SynchronousQueue (ping puts, pong takes, pong puts, ping
 *    takes), i.e. what a j.u.c. hand-off costs including its own spinning before parking.
 *    Expect the arms to differ here for a JDK reason: LinkedTransferQueue (behind SynchronousQueue)
 *    spins 128 x Thread.onSpinWait() before parking unless ForkJoinWorkerThread.hasKnownQueuedWork()
 *    reports queued work on the current carrier, which only a ForkJoinPool carrier can. On a
 *    gmp4j carrier the waiter therefore always spins (a few microseconds) while the thread it just
 *    readied waits in the same P's runnext. (Through the agent, gmp4j answers that question:
 *    Sched.hasKnownQueuedWork, measured by ThroughAgent.)
 *
 * Both threads are created and started per operation and joined at its end, so no state leaks
 * from one operation (or arm) into the next; their creation, start and termination (two threads
 * per 10 000 round trips) are amortised to noise. The score is per round trip
 * (@OperationsPerInvocation), in nanoseconds.
 */
package gmp4j.bench;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(PingPong.ROUND_TRIPS)
@Warmup(iterations = 5, time = 5)
@Measurement(iterations = 8, time = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Xms2g", "-Xmx2g", "-XX:+UseParallelGC"})
public class PingPong {

    static final int ROUND_TRIPS = 10_000;

    /** The shared turn: 0 = ping's move, 1 = pong's move. Threads are set before either starts. */
    static final class Table {
        volatile int turn;
        Thread ping;
        Thread pong;
    }

    @Benchmark
    public void parkUnpark(Schedulers s) throws InterruptedException {
        Table t = new Table();
        t.ping = s.newThread(() -> {
            for (int i = 0; i < ROUND_TRIPS; i++) {
                while (t.turn != 0) {
                    LockSupport.park(t);
                }
                t.turn = 1;
                LockSupport.unpark(t.pong);
            }
        });
        t.pong = s.newThread(() -> {
            for (int i = 0; i < ROUND_TRIPS; i++) {
                while (t.turn != 1) {
                    LockSupport.park(t);
                }
                t.turn = 0;
                LockSupport.unpark(t.ping);
            }
        });
        t.pong.start();
        t.ping.start();
        t.ping.join();
        t.pong.join();
    }

    @Benchmark
    public void synchronousQueue(Schedulers s) throws InterruptedException {
        SynchronousQueue<Object> q = new SynchronousQueue<>();
        Object token = new Object();
        Thread pong = s.start(() -> {
            try {
                for (int i = 0; i < ROUND_TRIPS; i++) {
                    q.put(q.take());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread ping = s.start(() -> {
            try {
                for (int i = 0; i < ROUND_TRIPS; i++) {
                    q.put(token);
                    if (q.take() != token) {
                        throw new AssertionError("token lost");
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        ping.join();
        pong.join();
    }
}
