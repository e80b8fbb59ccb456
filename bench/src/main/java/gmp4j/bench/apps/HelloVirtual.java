package gmp4j.bench.apps;

/** Hello world from one virtual thread: what bench/startup.sh times with and without the agent. */
public final class HelloVirtual {
    public static void main(String[] args) throws InterruptedException {
        Thread.ofVirtual().start(() -> System.out.println("hello from " + Thread.currentThread())).join();
    }
}
