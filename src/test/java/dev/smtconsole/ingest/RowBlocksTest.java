package dev.smtconsole.ingest;

import dev.smtconsole.domain.MasterData;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Native CSV read in blocks (cut at line ends, parsed later, ADR 0033) gives the rows the iterator
 * gives, one for one: numbers, text, values and reasons — whatever the quoting does.
 */
class RowBlocksTest {
    static final String HEADER = "event_id,event_time,line,job,boards,picks,placements,remark";
    final ParseContext ctx = new ParseContext("x.csv", MasterData.empty(), ZoneId.of("Asia/Shanghai"), null);

    /** Lines and pieces that make cutting hard: quotes, line breaks inside them, unclosed quotes, blanks. */
    static final String[] PIECES = {
            "E%d,2026-11-25 08:00,L1,J-1,1,10,9,plain\n",
            "E%d,2026-11-25 08:00,L1,J-1,1,10,9,\"quoted, with comma\"\n",
            "E%d,2026-11-25 08:00,L1,J-1,1,10,9,\"says \"\"hi\"\"\"\n",
            "E%d,2026-11-25 08:00,L1,J-1,1,10,9,\"two\nlines\"\n",
            "E%d,2026-11-25 08:00,L1,J-1,1,10,9,\"three\r\nlines\r\nhere\"\r\n",
            "E%d,2026-11-25 08:00,L1,J-1,1,10,9,\"never closed\n",
            "E%d,2026-11-25 08:00,L1,J-1,1,10,9,\"closed\"then text\n",
            "E%d,2026-11-25 08:00,L1,J-1,1,10,9,mid\"quote\n",
            "E%d,2026-11-25 08:00,L1,J-1,1,10,9,cr only\r",
            "E%d,2026-11-25 08:00,L1,J-1,1,10,9,crlf\r\n",
            "E%d,too,few\n",
            "E%d,2026-11-25 08:00,L1,J-1,1,10,9,x,extra\n",
            "E%d,2026-11-25 08:00,L1,J-1,1,10,9,nul\0here\n",
            "\n",
            "\"\"\n",
            "\r\n",
            ",2026-11-25 08:00,L1,J-1,1,10,9,no id\n",
            "\"E%d\",\"2026-11-25 08:00\",\"L1\",\"J-1\",\"1\",\"10\",\"9\",\"all quoted\"\n",
    };

    List<SourceRow> byIterator(byte[] file) throws IOException {
        List<SourceRow> out = new ArrayList<>();
        new NativeCsvParser().rows(new ByteArrayInputStream(file), ctx).forEachRemaining(out::add);
        return out;
    }

    List<SourceRow> byBlocks(byte[] file) throws IOException {
        Iterator<SourceRow> rows = new NativeCsvParser().rows(new ByteArrayInputStream(file), ctx);
        assertThat(rows).isInstanceOf(RowBlocks.class);
        List<RowBlocks.Block> blocks = new ArrayList<>();
        for (RowBlocks.Block b; (b = ((RowBlocks) rows).nextBlock()) != null; ) blocks.add(b);
        // Parsed only after every block was cut, last first: the order of parsing must not matter.
        List<List<SourceRow>> parsed = new ArrayList<>();
        for (int i = blocks.size() - 1; i >= 0; i--) parsed.add(0, blocks.get(i).rows());
        List<SourceRow> out = new ArrayList<>();
        parsed.forEach(out::addAll);
        return out;
    }

    static byte[] file(Random rnd, int rows, boolean endWithBreak) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (int i = 0; i < rows; i++) sb.append(String.format(PIECES[rnd.nextInt(PIECES.length)], i));
        if (!endWithBreak) sb.setLength(sb.length() - 1);
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void blocksGiveTheRowsTheIteratorGivesWhateverTheQuoting() throws IOException {
        Random rnd = new Random(19);
        for (int n = 0; n < 40; n++) {
            byte[] f = file(rnd, 500 + rnd.nextInt(6_000), rnd.nextBoolean());
            assertThat(byBlocks(f)).as("file %d", n).containsExactlyElementsOf(byIterator(f));
        }
    }

    @Test
    void aPlainFileIsCutIntoBlocksOfText() throws IOException {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (int i = 0; i < 20_000; i++) sb.append(String.format(PIECES[i % 3], i));
        byte[] f = sb.toString().getBytes(StandardCharsets.UTF_8);
        Iterator<SourceRow> rows = new NativeCsvParser().rows(new ByteArrayInputStream(f), ctx);
        int blocks = 0;
        long last = 0;
        for (RowBlocks.Block b; (b = ((RowBlocks) rows).nextBlock()) != null; blocks++) {
            List<SourceRow> got = b.rows();
            assertThat(got.get(0).rowNo()).isEqualTo(last + 1);
            last = got.get(got.size() - 1).rowNo();
        }
        assertThat(last).isEqualTo(20_000);
        assertThat(blocks).as("quoted fields on one line do not stop the cutting").isBetween(5, 40);
    }

    @Test
    void aLineLongerThanTheBufferIsReadInOrder() throws IOException {
        String longRemark = "x".repeat(200_000);
        String text = HEADER + "\nE1,2026-11-25 08:00,L1,J-1,1,10,9,a\nE2,2026-11-25 08:00,L1,J-1,1,10,9," + longRemark
                + "\nE3,2026-11-25 08:00,L1,J-1,1,10,9,\"q\nq\"\nE4,2026-11-25 08:00,L1,J-1,1,10,9,b\n";
        byte[] f = text.getBytes(StandardCharsets.UTF_8);
        List<SourceRow> rows = byBlocks(f);
        assertThat(rows).containsExactlyElementsOf(byIterator(f));
        assertThat(rows).extracting(SourceRow::rowNo).containsExactly(1L, 2L, 3L, 4L);
        assertThat(rows.get(1).get(Field.REMARK)).hasSize(200_000);
    }
}
