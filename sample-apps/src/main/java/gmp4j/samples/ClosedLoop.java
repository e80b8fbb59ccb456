package gmp4j.samples;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * A closed-loop load generator: {@code clients} virtual threads each issue one request after
 * another (the next only when the last one finished) for a warm-up, then for the measured
 * duration. Request latencies are recorded per kind (e.g. light and heavy HTTP requests).
 *
 * <p>Requests that start during the warm-up are not recorded. A request that starts before the
 * end of the measurement is recorded even if it ends after it, and the elapsed time runs until
 * the last client has finished, so that throughput = recorded requests / elapsed.
 */
final class ClosedLoop {

    /** One request. Returns its kind, an index below the loop's number of kinds. */
    @FunctionalInterface
    interface Request {
        int call(int client, long seq) throws Exception;
    }

    private final Histogram[] latencies;
    private final LongAdder errors = new LongAdder();
    private volatile String firstError;
    private long elapsedNanos;

    ClosedLoop(int kinds) {
        latencies = new Histogram[kinds];
        for (int k = 0; k < kinds; k++) {
            latencies[k] = new ConcurrentHistogram(3);
        }
    }

    /** Runs the loop; returns once every client has finished its last request. */
    ClosedLoop run(int clients, Timing timing, Request request) throws InterruptedException {
        long measureFrom = System.nanoTime() + timing.warmup.toNanos();
        long deadline = measureFrom + timing.duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            threads.add(Thread.ofVirtual().name("client-" + c).start(() -> {
                for (long seq = 0; ; seq++) {
                    long t0 = System.nanoTime();
                    if (t0 >= deadline) {
                        return;
                    }
                    try {
                        int kind = request.call(client, seq);
                        if (t0 >= measureFrom) {
                            latencies[kind].recordValue(System.nanoTime() - t0);
                        }
                    } catch (Exception e) {
                        if (t0 >= measureFrom) {
                            errors.increment();
                        }
                        if (firstError == null) {
                            firstError = e.toString();
                        }
                    }
                }
            }));
        }
        Duration limit = timing.warmup.plus(timing.duration).plusSeconds(60);
        for (Thread t : threads) {
            if (!t.join(limit)) {
                throw new IllegalStateException(t.getName() + " still running " + limit.toSeconds() + " s after the start");
            }
        }
        elapsedNanos = System.nanoTime() - measureFrom;
        return this;
    }

    Histogram latency(int kind) {
        return latencies[kind];
    }

    /** Recorded requests of every kind. */
    long requests() {
        long n = 0;
        for (Histogram h : latencies) {
            n += h.getTotalCount();
        }
        return n;
    }

    long errors() {
        return errors.sum();
    }

    /** The first failure's message (also from the warm-up), or "" if none. */
    String firstError() {
        return firstError == null ? "" : firstError;
    }

    /** {@code count} per second of the measurement. */
    double perSecond(long count) {
        return elapsedNanos == 0 ? 0 : count / (elapsedNanos / 1e9);
    }
}
