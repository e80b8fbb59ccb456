/*
 * PerfettoWriter: gmp4j's scheduling events as a Chrome trace-event JSON file, which
 * ui.perfetto.dev and chrome://tracing open. It plays the part of Go's cmd/trace viewer
 * (internal/trace/traceviewer), which turns a Go trace into the same JSON format.
 *
 * Layout (written with Jackson's streaming generator, so memory holds only open slices):
 *   process 1 "Ps"     one thread track per P: a slice for each time a G ran on it
 *   process 2 "Ms"     one thread track per M (carrier): the same run slices, syscall slices
 *                      ("syscall gN"), instants for run-queue steals and failed preemptions;
 *                      track 2^31-1 "outside" holds unparks by timers and platform threads
 *   process 3 "sched"  counters from SchedStats (schedtrace figures; steals, preemptions,
 *                      preemptFailures and handoffs are cumulative, as recorded)
 * A run slice is named "<thread name> g<goid>" and ends at the G's GoSched/GoPreempt/GoPark/
 * GoEnd/GoSysCall; its args say why it ended and the G's scheduling latency. A GoUnpark becomes a
 * zero-length "unpark gN" slice on the unparker's M and a flow arrow (trace-event flow v1: "s",
 * and "f" bound to the enclosing slice) to the G's next run slice. The ForkJoinPool arm has no Ps
 * (p = -1): its runs appear on the M tracks only. Times are microseconds since the first event
 * (the format's unit), with nanosecond decimals.
 */
package gmp4j.analyzer.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import gmp4j.analyzer.SchedEvent;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

public final class PerfettoWriter implements Closeable {
    static final int PID_P = 1, PID_M = 2, PID_SCHED = 3;
    /** The track of unparks by timers and platform threads (trace-event tids are 32-bit for Perfetto). */
    static final long OUTSIDE = Integer.MAX_VALUE;

    /** A G on a CPU (or in a syscall) whose slice is still open. */
    private record Open(long start, long p, long m, long latency) {}

    private final JsonGenerator json;
    private final Map<Long, String> names = new HashMap<>();
    private final Map<Long, Open> running = new HashMap<>();
    private final Map<Long, Open> syscalls = new HashMap<>();
    /** goid -> flow id of its pending unpark arrow. */
    private final Map<Long, Long> pendingFlows = new HashMap<>();
    private final Set<String> tracks = new HashSet<>();
    private long origin = Long.MIN_VALUE;
    private long last;
    private long nextFlow = 1;
    private long written;

    public PerfettoWriter(OutputStream out) throws IOException {
        json = new JsonFactory().createGenerator(out, JsonEncoding.UTF8);
        json.writeStartObject();
        json.writeStringField("displayTimeUnit", "ns");
        json.writeArrayFieldStart("traceEvents");
        processName(PID_P, "Ps");
        processName(PID_M, "Ms");
        processName(PID_SCHED, "sched");
    }

    /** Trace events written. */
    public long written() {
        return written;
    }

    public void accept(SchedEvent e) throws IOException {
        if (origin == Long.MIN_VALUE) {
            origin = e.time();
        }
        last = Math.max(last, e.time());
        long t = last;
        switch (e) {
            case SchedEvent.GoCreate x -> names.put(x.goid(), GoTraceWriter.nameOf(x.threadName()));
            case SchedEvent.GoStart x -> {
                endRun(x.goid(), t, "restarted");
                endSyscall(x.goid(), t);
                running.put(x.goid(), new Open(t, x.p(), x.m(), x.schedLatency()));
                Long flow = pendingFlows.remove(x.goid());
                if (flow != null) {
                    flow("f", flow, t, x.p() >= 0 ? PID_P : PID_M, x.p() >= 0 ? x.p() : x.m());
                }
            }
            case SchedEvent.GoSched x -> endRun(x.goid(), t, "Gosched");
            case SchedEvent.GoPreempt x -> {
                if (x.failed()) {
                    instant(x.m(), t, "preempt failed g" + x.goid());
                } else {
                    endRun(x.goid(), t, "preempted");
                }
            }
            case SchedEvent.GoPark x -> endRun(x.goid(), t, "park: " + x.reason());
            case SchedEvent.GoEnd x -> {
                endRun(x.goid(), t, "end");
                endSyscall(x.goid(), t);
                names.remove(x.goid());
                pendingFlows.remove(x.goid());
            }
            case SchedEvent.GoUnpark x -> {
                Open by = running.get(x.byGoid());
                long m = by != null ? by.m() : OUTSIDE;
                slice(PID_M, m, t, t, "unpark g" + x.goid(), x.source(), 0);
                if (!pendingFlows.containsKey(x.goid())) { // the first unpark is the one that woke it
                    long flow = nextFlow++;
                    flow("s", flow, t, PID_M, m);
                    pendingFlows.put(x.goid(), flow);
                }
            }
            case SchedEvent.GoSysCall x -> {
                endRun(x.goid(), t, "syscall");
                syscalls.put(x.goid(), new Open(t, x.p(), x.m(), 0));
            }
            case SchedEvent.GoSysExit x -> endSyscall(x.goid(), t);
            case SchedEvent.GoSysBlock x -> instant(x.m(), t, "handoff P" + x.p() + " (g" + x.goid() + " in syscall)");
            case SchedEvent.ProcStart x -> track(PID_P, x.p());
            case SchedEvent.ProcStop x -> track(PID_P, x.p());
            case SchedEvent.ProcSteal x -> instant(x.m(), t, "P" + x.thiefP() + " stole " + x.count() + " from P" + x.victimP());
            case SchedEvent.Gomaxprocs x -> counter(t, "gomaxprocs", x.procs());
            case SchedEvent.Hog x -> {
                // shown by `analyze` (Hogs); the run itself is already a slice
            }
            case SchedEvent.SchedStats x -> {
                counter(t, "idleprocs", x.idleprocs());
                counter(t, "threads", x.threads());
                counter(t, "spinningthreads", x.spinningthreads());
                counter(t, "idlethreads", x.idlethreads());
                counter(t, "runqueue", x.runqueue());
                counter(t, "steals (cumulative)", x.steals());
                counter(t, "preemptions (cumulative)", x.preemptions());
                counter(t, "preemptFailures (cumulative)", x.preemptFailures());
                counter(t, "handoffs (cumulative)", x.handoffs());
            }
        }
    }

    /** Closes the slices still open at the last event, ends the JSON; does not close the stream. */
    @Override
    public void close() throws IOException {
        for (Long g : running.keySet().toArray(Long[]::new)) {
            endRun(g, last, "still running at the end of the recording");
        }
        for (Long g : syscalls.keySet().toArray(Long[]::new)) {
            endSyscall(g, last);
        }
        json.writeEndArray();
        json.writeEndObject();
        json.flush();
    }

    private void endRun(long goid, long t, String why) throws IOException {
        Open o = running.remove(goid);
        if (o == null) {
            return;
        }
        String name = name(goid);
        if (o.p() >= 0) {
            slice(PID_P, o.p(), o.start(), t, name, why, o.latency());
        }
        slice(PID_M, o.m(), o.start(), t, name, why, o.latency());
    }

    private void endSyscall(long goid, long t) throws IOException {
        Open o = syscalls.remove(goid);
        if (o != null) {
            slice(PID_M, o.m(), o.start(), t, "syscall g" + goid, "syscall", 0);
        }
    }

    private String name(long goid) {
        return names.getOrDefault(goid, GoTraceWriter.nameOf(null)) + " g" + goid;
    }

    private void slice(int pid, long tid, long start, long end, String name, String why, long latency) throws IOException {
        track(pid, tid);
        json.writeStartObject();
        json.writeStringField("ph", "X");
        json.writeStringField("name", name);
        json.writeStringField("cat", "sched");
        common(pid, tid, start);
        json.writeFieldName("dur");
        json.writeNumber((end - start) / 1000.0);
        json.writeObjectFieldStart("args");
        json.writeStringField("why", why);
        if (latency > 0) {
            json.writeNumberField("schedLatencyNs", latency);
        }
        json.writeEndObject();
        json.writeEndObject();
        written++;
    }

    private void flow(String ph, long id, long t, int pid, long tid) throws IOException {
        track(pid, tid);
        json.writeStartObject();
        json.writeStringField("ph", ph);
        json.writeStringField("name", "unpark");
        json.writeStringField("cat", "sched");
        json.writeNumberField("id", id);
        if (ph.equals("f")) {
            json.writeStringField("bp", "e");
        }
        common(pid, tid, t);
        json.writeEndObject();
        written++;
    }

    private void instant(long m, long t, String name) throws IOException {
        track(PID_M, m);
        json.writeStartObject();
        json.writeStringField("ph", "i");
        json.writeStringField("s", "t");
        json.writeStringField("name", name);
        json.writeStringField("cat", "sched");
        common(PID_M, m, t);
        json.writeEndObject();
        written++;
    }

    private void counter(long t, String name, long value) throws IOException {
        json.writeStartObject();
        json.writeStringField("ph", "C");
        json.writeStringField("name", name);
        common(PID_SCHED, 0, t);
        json.writeObjectFieldStart("args");
        json.writeNumberField("value", value);
        json.writeEndObject();
        json.writeEndObject();
        written++;
    }

    private void common(int pid, long tid, long t) throws IOException {
        json.writeNumberField("pid", pid);
        json.writeNumberField("tid", tid);
        json.writeFieldName("ts");
        json.writeNumber((t - origin) / 1000.0);
    }

    /** Names a P or M track the first time it is used (metadata event "thread_name"). */
    private void track(int pid, long tid) throws IOException {
        if (tid < 0 || !tracks.add(pid + ":" + tid)) {
            return;
        }
        String name = pid == PID_P ? "P " + tid : tid == OUTSIDE ? "outside (timers, platform threads)" : "M " + tid;
        metadata("thread_name", pid, tid, name);
        metadata("thread_sort_index", pid, tid, null);
    }

    private void processName(int pid, String name) throws IOException {
        metadata("process_name", pid, 0, name);
    }

    private void metadata(String kind, int pid, long tid, String name) throws IOException {
        json.writeStartObject();
        json.writeStringField("ph", "M");
        json.writeStringField("name", kind);
        json.writeNumberField("pid", pid);
        json.writeNumberField("tid", tid);
        json.writeObjectFieldStart("args");
        if (name != null) {
            json.writeStringField("name", name);
        } else {
            json.writeNumberField("sort_index", tid);
        }
        json.writeEndObject();
        json.writeEndObject();
        written++;
    }
}
