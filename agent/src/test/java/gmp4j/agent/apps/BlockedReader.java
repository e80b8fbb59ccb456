package gmp4j.agent.apps;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One virtual thread blocks in a read that nothing answers for a while; a probe virtual thread
 * sleeps 1 ms in a loop for a second and counts its wake-ups ("probe=N"), then the read is
 * answered with the byte 42 ("read=42").
 * args: "fifo PATH" — FileInputStream on a FIFO the main thread writes later (a native read the
 *       JDK does not mark as blocking);
 *       "process" — the stdout of a child process that writes after 1.2 s (a read the JDK
 *       marks with Blocker);
 *       "fifo PATH hog" — as "fifo", but the byte comes after 400 ms, while the probe runs, and
 *       the reader then computes for 300 ms (its P was handed off while it sat in the read).
 */
public final class BlockedReader {
    public static void main(String[] args) throws Exception {
        boolean fifo = args[0].equals("fifo");
        boolean hog = args.length > 2 && args[2].equals("hog");
        Process child = fifo ? null
                : new ProcessBuilder("sh", "-c", "sleep 1.2; printf '*'").redirectErrorStream(true).start();
        AtomicInteger got = new AtomicInteger(-1);
        Thread reader = Thread.ofVirtual().start(() -> {
            try (InputStream in = fifo ? new FileInputStream(args[1]) : child.getInputStream()) {
                got.set(in.read());
                if (hog) {
                    long end = System.nanoTime() + 300_000_000L;
                    while (System.nanoTime() < end) {
                        // computes; the agent's checks are the only way back to the scheduler
                    }
                }
            } catch (Exception e) {
                e.printStackTrace();
            }
        });
        Thread.sleep(100); // let the reader block
        AtomicInteger wakeups = new AtomicInteger();
        Thread probe = Thread.ofVirtual().start(() -> {
            long end = System.nanoTime() + 1_000_000_000L;
            while (System.nanoTime() < end) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
                wakeups.incrementAndGet();
            }
        });
        if (hog) {
            Thread.sleep(400);
            try (FileOutputStream out = new FileOutputStream(args[1])) {
                out.write(42);
            }
        }
        probe.join(java.time.Duration.ofMillis(1500)); // bounded: behind a stalled pool it never ends
        System.out.println("probe=" + wakeups.get());
        if (fifo && !hog) {
            try (FileOutputStream out = new FileOutputStream(args[1])) {
                out.write(42);
            }
        }
        reader.join();
        probe.join();
        System.out.println("read=" + got.get());
        SchedStats.print();
    }
}
