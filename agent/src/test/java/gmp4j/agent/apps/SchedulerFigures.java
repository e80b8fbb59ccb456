package gmp4j.agent.apps;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import jdk.management.VirtualThreadSchedulerMXBean;

/**
 * Runs four CPU-bound virtual threads and prints what the JDK's VirtualThreadSchedulerMXBean says
 * (the largest mounted and queued counts seen while they run), then calls setParallelism(1),
 * prints "ready" and keeps running (hogs included) until stdin closes, so that a test can ask jcmd.
 */
public final class SchedulerFigures {
    static volatile boolean stop;
    static volatile long sink;

    public static void main(String[] args) throws Exception {
        VirtualThreadSchedulerMXBean bean = ManagementFactory.getPlatformMXBean(VirtualThreadSchedulerMXBean.class);
        List<Thread> hogs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            hogs.add(Thread.ofVirtual().name("hog-" + i).start(SchedulerFigures::spin));
        }
        int mounted = 0;
        long queued = 0;
        long end = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < end && (mounted < 2 || queued < 1)) {
            mounted = Math.max(mounted, bean.getMountedVirtualThreadCount());
            queued = Math.max(queued, bean.getQueuedVirtualThreadCount());
            Thread.sleep(1);
        }
        System.out.println("parallelism=" + bean.getParallelism());
        System.out.println("poolSize=" + bean.getPoolSize());
        System.out.println("mounted=" + mounted);
        System.out.println("queued=" + queued);
        bean.setParallelism(1);
        System.out.println("parallelismAfterSet=" + bean.getParallelism());
        System.out.println("ready");
        System.out.flush();
        System.in.read();
        stop = true;
        for (Thread t : hogs) {
            t.join();
        }
    }

    static void spin() {
        long x = 0;
        while (!stop) {
            for (int i = 0; i < 1_000; i++) {
                x += i * 31L ^ x;
            }
        }
        sink = x;
    }
}
