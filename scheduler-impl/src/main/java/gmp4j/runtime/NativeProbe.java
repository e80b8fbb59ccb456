/*
 * NativeProbe: whether a carrier thread is blocked in native code. Sysmon asks only about a P
 * whose G has not moved for a sysmon tick while other work waits: that is how a carrier blocked
 * in a call the JDK does not mark with Blocker (FileInputStream on a pipe, JNI) is noticed.
 *
 * One ThreadInfo.isInNative() sample (about 1.6 µs) is not enough: busy code that calls short
 * native methods (System.nanoTime while still interpreted, small JNI calls) is caught in native
 * now and then. Blocked means in native at two samples 1 ms apart (Sysmon.NATIVE_CONFIRM_NS) and
 * burning (almost) no CPU in between (ThreadMXBean.getThreadCpuTime). java.management is loaded on first
 * use, not at start-up.
 */
package gmp4j.runtime;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

final class NativeProbe {
    /** At most this share of the wall time between the samples may have been spent on CPU. */
    private static final int MAX_CPU_PERCENT = 10;

    private ThreadMXBean threads;

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
        ThreadInfo info = threads.getThreadInfo(t.threadId(), 0);
        if (info == null || !info.isInNative()) {
            return -1;
        }
        long cpu = threads.getThreadCpuTime(t.threadId());
        return cpu < 0 ? -1 : cpu;
    }

    /** Second sample: still in native and has used almost no CPU since the first. */
    boolean stillBlocked(Thread t, long cpuAtFirst, long wallNanosSince) {
        long cpu = threads.getThreadCpuTime(t.threadId());
        if (cpu < 0 || (cpu - cpuAtFirst) * 100 > wallNanosSince * MAX_CPU_PERCENT) {
            return false;
        }
        ThreadInfo info = threads.getThreadInfo(t.threadId(), 0);
        return info != null && info.isInNative();
    }
}
