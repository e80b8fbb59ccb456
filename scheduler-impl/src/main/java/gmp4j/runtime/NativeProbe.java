/*
 * NativeProbe: whether a carrier thread is blocked in native code. Sysmon asks only about a P
 * whose G has not moved for a sysmon tick while other work waits: that is how a carrier blocked
 * in a call the JDK does not mark with Blocker (FileInputStream on a pipe, JNI) is noticed.
 *
 * One ThreadInfo.isInNative() sample (about 1.6 µs) is not enough: busy code that calls short
 * native methods (System.nanoTime while still interpreted, small JNI calls) is caught in native
 * now and then. Blocked means in native at two samples 1 ms apart (Sysmon.NATIVE_CONFIRM_NS) and
 * burning (almost) no CPU in between (ThreadMXBean.getThreadCpuTime). On Linux "in a blocking
 * call" is the kernel's word: a blocked thread is sleeping ('S', 'D' in /proc/self/task/TID/stat),
 * while a busy carrier that the OS merely took off the CPU in the middle of a short native call (a
 * loaded machine deschedules threads for milliseconds) is runnable ('R'). The carrier's TID is found
 * once by its name in /proc/self/task/TID/comm (Ms have unique names). Elsewhere, or without a
 * unique name, ThreadMXBean's isInNative stands in (see inBlockingCall for why not always).
 * java.management is loaded on first use, not at start-up.
 */
package gmp4j.runtime;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

final class NativeProbe {
    /** At most this share of the wall time between the samples may have been spent on CPU. */
    private static final int MAX_CPU_PERCENT = 10;

    private static final Path TASKS = Path.of("/proc/self/task");
    /** Linux's limit on a thread's comm name (16 bytes with the terminating NUL). */
    private static final int COMM_LENGTH = 15;

    private ThreadMXBean threads;
    /** Carrier -> its Linux TID, or -1 if it has none that can be found. Sysmon's thread only. */
    private final Map<Thread, Integer> tids = new HashMap<>();

    /**
     * First sample: the thread's CPU time (ns) if it is in native code now, else -1. Pass the
     * result to {@link #stillBlocked} at least a sysmon tick later.
     */
    long firstSample(Thread t) {
        if (threads == null) {
            try {
                threads = ManagementFactory.getThreadMXBean();
            } catch (Error e) { // OutOfMemoryError, or what it leaves behind (LinkageError, ServiceConfigurationError)
                return -1; // java.management could not load (heap full): cannot tell, try again later
            }
        }
        if (!inBlockingCall(t)) {
            return -1;
        }
        long cpu = threads.getThreadCpuTime(t.threadId());
        return cpu < 0 ? -1 : cpu;
    }

    /**
     * Whether t looks blocked in a call right now. Where the kernel can say (Linux), it decides
     * alone: the thread sleeps in the kernel ('S' or 'D'). ThreadMXBean.getThreadInfo is asked
     * only where it cannot: on JDK 25.0.3 it crashed the JVM (SIGSEGV in
     * ThreadSnapshot::initialize) when sysmon sampled a carrier in the middle of mounting or
     * unmounting a virtual thread, under the stress test.
     */
    private boolean inBlockingCall(Thread t) {
        char state = state(t);
        if (state != '?') {
            return state == 'S' || state == 'D';
        }
        ThreadInfo info = threads.getThreadInfo(t.threadId(), 0);
        return info != null && info.isInNative();
    }

    /** Second sample: still in native and has used almost no CPU since the first. */
    boolean stillBlocked(Thread t, long cpuAtFirst, long wallNanosSince) {
        long cpu = threads.getThreadCpuTime(t.threadId());
        if (cpu < 0 || (cpu - cpuAtFirst) * 100 > wallNanosSince * MAX_CPU_PERCENT) {
            return false;
        }
        return inBlockingCall(t);
    }

    /** The kernel's scheduling state of t ('R', 'S', 'D', ...), or '?' if unknown. */
    char state(Thread t) {
        int tid = tids.computeIfAbsent(t, NativeProbe::findTid);
        if (tid < 0) {
            return '?';
        }
        try {
            String stat = Files.readString(TASKS.resolve(tid + "/stat"));
            int close = stat.lastIndexOf(')'); // "tid (comm) S ...": comm may hold spaces and parens
            return close >= 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : '?';
        } catch (IOException | RuntimeException e) {
            tids.put(t, -1); // the thread ended or /proc went away: stop asking
            return '?';
        }
    }

    private static int findTid(Thread t) {
        String name = t.getName();
        String comm = name.length() > COMM_LENGTH ? name.substring(0, COMM_LENGTH) : name;
        if (!Files.isDirectory(TASKS)) {
            return -1;
        }
        int found = -1;
        try (Stream<Path> tasks = Files.list(TASKS)) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String c;
                try {
                    c = Files.readString(task.resolve("comm")).strip();
                } catch (IOException e) {
                    continue; // that thread ended meanwhile
                }
                if (c.equals(comm)) {
                    if (found >= 0) {
                        return -1; // two threads with this name: cannot tell which is t
                    }
                    found = Integer.parseInt(task.getFileName().toString());
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return found;
    }
}
