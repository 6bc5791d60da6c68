package dev.smtconsole.ingest;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Every parser reads lines through a bound (issue 18): a line longer than {@link #MAX_LINE_CHARS}
 * (a 200 MB line in a JSON-Lines file, a log without line breaks) is never held in memory. Its
 * first {@link #KEEP_CHARS} characters and its length are kept for the rejected row; the rest is
 * skipped, and reading goes on at the next line.
 * <p>
 * {@link #readLine} gives lines one by one (JSON Lines); as a {@link Reader} (for a CSV library)
 * it passes through only lines within the bound, with their line breaks, and queues the others in
 * {@link #tooLong()} for the caller to report as rejected rows.
 */
public final class BoundedLines extends Reader {
    /** 4 Mi characters: far above any real log line or CFX envelope, far below a heap. */
    public static final int MAX_LINE_CHARS = 4 << 20;
    public static final int KEEP_CHARS = 4 * 1024;

    /** A line read: its text (only a prefix when {@code cut}), its full length in characters, and its number. */
    public record Line(String text, long length, long number, boolean cut) {
    }

    private final Reader in;
    private final int max;
    private final char[] buf = new char[64 * 1024];
    private int pos, len;
    private boolean eof;
    private long lineNo;
    private final Deque<Line> tooLong = new ArrayDeque<>();
    /** Reader mode: the current line with its break, being handed out. */
    private String pending;
    private int pendingPos;

    public BoundedLines(Reader in) {
        this(in, MAX_LINE_CHARS);
    }

    public BoundedLines(Reader in, int maxLineChars) {
        this.in = in;
        this.max = maxLineChars;
    }

    private int read1() throws IOException {
        if (pos == len) {
            if (eof) return -1;
            len = in.read(buf, 0, buf.length);
            pos = 0;
            if (len <= 0) {
                len = 0;
                eof = true;
                return -1;
            }
        }
        return buf[pos++];
    }

    /** The next line without its break, or null at the end; a too-long line comes back cut. */
    public Line readLine() throws IOException {
        String[] withBreak = new String[1];
        return readLine(withBreak);
    }

    private Line readLine(String[] lineBreak) throws IOException {
        StringBuilder sb = new StringBuilder();
        long length = 0;
        int c;
        lineBreak[0] = "";
        while ((c = read1()) >= 0) {
            if (c == '\n') {
                lineBreak[0] = "\n";
                break;
            }
            if (c == '\r') {
                int d = read1();
                if (d == '\n') lineBreak[0] = "\r\n";
                else {
                    lineBreak[0] = "\r";
                    if (d >= 0) pos--;
                }
                break;
            }
            length++;
            if (length <= max) sb.append((char) c);
            else if (sb.length() > KEEP_CHARS) sb.setLength(KEEP_CHARS); // over the bound: keep the prefix only
        }
        if (c < 0 && length == 0 && lineBreak[0].isEmpty()) return null;
        lineNo++;
        return new Line(sb.toString(), length, lineNo, length > max);
    }

    /** Lines skipped in reader mode because they were too long, oldest first; take them with {@link Deque#poll}. */
    public Deque<Line> tooLong() {
        return tooLong;
    }

    @Override
    public int read(char[] cbuf, int off, int n) throws IOException {
        if (n == 0) return 0;
        while (pending == null || pendingPos == pending.length()) {
            String[] lineBreak = new String[1];
            Line l = readLine(lineBreak);
            if (l == null) return -1;
            if (l.cut()) {
                tooLong.add(l);
                continue;
            }
            pending = l.text() + lineBreak[0];
            pendingPos = 0;
        }
        int k = Math.min(n, pending.length() - pendingPos);
        pending.getChars(pendingPos, pendingPos + k, cbuf, off);
        pendingPos += k;
        return k;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
