package gmp4j.analyzer;

import gmp4j.analyzer.export.Exporters;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Not a test: measures export speed (bench/RESULTS.md). Records a scripted schedule of N rounds
 * (8 Gs on 4 Ps: create, start, park, unpark, start, Gosched, start, syscall, exit, end; about
 * 10 events per G) with TestEvents, then exports it to each format and prints events/s.
 * Usage: java -cp CLASSPATH gmp4j.analyzer.ExportBench ROUNDS DIR
 */
public final class ExportBench {
    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        Path dir = Path.of(args[1]);
        Path rec = TestEvents.record(dir.resolve("bench.jfr"), () -> {
            TestEvents.gomaxprocs(4, "gmp");
            for (int p = 0; p < 4; p++) {
                TestEvents.procStart(p, p);
            }
            long g = 0;
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < 8; i++) {
                    long id = ++g;
                    int p = i % 4;
                    TestEvents.goCreate(id, -1, id, "worker-" + i);
                    TestEvents.goStart(id, p, p, 100);
                    TestEvents.goPark(id, p, p, "park");
                    TestEvents.goUnpark(id, -1, "external");
                    TestEvents.goStart(id, p, p, 100);
                    TestEvents.goSched(id, p, p);
                    TestEvents.goStart(id, p, p, 100);
                    TestEvents.goSysCall(id, p, p);
                    TestEvents.goSysExit(id, p, p);
                    TestEvents.goEnd(id, p, p);
                }
            }
        });
        for (String format : Exporters.FORMATS) {
            for (int i = 0; i < 3; i++) {
                Path out = dir.resolve("bench." + format);
                long t0 = System.nanoTime();
                Exporters.Result res = Exporters.export(rec, format, out);
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf("%s run %d: %d events in %.2f s = %.0f events/s, %d bytes, repairs %d%n",
                        format, i + 1, res.eventsRead(), s, res.eventsRead() / s, Files.size(out), res.repairs());
            }
        }
    }
}
