package gmp4j.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The zoo's shapes compute what their loops say, so that a ratio compares equal work. */
class LoopZooTest {
    private final LoopZoo z = new LoopZooNoAgent();
    private int[] sum;

    @BeforeEach
    void setUp() {
        z.setUp();
        sum = new int[LoopZoo.N];
        for (int i = 0; i < sum.length; i++) {
            sum[i] = z.a[i] + z.b[i];
        }
    }

    @Test
    void everyAddShapeWritesTheElementwiseSum() {
        Map<String, Supplier<int[]>> shapes = new LinkedHashMap<>();
        shapes.put("limitConstantAdd", z::limitConstantAdd);
        shapes.put("limitLocalAdd", z::limitLocalAdd);
        shapes.put("limitFieldAdd", z::limitFieldAdd);
        shapes.put("limitStaticFieldAdd", z::limitStaticFieldAdd);
        shapes.put("limitArrayFieldLengthAdd", z::limitArrayFieldLengthAdd);
        shapes.put("limitStaticArrayLengthAdd", z::limitStaticArrayLengthAdd);
        shapes.put("limitArrayLocalLengthAdd", z::limitArrayLocalLengthAdd);
        shapes.put("limitGetterAdd", z::limitGetterAdd);
        shapes.put("longInductionAdd", z::longInductionAdd);
        shapes.put("downCountAdd", z::downCountAdd);
        shapes.put("whileIndexAdd", z::whileIndexAdd);
        shapes.put("doWhileAdd", z::doWhileAdd);
        shapes.put("callStaticAdd", z::callStaticAdd);
        shapes.put("lambdaIntStreamForEachAdd", z::lambdaIntStreamForEachAdd);
        shapes.put("lambdaArraysSetAllAdd", z::lambdaArraysSetAllAdd);
        shapes.forEach((name, shape) -> {
            Arrays.fill(z.c, 0);
            Arrays.fill(LoopZoo.sc, 0);
            assertArrayEquals(sum, shape.get(), name);
        });
    }

    @Test
    void stridedAddShapesWriteEverySecondAndFourthElementOnly() {
        for (int stride : new int[] {2, 4}) {
            Arrays.fill(z.c, 0);
            int[] got = stride == 2 ? z.stride2Add() : z.stride4Add();
            for (int i = 0; i < got.length; i++) {
                assertEquals(i % stride == 0 ? sum[i] : 0, got[i], "stride " + stride + " at " + i);
            }
        }
    }

    @Test
    void everyForwardHashShapeGivesTheSameHash() {
        int h = 0;
        for (int v : z.a) {
            h = 31 * h + v;
        }
        Map<String, IntSupplier> shapes = new LinkedHashMap<>();
        shapes.put("limitConstantHash", z::limitConstantHash);
        shapes.put("limitLocalHash", z::limitLocalHash);
        shapes.put("limitFieldHash", z::limitFieldHash);
        shapes.put("limitStaticFieldHash", z::limitStaticFieldHash);
        shapes.put("limitArrayFieldLengthHash", z::limitArrayFieldLengthHash);
        shapes.put("limitStaticArrayLengthHash", z::limitStaticArrayLengthHash);
        shapes.put("limitArrayLocalLengthHash", z::limitArrayLocalLengthHash);
        shapes.put("limitGetterHash", z::limitGetterHash);
        shapes.put("longInductionHash", z::longInductionHash);
        shapes.put("forEachArrayHash", z::forEachArrayHash);
        shapes.put("whileIndexHash", z::whileIndexHash);
        shapes.put("doWhileHash", z::doWhileHash);
        shapes.put("callStaticHash", z::callStaticHash);
        shapes.put("nestedHash", z::nestedHash); // the grid is a's elements row after row
        for (Map.Entry<String, IntSupplier> e : shapes.entrySet()) {
            assertEquals(h, e.getValue().getAsInt(), e.getKey());
        }
    }

    @Test
    void otherOrdersHashAsTheirLoopsSay() {
        int[] a = z.a;
        int down = 0;
        for (int k = 0; k < a.length; k++) {
            down = 31 * down + a[a.length - 1 - k];
        }
        assertEquals(down, z.downCountHash());
        assertEquals(hashOfEvery(a, 2), z.stride2Hash());
        assertEquals(hashOfEvery(a, 4), z.stride4Hash());
        int rows = 0;
        for (int[] row : z.grid) {
            int h = 0;
            for (int v : row) {
                h = 31 * h + v;
            }
            rows += h;
        }
        assertEquals(rows, z.lambdaRowsLoopHash());
    }

    private static int hashOfEvery(int[] a, int stride) {
        int h = 0;
        for (int k = 0; k * stride < a.length; k++) {
            h = 31 * h + a[k * stride];
        }
        return h;
    }

    @Test
    void sumsCountsAndExitsAgree() {
        int s = Arrays.stream(z.a).sum();
        assertEquals(s, z.limitArrayFieldLengthSum());
        assertEquals(s, z.forEachArraySum());
        assertEquals(s, z.forEachListSum());
        assertEquals(s, z.limitListSizeSum());
        assertEquals(s, z.lambdaIntStreamSum());
        assertEquals(s, z.lambdaListForEachSum());
        assertEquals(LoopZoo.N - 1, z.breakOnMatch());
        assertEquals(LoopZoo.N - 1, z.returnOnMatch());
        assertEquals(s - LoopZoo.KEY, z.sumUntilMatch());
        int tri = 0;
        for (int i = 0; i < LoopZoo.ROWS; i++) {
            for (int j = 0; j <= i; j++) {
                tri += z.a[i * LoopZoo.COLS + j];
            }
        }
        assertEquals(tri, z.nestedTriangularSum());

        long spaces = z.text.chars().filter(ch -> ch == ' ').count();
        assertEquals(spaces, z.limitStringLengthCount());
        assertEquals(spaces, z.charAtLocalLengthCount());
        assertEquals(z.text.hashCode(), z.limitStringLengthHash()); // String.hashCode is the same polynomial
        assertEquals(z.text.hashCode(), z.charAtLocalLengthHash());

        int[] scaled = z.callInstanceScale();
        for (int i = 0; i < scaled.length; i++) {
            assertEquals(3 * z.a[i], scaled[i]);
        }
        int[][] out = z.nestedAdd();
        int[][] outLambda = new int[LoopZoo.ROWS][];
        for (int i = 0; i < LoopZoo.ROWS; i++) {
            outLambda[i] = out[i].clone();
            for (int j = 0; j < LoopZoo.COLS; j++) {
                assertEquals(z.a[i * LoopZoo.COLS + j] + 1, out[i][j]);
            }
            Arrays.fill(out[i], 0);
        }
        assertArrayEquals(outLambda, z.lambdaRowsLoopAdd());
    }
}
