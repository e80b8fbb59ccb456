package gmp4j.agent.apps;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.net.httpserver.HttpServer;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordingFile;

/**
 * Exercises what virtual threads promise, printing "OK name" or "FAIL name: why" per check, and
 * finally the set of carriers the checks ran on ("carriers=..."). Run with and without the agent.
 */
public final class Workout {
    static final Set<String> carriers = ConcurrentHashMap.newKeySet();
    static int failures;

    interface Check {
        void run() throws Exception;
    }

    static void check(String name, Check c) {
        try {
            c.run();
            System.out.println("OK " + name);
        } catch (Throwable t) {
            failures++;
            System.out.println("FAIL " + name + ": " + t);
        }
    }

    static void require(boolean ok, String why) {
        if (!ok) {
            throw new AssertionError(why);
        }
    }

    static void noteCarrier() {
        String s = Thread.currentThread().toString();
        carriers.add(s.substring(s.indexOf('@') + 1));
    }

    static Thread vt(Runnable r) {
        return Thread.ofVirtual().start(() -> {
            noteCarrier();
            r.run();
            noteCarrier();
        });
    }

    public static void main(String[] args) throws Exception {
        check("park-unpark", () -> {
            AtomicInteger turn = new AtomicInteger();
            Thread[] t = new Thread[2];
            for (int me = 0; me < 2; me++) {
                int self = me;
                t[me] = Thread.ofVirtual().unstarted(() -> {
                    noteCarrier();
                    for (int i = 0; i < 10_000; i++) {
                        while (turn.get() != self) {
                            LockSupport.park();
                        }
                        turn.set(1 - self);
                        LockSupport.unpark(t[1 - self]);
                    }
                });
            }
            t[0].start();
            t[1].start();
            require(t[0].join(Duration.ofSeconds(20)) && t[1].join(Duration.ofSeconds(20)), "hand-off stuck");
        });
        check("sleep", () -> {
            AtomicReference<Long> slept = new AtomicReference<>();
            vt(() -> {
                long t0 = System.nanoTime();
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    throw new RuntimeException(e);
                }
                slept.set(System.nanoTime() - t0);
            }).join();
            require(slept.get() >= 20_000_000L && slept.get() < 2_000_000_000L, "slept " + slept.get() + " ns");
        });
        check("timed-park", () -> {
            AtomicReference<Long> parked = new AtomicReference<>();
            vt(() -> {
                long t0 = System.nanoTime();
                LockSupport.parkNanos(15_000_000L);
                parked.set(System.nanoTime() - t0);
            }).join();
            require(parked.get() >= 15_000_000L, "parked only " + parked.get() + " ns");
        });
        check("wait-notify", () -> {
            Object lock = new Object();
            boolean[] ready = {false};
            CountDownLatch waiting = new CountDownLatch(1);
            Thread w = vt(() -> {
                synchronized (lock) {
                    waiting.countDown();
                    while (!ready[0]) {
                        try {
                            lock.wait();
                        } catch (InterruptedException e) {
                            throw new RuntimeException(e);
                        }
                    }
                }
            });
            waiting.await();
            vt(() -> {
                synchronized (lock) {
                    ready[0] = true;
                    lock.notifyAll();
                }
            }).join();
            require(w.join(Duration.ofSeconds(10)), "waiter not woken");
        });
        check("timed-wait", () -> {
            AtomicReference<Long> waited = new AtomicReference<>();
            vt(() -> {
                Object o = new Object();
                long t0 = System.nanoTime();
                synchronized (o) {
                    try {
                        o.wait(15);
                    } catch (InterruptedException e) {
                        throw new RuntimeException(e);
                    }
                }
                waited.set(System.nanoTime() - t0);
            }).join();
            require(waited.get() >= 15_000_000L, "waited only " + waited.get() + " ns");
        });
        check("monitors", () -> {
            Object lock = new Object();
            int[] n = {0};
            List<Thread> ts = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                ts.add(vt(() -> {
                    for (int k = 0; k < 200; k++) {
                        synchronized (lock) {
                            n[0]++;
                            if (k % 40 == 0) {
                                Thread.yield();
                            }
                        }
                    }
                }));
            }
            for (Thread t : ts) {
                t.join();
            }
            require(n[0] == 50 * 200, "count " + n[0]);
        });
        check("interrupt", () -> {
            AtomicBoolean interrupted = new AtomicBoolean();
            CountDownLatch started = new CountDownLatch(1);
            Thread s = vt(() -> {
                started.countDown();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    interrupted.set(true);
                }
            });
            started.await();
            Thread.sleep(10);
            s.interrupt();
            require(s.join(Duration.ofSeconds(10)) && interrupted.get(), "not interrupted");
        });
        check("join-from-virtual", () -> {
            AtomicBoolean saw = new AtomicBoolean();
            vt(() -> {
                AtomicBoolean done = new AtomicBoolean();
                Thread child = vt(() -> {
                    LockSupport.parkNanos(5_000_000);
                    done.set(true);
                });
                try {
                    child.join();
                } catch (InterruptedException e) {
                    throw new RuntimeException(e);
                }
                saw.set(done.get());
            }).join();
            require(saw.get(), "join returned early");
        });
        check("thread-locals", () -> {
            ThreadLocal<String> tl = new ThreadLocal<>();
            InheritableThreadLocal<String> itl = new InheritableThreadLocal<>();
            AtomicReference<String> seen = new AtomicReference<>();
            vt(() -> {
                tl.set("mine");
                itl.set("inherited");
                Thread child = vt(() -> seen.set(tl.get() + "/" + itl.get()));
                try {
                    child.join();
                } catch (InterruptedException e) {
                    throw new RuntimeException(e);
                }
                require("mine".equals(tl.get()), "lost own ThreadLocal");
            }).join();
            require("null/inherited".equals(seen.get()), "child saw " + seen.get());
        });
        check("scoped-value", () -> {
            ScopedValue<String> sv = ScopedValue.newInstance();
            AtomicReference<String> seen = new AtomicReference<>();
            vt(() -> ScopedValue.where(sv, "bound").run(() -> {
                LockSupport.parkNanos(1_000_000);
                seen.set(sv.get());
            })).join();
            require("bound".equals(seen.get()), "saw " + seen.get());
        });
        check("executor-per-task", () -> {
            try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<Integer>> fs = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    int k = i;
                    fs.add(ex.submit(() -> {
                        noteCarrier();
                        Thread.sleep(1);
                        return k;
                    }));
                }
                long sum = 0;
                for (Future<Integer> f : fs) {
                    sum += f.get();
                }
                require(sum == 999L * 1000 / 2, "sum " + sum);
            }
        });
        check("http-loopback", () -> {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", x -> {
                noteCarrier();
                byte[] body = "pong".getBytes(StandardCharsets.UTF_8);
                x.sendResponseHeaders(200, body.length);
                x.getResponseBody().write(body);
                x.close();
            });
            server.start();
            try (HttpClient client = HttpClient.newHttpClient();
                    ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
                URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
                List<Future<String>> fs = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    fs.add(ex.submit(() -> client.send(HttpRequest.newBuilder(uri).build(),
                            HttpResponse.BodyHandlers.ofString()).body()));
                }
                for (Future<String> f : fs) {
                    require("pong".equals(f.get()), "bad body");
                }
            } finally {
                server.stop(0);
            }
        });
        check("thread-dump-lists-virtual-threads", () -> {
            CountDownLatch release = new CountDownLatch(1);
            Thread parked = Thread.ofVirtual().name("dump-me").start(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new RuntimeException(e);
                }
            });
            Path file = Files.createTempFile("gmp4j-dump", ".txt");
            Files.delete(file);
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.TEXT_PLAIN);
            String dump = Files.readString(file);
            Files.delete(file);
            release.countDown();
            parked.join();
            require(dump.contains("dump-me"), "virtual thread missing from the dump");
        });
        check("jfr-virtual-thread-events", () -> {
            Path file = Files.createTempFile("gmp4j", ".jfr");
            try (Recording r = new Recording()) {
                r.enable("jdk.VirtualThreadStart");
                r.enable("jdk.VirtualThreadEnd");
                r.start();
                for (int i = 0; i < 10; i++) {
                    vt(() -> { }).join();
                }
                r.stop();
                r.dump(file);
            }
            long starts = RecordingFile.readAllEvents(file).stream()
                    .filter(e -> e.getEventType().getName().equals("jdk.VirtualThreadStart")).count();
            Files.delete(file);
            require(starts >= 10, "VirtualThreadStart events: " + starts);
        });
        check("timeouts-served-by-the-scheduler", () -> {
            // A custom scheduler's timeouts normally run on the JDK's "VirtualThread-unparker"
            // threads; under the agent gmp4j's own timers serve them (the default pool uses none).
            long unparkers = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("VirtualThread-unparker")).count();
            require(unparkers == 0, unparkers + " VirtualThread-unparker threads");
        });
        System.out.println("carriers=" + new java.util.TreeSet<>(carriers));
        System.out.println(failures == 0 ? "ALL OK" : failures + " FAILED");
        System.exit(failures == 0 ? 0 : 1);
    }
}
