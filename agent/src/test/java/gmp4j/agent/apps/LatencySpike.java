package gmp4j.agent.apps;

/**
 * "spike": on one P (run with gomaxprocs=1, preempt=off), twice a virtual thread spins for 300 ms
 * while another wakes from a 10 ms sleep and must wait for it. "calm": only the sleeper runs.
 * Either way the JVM stays up 3 s more, long enough for JFR's stream to deliver the events.
 */
public final class LatencySpike {
    static volatile long sink;

    public static void main(String[] args) throws Exception {
        boolean spike = args[0].equals("spike");
        for (int round = 0; round < 2; round++) {
            Thread sleeper = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    throw new RuntimeException(e);
                }
            });
            if (spike) {
                Thread.ofVirtual().start(LatencySpike::spin).join();
            }
            sleeper.join();
        }
        Thread.sleep(3_000);
    }

    static void spin() {
        long end = System.nanoTime() + 300_000_000L;
        long x = 0;
        while (System.nanoTime() < end) {
            x += x * 31 + 7;
        }
        sink = x;
    }
}
