package gmp4j.samples;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A ring of N virtual threads passing one token with {@code LockSupport.park}/{@code unpark}: each
 * hop is a pure park → unpark → run transition, the scheduler's fastest path (Go's {@code runnext}).
 * Thread 0 times each round trip of the token around the ring. With N = 2 this is classic
 * ping-pong; with N = 100 the token visits many threads, whose wake-ups the scheduler must place.
 */
@Command(name = "ping-pong",
        description = "A ring of N virtual threads passing a token with LockSupport.park/unpark: round trips/s and per-hop latency.")
public final class PingPong extends Sample {

    @Mixin
    Timing timing;

    @Option(names = {"--threads", "-n"}, defaultValue = "2",
            description = "virtual threads in the ring (default: ${DEFAULT-VALUE})")
    int threads;

    /** Index of the thread that holds the token. Volatile: the holder's write publishes the hand-off. */
    private volatile int token;
    private volatile boolean stop;
    private Thread[] ring;

    public static void main(String[] args) {
        Sample.main(new PingPong(), args);
    }

    @Override
    Result measure() throws Exception {
        require(threads >= 2, "--threads must be at least 2");
        Result r = timing.params(this, result());
        Histogram roundTrips = new Histogram(3); // written by thread 0 only, read after join
        long[] measured = new long[2];           // round trips, elapsed ns; likewise
        ring = new Thread[threads];
        ring[0] = Thread.ofVirtual().name("ring-0").unstarted(() -> lead(roundTrips, measured));
        for (int i = 1; i < threads; i++) {
            int me = i;
            ring[i] = Thread.ofVirtual().name("ring-" + i).unstarted(() -> relay(me));
        }
        for (Thread t : ring) {
            t.start();
        }
        Duration limit = timing.warmup.plus(timing.duration).plusSeconds(20);
        for (Thread t : ring) {
            if (!t.join(limit)) {
                throw new IllegalStateException(t.getName() + " still running " + limit.toSeconds() + " s after the start");
            }
        }
        long trips = measured[0];
        double seconds = measured[1] / 1e9;
        return r.param("threads", threads)
                .figure("round_trips", "round trips", trips, "")
                .figure("round_trips_per_s", "round trips/s", trips / seconds, "")
                .figure("hops_per_s", "hops/s", trips * threads / seconds, "")
                .figure("hop_mean_us", "mean per hop", trips == 0 ? 0 : measured[1] / 1e3 / (trips * threads), "us")
                .latency("round_trip", "round trip", roundTrips);
    }

    /** Thread 0: sends the token round the ring and times each trip until the deadline, then stops the ring. */
    private void lead(Histogram roundTrips, long[] measured) {
        long start = System.nanoTime();
        long measureFrom = start + timing.warmup.toNanos();
        long deadline = measureFrom + timing.duration.toNanos();
        long trips = 0;
        long t1 = start;
        try {
            while (t1 < deadline) {
                long t0 = System.nanoTime();
                pass(0);
                while (token != 0) {
                    LockSupport.park();
                }
                t1 = System.nanoTime();
                if (t0 >= measureFrom) {
                    roundTrips.recordValue(t1 - t0);
                    trips++;
                }
            }
        } finally {
            measured[0] = trips;
            measured[1] = t1 - measureFrom;
            stop = true;
            for (int i = 1; i < ring.length; i++) {
                LockSupport.unpark(ring[i]);
            }
        }
    }

    /** Threads 1..N-1: wait for the token, pass it on; return once the ring is stopped. */
    private void relay(int me) {
        while (true) {
            while (token != me) {
                if (stop) {
                    return;
                }
                LockSupport.park();
            }
            pass(me);
        }
    }

    private void pass(int from) {
        int next = (from + 1) % ring.length;
        token = next;
        LockSupport.unpark(ring[next]);
    }
}
