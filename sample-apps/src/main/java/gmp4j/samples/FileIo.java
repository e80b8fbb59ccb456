package gmp4j.samples;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Virtual threads doing blocking file I/O (positional reads and writes of 64 KiB blocks in their
 * own temporary files, an fsync every 8 writes) while the {@link Probe} measures sleep lateness.
 * Reads and writes that hit the page cache are CPU work that seldom blocks; the syncs wait for
 * the disk. File I/O blocks the carrier:
 * the JDK's pool compensates with extra carriers, gmp4j hands the P off (Go's
 * {@code entersyscall}/{@code handoffp}); either way other virtual threads should keep running,
 * which the probe's lateness shows. The files are deleted at the end.
 */
@Command(name = "file-io",
        description = "Virtual threads doing blocking file reads and writes, plus a 1 ms sleep probe: I/O throughput and probe lateness.")
public final class FileIo extends Sample {

    @Option(names = "--duration", defaultValue = "3s", converter = DurationConverter.class,
            description = "how long the workers run (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--threads", defaultValue = "8",
            description = "worker virtual threads, one file each (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--block-size", defaultValue = "65536",
            description = "bytes per read or write (default: ${DEFAULT-VALUE})")
    int blockSize;

    @Option(names = "--file-size", defaultValue = "8388608",
            description = "bytes per file, a multiple of --block-size (default: ${DEFAULT-VALUE})")
    long fileSize;

    @Option(names = "--sync-every", defaultValue = "8",
            description = "force (fsync) the file after every N writes, 0 never: page-cache I/O alone "
                    + "rarely blocks, a sync waits for the disk (default: ${DEFAULT-VALUE})")
    int syncEvery;

    @Option(names = "--dir", description = "where to create the temporary files (default: the system temp dir)")
    Path dir;

    /** The first worker failure; any one fails the sample. */
    private volatile Exception failure;

    public static void main(String[] args) {
        Sample.main(new FileIo(), args);
    }

    @Override
    Result measure() throws Exception {
        require(threads >= 1 && blockSize >= 1, "--threads and --block-size must be at least 1");
        require(syncEvery >= 0, "--sync-every must not be negative");
        require(fileSize >= blockSize && fileSize % blockSize == 0, "--file-size must be a multiple of --block-size");
        require(duration.isPositive(), "--duration must be positive");
        Path tmp = dir == null ? Files.createTempDirectory("gmp4j-file-io") : Files.createTempDirectory(dir, "gmp4j-file-io");
        try {
            return run(tmp);
        } finally {
            try (var files = Files.list(tmp)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(tmp);
        }
    }

    private Result run(Path tmp) throws Exception {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Path f = tmp.resolve("file-" + i);
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer zeros = ByteBuffer.allocate(blockSize);
                for (long pos = 0; pos < fileSize; pos += blockSize) {
                    ch.write(zeros.clear(), pos);
                }
            }
            files.add(f);
        }
        Histogram reads = new ConcurrentHistogram(3);
        Histogram writes = new ConcurrentHistogram(3);
        LongAdder bytes = new LongAdder();
        Probe probe = Probe.start(Duration.ofMillis(1));
        probe.openWindow();
        long t0 = System.nanoTime();
        long deadline = t0 + duration.toNanos();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Path f = files.get(i);
            long seed = i;
            workers.add(Thread.ofVirtual().name("io-" + i).start(() -> work(f, seed, deadline, reads, writes, bytes)));
        }
        Duration limit = duration.plusSeconds(20);
        for (Thread w : workers) {
            if (!w.join(limit)) {
                throw new IllegalStateException(w.getName() + " still doing I/O " + limit.toSeconds() + " s after the start");
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        probe.closeWindow();
        probe.stop(Duration.ofSeconds(10));
        if (failure != null) {
            throw new IllegalStateException("an I/O worker failed: " + failure, failure);
        }
        long ops = reads.getTotalCount() + writes.getTotalCount();
        return result()
                .param("duration_ms", duration.toMillis())
                .param("threads", threads)
                .param("block_size", blockSize)
                .param("file_size", fileSize)
                .param("sync_every", syncEvery)
                .figure("ops", "reads + writes", ops, "")
                .figure("ops_per_s", "ops/s", ops / seconds, "")
                .figure("mb_per_s", "throughput", bytes.sum() / seconds / 1e6, "MB/s")
                .latency("read", "read latency", reads)
                .latency("write", "write latency (+sync)", writes)
                .figure("probe_wakeups", "probe wake-ups", probe.wakeupsInWindow(), "")
                .latency("probe_lateness", "probe lateness", probe.lateness());
    }

    /** Until the deadline: write a random block, read another one back. */
    private void work(Path file, long seed, long deadline, Histogram reads, Histogram writes, LongAdder bytes) {
        SplittableRandom random = new SplittableRandom(seed);
        ByteBuffer buf = ByteBuffer.allocate(blockSize);
        long blocks = fileSize / blockSize;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            for (long n = 1; System.nanoTime() < deadline; n++) {
                buf.clear();
                buf.putLong(0, random.nextLong());
                long t0 = System.nanoTime();
                int written = ch.write(buf, random.nextLong(blocks) * blockSize);
                if (syncEvery > 0 && n % syncEvery == 0) {
                    ch.force(false);
                }
                long t1 = System.nanoTime();
                buf.clear();
                int read = ch.read(buf, random.nextLong(blocks) * blockSize);
                long t2 = System.nanoTime();
                writes.recordValue(t1 - t0);
                reads.recordValue(t2 - t1);
                bytes.add(written + Math.max(0, read));
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
    }
}
