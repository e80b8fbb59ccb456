package gmp4j.agent.apps;

import com.sun.tools.attach.VirtualMachine;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Starts a virtual thread on the JDK's pool, attaches the gmp4j agent to itself (args[0]: the
 * agent jar), then reports the carriers of a thread started afterwards ("new=") and of the old
 * one once it resumes ("old=").
 */
public final class AttachLater {
    static String carrier() {
        String s = Thread.currentThread().toString();
        return s.substring(s.indexOf('@') + 1);
    }

    public static void main(String[] args) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<String> oldBefore = new AtomicReference<>();
        AtomicReference<String> oldAfter = new AtomicReference<>();
        Thread old = Thread.ofVirtual().start(() -> {
            oldBefore.set(carrier());
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
            oldAfter.set(carrier());
        });
        while (oldBefore.get() == null) {
            Thread.sleep(1);
        }
        VirtualMachine vm = VirtualMachine.attach(String.valueOf(ProcessHandle.current().pid()));
        try {
            vm.loadAgent(args[0], "log=info");
        } finally {
            vm.detach();
        }
        AtomicReference<String> fresh = new AtomicReference<>();
        Thread.ofVirtual().start(() -> fresh.set(carrier())).join();
        release.countDown();
        old.join();
        System.out.println("before=" + oldBefore.get());
        System.out.println("new=" + fresh.get());
        System.out.println("old=" + oldAfter.get());
    }
}
