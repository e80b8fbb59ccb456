/*
 * RecordingReader: streams the gmp4j events of a .jfr file, in time order, as SchedEvents.
 *
 * Design:
 * - Time order: EventStream.openFile reads the file unordered (buffer order); TimeOrder sorts
 *   each flush segment and merges it with the events held back from the segments before, because
 *   JFR can write an event into a later segment than its timestamp belongs to (TimeOrder's comment
 *   gives the measured case). RecordingFile would also hand events out in buffer order, thread by
 *   thread, which breaks every state machine built on top. Memory is bounded by what TimeOrder
 *   holds (one flush segment plus 100 ms of events, as SchedEvents), whatever the size of
 *   the file; nothing else here keeps events.
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
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import jdk.jfr.EventType;
import jdk.jfr.ValueDescriptor;
import jdk.jfr.consumer.EventStream;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;

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
            stream.setOrdered(false); // TimeOrder orders, across segments too
            stream.onFlush(d::endSegment);
            d.on("GoCreate", f -> new SchedEvent.GoCreate(
                    f.time(), f.lng("goid"), f.lng("parentGoid"), f.lng("threadId"), f.str("threadName"),
                    f.startLocation()));
            d.on("GoStart", f -> new SchedEvent.GoStart(
                    f.time(), f.lng("goid"), f.lng("p"), f.lng("m"), f.lng("threadId"), f.lng("schedLatency")));
            d.on("GoEnd", f -> new SchedEvent.GoEnd(f.time(), f.lng("goid"), f.lng("p"), f.lng("m")));
            d.on("GoSched", f -> new SchedEvent.GoSched(f.time(), f.lng("goid"), f.lng("p"), f.lng("m")));
            d.on("GoPreempt", f -> new SchedEvent.GoPreempt(
                    f.time(), f.lng("goid"), f.lng("p"), f.lng("m"), f.lng("ranFor"), f.bool("failed"),
                    f.str("reason")));
            d.on("GoPark", f -> new SchedEvent.GoPark(
                    f.time(), f.lng("goid"), f.lng("p"), f.lng("m"), f.str("reason"), f.str("blocker")));
            d.on("GoUnpark", f -> new SchedEvent.GoUnpark(
                    f.time(), f.lng("goid"), f.lng("byGoid"), f.str("source")));
            d.on("GoSysCall", f -> new SchedEvent.GoSysCall(f.time(), f.lng("goid"), f.lng("p"), f.lng("m")));
            d.on("GoSysExit", f -> new SchedEvent.GoSysExit(f.time(), f.lng("goid"), f.lng("p"), f.lng("m")));
            d.on("GoSysBlock", f -> new SchedEvent.GoSysBlock(f.time(), f.lng("goid"), f.lng("p"), f.lng("m")));
            d.on("ProcStart", f -> new SchedEvent.ProcStart(f.time(), f.lng("p"), f.lng("m")));
            d.on("ProcStop", f -> new SchedEvent.ProcStop(f.time(), f.lng("p"), f.lng("m")));
            d.on("ProcSteal", f -> new SchedEvent.ProcSteal(
                    f.time(), f.lng("thiefP"), f.lng("victimP"), f.lng("count"), f.lng("m")));
            d.on("Hog", f -> new SchedEvent.Hog(
                    f.time(), f.lng("goid"), f.lng("p"), f.lng("m"), f.lng("hogId"), f.bool("ended"),
                    f.lng("ranFor"), f.lng("ignoredRequests"), f.str("reason"), f.str("where"), f.str("stack")));
            d.on("Gomaxprocs", f -> new SchedEvent.Gomaxprocs(f.time(), f.lng("procs"), f.str("scheduler")));
            d.on("SchedStats", f -> new SchedEvent.SchedStats(
                    f.time(), f.lng("gomaxprocs"), f.lng("idleprocs"), f.lng("threads"),
                    f.lng("spinningthreads"), f.lng("idlethreads"), f.lng("runqueue"),
                    f.str("localRunqueues"), f.lng("steals"), f.lng("preemptions"),
                    f.lng("preemptFailures"), f.lng("handoffs")));
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
        d.order.finish(); // outside the try: an exception from sink propagates as it is
        if (d.events == 0) {
            throw new BadInputException(path + ": no gmp4j events in this recording"
                    + " (record with the gmp4j agent and JFR on, e.g. -XX:StartFlightRecording:filename=rec.jfr)");
        }
        progress.update(1.0);
        return info;
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
     * Converts the events of one stream, puts them in time order, counts them for the progress
     * estimate, and stops the stream at the first failure. EventStream itself would print an
     * exception thrown by a handler or a flush action and carry on, so neither lets one escape.
     */
    private static final class Dispatch {
        private final Path path;
        final TimeOrder order;
        EventStream stream;
        long events;
        Throwable failure;

        Dispatch(Path path, RecordingInfo info, Consumer<? super SchedEvent> sink, Progress progress) {
            this.path = path;
            this.order = new TimeOrder(ev -> {
                if ((++events & (PROGRESS_EVERY - 1)) == 0 && info.durationNanos() > 0) {
                    double f = (double) (ev.time() - info.startNanos()) / info.durationNanos();
                    progress.update(Math.max(0.0, Math.min(1.0, f)));
                }
                sink.accept(ev);
            });
        }

        void on(String name, Function<Fields, SchedEvent> convert) {
            Fields fields = new Fields();
            stream.onEvent(PREFIX + name, e -> {
                if (failure != null) {
                    return;
                }
                try {
                    order.add(convert.apply(fields.of(e)));
                } catch (RuntimeException t) {
                    // A field of another type than the schema's (e.g. a String where a long belongs).
                    fail(new BadInputException(path + ": " + PREFIX + name + " events do not match the gmp4j schema ("
                            + oneLine(t) + ")"));
                }
            });
        }

        /** A flush segment (or a chunk) ended: hands on the events now in order. */
        void endSegment() {
            if (failure != null) {
                return;
            }
            try {
                order.endSegment();
            } catch (RuntimeException | Error t) {
                fail(t);
            }
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

    /**
     * Reads one event's fields by name; a field the event type lacks reads as -1, "" or false.
     * Which fields exist is looked up once per event type (a new chunk may bring new metadata),
     * not per event: RecordedObject.hasField walks the field list every time.
     */
    private static final class Fields {
        private RecordedEvent e;
        private EventType type;
        private Set<String> present = Set.of();

        Fields of(RecordedEvent event) {
            e = event;
            if (event.getEventType() != type) {
                type = event.getEventType();
                present = new HashSet<>();
                for (ValueDescriptor v : type.getFields()) {
                    present.add(v.getName());
                }
            }
            return this;
        }

        long time() {
            Instant t = e.getStartTime();
            return t.getEpochSecond() * 1_000_000_000L + t.getNano();
        }

        long lng(String field) {
            return present.contains(field) ? e.getLong(field) : -1L;
        }

        String str(String field) {
            String s = present.contains(field) ? e.getString(field) : null;
            return s == null ? "" : s;
        }

        boolean bool(String field) {
            return present.contains(field) && e.getBoolean(field);
        }

        /**
         * The first frame of the event's stack that is neither gmp4j's scheduler and tracing nor
         * the JDK's thread, executor and JFR code, as "pkg.Class.method"; "" without a stack. For
         * GoCreate that is the code that started the virtual thread (an application method, or
         * a server's dispatcher such as sun.net.httpserver.ServerImpl$Dispatcher.handle).
         */
        String startLocation() {
            RecordedStackTrace st = e.getStackTrace();
            if (st == null) {
                return "";
            }
            for (RecordedFrame fr : st.getFrames()) {
                if (!fr.isJavaFrame()) {
                    continue;
                }
                String type = fr.getMethod().getType().getName();
                if (!isMachinery(type)) {
                    return type + "." + fr.getMethod().getName();
                }
            }
            return "";
        }

        private static boolean isMachinery(String type) {
            return type.startsWith("gmp4j.runtime.") || type.startsWith("gmp4j.bridge.")
                    || type.startsWith("java.lang.") || type.startsWith("java.util.concurrent.")
                    || type.startsWith("jdk.internal.") || type.startsWith("jdk.jfr.");
        }
    }
}
