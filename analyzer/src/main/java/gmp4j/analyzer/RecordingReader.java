/*
 * RecordingReader: streams the gmp4j events of a .jfr file, in time order, as SchedEvents.
 *
 * Design:
 * - Time order comes from jdk.jfr.consumer.EventStream.openFile, which sorts the events of each
 *   chunk by time before dispatching them (chunks themselves follow each other in time).
 *   RecordingFile would hand them out in buffer order, thread by thread, which breaks every state
 *   machine built on top. Memory stays bounded by one chunk's events (JFR's maxchunksize,
 *   12 MB by default), whatever the size of the file: nothing here keeps events.
 * - Before streaming, inspect() walks the chunk headers (a fixed 68-byte big-endian header at the
 *   start of every chunk: magic "FLR\0", version, chunk size, constant pool and metadata offsets,
 *   start nanos, duration nanos, ...). That recognises a foreign file or a truncated one up front
 *   with a clear message, and gives the recording's time span, which drives the progress
 *   estimate and lets analyses size their time buckets before the first event.
 * - Every JFR or I/O failure becomes a BadInputException with one line for the user; so do a
 *   recording without any gmp4j event and events whose fields have other types than the schema's.
 *   An exception thrown by the consumer stops the stream and is rethrown as it is (EventStream
 *   alone would print it and go on with the next event).
 * - Fields are read by name as notes/EVENTS.md defines them; a field missing from the recording
 *   (an older producer) reads as -1, "" or false rather than failing the whole file.
 *
 * Go mirror: internal/trace's Reader (ReadEvent hands out events in time order, one generation
 * buffered at a time).
 */
package gmp4j.analyzer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Function;
import jdk.jfr.consumer.EventStream;
import jdk.jfr.consumer.RecordedEvent;

public final class RecordingReader {

    /** Prefix of every gmp4j event name. */
    public static final String PREFIX = "gmp4j.";

    private static final int CHUNK_HEADER_SIZE = 68;
    private static final int MAGIC = 0x464c5200; // "FLR\0"
    private static final int PROGRESS_EVERY = 1 << 14;

    private RecordingReader() {
    }

    /** Reads the chunk headers of path: is it a complete JFR file, and what time span it covers. */
    public static RecordingInfo inspect(Path path) {
        if (Files.isDirectory(path)) {
            throw new BadInputException(path + ": is a directory, not a JFR recording");
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            long start = Long.MAX_VALUE;
            long end = Long.MIN_VALUE;
            int chunks = 0;
            ByteBuffer header = ByteBuffer.allocate(CHUNK_HEADER_SIZE); // big-endian, as JFR writes
            for (long pos = 0; pos < size; ) {
                header.clear();
                while (header.hasRemaining() && ch.read(header, pos + header.position()) > 0) {
                    // read the whole header
                }
                if (header.position() < 4 || header.getInt(0) != MAGIC) {
                    throw new BadInputException(chunks == 0
                            ? path + ": not a JFR recording (no JFR file header)"
                            : path + ": damaged JFR recording (chunk " + (chunks + 1) + " has no header)");
                }
                if (header.hasRemaining()) {
                    throw new BadInputException(path + ": truncated JFR recording (cut inside a chunk header)");
                }
                long chunkSize = header.getLong(8);
                if (chunkSize < CHUNK_HEADER_SIZE || pos + chunkSize > size) {
                    throw new BadInputException(path + ": truncated or unfinished JFR recording (chunk "
                            + (chunks + 1) + " needs " + chunkSize + " bytes, " + (size - pos) + " are there)");
                }
                long chunkStart = header.getLong(32);
                long chunkDuration = header.getLong(40);
                start = Math.min(start, chunkStart);
                end = Math.max(end, chunkStart + chunkDuration);
                chunks++;
                pos += chunkSize;
            }
            if (chunks == 0) {
                throw new BadInputException(path + ": empty file, not a JFR recording");
            }
            return new RecordingInfo(path, size, chunks, start, end);
        } catch (IOException e) {
            throw ioProblem(path, e);
        }
    }

    /**
     * Streams every gmp4j event of path, in time order, to sink; returns the recording's info.
     * Throws BadInputException (one line) for anything wrong with the file, including a recording
     * that holds no gmp4j event. Exceptions thrown by sink propagate unchanged.
     */
    public static RecordingInfo read(Path path, Consumer<? super SchedEvent> sink, Progress progress) {
        RecordingInfo info = inspect(path);
        Dispatch d = new Dispatch(path, info, sink, progress);
        try (EventStream stream = EventStream.openFile(path)) {
            d.stream = stream;
            stream.setOrdered(true);
            d.on("GoCreate", e -> new SchedEvent.GoCreate(
                    time(e), lng(e, "goid"), lng(e, "parentGoid"), lng(e, "threadId"), str(e, "threadName")));
            d.on("GoStart", e -> new SchedEvent.GoStart(
                    time(e), lng(e, "goid"), lng(e, "p"), lng(e, "m"), lng(e, "threadId"), lng(e, "schedLatency")));
            d.on("GoEnd", e -> new SchedEvent.GoEnd(time(e), lng(e, "goid"), lng(e, "p"), lng(e, "m")));
            d.on("GoSched", e -> new SchedEvent.GoSched(time(e), lng(e, "goid"), lng(e, "p"), lng(e, "m")));
            d.on("GoPreempt", e -> new SchedEvent.GoPreempt(
                    time(e), lng(e, "goid"), lng(e, "p"), lng(e, "m"), lng(e, "ranFor"), bool(e, "failed")));
            d.on("GoPark", e -> new SchedEvent.GoPark(
                    time(e), lng(e, "goid"), lng(e, "p"), lng(e, "m"), str(e, "reason"), str(e, "blocker")));
            d.on("GoUnpark", e -> new SchedEvent.GoUnpark(
                    time(e), lng(e, "goid"), lng(e, "byGoid"), str(e, "source")));
            d.on("GoSysCall", e -> new SchedEvent.GoSysCall(time(e), lng(e, "goid"), lng(e, "p"), lng(e, "m")));
            d.on("GoSysExit", e -> new SchedEvent.GoSysExit(time(e), lng(e, "goid"), lng(e, "p"), lng(e, "m")));
            d.on("GoSysBlock", e -> new SchedEvent.GoSysBlock(time(e), lng(e, "goid"), lng(e, "p"), lng(e, "m")));
            d.on("ProcStart", e -> new SchedEvent.ProcStart(time(e), lng(e, "p"), lng(e, "m")));
            d.on("ProcStop", e -> new SchedEvent.ProcStop(time(e), lng(e, "p"), lng(e, "m")));
            d.on("ProcSteal", e -> new SchedEvent.ProcSteal(
                    time(e), lng(e, "thiefP"), lng(e, "victimP"), lng(e, "count"), lng(e, "m")));
            d.on("Gomaxprocs", e -> new SchedEvent.Gomaxprocs(time(e), lng(e, "procs"), str(e, "scheduler")));
            d.on("SchedStats", e -> new SchedEvent.SchedStats(
                    time(e), lng(e, "gomaxprocs"), lng(e, "idleprocs"), lng(e, "threads"),
                    lng(e, "spinningthreads"), lng(e, "idlethreads"), lng(e, "runqueue"),
                    str(e, "localRunqueues"), lng(e, "steals"), lng(e, "preemptions"),
                    lng(e, "preemptFailures"), lng(e, "handoffs")));
            stream.start();
        } catch (IOException e) {
            throw ioProblem(path, e);
        } catch (RuntimeException | InternalError e) {
            // The JFR parser reports damage as InternalError, IllegalStateException & co.
            if (d.failure == null) {
                throw new BadInputException(path + ": damaged JFR recording (" + oneLine(e) + ")");
            }
        }
        d.rethrowFailure();
        if (d.events == 0) {
            throw new BadInputException(path + ": no gmp4j events in this recording"
                    + " (record with the gmp4j agent and JFR on, e.g. -XX:StartFlightRecording:filename=rec.jfr)");
        }
        progress.update(1.0);
        return info;
    }

    /** Whether a JFR event type name is one of gmp4j's. */
    public static boolean isGmp4jEvent(String eventTypeName) {
        return eventTypeName.startsWith(PREFIX);
    }

    private static long time(RecordedEvent e) {
        Instant t = e.getStartTime();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private static long lng(RecordedEvent e, String field) {
        return e.hasField(field) ? e.getLong(field) : -1L;
    }

    private static String str(RecordedEvent e, String field) {
        String s = e.hasField(field) ? e.getString(field) : null;
        return s == null ? "" : s;
    }

    private static boolean bool(RecordedEvent e, String field) {
        return e.hasField(field) && e.getBoolean(field);
    }

    private static BadInputException ioProblem(Path path, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new BadInputException(path + ": no such file");
        }
        if (e instanceof AccessDeniedException) {
            return new BadInputException(path + ": permission denied");
        }
        if (e.getMessage() != null && e.getMessage().contains("Is a directory")) {
            return new BadInputException(path + ": is a directory, not a JFR recording");
        }
        return new BadInputException(path + ": cannot read (" + oneLine(e) + ")");
    }

    static String oneLine(Throwable t) {
        String m = t.getMessage();
        String s = (m == null || m.isBlank()) ? t.getClass().getSimpleName() : m;
        return s.replaceAll("\\s+", " ").strip();
    }

    /**
     * Converts and hands on the events of one stream, counts them for the progress estimate, and
     * stops the stream at the first failure. EventStream itself would print an exception thrown
     * by a handler and carry on with the next event, so handlers never let one escape.
     */
    private static final class Dispatch {
        private final Path path;
        private final RecordingInfo info;
        private final Consumer<? super SchedEvent> sink;
        private final Progress progress;
        EventStream stream;
        long events;
        Throwable failure;

        Dispatch(Path path, RecordingInfo info, Consumer<? super SchedEvent> sink, Progress progress) {
            this.path = path;
            this.info = info;
            this.sink = sink;
            this.progress = progress;
        }

        void on(String name, Function<RecordedEvent, SchedEvent> convert) {
            stream.onEvent(PREFIX + name, e -> {
                if (failure != null) {
                    return;
                }
                SchedEvent ev;
                try {
                    ev = convert.apply(e);
                } catch (RuntimeException t) {
                    // A field of another type than the schema's (e.g. a String where a long belongs).
                    fail(new BadInputException(path + ": " + PREFIX + name + " events do not match the gmp4j schema ("
                            + oneLine(t) + ")"));
                    return;
                }
                if ((++events & (PROGRESS_EVERY - 1)) == 0 && info.durationNanos() > 0) {
                    double f = (double) (ev.time() - info.startNanos()) / info.durationNanos();
                    progress.update(Math.max(0.0, Math.min(1.0, f)));
                }
                try {
                    sink.accept(ev);
                } catch (RuntimeException | Error t) {
                    fail(t);
                }
            });
        }

        private void fail(Throwable t) {
            failure = t;
            stream.close(); // start() returns after this handler
        }

        void rethrowFailure() {
            if (failure instanceof RuntimeException r) {
                throw r;
            }
            if (failure instanceof Error err) {
                throw err;
            }
        }
    }
}
