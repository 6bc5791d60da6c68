package dev.smtconsole.store;

import dev.smtconsole.domain.IngestRecord;

import java.io.ByteArrayInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * The source text of a chunk's accepted rows, kept for traceability (DESIGN §4) as one deflated
 * piece per chunk in {@code batch_text} instead of a text column on every event row: the same
 * text in one value per chunk, a fraction of the bytes, instead of a field in every event tuple
 * and its WAL record. The reader thread deflates it (fastest level) while it parses. An event of
 * a file import names its batch and row ({@code source_row}); {@link #find} gives that row's
 * text back.
 * <p>
 * Layout inside the deflate stream: per row, its number (long), the UTF-8 length (int) and bytes.
 */
public final class BatchText {
    private BatchText() {
    }

    /** The piece of these records' own text (what the parser read for each), in their order. */
    public static Piece of(List<IngestRecord> records) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        // Buffered before the deflater: three small writes per row would each be a native deflate call.
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                new DeflaterOutputStream(bytes, deflater, 64 * 1024), 64 * 1024))) {
            for (IngestRecord r : records) {
                byte[] b = (r.rawText() == null ? "" : r.rawText()).getBytes(StandardCharsets.UTF_8);
                out.writeLong(r.rowNo());
                out.writeInt(b.length);
                out.write(b);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: does not happen
        } finally {
            deflater.end(); // its native memory, now rather than at some garbage collection
        }
        long first = records.isEmpty() ? -1 : records.get(0).rowNo();
        long last = records.isEmpty() ? -1 : records.get(records.size() - 1).rowNo();
        return new Piece(first, last, records.size(), bytes.toByteArray());
    }

    /** One stored piece: rows firstRow … lastRow (those the chunk accepted), deflated. */
    public record Piece(long firstRow, long lastRow, int rows, byte[] body) {
    }

    /** The text of row {@code rowNo} in a piece, if the piece holds it. */
    public static Optional<String> find(byte[] body, long rowNo) {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(
                new InflaterInputStream(new ByteArrayInputStream(body)), 64 * 1024))) {
            while (true) {
                long row;
                try {
                    row = in.readLong();
                } catch (EOFException end) {
                    return Optional.empty();
                }
                int len = in.readInt();
                if (row == rowNo) return Optional.of(new String(in.readNBytes(len), StandardCharsets.UTF_8));
                in.skipNBytes(len);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the stored source text of a batch is damaged: " + e.getMessage(), e);
        }
    }
}
