/*
 * Arm: one side of an A/B. Both load the same agent jar with the same recording options, so both
 * pay the same JVMTI and JFR costs; only the scheduler differs. scheduler=fjp keeps the JDK's own
 * ForkJoinPool (configured by jdk.virtualThreadScheduler.parallelism, which both arms get) and only
 * records; gmp runs gmp4j with GOMAXPROCS from the environment, which both arms get too.
 */
package gmp4j.ab;

enum Arm {
    FJP("ForkJoinPool", "fjp"),
    GMP("gmp4j", "gmp");

    private final String label;
    private final String option;

    Arm(String label, String option) {
        this.label = label;
        this.option = option;
    }

    String label() {
        return label;
    }

    String file() {
        return option;
    }

    /** The agent options of this arm, recording to jfr with the given profile. */
    String agentOptions(String jfr, String profile) {
        return "scheduler=" + option + ",record=" + jfr + ",profile=" + profile;
    }
}
