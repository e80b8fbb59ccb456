package gmp4j.agent;

/** Stands in for java.lang.Gmp4jBridge in rewritten test classes: counts the polls. */
public final class PollCounter {
    private PollCounter() {}

    public static long entry;
    public static long loop;

    public static void pollEntry() {
        entry++;
    }

    public static void pollLoop() {
        loop++;
    }

    static void reset() {
        entry = 0;
        loop = 0;
    }
}
