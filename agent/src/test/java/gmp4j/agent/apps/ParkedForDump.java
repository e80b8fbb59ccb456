package gmp4j.agent.apps;

import java.util.concurrent.CountDownLatch;

/** Parks a virtual thread named "parked-for-dump", prints "ready", and ends when stdin closes. */
public final class ParkedForDump {
    public static void main(String[] args) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Thread t = Thread.ofVirtual().name("parked-for-dump").start(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
        });
        System.out.println("ready");
        System.out.flush();
        System.in.read();
        release.countDown();
        t.join();
    }
}
