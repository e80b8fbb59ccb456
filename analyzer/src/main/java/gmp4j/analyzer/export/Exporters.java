/*
 * Exporters: `export REC.jfr --format go|perfetto -o FILE`. Streams the recording's gmp4j events
 * in time order (RecordingReader) into the chosen writer: GoTraceWriter (a Go 1.23 execution
 * trace for `go tool trace`) or PerfettoWriter (trace-event JSON for ui.perfetto.dev). Nothing is
 * buffered beyond the writers' open state, so recordings larger than memory export.
 * Problems with the input, the format name or the output file are BadInputExceptions (one line;
 * the CLI exits with code 2). The output is written to a temporary file next to it and moved into
 * place only when complete, so a failed export never leaves a truncated trace behind.
 */
package gmp4j.analyzer.export;

import gmp4j.analyzer.BadInputException;
import gmp4j.analyzer.Progress;
import gmp4j.analyzer.RecordingReader;
import gmp4j.analyzer.SchedEvent;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

public final class Exporters {
    public static final List<String> FORMATS = List.of("go", "perfetto");

    /** What an export did: gmp4j events read, events written, and (Go format) repairs and skips. */
    public record Result(long eventsRead, long eventsWritten, long repairs, long skipped) {}

    private Exporters() {
    }

    /** `gmp4j export`: converts in to out in format; returns the exit code (0). */
    public static int export(Path in, String format, Path out) {
        convert(in, format, out);
        return 0;
    }

    /** Converts in to out in format and says what it did. */
    public static Result convert(Path in, String format, Path out) {
        if (!FORMATS.contains(format)) {
            throw new BadInputException("unknown export format '" + format + "' (valid: " + String.join(", ", FORMATS) + ")");
        }
        Path dir = out.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new BadInputException(out + ": directory " + dir + " does not exist");
        }
        RecordingReader.inspect(in); // a bad input file fails before any output exists
        // Not Files.createTempFile: that makes the file private (0600); this one gets the umask's mode.
        Path tmp = dir.resolve(out.getFileName() + "." + ProcessHandle.current().pid() + ".part");
        try {
            Result r;
            try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(tmp,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 16)) {
                r = format.equals("go") ? toGo(in, os) : toPerfetto(in, os);
            }
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return r;
        } catch (IOException | UncheckedIOException e) {
            throw new BadInputException(out + ": cannot write (" + e.getMessage() + ")");
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort: the temporary file is all that is left
            }
        }
    }

    private static Result toGo(Path in, OutputStream os) throws IOException {
        GoTraceWriter w = new GoTraceWriter(os);
        long n = read(in, e -> w.accept(e));
        w.close();
        return new Result(n, w.written(), w.repairs(), w.skipped());
    }

    private static Result toPerfetto(Path in, OutputStream os) throws IOException {
        PerfettoWriter w = new PerfettoWriter(os);
        long n = read(in, e -> w.accept(e));
        w.close();
        return new Result(n, w.written(), 0, 0);
    }

    private interface Sink {
        void accept(SchedEvent e) throws IOException;
    }

    private static long read(Path in, Sink sink) {
        long[] n = {0};
        RecordingReader.read(in, e -> {
            n[0]++;
            try {
                sink.accept(e);
            } catch (IOException x) {
                throw new UncheckedIOException(x);
            }
        }, Progress.NONE);
        return n[0];
    }
}
