/*
 * Lincheck tests for RunQueue: one owner P (put, put with next, get) racing two thieves
 * (runqsteal into their own queues), on a ring of capacity 4 so that overflow to the global queue
 * (runqputslow) and index wrap-around happen within a few operations.
 *
 * Two properties are checked:
 *  - Linearizability against the queue itself run sequentially (Lincheck's default sequential
 *    specification: a fresh instance of the scenario class; with ownerRunning = false nothing
 *    sleeps, so every operation is deterministic). Thieves here steal from the ring only.
 *  - Exactly-once (a @Validate function after every run): every G put is obtained exactly once —
 *    by a get, a steal, an overflow batch, or it is still in the queue at the end.
 *
 * Why runnext steals are checked for exactly-once only: put(g, next=true) first swaps g into
 * runnext and only then pushes the displaced G onto the ring; a thief that finds the ring empty in
 * between takes g (the newer G) while the older one still lands in the ring. No sequential order
 * of the two operations produces that, so the strict check fails; Go's runqput/runqgrab have the
 * same window and it is harmless (no G is lost or taken twice). The test
 * thiefCanTakeTheNewRunnextBeforeTheKickedOneReachesTheRing pins that interleaving down.
 */
package gmp4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.LincheckAssertionError;
import org.jetbrains.kotlinx.lincheck.Options;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Validate;
import org.jetbrains.kotlinx.lincheck.strategy.IncorrectResultsFailure;
import org.jetbrains.kotlinx.lincheck.strategy.LincheckFailure;
import org.jetbrains.kotlinx.lincheck.strategy.ValidationFailure;
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;
import org.jetbrains.kotlinx.lincheck.strategy.stress.StressOptions;
import org.jetbrains.kotlinx.lincheck.verifier.EpsilonVerifier;
import org.junit.jupiter.api.Test;

class RunQueueLincheckTest {
    static final int CAPACITY = 4;

    /** The victim P is never "running", so grab never backs off: steals stay deterministic. */
    private static final BooleanSupplier NOT_RUNNING = () -> false;

    /**
     * State and owner operations shared by the scenarios. All owner operations are in one
     * nonParallelGroup, so Lincheck runs them from a single thread: the queue is single-producer
     * (only the owner P puts and gets). Each thief gets its own group and its own queue, as each
     * thief P steals into its own run queue; two thief groups make thieves race each other too.
     */
    public abstract static class OwnerAndThieves {
        final RunQueue victim = newVictim();
        private final RunQueue thief1 = new RunQueue(CAPACITY);
        private final RunQueue thief2 = new RunQueue(CAPACITY);
        private long nextGoid = 1; // owner-only: distinct goids, in program order of the puts

        // Where every G ended up, one list per role (each written by one thread only).
        private final List<Long> gotByOwner = new ArrayList<>();
        private final List<Long> overflowed = new ArrayList<>();
        private final List<Long> gotByThief1 = new ArrayList<>();
        private final List<Long> gotByThief2 = new ArrayList<>();

        RunQueue newVictim() {
            return new RunQueue(CAPACITY);
        }

        /** runqput; returns the goids handed to the global queue (runqputslow), in batch order. */
        @Operation(nonParallelGroup = "owner")
        public List<Long> put() {
            return put(false);
        }

        /** runqput with next: the new G goes to runnext, the displaced one to the ring. */
        @Operation(nonParallelGroup = "owner")
        public List<Long> putNext() {
            return put(true);
        }

        private List<Long> put(boolean next) {
            List<Long> batch = new ArrayList<>();
            victim.put(new G(nextGoid++), next, first -> {
                for (G g = first; g != null; g = g.schedlink) {
                    batch.add(g.goid);
                }
            });
            overflowed.addAll(batch);
            return batch;
        }

        /** runqget; 0 when the queue is empty. */
        @Operation(nonParallelGroup = "owner")
        public long get() {
            G g = victim.get();
            if (g == null) {
                return 0;
            }
            gotByOwner.add(g.goid);
            return g.goid;
        }

        List<Long> steal1(boolean stealRunnext) {
            return steal(thief1, stealRunnext, gotByThief1);
        }

        List<Long> steal2(boolean stealRunnext) {
            return steal(thief2, stealRunnext, gotByThief2);
        }

        /** runqsteal into the thief's own queue, then the thief runs (drains) all it got. */
        private List<Long> steal(RunQueue thief, boolean stealRunnext, List<Long> got) {
            List<Long> stolen = new ArrayList<>();
            for (G g = thief.steal(victim, stealRunnext, NOT_RUNNING); g != null; g = thief.get()) {
                stolen.add(g.goid);
            }
            Collections.sort(stolen);
            got.addAll(stolen);
            return stolen;
        }

        /** Runs once after each execution: no G was obtained twice and none was lost. */
        @Validate
        public void everyGIsObtainedExactlyOnce() {
            List<Long> remaining = new ArrayList<>();
            victim.drainTo(g -> remaining.add(g.goid));
            List<Long> all = new ArrayList<>();
            all.addAll(gotByOwner);
            all.addAll(overflowed);
            all.addAll(gotByThief1);
            all.addAll(gotByThief2);
            all.addAll(remaining);
            Collections.sort(all);
            List<Long> expected = new ArrayList<>();
            for (long id = 1; id < nextGoid; id++) {
                expected.add(id);
            }
            if (!all.equals(expected) || !thief1.isEmpty() || !thief2.isEmpty()) {
                throw new IllegalStateException("Gs put: " + expected + ", obtained: owner " + gotByOwner
                        + ", overflow " + overflowed + ", thief1 " + gotByThief1 + ", thief2 " + gotByThief2
                        + ", left in queue " + remaining);
            }
        }
    }

    /** Thieves steal from the ring only: the whole queue is then linearizable. */
    public static class RingSteals extends OwnerAndThieves {
        @Operation(nonParallelGroup = "thief1")
        public List<Long> steal1() {
            return steal1(false);
        }

        @Operation(nonParallelGroup = "thief2")
        public List<Long> steal2() {
            return steal2(false);
        }
    }

    /** Thieves may also take runnext (Go's last steal round); checked for exactly-once only. */
    public static class RunnextSteals extends OwnerAndThieves {
        @Override
        @Operation(nonParallelGroup = "thief1")
        public List<Long> steal1(boolean stealRunnext) {
            return super.steal1(stealRunnext);
        }

        @Override
        @Operation(nonParallelGroup = "thief2")
        public List<Long> steal2(boolean stealRunnext) {
            return super.steal2(stealRunnext);
        }
    }

    /** RingSteals on a queue whose head update is not atomic. */
    public static class BrokenRingSteals extends RingSteals {
        @Override
        RunQueue newVictim() {
            return new BrokenRunQueue(CAPACITY);
        }
    }

    /**
     * A lost-CAS bug: casHead writes head without comparing, so two consumers that read the same
     * head both "win" and both take the same G (and a stale writer can move head backwards).
     */
    static final class BrokenRunQueue extends RunQueue {
        private static final VarHandle HEAD;

        static {
            try {
                HEAD = MethodHandles.privateLookupIn(RunQueue.class, MethodHandles.lookup())
                        .findVarHandle(RunQueue.class, "head", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        BrokenRunQueue(int capacity) {
            super(capacity);
        }

        @Override
        protected boolean casHead(int expected, int next) {
            HEAD.set(this, next);
            return true;
        }
    }

    /**
     * Three threads: the owner's group, thief1's and thief2's. A few operations before the
     * parallel part fill the ring so that the parallel part overflows and wraps around.
     */
    private static <O extends Options<O, ?>> O shape(O options) {
        return options.threads(3).actorsPerThread(3).actorsBefore(4).actorsAfter(2);
    }

    // Model checking explores thread switches at every shared access (head, tail, runnext, slots).
    private static ModelCheckingOptions modelChecking() {
        return shape(new ModelCheckingOptions()).iterations(30).invocationsPerIteration(1000);
    }

    // Stress runs the same scenarios on real threads: real memory ordering, no instrumentation.
    private static StressOptions stress() {
        return shape(new StressOptions()).iterations(30).invocationsPerIteration(2000);
    }

    @Test
    void runQueueIsLinearizableUnderModelChecking() {
        LinChecker.check(RingSteals.class, modelChecking());
    }

    @Test
    void runQueueIsLinearizableUnderStress() {
        LinChecker.check(RingSteals.class, stress());
    }

    // EpsilonVerifier accepts any results (see the header): only the @Validate invariant counts.
    @Test
    void runnextStealsNeverLoseOrDuplicateAGUnderModelChecking() {
        LinChecker.check(RunnextSteals.class, modelChecking().verifier(EpsilonVerifier.class));
    }

    @Test
    void runnextStealsNeverLoseOrDuplicateAGUnderStress() {
        LinChecker.check(RunnextSteals.class, stress().verifier(EpsilonVerifier.class));
    }

    @Test
    void thiefCanTakeTheNewRunnextBeforeTheKickedOneReachesTheRing() {
        // The strict check on RunnextSteals fails, and only with a steal of the newer runnext.
        LincheckAssertionError e = assertThrows(LincheckAssertionError.class,
                () -> LinChecker.check(RunnextSteals.class, modelChecking()));
        assertInstanceOf(IncorrectResultsFailure.class, e.getFailure(), e::getMessage);
    }

    @Test
    void checkerCatchesARunQueueWhoseHeadUpdateIsNotAtomic() {
        // The correct queue is the specification; the broken one must fail the same scenario.
        LincheckAssertionError e = assertThrows(LincheckAssertionError.class,
                () -> LinChecker.check(BrokenRingSteals.class, modelChecking().sequentialSpecification(RingSteals.class)));
        assertCaughtByResultsOrInvariant(e.getFailure(), e);
    }

    @Test
    void checkerCatchesARunQueueWhoseHeadUpdateIsNotAtomicUnderStress() {
        LincheckAssertionError e = assertThrows(LincheckAssertionError.class,
                () -> LinChecker.check(BrokenRingSteals.class, stress().sequentialSpecification(RingSteals.class)));
        assertCaughtByResultsOrInvariant(e.getFailure(), e);
    }

    private static void assertCaughtByResultsOrInvariant(LincheckFailure failure, Throwable e) {
        assertTrue(failure instanceof IncorrectResultsFailure || failure instanceof ValidationFailure,
                () -> "unexpected kind of failure: " + e.getMessage());
    }
}
