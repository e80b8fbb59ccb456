/*
 * FlightRecorder: Go 1.25's trace flight recorder (runtime/trace.FlightRecorder), run by itself.
 * Go's keeps the last few seconds of the execution trace in memory and the program calls
 * WriteTo when something went wrong; here JFR keeps the trace profile's events in its ring
 * buffer for flightmaxage, and the recorder watches the stream for the symptom gmp4j is about:
 * a virtual thread that waited longer than the threshold between becoming runnable and running
 * (GoStart's schedLatency, in both arms). Then it writes the buffer to a file, names the file in
 * one line on stderr, and ignores further spikes for the cool-down, so that a latency storm
 * writes one dump, not hundreds. `gmp4j analyze` reads a dump like any recording.
 *
 * Costs: the trace profile's events are recorded all the time (bench/RESULTS.md measures the
 * profile); the check is one comparison per GoStart on JFR's stream thread, off the scheduler's
 * path. The dump runs on its own thread: a RecordingStream callback must not block the stream.
 */
package gmp4j.agent;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jfr.Configuration;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.Recording;
import jdk.jfr.consumer.EventStream;

final class FlightRecorder {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

    private final AgentOptions.Flight opts;
    private final Recording recording;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "gmp4j-flight-recorder");
        t.setDaemon(true);
        return t;
    });
    /** System.nanoTime() of the last dump; Long.MIN_VALUE / 2 before the first (no overflow). */
    private final AtomicLong lastDump = new AtomicLong(Long.MIN_VALUE / 2);

    private FlightRecorder(AgentOptions.Flight opts, Configuration trace) {
        this.opts = opts;
        recording = new Recording(trace);
        recording.setName("gmp4j flight recorder");
        recording.setToDisk(true);
        recording.setMaxAge(opts.maxAge());
    }

    /**
     * Starts the flight recorder with the trace profile's settings. The recording starts here,
     * before the application runs on, so that no early spike is missed; the watch reads JFR's
     * repository from that instant on a daemon thread of its own (a RecordingStream's thread is
     * not a daemon and would keep the JVM alive after the application's last thread ends).
     */
    static FlightRecorder start(AgentOptions.Flight opts, Configuration trace) throws IOException {
        FlightRecorder f = new FlightRecorder(opts, trace);
        f.recording.start();
        EventStream watch = EventStream.openRepository();
        watch.setStartTime(f.recording.getStartTime());
        watch.onEvent("gmp4j.GoStart", f::onGoStart);
        Thread t = new Thread(watch::start, "gmp4j-flight-watch");
        t.setDaemon(true);
        t.start();
        return f;
    }

    private void onGoStart(RecordedEvent e) {
        Duration waited = e.getDuration("schedLatency");
        if (waited.compareTo(opts.threshold()) <= 0) {
            return;
        }
        long now = System.nanoTime();
        long last = lastDump.get();
        if (now - last < opts.cooldown().toNanos() || !lastDump.compareAndSet(last, now)) {
            return;
        }
        long goid = e.getLong("goid");
        writer.execute(() -> dump(waited, goid));
    }

    private void dump(Duration waited, long goid) {
        Path file = opts.dir().resolve("gmp4j-flight-" + ProcessHandle.current().pid() + "-"
                + LocalDateTime.now().format(STAMP) + ".jfr");
        try {
            recording.dump(file);
            System.err.println("gmp4j: flight recorder: goroutine " + goid + " waited " + millis(waited)
                    + " to run (threshold " + millis(opts.threshold()) + "): wrote " + file);
        } catch (IOException | RuntimeException ex) {
            System.err.println("gmp4j: flight recorder: cannot write " + file + ": " + ex.getMessage());
        }
    }

    private static String millis(Duration d) {
        return String.format("%.1f ms", d.toNanos() / 1e6);
    }
}
