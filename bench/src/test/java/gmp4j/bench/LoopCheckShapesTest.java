package gmp4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class LoopCheckShapesTest {

    @Test
    void everyCheckShapeParsesToTheKernelParsersSum() {
        String e = Kernels.expression(new Random(7));
        long expected = new Kernels.Parser(e).sum();
        List<Function<String, LoopCheckShapes.Parser>> shapes = List.of(LoopCheckShapes.Plain::new,
                LoopCheckShapes.EveryTrip::new, LoopCheckShapes.Mask::new, LoopCheckShapes.Countdown::new,
                LoopCheckShapes.Peeled::new, LoopCheckShapes.ByField::new, LoopCheckShapes.StripMinedField::new,
                LoopCheckShapes.FlatField::new, LoopCheckShapes.MaskAll::new, LoopCheckShapes.MaskLeafEveryTripCalls::new);
        for (Function<String, LoopCheckShapes.Parser> shape : shapes) {
            LoopCheckShapes.Parser p = shape.apply(e);
            assertEquals(expected, p.sum(), p.getClass().getSimpleName());
        }
        // A run of spaces and a long number cross the mask's chunk (4096) in both leaf loops, and
        // 9,000 products cross it in an operator loop.
        String wide = "(" + "1".repeat(9000) + " - 0)" + " ".repeat(9000) + "* (7 - 2)" + " * (3 - 1)".repeat(9000);
        long wideExpected = new Kernels.Parser(wide).sum();
        for (Function<String, LoopCheckShapes.Parser> shape : shapes) {
            LoopCheckShapes.Parser p = shape.apply(wide);
            assertEquals(wideExpected, p.sum(), p.getClass().getSimpleName() + " on long loops");
        }
    }
}
