package gmp4j.runtime;

/** Child-JVM main for SysmonAndLifecycleTest: constructs a Sched without java.lang opened. */
public final class SchedWithoutOpens {
    public static void main(String[] args) {
        try {
            new Sched();
            System.out.println("constructed");
            System.exit(0);
        } catch (IllegalStateException e) {
            System.out.println(e.getMessage());
            System.exit(3);
        }
    }
}
