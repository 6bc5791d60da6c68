package dev.smtconsole.ingest;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A forgiving RFC 4180 reader: quoted fields with delimiters and line breaks, doubled quotes, CR,
 * LF or CRLF. Unlike a strict parser it never gives up on the file: a malformed record (a quote in
 * the middle of a quoted field, an unclosed quote, an absurdly long record) comes back with an
 * error and reading resumes at the next line, so one bad row cannot hide the rest of the file.
 * It also keeps each record's raw text for the rejected-rows export.
 */
public final class CsvTokenizer {
    /** A record longer than this is almost surely an unclosed quote swallowing the file. */
    static final int MAX_RECORD_CHARS = 1 << 20;

    /** One record: its fields, the text as it stood (without the line break), and an error if malformed. */
    public record Record(List<String> fields, String raw, String error, String[] errorArgs) {
        public boolean isBlank() {
            return error == null && fields.size() == 1 && fields.get(0).isEmpty();
        }
    }

    private final Reader in;
    private final char delimiter;
    private final char[] buf;
    private int pos, len;
    private boolean eof;

    public CsvTokenizer(Reader in, char delimiter) {
        this.in = in;
        this.delimiter = delimiter;
        this.buf = new char[64 * 1024];
    }

    /** Over text already read (a {@link Block}): no reader, no copy. */
    private CsvTokenizer(char[] text, int length, char delimiter) {
        this.in = null;
        this.delimiter = delimiter;
        this.buf = text;
        this.len = length;
        this.eof = true;
    }

    /**
     * The cells a complete row has (the header's width), or 0 when unknown. With it, a quoted
     * field that would run across a line which is itself a complete row is taken as an unclosed
     * quote: see {@link #expectFields}.
     */
    private int expectedFields;
    /** Text read ahead (the line after a line break inside quotes) to be read again. */
    private String pushback;
    private int pushbackPos;
    private boolean lastFromPushback;

    /**
     * Tells the tokenizer how many cells a row has (docs/FORMATS.md, "A quote never closed"): a
     * quoted field may span lines, but when the line after a line break inside quotes parses on
     * its own as a complete row (that many cells, or more with only blank ones after them, and no
     * quote error), the quote is taken as never closed: the record ends at that line break with
     * {@code rules.csv.unclosedQuote}, and reading resumes with that line. So a stray quote costs
     * one row, never the valid rows after it.
     */
    public void expectFields(int cells) {
        this.expectedFields = Math.max(0, cells);
    }

    private int read() {
        if (pushback != null) {
            if (pushbackPos < pushback.length()) {
                lastFromPushback = true;
                return pushback.charAt(pushbackPos++);
            }
            pushback = null;
        }
        lastFromPushback = false;
        if (pos == len) {
            if (eof) return -1;
            try {
                len = in.read(buf, 0, buf.length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            pos = 0;
            if (len <= 0) {
                len = 0;
                eof = true;
                return -1;
            }
        }
        return buf[pos++];
    }

    private int peek() {
        int c = read();
        if (c >= 0) {
            if (lastFromPushback) pushbackPos--;
            else pos--;
        }
        return c;
    }

    /** The rest of the current physical line and its line break (consumed), for a look ahead. */
    private String[] readLine() {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = read()) >= 0) {
            if (c == '\n') return new String[]{line.toString(), "\n"};
            if (c == '\r') {
                if (peek() == '\n') {
                    read();
                    return new String[]{line.toString(), "\r\n"};
                }
                return new String[]{line.toString(), "\r"};
            }
            line.append((char) c);
            if (line.length() > MAX_RECORD_CHARS) break;
        }
        return new String[]{line.toString(), ""};
    }

    /** How far a look ahead after a line break inside quotes reads: a row's own quoted line breaks fit. */
    static final int LOOK_AHEAD_LINES = 20, LOOK_AHEAD_CHARS = 64 * 1024;

    /**
     * Whether the text after a line break inside quotes begins with a complete row: a record (which
     * may itself hold quoted line breaks) with no quote error and the expected cells, extra ones blank.
     */
    private boolean startsWithCompleteRow(String text) {
        if (text.isEmpty()) return false;
        Record r = new CsvTokenizer(new java.io.StringReader(text), delimiter).next();
        if (r == null || r.error() != null || r.isBlank() || r.fields().size() < expectedFields) return false;
        for (int i = expectedFields; i < r.fields().size(); i++) if (!r.fields().get(i).isBlank()) return false;
        return true;
    }

    /** The next record, or null at the end of the input. */
    public Record next() {
        int c = peek();
        if (c < 0) return null;
        Record plain = pushback == null ? plainLine() : null;
        if (plain != null) return plain;
        List<String> fields = new ArrayList<>(16);
        StringBuilder raw = new StringBuilder(128);
        StringBuilder field = new StringBuilder(32);
        String error = null;
        String[] errorArgs = new String[0];
        boolean quoted = false, afterQuote = false, fieldStart = true;
        while (true) {
            c = read();
            if (c < 0) {
                if (quoted) {
                    error = "rules.csv.unclosedQuote";
                }
                break;
            }
            if (raw.length() >= MAX_RECORD_CHARS) {
                error = "rules.csv.tooLong";
                errorArgs = new String[]{String.valueOf(MAX_RECORD_CHARS)};
                quoted = false;
                skipToLineEnd();
                break;
            }
            // NUL is no text character (and PostgreSQL refuses it): the row reads as badly encoded.
            char ch = c == 0 ? '\uFFFD' : (char) c;
            if (c == 0 && error == null) {
                // Said as what it is, not as "not valid UTF-8" (issue 18).
                error = "rules.csv.nul";
                errorArgs = new String[]{String.valueOf(fields.size() + 1)};
            }
            if (quoted && (ch == '\n' || ch == '\r') && expectedFields > 0) {
                String lineBreak = ch == '\r' && peek() == '\n' ? String.valueOf(ch) + (char) read() : String.valueOf(ch);
                StringBuilder ahead = new StringBuilder();
                for (int n = 0; n < LOOK_AHEAD_LINES && ahead.length() < LOOK_AHEAD_CHARS; n++) {
                    String[] line = readLine();
                    ahead.append(line[0]).append(line[1]);
                    if (line[1].isEmpty()) break; // end of input
                }
                pushback = ahead.toString();
                pushbackPos = 0;
                if (startsWithCompleteRow(pushback)) {
                    // The quote was never closed: this record ends here, the complete row is read next.
                    error = "rules.csv.unclosedQuote";
                    fields.add(field.toString());
                    return new Record(fields, raw.toString(), error, errorArgs);
                }
                raw.append(lineBreak);
                field.append(lineBreak);
                continue;
            }
            if (quoted) {
                raw.append(ch);
                if (ch == '"') {
                    if (peek() == '"') {
                        raw.append((char) read());
                        field.append('"');
                    } else {
                        quoted = false;
                        afterQuote = true;
                    }
                } else {
                    field.append(ch);
                }
                continue;
            }
            if (ch == '\r' || ch == '\n') {
                if (ch == '\r' && peek() == '\n') read();
                break;
            }
            raw.append(ch);
            if (ch == delimiter) {
                fields.add(field.toString());
                field.setLength(0);
                fieldStart = true;
                afterQuote = false;
                continue;
            }
            if (afterQuote) {
                // "abc"x — text after a closing quote. Keep reading to the line end so the next
                // row starts clean, and reject this one.
                if (error == null) {
                    error = "rules.csv.strayQuote";
                    errorArgs = new String[]{String.valueOf(fields.size() + 1)};
                }
                field.append(ch);
                continue;
            }
            if (ch == '"' && fieldStart) {
                quoted = true;
                fieldStart = false;
                continue;
            }
            fieldStart = false;
            field.append(ch);
        }
        fields.add(field.toString());
        return new Record(fields, raw.toString(), error, errorArgs);
    }

    /**
     * The common case without copying char by char: a whole line in the buffer, no quote and no
     * NUL in it. Null (nothing consumed) when the line is not that simple; {@link #next} then reads
     * it the careful way, with the same result for such lines.
     */
    private Record plainLine() {
        int end = pos;
        while (end < len) {
            char ch = buf[end];
            if (ch == '\n' || ch == '\r') break;
            if (ch == '"' || ch == 0) return null;
            end++;
        }
        if (end == len) return null; // the line goes on past the buffer (or the input ends without a line break)
        if (buf[end] == '\r' && end + 1 == len) return null; // is a \n next? the careful way knows
        String raw = new String(buf, pos, end - pos);
        pos = end + (buf[end] == '\r' && buf[end + 1] == '\n' ? 2 : 1);
        List<String> fields = new ArrayList<>(16);
        int from = 0;
        for (int i = raw.indexOf(delimiter); i >= 0; i = raw.indexOf(delimiter, from)) {
            fields.add(raw.substring(from, i));
            from = i + 1;
        }
        fields.add(raw.substring(from));
        return new Record(fields, raw, null, NO_ARGS);
    }

    private static final String[] NO_ARGS = new String[0];

    /**
     * Text cut from the input at record boundaries, to be tokenized on another thread (ADR 0033):
     * {@code records} non-blank records, each exactly one line that ends outside quotes, so a
     * tokenizer over this text alone ({@link #tokenizer}) reads the same records as this one would.
     */
    public record Block(char[] text, int length, int records, char delimiter, int expectedFields) {
        /** A tokenizer over the block's text, set up as the one that cut it. */
        public CsvTokenizer tokenizer() {
            CsvTokenizer t = new CsvTokenizer(text, length, delimiter);
            t.expectFields(expectedFields);
            return t;
        }
    }

    private static final int LINE_INCOMPLETE = -1, LINE_UNSAFE = -2;

    /**
     * The next lines as a {@link Block} of about {@code targetChars} (more when one line is longer),
     * or null — nothing consumed — when the record here is not a line of its own that is safe to cut
     * after: a line break inside quotes (it may belong to a quoted field, or be an unclosed quote
     * that {@link #next} resolves by looking ahead), a line longer than the buffer, a line that is
     * just {@code ""}, text read ahead by {@link #next}; or at the end of the input. The caller then
     * reads one record with {@link #next} and may try again.
     */
    public Block nextBlock(int targetChars) {
        if (pushback != null) {
            if (pushbackPos < pushback.length()) return null;
            pushback = null;
        }
        char[] out = null;
        int outLen = 0, records = 0;
        while (outLen < targetChars) {
            int start = pos, end = lineEnd(start);
            if (end == LINE_INCOMPLETE) {
                if (!refill()) break; // the buffer holds the whole line already, or the input ended
                continue;
            }
            if (end == LINE_UNSAFE || end == start) break; // end == start: nothing left
            int lineLen = textLength(start, end);
            if (lineLen == 2 && buf[start] == '"' && buf[start + 1] == '"') break; // a blank record: next() knows
            if (lineLen > 0) records++;
            if (out == null) out = new char[Math.max(targetChars + 1024, end - start)];
            if (outLen + end - start > out.length) out = java.util.Arrays.copyOf(out, Math.max(out.length * 2, outLen + end - start));
            System.arraycopy(buf, start, out, outLen, end - start);
            outLen += end - start;
            pos = end;
        }
        return outLen == 0 ? null : new Block(out, outLen, records, delimiter, expectedFields);
    }

    /** Characters of the line [start, end) without its line break. */
    private int textLength(int start, int end) {
        int n = end - start;
        if (n > 0 && buf[start + n - 1] == '\n') n--;
        if (n > 0 && buf[start + n - 1] == '\r') n--;
        return n;
    }

    /**
     * Where the line starting at {@code from} (a record's start) ends, after its line break, when
     * {@link #next} would read it as one record: the same quote rules, short of the text. 
     * {@link #LINE_UNSAFE} on a line break inside quotes, {@link #LINE_INCOMPLETE} when the buffer
     * ends first; {@code from} itself at the end of the input.
     */
    private int lineEnd(int from) {
        boolean quoted = false, afterQuote = false, fieldStart = true;
        for (int i = from; i < len; i++) {
            char ch = buf[i];
            if (quoted) {
                if (ch == '\n' || ch == '\r') return LINE_UNSAFE;
                if (ch == '"') {
                    if (i + 1 == len) return eof ? LINE_UNSAFE : LINE_INCOMPLETE;
                    if (buf[i + 1] == '"') i++;
                    else {
                        quoted = false;
                        afterQuote = true;
                    }
                }
                continue;
            }
            if (ch == '\n') return i + 1;
            if (ch == '\r') {
                if (i + 1 < len) return buf[i + 1] == '\n' ? i + 2 : i + 1;
                return eof ? i + 1 : LINE_INCOMPLETE;
            }
            if (ch == delimiter) {
                fieldStart = true;
                afterQuote = false;
            } else if (!afterQuote) {
                if (ch == '"' && fieldStart) quoted = true;
                fieldStart = false;
            }
        }
        if (!eof) return LINE_INCOMPLETE;
        // The input ends without a line break: the rest is the last record, unless a quote is open.
        return quoted ? LINE_UNSAFE : len;
    }

    /** Moves what is left to the buffer's start and reads more; false when nothing more came. */
    private boolean refill() {
        if (eof || in == null) return false;
        if (pos == 0 && len == buf.length) return false; // one line fills the whole buffer
        System.arraycopy(buf, pos, buf, 0, len - pos);
        len -= pos;
        pos = 0;
        try {
            int n = in.read(buf, len, buf.length - len);
            if (n < 0) eof = true;
            else len += n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return true;
    }

    private void skipToLineEnd() {
        int c;
        while ((c = read()) >= 0) {
            if (c == '\n') return;
            if (c == '\r') {
                if (peek() == '\n') read();
                return;
            }
        }
    }

    /** Splits one line (no line breaks inside quotes needed) — for headers and exports. */
    public static List<String> split(String line, char delimiter) {
        Record r = new CsvTokenizer(new java.io.StringReader(line), delimiter).next();
        return r == null ? List.of() : r.fields();
    }

    /** The delimiter a header line uses: the most frequent of comma, semicolon and tab outside quotes. */
    public static char sniffDelimiter(String headerLine) {
        int comma = 0, semi = 0, tab = 0;
        boolean q = false;
        for (int i = 0; i < headerLine.length(); i++) {
            char ch = headerLine.charAt(i);
            if (ch == '"') q = !q;
            else if (!q) {
                if (ch == ',') comma++;
                else if (ch == ';') semi++;
                else if (ch == '\t') tab++;
            }
        }
        if (tab > comma && tab > semi) return '\t';
        if (semi > comma) return ';';
        return ',';
    }

    /** A field quoted for writing, when it needs it. */
    public static String quote(String value, char delimiter) {
        if (value == null) return "";
        boolean needs = value.indexOf(delimiter) >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0;
        return needs ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }
}
