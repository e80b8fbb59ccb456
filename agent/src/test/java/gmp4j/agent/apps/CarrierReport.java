package gmp4j.agent.apps;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;

/** Prints the carrier of virtual threads made every common way, before and after they park. */
public final class CarrierReport {
    static final Set<String> carriers = ConcurrentHashMap.newKeySet();

    static void record() {
        String s = Thread.currentThread().toString(); // VirtualThread[#id]/runnable@carrier
        carriers.add(s.substring(s.indexOf('@') + 1));
    }

    static void task() {
        record();
        LockSupport.parkNanos(200_000);
        record();
    }

    public static void main(String[] args) throws Exception {
        Thread.ofVirtual().start(CarrierReport::task).join();
        Thread.startVirtualThread(() -> {
            task();
            try {
                Thread.ofVirtual().start(CarrierReport::task).join(); // from a virtual thread
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
        }).join();
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> fs = new java.util.ArrayList<>();
            for (int i = 0; i < 100; i++) {
                fs.add(ex.submit(CarrierReport::task));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        }
        for (String c : new TreeSet<>(carriers)) {
            System.out.println("carrier=" + c);
        }
    }
}
