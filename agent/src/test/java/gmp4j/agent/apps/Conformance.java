package gmp4j.agent.apps;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Virtual-thread behaviour as the JDK documents it (Thread, LockSupport, Object.wait, the
 * java.util.concurrent synchronizers, ExecutorService, CompletableFuture, thread dumps), one named
 * check at a time. Prints "name: PASS" or "name: FAIL reason" per check, in a fixed order, then
 * "conformance: N checks, M failed", and exits 1 if any failed; stderr says which carriers ran the
 * checks. ConformanceIT runs it on the JDK's own scheduler and under the agent and expects the
 * same stdout.
 *
 * Timing rules (a loaded 2-core machine): timed waits are checked only against their lower bound
 * (elapsed >= requested, as the JDK promises that a timeout does not fire early); anything else
 * waits for at most WAIT, far beyond any plausible delay.
 */
public final class Conformance {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final long TIMEOUT_MS = 30;

    interface Check {
        void run() throws Exception;
    }

    static final class Failed extends RuntimeException {
        Failed(String why) {
            super(why, null, false, false);
        }
    }

    static void require(boolean ok, String why) {
        if (!ok) {
            throw new Failed(why);
        }
    }

    static int failures;
    static int checks;

    /** Runs one check on a platform thread, bounded by 2 x WAIT so that a hung check cannot stop the rest. */
    static void check(String name, Check c) throws InterruptedException {
        checks++;
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread runner = Thread.ofPlatform().daemon().name("check-" + name).start(() -> {
            try {
                c.run();
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        String result;
        if (!runner.join(WAIT.multipliedBy(2))) {
            result = "FAIL did not finish in " + WAIT.multipliedBy(2).toSeconds() + " s";
        } else if (failure.get() == null) {
            result = "PASS";
        } else {
            Throwable t = failure.get();
            result = "FAIL " + (t instanceof Failed ? t.getMessage() : t.toString());
        }
        if (!result.equals("PASS")) {
            failures++;
        }
        System.out.println(name + ": " + result);
    }

    /** Carrier names with their numbers stripped ("gmp4j-m-", "ForkJoinPool--worker-"), for stderr. */
    static final java.util.Set<String> carriers = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static Thread vt(Runnable r) {
        return Thread.ofVirtual().start(() -> {
            String s = Thread.currentThread().toString(); // VirtualThread[#id]/runnable@carrier
            carriers.add(s.substring(s.indexOf('@') + 1).replaceAll("-\\d+", "-"));
            r.run();
        });
    }

    /** Runs body on a new virtual thread and waits for it; its exceptions fail the check. */
    static void onVirtual(Check body) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = vt(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        require(t.join(WAIT), "virtual thread did not finish");
        Throwable e = failure.get();
        if (e instanceof Exception ex) {
            throw ex;
        } else if (e instanceof Error err) {
            throw err;
        }
    }

    /** Polls t's state (as another thread sees it) until it is {@code want}, for at most WAIT. */
    static void awaitState(Thread t, Thread.State want) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Thread.State s;
        while ((s = t.getState()) != want) {
            require(System.nanoTime() - deadline < 0, "state " + s + ", expected " + want);
            Thread.sleep(1);
        }
    }

    /** Time since t0 in ms, for lower-bound checks. */
    static long msSince(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    static void atLeast(long t0, long ms, String what) {
        long took = msSince(t0);
        require(took >= ms, what + " returned after " + took + " ms, before its " + ms + " ms");
    }

    static void join(Thread t) throws InterruptedException {
        require(t.join(WAIT), t.getName() + " did not finish");
    }

    public static void main(String[] args) throws Exception {
        identity();
        interruptStatus();
        parking();
        timedWaits();
        threadStates();
        stacksAndDumps();
        handlersAndLocals();
        executors();
        synchronizers();
        System.out.println("conformance: " + checks + " checks, " + failures + " failed");
        System.err.println("carriers: " + new java.util.TreeSet<>(carriers));
        System.exit(failures == 0 ? 0 : 1);
    }

    // ---------------------------------------------------------------------------------------

    static void identity() throws Exception {
        check("virtual-thread-is-virtual-daemon-normal-priority", () -> onVirtual(() -> {
            Thread me = Thread.currentThread();
            require(me.isVirtual(), "isVirtual false");
            require(me.isDaemon(), "not a daemon");
            require(me.getPriority() == Thread.NORM_PRIORITY, "priority " + me.getPriority());
            me.setPriority(Thread.MAX_PRIORITY); // documented to have no effect
            require(me.getPriority() == Thread.NORM_PRIORITY, "setPriority changed it");
            require(me.getThreadGroup() != null, "no thread group");
        }));
        check("thread-id-and-current-thread-stay-the-same-across-parks", () -> onVirtual(() -> {
            Thread me = Thread.currentThread();
            long id = me.threadId();
            for (int i = 0; i < 100; i++) {
                LockSupport.parkNanos(10_000);
                Thread.yield();
                require(Thread.currentThread() == me && me.threadId() == id, "identity changed");
            }
        }));
        check("builder-names-with-a-counter", () -> {
            Thread.Builder.OfVirtual b = Thread.ofVirtual().name("worker-", 7);
            Thread a = b.unstarted(() -> {});
            Thread c = b.unstarted(() -> {});
            require(a.getName().equals("worker-7") && c.getName().equals("worker-8"), a.getName() + " " + c.getName());
        });
        check("start-twice-throws-illegal-thread-state", () -> {
            Thread t = vt(() -> {});
            join(t);
            try {
                t.start();
                require(false, "second start did not throw");
            } catch (IllegalThreadStateException expected) {
                // documented
            }
        });
        check("join-of-an-unstarted-thread", () -> {
            Thread t = Thread.ofVirtual().unstarted(() -> {});
            t.join(); // documented: returns at once when not started
            try {
                t.join(Duration.ofMillis(1));
                require(false, "join(Duration) did not throw");
            } catch (IllegalThreadStateException expected) {
                // documented: "if this thread has not been started"
            }
        });
    }

    static void interruptStatus() throws Exception {
        check("interrupt-sets-status-and-interrupted-clears-it", () -> onVirtual(() -> {
            Thread me = Thread.currentThread();
            me.interrupt();
            require(me.isInterrupted(), "status not set");
            require(me.isInterrupted(), "isInterrupted cleared it");
            require(Thread.interrupted(), "interrupted() false");
            require(!Thread.interrupted() && !me.isInterrupted(), "interrupted() did not clear it");
        }));
        check("sleep-with-status-set-throws-at-once-and-clears", () -> onVirtual(() -> {
            Thread.currentThread().interrupt();
            long t0 = System.nanoTime();
            try {
                Thread.sleep(WAIT.toMillis());
                require(false, "sleep did not throw");
            } catch (InterruptedException expected) {
                require(!Thread.currentThread().isInterrupted(), "status still set");
            }
            require(msSince(t0) < WAIT.toMillis(), "slept");
        }));
        check("interrupt-wakes-sleep-with-exception-and-clears-status", () -> {
            AtomicReference<String> saw = new AtomicReference<>("nothing");
            Thread t = vt(() -> {
                try {
                    Thread.sleep(WAIT.toMillis() * 3);
                    saw.set("slept through");
                } catch (InterruptedException e) {
                    saw.set(Thread.currentThread().isInterrupted() ? "status kept" : "ok");
                }
            });
            awaitState(t, Thread.State.TIMED_WAITING);
            t.interrupt();
            join(t);
            require(saw.get().equals("ok"), saw.get());
        });
        check("interrupt-wakes-join-with-exception-and-clears-status", () -> {
            CountDownLatch never = new CountDownLatch(1);
            Thread target = vt(() -> {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    // ended by the check
                }
            });
            AtomicReference<String> saw = new AtomicReference<>("nothing");
            Thread joiner = vt(() -> {
                try {
                    target.join();
                    saw.set("joined");
                } catch (InterruptedException e) {
                    saw.set(Thread.currentThread().isInterrupted() ? "status kept" : "ok");
                }
            });
            awaitState(joiner, Thread.State.WAITING);
            joiner.interrupt();
            join(joiner);
            target.interrupt();
            join(target);
            require(saw.get().equals("ok"), saw.get());
        });
        check("interrupt-wakes-wait-with-exception-and-clears-status", () -> {
            Object lock = new Object();
            AtomicReference<String> saw = new AtomicReference<>("nothing");
            Thread t = vt(() -> {
                synchronized (lock) {
                    try {
                        lock.wait();
                        saw.set("notified");
                    } catch (InterruptedException e) {
                        saw.set((Thread.currentThread().isInterrupted() ? "status kept" : "ok")
                                + (Thread.holdsLock(lock) ? "" : " without the monitor"));
                    }
                }
            });
            awaitState(t, Thread.State.WAITING);
            t.interrupt();
            join(t);
            require(saw.get().equals("ok"), saw.get());
        });
        check("interrupt-unparks-park-and-keeps-status", () -> {
            AtomicReference<String> saw = new AtomicReference<>("nothing");
            Thread t = vt(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    LockSupport.park(); // may return spuriously: loop on the condition
                }
                saw.set(Thread.currentThread().isInterrupted() ? "ok" : "status lost");
            });
            awaitState(t, Thread.State.WAITING);
            t.interrupt();
            join(t);
            require(saw.get().equals("ok"), saw.get());
        });
        check("park-with-status-set-returns-at-once", () -> onVirtual(() -> {
            Thread.currentThread().interrupt();
            long t0 = System.nanoTime();
            LockSupport.parkNanos(WAIT.toNanos());
            require(msSince(t0) < WAIT.toMillis(), "parked despite the interrupt status");
            require(Thread.interrupted(), "park cleared the status");
        }));
        check("lock-interruptibly-throws-when-interrupted", () -> {
            ReentrantLock lock = new ReentrantLock();
            lock.lock(); // held by this platform thread
            try {
                AtomicReference<String> saw = new AtomicReference<>("nothing");
                Thread t = vt(() -> {
                    try {
                        lock.lockInterruptibly();
                        saw.set("acquired");
                    } catch (InterruptedException e) {
                        saw.set("ok");
                    }
                });
                awaitState(t, Thread.State.WAITING);
                t.interrupt();
                join(t);
                require(saw.get().equals("ok"), saw.get());
            } finally {
                lock.unlock();
            }
        });
        check("interrupt-does-not-abort-monitor-enter", () -> {
            Object lock = new Object();
            AtomicReference<String> saw = new AtomicReference<>("nothing");
            Thread t;
            synchronized (lock) {
                t = vt(() -> {
                    synchronized (lock) {
                        saw.set(Thread.currentThread().isInterrupted() ? "ok" : "status lost");
                    }
                });
                awaitState(t, Thread.State.BLOCKED);
                t.interrupt();
                Thread.sleep(TIMEOUT_MS);
                require(t.getState() == Thread.State.BLOCKED, "left BLOCKED while the monitor was held: " + t.getState());
            }
            join(t);
            require(saw.get().equals("ok"), saw.get());
        });
    }

    static void parking() throws Exception {
        check("unpark-before-park-makes-the-next-park-return", () -> onVirtual(() -> {
            LockSupport.unpark(Thread.currentThread());
            long t0 = System.nanoTime();
            LockSupport.parkNanos(WAIT.toNanos());
            require(msSince(t0) < WAIT.toMillis(), "the permit was lost");
        }));
        check("park-blocker-is-visible-while-parked", () -> {
            Object blocker = new Object();
            AtomicBoolean go = new AtomicBoolean();
            Thread t = vt(() -> {
                while (!go.get()) {
                    LockSupport.park(blocker);
                }
            });
            awaitState(t, Thread.State.WAITING);
            require(LockSupport.getBlocker(t) == blocker, "blocker " + LockSupport.getBlocker(t));
            go.set(true);
            LockSupport.unpark(t);
            join(t);
            require(LockSupport.getBlocker(t) == null, "blocker left behind");
        });
        check("ten-thousand-parked-threads-all-wake", () -> {
            int n = 10_000;
            AtomicBoolean go = new AtomicBoolean();
            AtomicInteger woke = new AtomicInteger();
            List<Thread> ts = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ts.add(vt(() -> {
                    while (!go.get()) {
                        LockSupport.park();
                    }
                    woke.incrementAndGet();
                }));
            }
            go.set(true);
            for (Thread t : ts) {
                LockSupport.unpark(t);
            }
            for (Thread t : ts) {
                join(t);
            }
            require(woke.get() == n, "woke " + woke.get());
        });
        check("yield-returns-and-lets-others-run", () -> onVirtual(() -> {
            AtomicBoolean ran = new AtomicBoolean();
            Thread other = vt(() -> ran.set(true));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!ran.get() && System.nanoTime() - deadline < 0) {
                Thread.yield();
            }
            require(ran.get(), "the other thread never ran");
            join(other);
        }));
    }

    static void timedWaits() throws Exception {
        check("sleep-does-not-return-early", () -> onVirtual(() -> {
            for (long ms : new long[] {1, 5, TIMEOUT_MS}) {
                long t0 = System.nanoTime();
                Thread.sleep(ms);
                atLeast(t0, ms, "sleep(" + ms + ")");
            }
            long t0 = System.nanoTime();
            Thread.sleep(Duration.ofMillis(TIMEOUT_MS));
            atLeast(t0, TIMEOUT_MS, "sleep(Duration)");
        }));
        check("timed-wait-does-not-time-out-early", () -> onVirtual(() -> {
            Object lock = new Object();
            long t0 = System.nanoTime();
            synchronized (lock) {
                while (msSince(t0) < TIMEOUT_MS) { // wait may wake spuriously: the documented loop
                    lock.wait(TIMEOUT_MS);
                }
            }
            require(!Thread.holdsLock(lock), "monitor still held");
        }));
        check("timed-join-waits-its-timeout-for-a-live-thread", () -> {
            CountDownLatch release = new CountDownLatch(1);
            Thread target = vt(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new RuntimeException(e);
                }
            });
            onVirtual(() -> {
                long t0 = System.nanoTime();
                require(!target.join(Duration.ofMillis(TIMEOUT_MS)), "join(Duration) true for a live thread");
                atLeast(t0, TIMEOUT_MS, "join(Duration)");
                t0 = System.nanoTime();
                target.join(TIMEOUT_MS);
                atLeast(t0, TIMEOUT_MS, "join(millis)");
            });
            release.countDown();
            join(target);
        });
        check("condition-await-times-out-no-earlier-than-asked", () -> onVirtual(() -> {
            ReentrantLock lock = new ReentrantLock();
            Condition never = lock.newCondition();
            lock.lock();
            try {
                long t0 = System.nanoTime();
                require(!never.await(TIMEOUT_MS, TimeUnit.MILLISECONDS), "await said signalled");
                atLeast(t0, TIMEOUT_MS, "Condition.await(timeout)");
                require(lock.isHeldByCurrentThread(), "lock not re-acquired");
            } finally {
                lock.unlock();
            }
        }));
        check("semaphore-latch-queue-future-timeouts-are-not-early", () -> onVirtual(() -> {
            long t0 = System.nanoTime();
            require(!new Semaphore(0).tryAcquire(TIMEOUT_MS, TimeUnit.MILLISECONDS), "acquired");
            atLeast(t0, TIMEOUT_MS, "Semaphore.tryAcquire");
            t0 = System.nanoTime();
            require(!new CountDownLatch(1).await(TIMEOUT_MS, TimeUnit.MILLISECONDS), "latch open");
            atLeast(t0, TIMEOUT_MS, "CountDownLatch.await");
            t0 = System.nanoTime();
            require(new SynchronousQueue<String>().poll(TIMEOUT_MS, TimeUnit.MILLISECONDS) == null, "polled");
            atLeast(t0, TIMEOUT_MS, "SynchronousQueue.poll");
            t0 = System.nanoTime();
            try {
                new CompletableFuture<String>().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
                require(false, "completed");
            } catch (TimeoutException expected) {
                atLeast(t0, TIMEOUT_MS, "CompletableFuture.get");
            }
        }));
        check("timed-park-in-a-loop-reaches-its-deadline", () -> onVirtual(() -> {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
            int parks = 0;
            long left;
            while ((left = deadline - System.nanoTime()) > 0) {
                LockSupport.parkNanos(left);
                parks++;
            }
            require(parks >= 1, "never parked");
        }));
        check("many-concurrent-sleeps-each-last-their-time", () -> {
            int n = 1000;
            AtomicInteger early = new AtomicInteger();
            List<Thread> ts = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                long ms = 1 + i % 20;
                ts.add(vt(() -> {
                    long t0 = System.nanoTime();
                    try {
                        Thread.sleep(ms);
                    } catch (InterruptedException e) {
                        throw new RuntimeException(e);
                    }
                    if (msSince(t0) < ms) {
                        early.incrementAndGet();
                    }
                }));
            }
            for (Thread t : ts) {
                join(t);
            }
            require(early.get() == 0, early.get() + " sleeps ended early");
        });
    }

    static void threadStates() throws Exception {
        check("state-new-runnable-terminated", () -> {
            AtomicBoolean stop = new AtomicBoolean();
            Thread t = Thread.ofVirtual().unstarted(() -> {
                while (!stop.get()) {
                    Thread.onSpinWait();
                }
            });
            require(t.getState() == Thread.State.NEW, "before start: " + t.getState());
            require(!t.isAlive(), "alive before start");
            t.start();
            awaitState(t, Thread.State.RUNNABLE);
            require(t.isAlive(), "not alive while running");
            stop.set(true);
            join(t);
            require(t.getState() == Thread.State.TERMINATED, "after join: " + t.getState());
            require(!t.isAlive(), "alive after join");
        });
        check("state-waiting-in-park-wait-join-and-timed-waiting-in-sleep-timed-park-timed-wait", () -> {
            Object lock = new Object();
            CountDownLatch release = new CountDownLatch(1);
            Thread parked = vt(() -> {
                while (release.getCount() > 0) {
                    LockSupport.park();
                }
            });
            Thread waiting = vt(() -> {
                synchronized (lock) {
                    while (release.getCount() > 0) {
                        try {
                            lock.wait();
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            });
            Thread joining = vt(() -> {
                try {
                    parked.join();
                } catch (InterruptedException e) {
                    // ended by the check
                }
            });
            Thread sleeping = vt(() -> {
                try {
                    Thread.sleep(WAIT.toMillis() * 3);
                } catch (InterruptedException e) {
                    // ended by the check
                }
            });
            Thread timedParked = vt(() -> {
                long deadline = System.nanoTime() + WAIT.toNanos() * 3;
                while (release.getCount() > 0 && deadline - System.nanoTime() > 0) {
                    LockSupport.parkNanos(deadline - System.nanoTime());
                }
            });
            Thread timedWaiting = vt(() -> {
                synchronized (lock) {
                    while (release.getCount() > 0) {
                        try {
                            lock.wait(WAIT.toMillis() * 3);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            });
            awaitState(parked, Thread.State.WAITING);
            awaitState(waiting, Thread.State.WAITING);
            awaitState(joining, Thread.State.WAITING);
            awaitState(sleeping, Thread.State.TIMED_WAITING);
            awaitState(timedParked, Thread.State.TIMED_WAITING);
            awaitState(timedWaiting, Thread.State.TIMED_WAITING);
            release.countDown();
            synchronized (lock) {
                lock.notifyAll();
            }
            for (Thread t : List.of(parked, timedParked)) {
                LockSupport.unpark(t);
            }
            sleeping.interrupt();
            for (Thread t : List.of(parked, waiting, joining, sleeping, timedParked, timedWaiting)) {
                join(t);
                require(t.getState() == Thread.State.TERMINATED, t.getState().toString());
            }
        });
        check("state-blocked-on-a-held-monitor-then-runs", () -> {
            Object lock = new Object();
            AtomicBoolean entered = new AtomicBoolean();
            Thread t;
            synchronized (lock) {
                t = vt(() -> {
                    synchronized (lock) {
                        entered.set(true);
                    }
                });
                awaitState(t, Thread.State.BLOCKED);
                require(!entered.get(), "entered a held monitor");
            }
            join(t);
            require(entered.get(), "never entered");
        });
        check("state-blocked-when-reentering-after-notify", () -> {
            Object lock = new Object();
            AtomicBoolean notified = new AtomicBoolean();
            Thread t = vt(() -> {
                synchronized (lock) {
                    while (!notified.get()) {
                        try {
                            lock.wait();
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            });
            awaitState(t, Thread.State.WAITING);
            synchronized (lock) {
                notified.set(true);
                lock.notify();
                // the waiter must get the monitor back before wait returns: it cannot while we hold it
                awaitState(t, Thread.State.BLOCKED);
            }
            join(t);
        });
    }

    static void stacksAndDumps() throws Exception {
        check("get-all-stack-traces-lists-platform-threads-only", () -> {
            CountDownLatch release = new CountDownLatch(1);
            Thread t = Thread.ofVirtual().name("conformance-parked").start(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new RuntimeException(e);
                }
            });
            awaitState(t, Thread.State.WAITING);
            var all = Thread.getAllStackTraces();
            release.countDown();
            join(t);
            require(!all.containsKey(t), "a virtual thread is listed");
            require(all.containsKey(Thread.currentThread()), "the calling platform thread is missing");
        });
        check("stack-trace-of-a-parked-virtual-thread-shows-where-it-waits", () -> {
            CountDownLatch release = new CountDownLatch(1);
            Thread t = vt(() -> {
                try {
                    waitHere(release);
                } catch (InterruptedException e) {
                    throw new RuntimeException(e);
                }
            });
            awaitState(t, Thread.State.WAITING);
            StackTraceElement[] st = t.getStackTrace();
            release.countDown();
            join(t);
            require(Arrays.stream(st).anyMatch(e -> e.getMethodName().equals("waitHere")),
                    "no waitHere frame in " + Arrays.toString(st));
            require(t.getStackTrace().length == 0, "a terminated thread has a stack");
        });
        check("thread-dump-json-lists-parked-virtual-threads", () -> {
            CountDownLatch release = new CountDownLatch(1);
            List<Thread> ts = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ts.add(Thread.ofVirtual().name("dump-me-" + i).start(() -> {
                    try {
                        waitHere(release);
                    } catch (InterruptedException e) {
                        throw new RuntimeException(e);
                    }
                }));
            }
            for (Thread t : ts) {
                awaitState(t, Thread.State.WAITING);
            }
            Path file = Files.createTempFile("conformance", ".json");
            Files.delete(file);
            try {
                ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                        .dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
                String dump = Files.readString(file);
                for (Thread t : ts) {
                    require(dump.contains("\"" + t.getName() + "\""), t.getName() + " missing from the dump");
                    require(dump.contains("\"tid\": \"" + t.threadId() + "\""), t.threadId() + " missing");
                }
                require(dump.contains("waitHere"), "no stack frames for the virtual threads");
            } finally {
                Files.deleteIfExists(file);
                release.countDown();
            }
            for (Thread t : ts) {
                join(t);
            }
        });
    }

    static void waitHere(CountDownLatch release) throws InterruptedException {
        release.await();
    }

    static void handlersAndLocals() throws Exception {
        check("uncaught-exception-goes-to-the-threads-handler", () -> {
            AtomicReference<String> got = new AtomicReference<>("nothing");
            Thread t = Thread.ofVirtual()
                    .uncaughtExceptionHandler((th, e) -> got.set((th.isVirtual() && th == Thread.currentThread()
                            ? "" : "wrong thread ") + e.getMessage()))
                    .start(() -> {
                        LockSupport.parkNanos(1_000_000); // throw from a continuation that was resumed
                        throw new IllegalStateException("boom");
                    });
            join(t);
            require(got.get().equals("boom"), got.get());
            require(t.getState() == Thread.State.TERMINATED, t.getState().toString());
        });
        check("uncaught-exception-without-handler-goes-to-the-default-handler", () -> {
            Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
            AtomicReference<String> got = new AtomicReference<>("nothing");
            Thread.setDefaultUncaughtExceptionHandler((th, e) -> got.set(e.getMessage()));
            try {
                Thread t = vt(() -> {
                    Thread.yield();
                    throw new Error("default");
                });
                join(t);
            } finally {
                Thread.setDefaultUncaughtExceptionHandler(before);
            }
            require(got.get().equals("default"), got.get());
        });
        check("thread-locals-are-per-thread-and-inheritable-ones-are-copied-at-creation", () -> {
            ThreadLocal<String> tl = ThreadLocal.withInitial(() -> "initial");
            InheritableThreadLocal<String> itl = new InheritableThreadLocal<>();
            AtomicReference<String> seen = new AtomicReference<>();
            AtomicReference<String> seenWithout = new AtomicReference<>();
            onVirtual(() -> {
                tl.set("parent");
                itl.set("inherited");
                Thread child = vt(() -> seen.set(tl.get() + "/" + itl.get()));
                Thread noInherit = Thread.ofVirtual().inheritInheritableThreadLocals(false)
                        .start(() -> seenWithout.set(String.valueOf(itl.get())));
                itl.set("changed later");
                join(child);
                join(noInherit);
                LockSupport.parkNanos(1_000_000);
                require(tl.get().equals("parent"), "lost own value after parking: " + tl.get());
            });
            require("initial/inherited".equals(seen.get()), "child saw " + seen.get());
            require("null".equals(seenWithout.get()), "non-inheriting child saw " + seenWithout.get());
            require(tl.get().equals("initial"), "a virtual thread's value leaked to this thread");
        });
        check("thread-local-values-of-a-terminated-thread-become-unreachable", () -> {
            ThreadLocal<Object> tl = new ThreadLocal<>();
            AtomicReference<WeakReference<Object>> ref = new AtomicReference<>();
            Thread t = vt(() -> {
                Object value = new byte[1 << 20];
                ref.set(new WeakReference<>(value));
                tl.set(value);
                LockSupport.parkNanos(1_000_000);
            });
            join(t);
            for (int i = 0; i < 50 && ref.get().get() != null; i++) {
                System.gc();
                Thread.sleep(10);
            }
            require(ref.get().get() == null, "the value is still reachable (thread " + t.getState() + ")");
        });
    }

    static void executors() throws Exception {
        check("executor-close-waits-for-running-tasks", () -> {
            AtomicInteger done = new AtomicInteger();
            try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 100; i++) {
                    ex.submit(() -> {
                        Thread.sleep(TIMEOUT_MS);
                        return done.incrementAndGet();
                    });
                }
            }
            require(done.get() == 100, "close returned with " + done.get() + " of 100 done");
        });
        check("executor-shutdown-now-interrupts-tasks-and-rejects-new-ones", () -> {
            ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor();
            CountDownLatch started = new CountDownLatch(10);
            AtomicInteger interrupted = new AtomicInteger();
            for (int i = 0; i < 10; i++) {
                ex.submit(() -> {
                    started.countDown();
                    try {
                        Thread.sleep(WAIT.toMillis() * 3);
                    } catch (InterruptedException e) {
                        interrupted.incrementAndGet();
                    }
                });
            }
            require(started.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "tasks did not start");
            ex.shutdownNow();
            require(ex.awaitTermination(WAIT.toMillis(), TimeUnit.MILLISECONDS), "not terminated");
            require(interrupted.get() == 10, "interrupted " + interrupted.get());
            try {
                ex.submit(() -> {});
                require(false, "accepted a task after shutdown");
            } catch (java.util.concurrent.RejectedExecutionException expected) {
                // documented
            }
        });
        check("futures-carry-results-and-exceptions", () -> {
            try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
                Future<Integer> ok = ex.submit(() -> {
                    Thread.sleep(1);
                    return 42;
                });
                Future<Integer> bad = ex.submit(() -> {
                    Thread.sleep(1);
                    throw new java.io.IOException("bad");
                });
                require(ok.get() == 42, "result");
                try {
                    bad.get();
                    require(false, "no exception");
                } catch (ExecutionException e) {
                    require(e.getCause() instanceof java.io.IOException, "cause " + e.getCause());
                }
                require(bad.state() == Future.State.FAILED && ok.state() == Future.State.SUCCESS, "states");
            }
        });
        check("completable-future-chains-on-virtual-threads", () -> {
            try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
                List<CompletableFuture<Integer>> fs = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    int k = i;
                    fs.add(CompletableFuture.supplyAsync(() -> {
                        LockSupport.parkNanos(100_000);
                        return k;
                    }, ex).thenApplyAsync(v -> {
                        require(Thread.currentThread().isVirtual(), "stage not on a virtual thread");
                        return v * 2;
                    }, ex));
                }
                CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new)).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                long sum = fs.stream().mapToLong(CompletableFuture::join).sum();
                require(sum == 2L * 199 * 200 / 2, "sum " + sum);
                CompletableFuture<String> failed = CompletableFuture.supplyAsync(() -> {
                    throw new IllegalStateException("stage failed");
                }, ex);
                require(failed.handle((v, e) -> e.getCause().getMessage()).join().equals("stage failed"), "handle");
            }
        });
    }

    static void synchronizers() throws Exception {
        check("reentrant-lock-condition-ping-pong", () -> {
            ReentrantLock lock = new ReentrantLock();
            Condition changed = lock.newCondition();
            int[] turn = {0};
            int rounds = 5000;
            List<Thread> ts = new ArrayList<>();
            for (int me = 0; me < 2; me++) {
                int self = me;
                ts.add(vt(() -> {
                    for (int i = 0; i < rounds; i++) {
                        lock.lock();
                        try {
                            while (turn[0] != self) {
                                changed.awaitUninterruptibly();
                            }
                            turn[0] = 1 - self;
                            changed.signal();
                        } finally {
                            lock.unlock();
                        }
                    }
                }));
            }
            for (Thread t : ts) {
                join(t);
            }
        });
        check("contended-monitors-and-locks-keep-mutual-exclusion", () -> {
            Object monitor = new Object();
            ReentrantLock lock = new ReentrantLock();
            long[] counts = new long[2];
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger overlaps = new AtomicInteger();
            List<Thread> ts = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                ts.add(vt(() -> {
                    for (int k = 0; k < 200; k++) {
                        synchronized (monitor) {
                            if (inside.incrementAndGet() != 1) {
                                overlaps.incrementAndGet();
                            }
                            counts[0]++;
                            if (k % 50 == 0) {
                                Thread.yield();
                            }
                            inside.decrementAndGet();
                        }
                        lock.lock();
                        try {
                            counts[1]++;
                        } finally {
                            lock.unlock();
                        }
                    }
                }));
            }
            for (Thread t : ts) {
                join(t);
            }
            require(overlaps.get() == 0, overlaps.get() + " overlaps");
            require(counts[0] == 20_000 && counts[1] == 20_000, Arrays.toString(counts));
        });
        check("semaphore-bounds-concurrency", () -> {
            Semaphore permits = new Semaphore(5);
            AtomicInteger holding = new AtomicInteger();
            AtomicInteger most = new AtomicInteger();
            List<Thread> ts = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                ts.add(vt(() -> {
                    permits.acquireUninterruptibly();
                    try {
                        most.accumulateAndGet(holding.incrementAndGet(), Math::max);
                        LockSupport.parkNanos(200_000);
                        holding.decrementAndGet();
                    } finally {
                        permits.release();
                    }
                }));
            }
            for (Thread t : ts) {
                join(t);
            }
            require(most.get() >= 1 && most.get() <= 5, "most " + most.get());
            require(permits.availablePermits() == 5, "permits " + permits.availablePermits());
        });
        check("count-down-latch-and-barrier-release-everyone", () -> {
            int n = 100;
            CountDownLatch ready = new CountDownLatch(n);
            CyclicBarrier barrier = new CyclicBarrier(n);
            AtomicInteger passed = new AtomicInteger();
            List<Thread> ts = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ts.add(vt(() -> {
                    ready.countDown();
                    try {
                        barrier.await();
                    } catch (InterruptedException | BrokenBarrierException e) {
                        return;
                    }
                    passed.incrementAndGet();
                }));
            }
            require(ready.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "latch not released");
            for (Thread t : ts) {
                join(t);
            }
            require(passed.get() == n, "passed " + passed.get());
        });
        check("synchronous-queue-hands-every-item-over-in-order", () -> {
            SynchronousQueue<Integer> q = new SynchronousQueue<>();
            AtomicLong sum = new AtomicLong();
            AtomicBoolean ordered = new AtomicBoolean(true);
            Thread consumer = vt(() -> {
                try {
                    for (int i = 0; i < 10_000; i++) {
                        int v = q.take();
                        ordered.compareAndSet(v != i, false);
                        sum.addAndGet(v);
                    }
                } catch (InterruptedException e) {
                    throw new RuntimeException(e);
                }
            });
            Thread producer = vt(() -> {
                try {
                    for (int i = 0; i < 10_000; i++) {
                        q.put(i);
                    }
                } catch (InterruptedException e) {
                    throw new RuntimeException(e);
                }
            });
            join(producer);
            join(consumer);
            require(ordered.get() && sum.get() == 9_999L * 10_000 / 2, "sum " + sum.get() + " ordered " + ordered.get());
        });
        check("wait-and-notify-outside-the-monitor-throw", () -> onVirtual(() -> {
            Object o = new Object();
            for (Check c : List.<Check>of(o::wait, o::notify, o::notifyAll, () -> o.wait(1))) {
                try {
                    c.run();
                    require(false, "no IllegalMonitorStateException");
                } catch (IllegalMonitorStateException expected) {
                    // documented
                }
            }
        }));
        check("notify-all-wakes-every-waiter", () -> {
            Object lock = new Object();
            boolean[] go = {false};
            int n = 50;
            AtomicInteger woke = new AtomicInteger();
            List<Thread> ts = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ts.add(vt(() -> {
                    synchronized (lock) {
                        while (!go[0]) {
                            try {
                                lock.wait();
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    }
                    woke.incrementAndGet();
                }));
            }
            for (Thread t : ts) {
                awaitState(t, Thread.State.WAITING);
            }
            synchronized (lock) {
                go[0] = true;
                lock.notifyAll();
            }
            for (Thread t : ts) {
                join(t);
            }
            require(woke.get() == n, "woke " + woke.get());
        });
    }
}
