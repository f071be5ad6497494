package org.carerelay.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** CSV cells: quoted, quotes doubled, line breaks kept inside the cell, formulas neutralised. */
class CsvTest {

    @Test
    void cellsAreQuotedAndEscaped() {
        assertEquals("\"plain\"", Csv.cell("plain"));
        assertEquals("\"say \"\"hi\"\"\"", Csv.cell("say \"hi\""));
        assertEquals("\"a,b\nc\"", Csv.cell("a,b\nc"));
        assertEquals("\"\"", Csv.cell(null));
        assertEquals("\"42\"", Csv.cell(42L));
    }

    @Test
    void formulaStartsAreNeutralised() {
        assertEquals("\"'=HYPERLINK(\"\"x\"\")\"", Csv.cell("=HYPERLINK(\"x\")"));
        assertEquals("\"'+1\"", Csv.cell("+1"));
        assertEquals("\"'-1\"", Csv.cell("-1"));
        assertEquals("\"'@SUM(A1)\"", Csv.cell("@SUM(A1)"));
    }

    @Test
    void rowsEndWithCrlf() {
        String csv = new String(new Csv().row("a", "b").row("c", null).bytes(), StandardCharsets.UTF_8);
        assertEquals("\"a\",\"b\"\r\n\"c\",\"\"\r\n", csv);
    }
}
