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
 * - Every JFR or I/O failure becomes a BadInputException with one line for the user; so does a
 *   recording without any gmp4j event.
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
        Counter counter = new Counter(info, progress);
        try (EventStream stream = EventStream.openFile(path)) {
            stream.setReuse(true);
            stream.setOrdered(true);
            on(stream, "GoCreate", counter, sink, e -> new SchedEvent.GoCreate(
                    time(e), lng(e, "goid"), lng(e, "parentGoid"), lng(e, "threadId"), str(e, "threadName")));
            on(stream, "GoStart", counter, sink, e -> new SchedEvent.GoStart(
                    time(e), lng(e, "goid"), lng(e, "p"), lng(e, "m"), lng(e, "threadId"), lng(e, "schedLatency")));
            on(stream, "GoEnd", counter, sink, e -> new SchedEvent.GoEnd(
                    time(e), lng(e, "goid"), lng(e, "p"), lng(e, "m")));
            on(stream, "GoSched", counter, sink, e -> new SchedEvent.GoSched(
                    time(e), lng(e, "goid"), lng(e, "p"), lng(e, "m")));
            on(stream, "GoPreempt", counter, sink, e -> new SchedEvent.GoPreempt(
                    time(e), lng(e, "goid"), lng(e, "p"), lng(e, "m"), lng(e, "ranFor"), bool(e, "failed")));
            on(stream, "GoPark", counter, sink, e -> new SchedEvent.GoPark(
                    time(e), lng(e, "goid"), lng(e, "p"), lng(e, "m"), str(e, "reason"), str(e, "blocker")));
            on(stream, "GoUnpark", counter, sink, e -> new SchedEvent.GoUnpark(
                    time(e), lng(e, "goid"), lng(e, "byGoid"), str(e, "source")));
            on(stream, "GoSysCall", counter, sink, e -> new SchedEvent.GoSysCall(
                    time(e), lng(e, "goid"), lng(e, "p"), lng(e, "m")));
            on(stream, "GoSysExit", counter, sink, e -> new SchedEvent.GoSysExit(
                    time(e), lng(e, "goid"), lng(e, "p"), lng(e, "m")));
            on(stream, "GoSysBlock", counter, sink, e -> new SchedEvent.GoSysBlock(
                    time(e), lng(e, "goid"), lng(e, "p"), lng(e, "m")));
            on(stream, "ProcStart", counter, sink, e -> new SchedEvent.ProcStart(
                    time(e), lng(e, "p"), lng(e, "m")));
            on(stream, "ProcStop", counter, sink, e -> new SchedEvent.ProcStop(
                    time(e), lng(e, "p"), lng(e, "m")));
            on(stream, "ProcSteal", counter, sink, e -> new SchedEvent.ProcSteal(
                    time(e), lng(e, "thiefP"), lng(e, "victimP"), lng(e, "count"), lng(e, "m")));
            on(stream, "Gomaxprocs", counter, sink, e -> new SchedEvent.Gomaxprocs(
                    time(e), lng(e, "procs"), str(e, "scheduler")));
            on(stream, "SchedStats", counter, sink, e -> new SchedEvent.SchedStats(
                    time(e), lng(e, "gomaxprocs"), lng(e, "idleprocs"), lng(e, "threads"),
                    lng(e, "spinningthreads"), lng(e, "idlethreads"), lng(e, "runqueue"),
                    str(e, "localRunqueues"), lng(e, "steals"), lng(e, "preemptions"),
                    lng(e, "preemptFailures"), lng(e, "handoffs")));
            stream.start();
        } catch (IOException e) {
            throw ioProblem(path, e);
        } catch (BadInputException e) {
            throw e;
        } catch (SinkException e) {
            throw e.unwrap();
        } catch (RuntimeException e) {
            // The JFR parser reports damage as InternalError/IllegalStateException & co.
            throw new BadInputException(path + ": cannot read JFR recording (" + oneLine(e) + ")");
        } catch (InternalError e) {
            throw new BadInputException(path + ": damaged JFR recording (" + oneLine(e) + ")");
        }
        if (counter.events == 0) {
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

    private static void on(EventStream stream, String name, Counter counter, Consumer<? super SchedEvent> sink,
                           java.util.function.Function<RecordedEvent, SchedEvent> convert) {
        stream.onEvent(PREFIX + name, e -> {
            SchedEvent ev = convert.apply(e);
            counter.count(ev.time());
            try {
                sink.accept(ev);
            } catch (RuntimeException | Error t) {
                // Keep the sink's own failures apart from the parser's (which become bad input).
                throw new SinkException(t);
            }
        });
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

    /** Counts events and reports progress from their times. */
    private static final class Counter {
        private final RecordingInfo info;
        private final Progress progress;
        long events;

        Counter(RecordingInfo info, Progress progress) {
            this.info = info;
            this.progress = progress;
        }

        void count(long time) {
            if ((++events & (PROGRESS_EVERY - 1)) == 0 && info.durationNanos() > 0) {
                double f = (double) (time - info.startNanos()) / info.durationNanos();
                progress.update(Math.max(0.0, Math.min(1.0, f)));
            }
        }
    }

    /** Carries an exception thrown by the consumer through EventStream.start(). */
    private static final class SinkException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SinkException(Throwable cause) {
            super(cause);
        }

        RuntimeException unwrap() {
            if (getCause() instanceof RuntimeException r) {
                return r;
            }
            if (getCause() instanceof Error err) {
                throw err;
            }
            return this;
        }
    }
}
