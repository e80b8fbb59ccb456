package gmp4j.runtime;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Single-threaded checks of Go's local run queue policies (the races are in RunQueueLincheckTest). */
class RunQueueTest {
    private final List<G> overflowed = new ArrayList<>();
    private int nextGoid = 1;

    private G g() {
        return new G(nextGoid++);
    }

    private void collect(G first) {
        for (G g = first; g != null; g = g.schedlink) {
            overflowed.add(g);
        }
    }

    private static long goid(G g) {
        return g == null ? -1 : g.goid;
    }

    @Test
    void runnextRunsBeforeOlderQueuedGsAndKicksThePreviousRunnextToTheTail() {
        RunQueue q = new RunQueue();
        q.put(g(), false, this::collect); // 1
        q.put(g(), true, this::collect);  // 2 -> runnext
        q.put(g(), true, this::collect);  // 3 -> runnext, 2 -> tail
        assertEquals(3, goid(q.get()));
        assertTrue(q.lastGetWasRunnext, "a G taken from runnext inherits the time slice");
        assertEquals(1, goid(q.get()));
        assertFalse(q.lastGetWasRunnext);
        assertEquals(2, goid(q.get()));
        assertNull(q.get());
    }

    @Test
    void fullQueueMovesHalfOfItPlusTheNewGToTheGlobalQueueInOrder() {
        RunQueue q = new RunQueue();
        for (int i = 0; i < 256; i++) {
            q.put(g(), false, this::collect);
        }
        assertTrue(overflowed.isEmpty());
        q.put(g(), false, this::collect); // goid 257 overflows
        assertEquals(129, overflowed.size(), "runqputslow moves len/2 + the new G");
        for (int i = 0; i < 128; i++) {
            assertEquals(i + 1, overflowed.get(i).goid, "oldest half first, in queue order");
        }
        assertEquals(257, overflowed.get(128).goid);
        assertEquals(128, q.size());
        assertEquals(129, goid(q.get()), "the newer half stays local");
    }

    @Test
    void stealTakesHalfRoundedUpAndLeavesTheRest() {
        RunQueue victim = new RunQueue();
        RunQueue thief = new RunQueue();
        for (int i = 0; i < 9; i++) {
            victim.put(g(), false, this::collect);
        }
        G first = thief.steal(victim, false, () -> false);
        assertEquals(5, first.goid, "the thief runs the newest stolen G, as Go's runqsteal");
        assertEquals(4, thief.size(), "5 of 9 stolen: one returned, four queued");
        assertEquals(1, goid(thief.get()), "the older stolen Gs are queued in order");
        assertEquals(4, victim.size());
        assertEquals(6, goid(victim.get()));
    }

    @Test
    void runnextIsStolenOnlyWhenAskedAndTheRingIsEmpty() {
        RunQueue victim = new RunQueue();
        RunQueue thief = new RunQueue();
        victim.put(g(), true, this::collect);
        assertNull(thief.steal(victim, false, () -> false), "runnext is left alone in early rounds");
        assertEquals(1, goid(thief.steal(victim, true, () -> false)), "the last round takes runnext");
        assertTrue(victim.isEmpty());
    }

    @Test
    void stealingRunnextFromARunningPBacksOffFirst() {
        RunQueue victim = new RunQueue();
        victim.put(g(), true, this::collect);
        boolean[] asked = {false};
        long t0 = System.nanoTime();
        assertNotNull(new RunQueue().steal(victim, true, () -> asked[0] = true));
        assertTrue(asked[0], "the thief asks whether the victim is running");
        assertTrue(System.nanoTime() - t0 >= 3_000, "and then waits ~3 us as Go's usleep(3)");
    }

    @Test
    void counterWrapAroundKeepsFifoOrder() {
        RunQueue q = new RunQueue(4);
        for (int round = 0; round < 1000; round++) {
            G a = g(), b = g(), c = g();
            q.put(a, false, this::collect);
            q.put(b, false, this::collect);
            q.put(c, false, this::collect);
            assertSame(a, q.get());
            assertSame(b, q.get());
            assertSame(c, q.get());
        }
        assertTrue(q.isEmpty());
        assertTrue(overflowed.isEmpty());
    }

    @Test
    void drainTakesRunnextThenTheRing() {
        RunQueue q = new RunQueue();
        q.put(g(), false, this::collect);
        q.put(g(), true, this::collect);
        List<Long> drained = new ArrayList<>();
        q.drainTo(gp -> drained.add(gp.goid));
        assertEquals(List.of(2L, 1L), drained);
        assertTrue(q.isEmpty());
    }

    @Test
    void aGTakenByTheOwnerIsNoLongerReferencedByTheQueue() {
        RunQueue q = new RunQueue(4);
        for (int round = 0; round < 10; round++) { // round the ring a few times
            q.put(g(), false, this::collect);
            q.put(g(), false, this::collect);
            assertEquals(2, q.slotsInUse());
            assertNotNull(q.get());
            assertEquals(1, q.slotsInUse(), "the slot of the G just taken is cleared");
            assertNotNull(q.get());
            assertEquals(0, q.slotsInUse());
        }
    }

    @Test
    void gsTakenByAThiefAreNoLongerReferencedByEitherQueueOnceTheirOwnersLook() {
        RunQueue victim = new RunQueue();
        RunQueue thief = new RunQueue();
        for (int i = 0; i < 8; i++) {
            victim.put(g(), false, this::collect);
        }
        G first = thief.steal(victim, false, () -> false);
        assertNotNull(first);
        assertEquals(3, thief.slotsInUse(), "the thief's ring holds what it queued, not the G it returned");
        for (G gp = thief.get(); gp != null; gp = thief.get()) {
            assertNotSame(first, gp);
        }
        assertEquals(0, thief.slotsInUse());
        assertEquals(8, victim.slotsInUse(), "only the owner clears, and it has not looked yet");
        assertEquals(4, victim.size());
        assertNotNull(victim.get());
        assertEquals(3, victim.slotsInUse(), "the owner's next get clears the slots the thief emptied");
        while (victim.get() != null) {
            // take the rest
        }
        assertEquals(0, victim.slotsInUse());
    }

    @Test
    void anOwnerThatFindsItsRingEmptiedByThievesClearsIt() {
        RunQueue victim = new RunQueue();
        RunQueue thief = new RunQueue();
        victim.put(g(), false, this::collect);
        assertNotNull(thief.steal(victim, false, () -> false));
        assertEquals(0, thief.slotsInUse());
        assertEquals(1, victim.slotsInUse());
        assertNull(victim.get());
        assertEquals(0, victim.slotsInUse());
    }

    @Test
    void clearTakenDropsWhatThievesTookWithoutTouchingWhatIsQueued() {
        RunQueue victim = new RunQueue();
        RunQueue thief = new RunQueue();
        for (int i = 0; i < 4; i++) {
            victim.put(g(), false, this::collect);
        }
        assertNotNull(thief.steal(victim, false, () -> false)); // takes 1 and 2
        victim.clearTaken();
        assertEquals(2, victim.slotsInUse());
        assertEquals(3, goid(victim.get()));
        assertEquals(4, goid(victim.get()));
        assertEquals(0, victim.slotsInUse());
    }

    @Test
    void overflowAndDrainLeaveNoReferencesBehind() {
        RunQueue q = new RunQueue(8);
        for (int i = 0; i < 9; i++) {
            q.put(g(), false, this::collect); // the ninth moves 4 + 1 to the global queue
        }
        assertEquals(5, overflowed.size());
        assertEquals(4, q.size());
        assertEquals(4, q.slotsInUse());
        q.put(g(), true, this::collect);
        q.drainTo(gp -> {});
        assertEquals(0, q.slotsInUse());
    }
}
