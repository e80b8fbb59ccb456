package gmp4j.agent.apps;

/** Writes to both streams from a virtual thread and exits with the code given. */
public final class ExitWith {
    public static void main(String[] args) throws Exception {
        Thread.ofVirtual().start(() -> {
            System.out.println("out from " + (Thread.currentThread().isVirtual() ? "virtual" : "platform"));
            System.err.println("err line");
        }).join();
        System.exit(Integer.parseInt(args[0]));
    }
}
