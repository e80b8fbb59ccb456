package gmp4j.agent;

/**
 * Stands in for java.lang.Gmp4jBridge in rewritten test classes and counts the checks: prologue
 * checks call pollEntry; loop checks read preemptPending, which is kept non-zero here so that each
 * of them calls preemptSlowPath (inline checks) or pollLoop (the fallback).
 */
public final class PollCounter {
    private PollCounter() {}

    public static int preemptPending = 1;
    public static long entry;
    public static long loop;

    public static void pollEntry() {
        entry++;
    }

    public static void pollLoop() {
        loop++;
    }

    public static void preemptSlowPath() {
        loop++;
    }

    static void reset() {
        entry = 0;
        loop = 0;
    }
}
