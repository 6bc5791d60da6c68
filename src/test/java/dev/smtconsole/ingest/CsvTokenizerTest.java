package dev.smtconsole.ingest;

import org.junit.jupiter.api.Test;

import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tokenizer reads plain lines from its buffer in one go and everything else char by char.
 * Fed one char per read, it never has a whole line in its buffer and always goes char by char:
 * both ways must give the same records for any text.
 */
class CsvTokenizerTest {
    private static final String ALPHABET = "ab1,;\t\"\r\n \u0000中";

    @Test
    void plainLinesReadAsTheCarefulWayReadsThem() {
        Random rnd = new Random(7);
        for (int round = 0; round < 2000; round++) {
            StringBuilder text = new StringBuilder();
            int n = rnd.nextInt(200);
            for (int i = 0; i < n; i++) {
                // mostly plain characters, so that many lines take the fast path
                text.append(rnd.nextInt(10) < 7 ? "xyz0,".charAt(rnd.nextInt(5)) : ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
            }
            char delimiter = ",;\t".charAt(rnd.nextInt(3));
            assertThat(records(new StringReader(text.toString()), delimiter))
                    .as("text %s", text.toString().replace("\n", "\\n").replace("\r", "\\r"))
                    .isEqualTo(records(new OneCharReader(text.toString()), delimiter));
        }
    }

    @Test
    void plainLineSplitsOnTheDelimiterAndKeepsEmptyFields() {
        CsvTokenizer t = new CsvTokenizer(new StringReader("a,,b,\r\nc\n"), ',');
        CsvTokenizer.Record r = t.next();
        assertThat(r.fields()).containsExactly("a", "", "b", "");
        assertThat(r.raw()).isEqualTo("a,,b,");
        assertThat(r.error()).isNull();
        assertThat(t.next().fields()).containsExactly("c");
        assertThat(t.next()).isNull();
    }

    private static List<String> records(Reader in, char delimiter) {
        CsvTokenizer t = new CsvTokenizer(in, delimiter);
        List<String> out = new ArrayList<>();
        for (CsvTokenizer.Record r = t.next(); r != null; r = t.next()) {
            out.add(r.fields() + " raw=" + r.raw() + " error=" + r.error() + " " + List.of(r.errorArgs()));
        }
        return out;
    }

    private static final class OneCharReader extends Reader {
        private final String text;
        private int pos;

        OneCharReader(String text) {
            this.text = text;
        }

        @Override
        public int read(char[] cbuf, int off, int len) {
            if (pos >= text.length()) return -1;
            if (len == 0) return 0;
            cbuf[off] = text.charAt(pos++);
            return 1;
        }

        @Override
        public void close() {
        }
    }
}
