package gmp4j.agent.apps;

/** Prints the agent's scheduler snapshot ("sched=..."), if the agent installed one. */
final class SchedStats {
    static void print() {
        try {
            Object sched = Class.forName("gmp4j.agent.Installer").getMethod("sched").invoke(null);
            if (sched != null) {
                System.out.println("sched=" + sched.getClass().getMethod("snapshot").invoke(sched));
            }
        } catch (ReflectiveOperationException e) {
            System.out.println("sched=none");
        }
    }
}
