package gmp4j.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressBarTest {
    @Test
    void redrawsInPlaceOnlyWhenThePercentChangesAndErasesItselfAtTheEnd() {
        StringWriter s = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(s), "rec.jfr");
        bar.update(0.5);
        bar.update(0.501);
        bar.update(1.0);
        String[] frames = s.toString().split("\r", -1);
        assertEquals(4, frames.length, s.toString()); // "", the 50 % frame, the blank, ""
        assertEquals("rec.jfr [" + "#".repeat(15) + " ".repeat(15) + "] 50%", frames[1]);
        assertTrue(frames[2].isBlank() && frames[3].isEmpty());
    }

    @Test
    void noBarWithoutATerminalEvenForABigFile(@TempDir Path dir) throws IOException {
        // Tests run with stdin/stdout redirected, so System.console() is not a terminal.
        Path big = dir.resolve("big.jfr");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(ProgressBar.MIN_BYTES + 1); // sparse
        }
        assertSame(Progress.NONE, ProgressBar.forFile(big, new PrintWriter(new StringWriter())));
    }
}
