package gmp4j.runtime;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Collections;
import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SysmonAndLifecycleTest {
    private Sched sched;

    @AfterEach
    void shutdown() {
        if (sched != null) {
            sched.shutdown();
        }
    }

    /** Spins for {@code millis}, polling Preempt.check() as injected code would. */
    static void hog(long millis) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < end) {
            Preempt.check();
        }
    }

    @Test
    void sysmonAsksAGoroutineThatRanPastItsTimeSliceToYieldAndThePollServesIt() throws Exception {
        sched = new Sched(SchedConfig.defaults().withGomaxprocs(1).withTimeSlice(Duration.ofMillis(10)));
        CountDownLatch hogRunning = new CountDownLatch(1);
        AtomicBoolean hogDone = new AtomicBoolean();
        AtomicBoolean otherRanDuringHog = new AtomicBoolean();
        Thread hog = sched.threadBuilder().start(() -> {
            hogRunning.countDown();
            hog(300);
            hogDone.set(true);
        });
        hogRunning.await();
        Thread other = sched.threadBuilder().start(() -> otherRanDuringHog.set(!hogDone.get()));
        other.join();
        hog.join();
        assertTrue(otherRanDuringHog.get(), "the other G got the only P while the hog still ran");
        SchedSnapshot s = sched.snapshot();
        assertTrue(s.preemptRequests() > 0);
        assertTrue(s.preemptions() > 0);
        assertEquals(0, s.preemptFailures());
    }

    @Test
    void aLoneGoroutineIsNotAskedToYieldUntilAnotherWaitsAndSysmonDoesNotPollMeanwhile() throws Exception {
        // Not Go: a served request costs the running code (see Sysmon.retake), so a G whose
        // slice is over is asked only when some G waits. Sysmon then backs off to one look a
        // slice; it must not poll every 20 us because a slice end it did not act on has passed.
        sched = new Sched(SchedConfig.defaults().withGomaxprocs(1).withTimeSlice(Duration.ofMillis(10))
                .withWakePreempt(Duration.ZERO));
        CountDownLatch aloneDone = new CountDownLatch(1);
        AtomicBoolean otherRanDuringHog = new AtomicBoolean();
        AtomicBoolean hogDone = new AtomicBoolean();
        long[] aloneRounds = new long[1];
        long[] aloneRequests = new long[1];
        Thread hog = sched.threadBuilder().start(() -> {
            long r0 = sched.sysmon.rounds;
            hog(300);
            aloneRounds[0] = sched.sysmon.rounds - r0;
            aloneRequests[0] = sched.stats.preemptRequests.sum();
            aloneDone.countDown();
            hog(300); // the other G is started meanwhile
            hogDone.set(true);
        });
        aloneDone.await();
        Thread other = sched.threadBuilder().start(() -> otherRanDuringHog.set(!hogDone.get()));
        other.join();
        hog.join();
        assertEquals(0, aloneRequests[0], "requests while the hog ran alone: " + sched.snapshot());
        assertTrue(aloneRounds[0] < 150, aloneRounds[0] + " sysmon rounds in 300 ms of a lone hog");
        assertTrue(otherRanDuringHog.get(), "the waiting G got the only P while the hog still ran");
        assertTrue(sched.snapshot().preemptions() > 0, sched.snapshot().toString());
    }

    @Test
    void aTimeSliceEndsOnTimeAlthoughSysmonHasBackedOffToLongSleeps() throws Exception {
        // Go's sysmon, after 1 ms without anything to do, doubles its sleep up to 10 ms and only
        // then sees that a 15 ms slice has ended: about 21 ms after the last preemption.
        sched = new Sched(SchedConfig.defaults().withGomaxprocs(1).withTimeSlice(Duration.ofMillis(15))
                .withPreemptUncontended(true));
        List<Long> preemptedAt = new ArrayList<>();
        Thread hog = sched.threadBuilder().start(() -> {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
            long seen = 0;
            for (long now; (now = System.nanoTime()) < end; ) {
                Preempt.check();
                long n = sched.stats.preemptions.sum();
                if (n != seen) {
                    seen = n;
                    preemptedAt.add(now);
                }
            }
        });
        hog.join();
        List<Long> slices = new ArrayList<>();
        for (int i = 1; i < preemptedAt.size(); i++) {
            slices.add(TimeUnit.NANOSECONDS.toMicros(preemptedAt.get(i) - preemptedAt.get(i - 1)));
        }
        Collections.sort(slices);
        assertTrue(slices.size() >= 5, "preemptions: " + preemptedAt.size() + ", " + sched.snapshot());
        long median = slices.get(slices.size() / 2);
        // the median, as a loaded machine may stretch a few slices
        assertTrue(median >= 14_500 && median < 17_500, "slices (us): " + slices);
    }

    @Test
    void aPreemptionRequestDoesNotSendSysmonBackToPollingEvery20Microseconds() throws Exception {
        // As in Go's retake, a request wakes nobody, so it does not count as work done: sysmon
        // keeps its backed-off sleep and wakes when the next slice ends. Counted, each request
        // would buy 50 more rounds of 20 us sleeps, stealing a CPU 50 times per slice.
        sched = new Sched(SchedConfig.defaults().withGomaxprocs(1).withTimeSlice(Duration.ofMillis(10))
                .withPreemptUncontended(true));
        long[] rounds = new long[1];
        Thread hog = sched.threadBuilder().start(() -> {
            hog(50); // sysmon backs off meanwhile
            long r0 = sched.sysmon.rounds;
            hog(300);
            rounds[0] = sched.sysmon.rounds - r0;
        });
        hog.join();
        long preemptions = sched.snapshot().preemptions();
        assertTrue(preemptions >= 10, sched.snapshot().toString());
        assertTrue(rounds[0] < 10 * preemptions, rounds[0] + " sysmon rounds for " + preemptions + " preemptions");
    }

    @Test
    void ofTwoHogsPreemptedTogetherOneGetsAHalfSliceSoThatTheirSlicesEndApart() throws Exception {
        // In step, both Ps' slices end within microseconds of each other, and a G readied in
        // between waits for a whole slice. Sysmon spreads them: the second of two requests raised
        // together gives its P a next slice half as long. Nothing else shortens a slice.
        // Up to three tries: one hog's first request is sometimes served about 10 ms late (a 30 ms
        // slice, with or without the stagger; on this 2-core machine, most likely its carrier
        // kept off the CPU), which spreads the two before sysmon has to. Without the stagger no
        // try can show a half slice (sysmon never ends a slice early).
        long slice = TimeUnit.MILLISECONDS.toNanos(20);
        List<List<Long>> tries = new ArrayList<>();
        for (int attempt = 0; attempt < 3; attempt++) {
            List<List<Long>> slices = slicesOfTwoHogsBeganInStep(slice);
            tries.addAll(slices);
            List<Long> all = slices.stream().flatMap(List::stream).toList();
            assertTrue(all.size() >= 10, "slices (us): " + slices + ", " + sched.snapshot());
            assertTrue(all.stream().noneMatch(us -> us <= slice * 3 / 10_000), "slices (us) of each hog: " + slices);
            if (all.stream().anyMatch(us -> us > slice * 3 / 10_000 && us < slice * 7 / 10_000)) {
                return;
            }
        }
        fail("no half slice in three tries; slices (us) of each hog, try after try: " + tries);
    }

    /**
     * Replaces the previous try's scheduler with one of two Ps and the given slice, runs body in
     * two hogs whose Ps begin a slice in step, and waits for both. Each hog first runs until it
     * has been preempted once (its slices are then timed from their start) and the other has
     * too, then both yield together. The yield comes 15 ms after the second preemption: a half
     * slice given with that one is spent on the slice that sysmon first looks at after it, which
     * must not be the yield's (sysmon may sleep up to 10 ms between looks).
     */
    private void twoHogsInStep(long slice, Runnable body) throws InterruptedException {
        shutdown();
        sched = new Sched(SchedConfig.defaults().withGomaxprocs(2).withTimeSlice(Duration.ofNanos(slice))
                .withPreemptUncontended(true));
        AtomicLong yieldAt = new AtomicLong(-1);
        List<Thread> hogs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            hogs.add(sched.threadBuilder().start(() -> {
                G me = Preempt.currentG();
                int first = me.runs;
                while (me.runs == first) {
                    Preempt.check();
                }
                if (!yieldAt.compareAndSet(-1, 0)) {
                    yieldAt.set(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(15));
                }
                while (yieldAt.get() <= 0 || System.nanoTime() < yieldAt.get()) {
                    Preempt.check();
                }
                Thread.yield();
                body.run();
            }));
        }
        for (Thread h : hogs) {
            h.join();
        }
    }

    /** Two hogs that yield together, then run 300 ms: the slices of each (us), timed by their P. */
    private List<List<Long>> slicesOfTwoHogsBeganInStep(long slice) throws InterruptedException {
        List<List<Long>> slices = Collections.synchronizedList(new ArrayList<>());
        twoHogsInStep(slice, () -> {
            G me = Preempt.currentG();
            int runs = me.runs;
            List<Long> mine = new ArrayList<>();
            long began = ((M) JdkAccess.currentCarrierThread()).p.sliceStart();
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
            while (System.nanoTime() < end) {
                Preempt.check();
                if (me.runs != runs) { // preempted, and running again
                    runs = me.runs;
                    // When its P began this slice: unlike the hog's own clock, not moved by
                    // how long the OS kept the carrier from resuming it.
                    long start = ((M) JdkAccess.currentCarrierThread()).p.sliceStart();
                    if (began != 0) {
                        mine.add(TimeUnit.NANOSECONDS.toMicros(start - began));
                    }
                    began = start;
                }
            }
            slices.add(mine);
        });
        return slices;
    }

    @Test
    void aRequestAskedAgainAfterAWithdrawalKeepsTheHalfSliceGivenWithTheFirst() throws Exception {
        // Of two hogs preempted in step, the one whose P is to get a half slice ignores that
        // request until sysmon has withdrawn it and asked again. The second asking ends the same
        // slice: counted as a new request in step with the first, it made the half slice a whole
        // one (40.1 to 43.2 ms in 29 tries of 29; this test failed 5 runs of 5 alone, and 11 of
        // 14 runs of the whole class, where some try came out short for a reason not found). Not counted:
        // 20.1 to 20.9 ms in 51 tries of 52, and 30.6 ms once (sysmon late). Up to four tries; a
        // try without a request asked exactly twice (about one in eight) does not count.
        long slice = TimeUnit.MILLISECONDS.toNanos(40);
        List<String> tries = new ArrayList<>();
        for (int attempt = 0; attempt < 4; attempt++) {
            long afterLateYield = sliceAfterALateYield(slice);
            tries.add(afterLateYield < 0 ? "no half-slice request asked exactly twice" : afterLateYield + " us");
            if (afterLateYield >= 0 && afterLateYield < slice * 3 / 4_000) {
                return;
            }
        }
        fail("the slice after the late yield was not a half one (us), try after try: " + tries);
    }

    /**
     * Two hogs that yield together; the first that gets a request with a half slice attached
     * yields only once sysmon has withdrawn that request and asked again. Returns the length (us)
     * of the next slice of that hog's P (whichever G runs on it), or a negative number if no hog
     * did so within 500 ms.
     */
    private long sliceAfterALateYield(long slice) throws InterruptedException {
        AtomicReference<P> late = new AtomicReference<>(); // the P whose G yielded late
        AtomicLong result = new AtomicLong(-1);
        twoHogsInStep(slice, () -> {
            G me = Preempt.currentG();
            int tick = 0; // the late P's schedtick last seen; 0: this hog did not yield late
            long began = 0; // when the late P's slice after the late yield began; 0: not yet
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
            while (System.nanoTime() < end && result.get() == -1) {
                P p = ((M) JdkAccess.currentCarrierThread()).p;
                if (late.get() == null && me.preemptRequested()) {
                    spin(200_000); // sysmon notes the stagger just after raising the request
                    if (p.sysmonStagger != 0 && late.compareAndSet(null, p)) {
                        long withdrawn = sched.stats.preemptWithdrawals.sum();
                        long giveUp = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
                        while ((sched.stats.preemptWithdrawals.sum() == withdrawn || !me.preemptRequested())
                                && System.nanoTime() < giveUp) {
                            // no check: the request stays unserved until sysmon asks again
                        }
                        spin(200_000); // ... and has done what it does after asking
                        // (sysmonWithdrawn is sysmon's plain field; read after the volatile reads above)
                        if (p.sysmonWithdrawn != 1 || !me.preemptRequested()) {
                            result.set(-2); // not asked exactly twice: this try does not count
                            return;
                        }
                        tick = p.schedtick();
                    }
                }
                Preempt.check();
                P lateP = late.get();
                if (tick != 0 && lateP.schedtick() != tick) { // the late yield's P began a slice
                    tick = lateP.schedtick();
                    if (began == 0) {
                        began = lateP.sliceStart(); // noted: the slice follows a preemption
                    } else {
                        result.set(TimeUnit.NANOSECONDS.toMicros(lateP.sliceStart() - began));
                    }
                }
            }
        });
        return result.get();
    }

    private static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    @Test
    void withoutPollsAHogKeepsItsPDespiteTheRequest() throws Exception {
        sched = new Sched(SchedConfig.defaults().withGomaxprocs(1).withTimeSlice(Duration.ofMillis(10)));
        CountDownLatch hogRunning = new CountDownLatch(1);
        AtomicBoolean hogDone = new AtomicBoolean();
        AtomicBoolean otherRanDuringHog = new AtomicBoolean(true);
        AtomicLong samples = new AtomicLong();
        AtomicLong samplesWithRequestPending = new AtomicLong();
        Thread hog = sched.threadBuilder().start(() -> {
            hogRunning.countDown();
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(150);
            while (System.nanoTime() < end) {
                // No Preempt.check(): nothing can take the carrier back.
                samples.incrementAndGet();
                if (Preempt.pending() != 0) {
                    samplesWithRequestPending.incrementAndGet();
                }
            }
            hogDone.set(true);
        });
        hogRunning.await();
        Thread other = sched.threadBuilder().start(() -> otherRanDuringHog.set(!hogDone.get()));
        other.join();
        hog.join();
        SchedSnapshot s = sched.snapshot();
        assertFalse(otherRanDuringHog.get(), s.toString());
        assertTrue(s.preemptRequests() >= 3, "sysmon asked again every time slice: " + s);
        assertEquals(0, s.preemptions());
        // Unserved requests are withdrawn after PREEMPT_WITHDRAW_NS (1 ms of each 10 ms slice),
        // so other threads' checks do not take the slow path the whole time.
        assertTrue(s.preemptWithdrawals() >= s.preemptRequests() - 1, s.toString());
        assertTrue(samplesWithRequestPending.get() < samples.get() / 3,
                samplesWithRequestPending + " of " + samples + " samples saw a pending request");
    }

    static final class HogInInitializer {
        static final long DONE;

        static {
            hog(100); // <clinit> pins the virtual thread: the yield cannot happen
            DONE = System.nanoTime();
        }
    }

    @Test
    void aPinnedGoroutineCountsTheRequestAsFailedAndCarriesOn() throws Exception {
        sched = new Sched(SchedConfig.defaults().withGomaxprocs(1).withTimeSlice(Duration.ofMillis(10))
                .withPreemptUncontended(true));
        AtomicLong done = new AtomicLong();
        sched.threadBuilder().start(() -> done.set(HogInInitializer.DONE)).join();
        assertTrue(done.get() > 0);
        assertTrue(sched.snapshot().preemptFailures() > 0, sched.snapshot().toString());
    }

    @Test
    void platformThreadsAreNeverYieldedByThePoll() throws Exception {
        sched = new Sched(SchedConfig.defaults().withGomaxprocs(1).withTimeSlice(Duration.ofMillis(1)));
        Thread hog = sched.threadBuilder().start(() -> {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
            while (System.nanoTime() < end) {
                Thread.onSpinWait(); // keeps a request pending: the fast path is not zero
            }
        });
        Thread.sleep(30);
        assertFalse(Preempt.requested());
        long t0 = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            Preempt.check(); // on this platform thread: must simply return
        }
        assertTrue(System.nanoTime() - t0 < TimeUnit.MILLISECONDS.toNanos(50));
        hog.join();
    }

    @Test
    void schedtracePrintsGoFormatLinesPeriodically() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        sched = new Sched(SchedConfig.defaults().withGomaxprocs(2).withSchedtrace(Duration.ofMillis(20), ps));
        sched.threadBuilder().start(() -> hog(5)).join();
        Thread.sleep(150);
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertTrue(lines.length >= 3, "lines: " + lines.length);
        for (String l : lines) {
            assertTrue(l.matches("SCHED \\d+ms: gomaxprocs=2 idleprocs=\\d threads=\\d+ spinningthreads=\\d+"
                    + " idlethreads=\\d+ runqueue=\\d+ \\[\\d+ \\d+\\]"), "line: " + l);
        }
    }

    @Test
    void sysmonSleepsWhileEveryPIsIdleAndWakesForWork() throws Exception {
        sched = new Sched(SchedConfig.defaults().withGomaxprocs(2));
        sched.threadBuilder().start(() -> {}).join();
        Thread.sleep(100);
        long r0 = sched.sysmon.rounds;
        Thread.sleep(200);
        assertEquals(r0, sched.sysmon.rounds, "no polling while idle");
        sched.threadBuilder().start(() -> hog(50)).join();
        assertTrue(sched.sysmon.rounds > r0, "woken by startm");
    }

    @Test
    void afterShutdownSubmissionsAreRejectedAndCarriersExit() throws Exception {
        sched = new Sched(SchedConfig.defaults().withGomaxprocs(2));
        for (int i = 0; i < 10; i++) {
            sched.threadBuilder().start(() -> hog(1));
        }
        Thread.sleep(50);
        assertTrue(sched.snapshot().threads() > 0);
        sched.shutdown();
        assertTrue(sched.awaitTermination(10, TimeUnit.SECONDS));
        assertEquals(0, sched.snapshot().threads());
        assertThrows(RejectedExecutionException.class, () -> sched.execute(() -> {}));
        assertThrows(RejectedExecutionException.class, () -> sched.threadBuilder().start(() -> {}));
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("gmp4j-m-") && t.isAlive()
                        && ((M) t).sched == sched));
    }

    @Test
    void withoutJavaLangOpenedTheSchedulerSaysWhatToAdd() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SchedWithoutOpens.class.getName())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(3, p.exitValue(), out);
        assertTrue(out.contains("--add-opens java.base/java.lang=ALL-UNNAMED"), out);
        assertTrue(out.contains("-javaagent"), out);
    }
}
