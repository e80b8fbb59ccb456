/*
 * Table: a plain-text table with aligned columns; text columns (names) are left-aligned, the
 * others (figures) right-aligned. Control characters in cells become '?'. Used by every text report.
 */
package gmp4j.analyzer;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

final class Table {
    private final List<String[]> rows = new ArrayList<>();
    private final int textColumns;

    /** A table whose first textColumns columns hold text (left-aligned), the rest figures. */
    Table(int textColumns, String... header) {
        this.textColumns = textColumns;
        rows.add(header);
    }

    Table row(String... cells) {
        String[] clean = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            clean[i] = printable(cells[i]);
        }
        rows.add(clean);
        return this;
    }

    /** Control characters from a recording (thread names) must not reach the terminal. */
    static String printable(String s) {
        return s.codePoints().anyMatch(Character::isISOControl)
                ? s.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString()
                : s;
    }

    void print(PrintWriter out, String indent) {
        int cols = rows.getFirst().length;
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int c = 0; c < cols; c++) {
                width[c] = Math.max(width[c], r[c].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder(indent);
            for (int c = 0; c < cols; c++) {
                if (c > 0) {
                    sb.append("  ");
                }
                String pad = " ".repeat(width[c] - r[c].length());
                sb.append(c < textColumns ? r[c] + pad : pad + r[c]);
            }
            out.println(sb.toString().stripTrailing());
        }
    }
}
