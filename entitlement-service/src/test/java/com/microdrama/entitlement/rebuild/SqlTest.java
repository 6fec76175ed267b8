package com.microdrama.entitlement.rebuild;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SqlTest {

    private static String line(String... values) {
        StringBuilder text = new StringBuilder();
        Sql.appendRow(text, values);
        return text.toString();
    }

    @Test
    void plainValuesAreTabSeparatedAndNullIsBackslashN() {
        assertEquals("unl-1\tuser-7\t\\N\t2026-12-02T17:00:00.123456Z\n",
                line("unl-1", "user-7", null, "2026-12-02T17:00:00.123456Z"));
    }

    @Test
    void copyControlCharactersAreEscapedWhereverTheyAppear() {
        assertEquals("a\\tb\tback\\\\slash\t\\nstarts\tends\\r\\n\n",
                line("a\tb", "back\\slash", "\nstarts", "ends\r\n"));
    }

    @Test
    void anEmptyValueIsAnEmptyFieldNotNull() {
        assertEquals("\tx\n", line("", "x"));
    }
}
