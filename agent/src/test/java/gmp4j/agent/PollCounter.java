package gmp4j.agent;

/**
 * Stands in for java.lang.Gmp4jBridge in rewritten test classes and counts the checks: prologue
 * checks call pollEntry; loop checks read preemptPending, which is kept non-zero here so that each
 * of them calls preemptSlowPath (inline checks) or pollLoop (the fallback).
 * Loops written to be measured (ChunkBoundLoops) count their trips in trips; each loop check
 * then records how many trips passed since the previous one (maxGap: the bound actually kept).
 */
public final class PollCounter {
    private PollCounter() {}

    public static int preemptPending = 1;
    public static long entry;
    public static long loop;
    public static long trips;
    private static long tripsAtLastCheck;
    public static long maxGap;

    public static void pollEntry() {
        entry++;
    }

    public static void pollLoop() {
        loopCheck();
    }

    public static void preemptSlowPath() {
        loopCheck();
    }

    private static void loopCheck() {
        loop++;
        maxGap = Math.max(maxGap, trips - tripsAtLastCheck);
        tripsAtLastCheck = trips;
    }

    /** Trips since the last loop check (or the reset): the gap still open. */
    static long gapSinceLastCheck() {
        return trips - tripsAtLastCheck;
    }

    public static void reset() {
        entry = 0;
        loop = 0;
        trips = 0;
        tripsAtLastCheck = 0;
        maxGap = 0;
    }
}
